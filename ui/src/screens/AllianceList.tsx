// Alliances: every alliance éducative of the case file, searchable (student, class, référent) and
// sortable (student, kind, state, référent, family, members, chartes missing), filtered by state;
// « Nouvelle alliance » chooses a student and the kind, and makes it (from their open GPDS
// proposal, if there is one) before opening it.

import { useEffect, useState } from "preact/hooks";
import { allianceList, toApiError, type AllianceRow, type AllianceState, type StudentRow } from "../api";
import { isoToFr } from "../api/dates";
import { ALLIANCE_KINDS, ALLIANCE_STATES, FAMILY_SHORT, isClosed, labelOf } from "../allianceLabels";
import { ErrorBanner, Notice } from "../components/feedback";
import { useFocusOnMount } from "../components/hooks";
import { SortableTable, type Column } from "../components/SortableTable";
import { plural } from "../labels";
import type { Route } from "./CaseShell";
import { StudentPicker } from "./FlagForm";
import { AllianceStateBadge, NewAllianceFields } from "./AllianceShared";

interface Props {
  readOnly: boolean;
  flash?: string;
  go: (route: Route) => void;
}

/** Lower case without accents, for a search that forgives both. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** The filter « ouvertes »: alliances neither closed nor abandoned. */
const OPEN = "open";
type Filter = AllianceState | typeof OPEN | "";

const STATE_ORDER = ALLIANCE_STATES.map(([s]) => s);
const FAMILY_ORDER = ["signed", "proposed", "pending", "not_proposed", "refused"];

const COLUMNS: Column<AllianceRow>[] = [
  {
    key: "student", label: "Élève", sortValue: (r) => r.studentName,
    render: (r) => <><span class="strong">{r.studentName}</span> <span class="muted">({r.className})</span></>,
  },
  {
    key: "kind", label: "Type", sortValue: (r) => r.kind,
    render: (r) => labelOf(ALLIANCE_KINDS, r.kind).replace("Alliance ", ""),
  },
  {
    key: "state", label: "État", sortValue: (r) => STATE_ORDER.indexOf(r.state),
    render: (r) => <><AllianceStateBadge state={r.state} /><br /><span class="muted nowrap">depuis le {isoToFr(r.stateOn)}</span></>,
  },
  {
    key: "referent", label: "Référent", sortValue: (r) => r.referent,
    render: (r) => r.referent || <span class="text-warning strong">à désigner</span>,
  },
  {
    key: "family", label: "Contrat famille", sortValue: (r) => FAMILY_ORDER.indexOf(r.family),
    render: (r) => <span class={r.family === "refused" ? "strong" : ""}>{FAMILY_SHORT[r.family]}</span>,
  },
  { key: "members", label: "Membres", sortValue: (r) => r.members, render: (r) => String(r.members) },
  {
    key: "chartes", label: "Chartes", sortValue: (r) => r.charteMissing,
    render: (r) => (r.charteMissing > 0
      ? <span class="badge badge-late" data-charte-missing={r.charteMissing}>{plural(r.charteMissing, "non signée", "non signées")}</span>
      : r.members > 0 ? <span class="muted">toutes signées</span> : <span class="muted">—</span>),
  },
];

export function AllianceList({ readOnly, flash, go }: Props) {
  const [rows, setRows] = useState<AllianceRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [filter, setFilter] = useState<Filter>("");
  const [creating, setCreating] = useState(false);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    allianceList().then(setRows, (reason) => setError(toApiError(reason).message));
  }, []);

  const wanted = fold(query.trim()).replace(/\s+/g, " ");
  const shown = (rows ?? []).filter(
    (r) =>
      (filter === "" || (filter === OPEN ? !isClosed(r.state) : r.state === filter))
      && (wanted === "" || [r.studentName, r.className, r.referent].some((t) => fold(t).includes(wanted))),
  );

  return (
    <section aria-labelledby="alliance-list-title">
      <div class="view-head">
        <h1 id="alliance-list-title" tabIndex={-1} ref={title}>Alliances éducatives</h1>
        {!readOnly && !creating && (
          <div class="actions">
            <button type="button" id="btn-new-alliance" class="primary" onClick={() => setCreating(true)}>Nouvelle alliance</button>
          </div>
        )}
      </div>
      <p class="lead">
        Les professionnels de l'établissement et, pour une alliance externe, les partenaires réunis autour d'un élève : un
        diagnostic partagé, une proposition formalisée, un suivi régulier et une évaluation partagée, sous une charte de
        déontologie. L'élève garde toujours un référent dans l'établissement.
      </p>
      <Notice message={flash ?? null} id="alliance-list-notice" />
      {creating && <NewAlliance go={go} onClose={() => { setCreating(false); setTimeout(() => document.getElementById("btn-new-alliance")?.focus(), 0); }} />}
      <div class="toolbar" role="search">
        <div class="field search">
          <label for="alliance-search">Rechercher (élève, classe, référent)</label>
          <input
            id="alliance-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)}
            autoComplete="off" spellcheck={false}
          />
        </div>
        <div class="field">
          <label for="alliance-filter">État</label>
          <select id="alliance-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value as Filter)}>
            <option value="">Tous les états</option>
            <option value={OPEN}>Ouvertes (ni clôturées ni abandonnées)</option>
            {ALLIANCE_STATES.map(([s, label]) => <option key={s} value={s}>{label}</option>)}
          </select>
        </div>
      </div>
      <ErrorBanner message={error} />
      <p class="count" id="alliance-count" role="status">
        {rows === null && !error ? "Chargement…" : plural(shown.length, "alliance")}
      </p>
      {rows && (
        <SortableTable
          id="alliance-table"
          caption="Alliances éducatives, la plus récente d'abord"
          columns={COLUMNS}
          rows={shown}
          rowKey={(r) => r.id}
          onOpen={(r) => go({ view: "alliance", id: r.id })}
          rowTitle={(r) => `Ouvrir l'alliance éducative de ${r.studentName}`}
          rowClass={(r) => (isClosed(r.state) ? "archived" : "")}
          empty={
            rows.length === 0
              ? "Aucune alliance éducative pour l'instant. Une alliance s'ouvre depuis une proposition du GPDS ou avec « Nouvelle alliance »."
              : "Aucune alliance ne correspond à cette recherche."
          }
        />
      )}
    </section>
  );
}

/** « Nouvelle alliance »: choose the student, then the kind; the GPDS proposal is taken if there is one. */
function NewAlliance({ go, onClose }: { go: (route: Route) => void; onClose: () => void }) {
  const [student, setStudent] = useState<StudentRow | null>(null);
  useEffect(() => {
    setTimeout(() => document.getElementById("alliance-new-student")?.focus(), 0);
  }, []);

  function pick(s: StudentRow) {
    setStudent(s);
    setTimeout(() => document.getElementById("alliance-new-kind-interne")?.focus(), 0);
  }

  return (
    <div class="card inline-form" id="alliance-new" role="group" aria-labelledby="alliance-new-title">
      <h2 id="alliance-new-title">Nouvelle alliance éducative</h2>
      <StudentPicker id="alliance-new-student" label="Élève" onPick={pick} required hint="Tapez le début du nom, puis Entrée ou ↓." />
      <NewAllianceFields
        studentId={student?.id ?? null}
        studentName={student ? `${student.firstName} ${student.lastName} (${student.className})` : ""}
        idPrefix="alliance-new" go={go} onCancel={onClose}
      />
    </div>
  );
}
