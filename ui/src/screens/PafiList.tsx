// PAFI: every path of the case file, searchable (student, class, tutor) and sortable, filtered by
// state; « Nouveau PAFI » chooses a student and makes the path (from their open GPDS proposal,
// if there is one) before opening it.

import { useEffect, useState } from "preact/hooks";
import { pafiList, studentGpds, toApiError, type PafiRow, type PafiState, type Proposal, type StudentRow } from "../api";
import { isoToFr } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { useFocusOnMount } from "../components/hooks";
import { SortableTable, type Column } from "../components/SortableTable";
import { plural } from "../labels";
import { OUTCOMES, PAFI_STATES, labelOf } from "../pafiLabels";
import type { Route } from "./CaseShell";
import { StudentPicker } from "./FlagForm";
import { PafiStateBadge, openPafiProposal, preparePafi } from "./PafiShared";

interface Props {
  readOnly: boolean;
  flash?: string;
  go: (route: Route) => void;
}

/** Lower case without accents, for a search that forgives both. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** The filter « en cours ou à venir »: paths not closed. */
const OPEN = "open";
type Filter = PafiState | typeof OPEN | "";

const STATE_ORDER = PAFI_STATES.map(([s]) => s);

const COLUMNS: Column<PafiRow>[] = [
  {
    key: "student", label: "Élève", sortValue: (r) => r.studentName,
    render: (r) => <span class="strong">{r.studentName}</span>,
  },
  { key: "class", label: "Classe", sortValue: (r) => r.className },
  {
    key: "state", label: "État", sortValue: (r) => STATE_ORDER.indexOf(r.state),
    render: (r) => <><PafiStateBadge state={r.state} /> <span class="muted nowrap">depuis le {isoToFr(r.stateOn)}</span></>,
  },
  {
    key: "start", label: "Début", sortValue: (r) => r.startOn ?? "",
    render: (r) => (r.startOn ? <span class="nowrap">{isoToFr(r.startOn)}</span> : <span class="muted">—</span>),
  },
  {
    key: "end", label: "Fin", sortValue: (r) => r.endOn ?? "",
    render: (r) => (r.endOn ? <span class="nowrap">{isoToFr(r.endOn)}</span> : <span class="muted">—</span>),
  },
  {
    key: "tutor", label: "Tuteur", sortValue: (r) => r.tutorName,
    render: (r) => r.tutorName || <span class="muted">à désigner</span>,
  },
  {
    key: "outcome", label: "Situation à l'issue", sortValue: (r) => labelOf(OUTCOMES, r.outcome),
    render: (r) => (r.outcome ? labelOf(OUTCOMES, r.outcome) : <span class="muted">—</span>),
  },
];

