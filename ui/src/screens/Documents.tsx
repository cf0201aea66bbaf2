// Documents: every PDF Accroche made (compte-rendus, contrats, conventions…), searchable by
// reference or title, sortable; the newest version of each reference unless asked otherwise.
// « Vérifier un document » checks a PDF or a printed page.

import { useEffect, useState } from "preact/hooks";
import { documentsList, meetingsList, toApiError, type Document, type MeetingRow } from "../api";
import { isoToFr } from "../api/dates";
import { DOCUMENT_STATES, DocStateBadge, recordLabel, versionText } from "../components/DocumentParts";
import { ErrorBanner, Notice } from "../components/feedback";
import { Checkbox } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { SortableTable, type Column } from "../components/SortableTable";
import { labelOf, plural } from "../labels";
import type { Route } from "./CaseShell";

interface Props {
  flash?: string;
  go: (route: Route) => void;
}

/** Lower case without accents, for a search that forgives both. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

export function Documents({ flash, go }: Props) {
  const [documents, setDocuments] = useState<Document[] | null>(null);
  const [meetings, setMeetings] = useState<MeetingRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [allVersions, setAllVersions] = useState(false);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    documentsList().then(setDocuments, (reason) => setError(toApiError(reason).message));
    // Only to name the meeting a compte-rendu belongs to; the list works without it.
    meetingsList().then(setMeetings, () => setMeetings([]));
  }, []);

  const wanted = fold(query.trim()).replace(/\s+/g, " ");
  const rows = (documents ?? []).filter(
    (d) =>
      (allVersions || d.version === d.latestVersion)
      && (wanted === "" || fold(d.reference).includes(wanted) || fold(d.title).includes(wanted)),
  );

  const columns: Column<Document>[] = [
    {
      key: "reference", label: "Référence", sortValue: (d) => `${d.reference} ${String(d.version).padStart(4, "0")}`,
      render: (d) => <span class="strong nowrap">{d.reference}</span>,
    },
    { key: "title", label: "Titre", sortValue: (d) => d.title },
    {
      key: "version", label: "Version", sortValue: (d) => d.version,
      render: (d) => (
        <span class="nowrap" title={d.version === d.latestVersion ? "Dernière version" : "Une version plus récente existe"}>
          {versionText(d)}
        </span>
      ),
    },
    {
      key: "state", label: "État", sortValue: (d) => labelOf(DOCUMENT_STATES, d.state),
      render: (d) => <DocStateBadge state={d.state} />,
    },
    { key: "record", label: "Dossier", sortValue: (d) => recordLabel(d, meetings) },
    {
      key: "date", label: "Date", sortValue: (d) => d.createdAt,
      render: (d) => <span class="nowrap">{isoToFr(d.createdAt)}</span>,
    },
  ];

  return (
    <section aria-labelledby="documents-title">
      <div class="view-head">
        <h1 id="documents-title" tabIndex={-1} ref={title}>Documents</h1>
        <div class="actions">
          <button type="button" id="btn-verify-document" onClick={() => go({ view: "document-verify" })}>
            Vérifier un document
          </button>
        </div>
      </div>
      <p class="lead">
        Les documents produits par Accroche, à signer à l'écran ou sur papier. Un document signé n'est jamais modifié :
        le refaire crée une nouvelle version.
      </p>
      <Notice message={flash ?? null} id="documents-notice" />
      <div class="toolbar" role="search">
        <div class="field search">
          <label for="documents-search">Rechercher un document (référence ou titre)</label>
          <input
            id="documents-search"
            type="search"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            autoComplete="off"
            spellcheck={false}
          />
        </div>
        <Checkbox
          id="documents-all-versions"
          label="Afficher les versions antérieures"
          checked={allVersions}
          onValue={setAllVersions}
        />
      </div>
      <ErrorBanner message={error} />
      <p class="count" id="documents-count" role="status">
        {documents === null && !error ? "Chargement…" : plural(rows.length, "document")}
      </p>
      {documents && (
        <SortableTable
          id="documents-table"
          caption="Documents, le plus récent d'abord"
          columns={columns}
          rows={rows}
          rowKey={(d) => d.id}
          onOpen={(d) => go({ view: "document", id: d.id })}
          rowTitle={(d) => `Ouvrir ${d.reference}, version ${d.version}`}
          rowClass={(d) => (d.state === "cancelled" || d.version !== d.latestVersion ? "archived" : "")}
          empty={
            wanted
              ? "Aucun document ne correspond à cette recherche."
              : "Aucun document pour l'instant. Le compte-rendu d'une séance du GPDS se fait depuis la séance close."
          }
        />
      )}
    </section>
  );
}
