// Documents of a PAFI: « Contrat PAFI (PDF) » and « Bilan de parcours (PDF) » make the document
// (a draft, or a new version once the last one left draft — asked first) and open its page, to
// prepare it for signature and have it signed; every document of the path is listed, the
// activities' conventions included. `useDocumentMaker` is shared with the activities' conventions.

import type { VNode } from "preact";
import { useState } from "preact/hooks";
import {
  documentPafiBilan, documentPafiContract, toApiError,
  type Document,
} from "../api";
import { isoToFr } from "../api/dates";
import { DOCUMENT_STATES, DocStateBadge, versionText } from "../components/DocumentParts";
import { Busy, ErrorBanner } from "../components/feedback";
import { Modal } from "../components/Modal";
import { labelOf, plural } from "../labels";
import type { Route } from "./CaseShell";
import type { PafiSectionProps } from "./PafiPage";
import { PafiSection } from "./PafiShared";

/** The newest version among `documents` of `kind` for one record. */
export function latestOf(documents: Document[], kind: Document["kind"], entity: string, recordId: number): Document | null {
  return documents
    .filter((d) => d.kind === kind && d.recordEntity === entity && d.recordId === recordId)
    .sort((a, b) => b.version - a.version)[0] ?? null;
}

/** The page a document was made from: its page's way back goes there. */
export interface DocumentOrigin {
  pafiId?: number;
  allianceId?: number;
}

interface Ask {
  what: string;
  latest: Document;
  make: () => Promise<Document>;
}

/**
 * `[dialog, make, busy, error]`: `make(what, latest, maker)` makes the document and opens its page; when
 * its latest version has left draft (it is never changed), it first asks whether to open that
 * version or make a new one.
 */
export function useDocumentMaker(origin: DocumentOrigin, go: (route: Route) => void): [
  VNode | null,
  (what: string, latest: Document | null, maker: () => Promise<Document>) => void,
  string | null,
  string | null,
] {
  const [ask, setAsk] = useState<Ask | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(what: string, maker: () => Promise<Document>, before: Document | null) {
    setBusy(`Mise en page : ${what}…`);
    setError(null);
    try {
      const made = await maker();
      const flash = made.version > 1 && made.id !== before?.id
        ? `${what} : version ${made.version} créée (brouillon).`
        : `${what} prêt (brouillon) : relisez-le, puis préparez-le pour la signature.`;
      go({ view: "document", id: made.id, flash, ...origin });
    } catch (reason) {
      setBusy(null);
      setError(toApiError(reason).message);
    }
  }

  function make(what: string, latest: Document | null, maker: () => Promise<Document>) {
    if (latest && latest.state !== "draft" && latest.state !== "cancelled") {
      setAsk({ what, latest, make: maker });
      return;
    }
    void run(what, maker, latest);
  }

  const prefix = origin.allianceId !== undefined ? "alliance-new-version" : "pafi-new-version";
  const dialog = ask && (
    <Modal id={prefix} title={`${ask.what} : une nouvelle version ?`} onClose={() => setAsk(null)}>
      <div class="modal-body">
        <p id={`${prefix}-text`}>
          La version {ask.latest.version} ({ask.latest.reference}) est « {labelOf(DOCUMENT_STATES, ask.latest.state).toLowerCase()} » :
          elle n'est plus modifiée. Ouvrez-la, ou faites une nouvelle version à partir
          {origin.allianceId !== undefined ? " de l'alliance telle qu'elle est" : " du parcours tel qu'il est"} maintenant
          (elle sera à signer de nouveau).
        </p>
      </div>
      <div class="actions">
        <button
          type="button" id={`${prefix}-open`} class="primary"
          onClick={() => { const d = ask.latest; setAsk(null); go({ view: "document", id: d.id, ...origin }); }}
        >
          Ouvrir la version {ask.latest.version}
        </button>
        <button
          type="button" id={`${prefix}-make`}
          onClick={() => { const a = ask; setAsk(null); void run(a.what, a.make, a.latest); }}
        >
          Faire une nouvelle version
        </button>
        <button type="button" id={`${prefix}-cancel`} onClick={() => setAsk(null)}>Annuler</button>
      </div>
    </Modal>
  );
  return [dialog, make, busy, error];
}