export function PafiList({ readOnly, flash, go }: Props) {
  const [rows, setRows] = useState<PafiRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [filter, setFilter] = useState<Filter>("");
  const [creating, setCreating] = useState(false);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    pafiList().then(setRows, (reason) => setError(toApiError(reason).message));
  }, []);

  const wanted = fold(query.trim()).replace(/\s+/g, " ");
  const shown = (rows ?? []).filter(
    (r) =>
      (filter === "" || (filter === OPEN ? r.state !== "finished" && r.state !== "interrupted" : r.state === filter))
      && (wanted === "" || [r.studentName, r.className, r.tutorName].some((t) => fold(t).includes(wanted))),
  );

  return (
    <section aria-labelledby="pafi-list-title">
      <div class="view-head">
        <h1 id="pafi-list-title" tabIndex={-1} ref={title}>Parcours aménagés de formation initiale (PAFI)</h1>
        {!readOnly && !creating && (
          <div class="actions">
            <button type="button" id="btn-new-pafi" class="primary" onClick={() => setCreating(true)}>Nouveau PAFI</button>
          </div>
        )}
      </div>
      <p class="lead">
        Pour un élève d'au moins 15 ans qui garde son statut scolaire : un temps hors de la classe (stage, service civique,
        module MLDS…), de quelques semaines à une année scolaire, contractualisé avec l'élève, sa famille et les
        structures d'accueil, validé par l'autorité académique, suivi par un tuteur et clos par un bilan.
      </p>
      <Notice message={flash ?? null} id="pafi-list-notice" />
      {creating && <NewPafi go={go} onClose={() => { setCreating(false); setTimeout(() => document.getElementById("btn-new-pafi")?.focus(), 0); }} />}
      <div class="toolbar" role="search">
        <div class="field search">
          <label for="pafi-search">Rechercher (élève, classe, tuteur)</label>
          <input
            id="pafi-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)}
            autoComplete="off" spellcheck={false}
          />
        </div>
        <div class="field">
          <label for="pafi-filter">État</label>
          <select id="pafi-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value as Filter)}>
            <option value="">Tous les états</option>
            <option value={OPEN}>En préparation ou en cours (non clos)</option>
            {PAFI_STATES.map(([s, label]) => <option key={s} value={s}>{label}</option>)}
          </select>
        </div>
      </div>
      <ErrorBanner message={error} />
      <p class="count" id="pafi-count" role="status">
        {rows === null && !error ? "Chargement…" : plural(shown.length, "parcours", "parcours")}
      </p>
      {rows && (
        <SortableTable
          id="pafi-table"
          caption="PAFI, le plus récent d'abord"
          columns={COLUMNS}
          rows={shown}
          rowKey={(r) => r.id}
          onOpen={(r) => go({ view: "pafi-path", id: r.id })}
          rowTitle={(r) => `Ouvrir le PAFI de ${r.studentName}`}
          rowClass={(r) => (r.state === "finished" || r.state === "interrupted" ? "archived" : "")}
          empty={
            rows.length === 0
              ? "Aucun PAFI pour l'instant. Un PAFI se prépare depuis une proposition du GPDS ou avec « Nouveau PAFI »."
              : "Aucun PAFI ne correspond à cette recherche."
          }
        />
      )}
    </section>
  );
}

/** « Nouveau PAFI »: choose the student, see whether the GPDS proposed one, make it. */
function NewPafi({ go, onClose }: { go: (route: Route) => void; onClose: () => void }) {
  const [student, setStudent] = useState<StudentRow | null>(null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setTimeout(() => document.getElementById("pafi-new-student")?.focus(), 0);
  }, []);

  function pick(s: StudentRow) {
    setStudent(s);
    setError(null);
    setProposal(null);
    studentGpds(s.id).then((g) => setProposal(openPafiProposal(g.proposals)), () => setProposal(null));
    setTimeout(() => document.getElementById("pafi-new-submit")?.focus(), 0);
  }

  async function create(e: Event) {
    e.preventDefault();
    if (!student || busy) return;
    setBusy("Création du PAFI…");
    setError(null);
    try {
      const made = await preparePafi(student.id, proposal);
      go({ view: "pafi-path", id: made.id, flash: `PAFI de ${made.studentName} créé (proposé) : complétez son cadre.` });
    } catch (reason) {
      setBusy(null);
      setError(toApiError(reason).message);
    }
  }

  return (
    <form class="card inline-form" id="pafi-new-form" onSubmit={create} noValidate aria-labelledby="pafi-new-title">
      <h2 id="pafi-new-title">Nouveau PAFI</h2>
      <StudentPicker id="pafi-new-student" label="Élève" onPick={pick} required hint="Tapez le début du nom, puis Entrée ou ↓." />
      {student && (
        <p id="pafi-new-chosen" class="picked">
          <span class="strong">{student.firstName} {student.lastName}</span> <span class="muted">({student.className})</span>
          {proposal && <> — proposé par le GPDS le {isoToFr(proposal.proposedOn)}</>}
        </p>
      )}
      <ErrorBanner message={error} id="pafi-new-error" />
      <div class="actions">
        <button type="submit" id="pafi-new-submit" class="primary" disabled={!student || !!busy}>Créer le PAFI</button>
        <button type="button" id="pafi-new-cancel" onClick={onClose} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