const KIND_NAMES: Partial<Record<Document["kind"], string>> = {
  contrat_pafi: "Contrat PAFI",
  convention_stage: "Convention d'accueil",
  bilan_pafi: "Bilan de parcours",
};

export function PafiDocuments(p: PafiSectionProps) {
  const path = p.pafi;
  const [dialog, make, busy, error] = useDocumentMaker({ pafiId: path.id }, p.go);
  const contract = latestOf(p.documents, "contrat_pafi", "pafi", path.id);
  const bilan = latestOf(p.documents, "bilan_pafi", "pafi", path.id);
  // Newest first; for a convention, the activity's title.
  const rows = [...p.documents].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const activityTitle = (d: Document) =>
    d.recordEntity === "pafi_activity" ? path.activities.find((a) => a.id === d.recordId)?.title ?? "" : "";

  return (
    <PafiSection
      id="pafi-documents" title="Documents" count={rows.length ? plural(rows.length, "document") : undefined}
      actions={!p.readOnly && (
        <>
          <button
            type="button" id="btn-pafi-contract" class="primary" disabled={!!busy}
            onClick={() => make("Contrat PAFI", contract, () => documentPafiContract(path.id))}
          >
            Contrat PAFI (PDF)
          </button>
          <button
            type="button" id="btn-pafi-bilan-pdf" disabled={!!busy || path.bilan === null}
            aria-describedby={path.bilan === null ? "pafi-bilan-pdf-hint" : undefined}
            onClick={() => make("Bilan de parcours", bilan, () => documentPafiBilan(path.id))}
          >
            Bilan de parcours (PDF)
          </button>
        </>
      )}
    >
      <p class="hint">
        Le contrat se fait une fois le cadre, les activités et l'emploi du temps saisis ; chaque convention d'accueil se fait
        depuis son activité. Un document signé n'est jamais modifié : le refaire (après un avenant) crée une nouvelle version.
      </p>
      {path.bilan === null && !p.readOnly && (
        <p class="hint" id="pafi-bilan-pdf-hint">Le bilan de parcours se fait une fois le bilan final saisi.</p>
      )}
      <Busy message={busy} />
      <ErrorBanner message={error} id="pafi-documents-error" />
      {rows.length === 0 ? (
        <p class="muted" id="pafi-documents-empty">Aucun document pour ce parcours.</p>
      ) : (
        <div class="table-wrap">
          <table class="data clickable" id="pafi-documents-table">
            <caption class="visually-hidden">Documents du parcours, le plus récent d'abord</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Référence</th>
                <th scope="col">Version</th>
                <th scope="col">État</th>
                <th scope="col">Fait le</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr
                  key={d.id} data-id={d.id} data-kind={d.kind} tabIndex={0} title={`Ouvrir ${d.reference}, version ${d.version}`}
                  class={d.state === "cancelled" || d.version !== d.latestVersion ? "archived" : ""}
                  onClick={() => p.go({ view: "document", id: d.id, pafiId: path.id })}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      p.go({ view: "document", id: d.id, pafiId: path.id });
                    }
                  }}
                >
                  <td>
                    <span class="strong">{KIND_NAMES[d.kind] ?? d.title}</span>
                    {activityTitle(d) && <span class="muted"> — {activityTitle(d)}</span>}
                  </td>
                  <td class="nowrap">{d.reference}</td>
                  <td class="nowrap">{versionText(d)}</td>
                  <td><DocStateBadge state={d.state} /></td>
                  <td class="nowrap">{isoToFr(d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog}
    </PafiSection>
  );
}
