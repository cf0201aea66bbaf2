// GPDS: the meetings (séances), newest first, and the small helpers the GPDS screens share
// (how a meeting's day is written, its status badge, counts in words).

import { useEffect, useState } from "preact/hooks";
import { meetingsList, toApiError, type MeetingRow, type MeetingStatus } from "../api";
import { isoToFr } from "../api/dates";
import { ErrorBanner, Notice } from "../components/feedback";
import { useFocusOnMount } from "../components/hooks";
import { SortableTable, type Column } from "../components/SortableTable";
import { MEETING_STATUSES, labelOf } from "../gpdsLabels";
import type { Route } from "./CaseShell";

const WEEKDAYS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

/** "2026-03-12" → "jeudi 12/03/2026". */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return isoToFr(iso);
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return `${WEEKDAYS[day]} ${isoToFr(iso)}`;
}

/** "jeudi 12/03/2026 à 14:00". */
export function meetingWhen(date: string, time: string): string {
  return time ? `${longDate(date)} à ${time}` : longDate(date);
}

/** "0 action en retard", "2 actions en retard": the number and its words (singular for 0 and 1). */
export function count(n: number, singular: string, pluralForm: string): string {
  return `${n} ${n <= 1 ? singular : pluralForm}`;
}

export function StatusBadge({ status, id }: { status: MeetingStatus; id?: string }) {
  return <span class={`badge status-${status}`} id={id} data-status={status}>{labelOf(MEETING_STATUSES, status)}</span>;
}

const COLUMNS: Column<MeetingRow>[] = [
  {
    key: "date", label: "Date", sortValue: (m) => `${m.date} ${m.time}`,
    render: (m) => <span class="strong">{meetingWhen(m.date, m.time)}</span>,
  },
  { key: "place", label: "Lieu", sortValue: (m) => m.place },
  { key: "status", label: "État", sortValue: (m) => labelOf(MEETING_STATUSES, m.status), render: (m) => <StatusBadge status={m.status} /> },
  {
    key: "agenda", label: "Ordre du jour", sortValue: (m) => m.agendaSize,
    render: (m) => count(m.agendaSize, "élève", "élèves"),
  },
  {
    key: "decided", label: "Élèves examinés", sortValue: (m) => m.decided,
    render: (m) => (m.status === "planned" || m.status === "cancelled" ? <span class="muted">—</span> : `${m.decided} / ${m.agendaSize}`),
  },
  {
    key: "minutes", label: "Compte-rendu", sortValue: (m) => m.minutesVersion,
    render: (m) => (m.status === "held" ? `version ${m.minutesVersion}` : <span class="muted">—</span>),
  },
];

interface Props {
  readOnly: boolean;
  flash?: string;
  go: (route: Route) => void;
}

export function Meetings({ readOnly, flash, go }: Props) {
  const [rows, setRows] = useState<MeetingRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    meetingsList().then(setRows, (reason) => setError(toApiError(reason).message));
  }, []);

  return (
    <section aria-labelledby="meetings-title">
      <div class="view-head">
        <h1 id="meetings-title" tabIndex={-1} ref={title}>Séances du GPDS</h1>
        {!readOnly && (
          <div class="actions">
            <button type="button" id="btn-plan-meeting" class="primary" onClick={() => go({ view: "meeting-new" })}>
              Planifier une séance
            </button>
          </div>
        )}
      </div>
      <p class="lead">
        Le groupe de prévention du décrochage scolaire examine à chaque séance les élèves repérés, ceux dont le point de
        suivi est arrivé et ceux dont des actions sont en retard.
      </p>
      <Notice message={flash ?? null} id="meetings-notice" />
      <ErrorBanner message={error} />
      <p class="count" id="meetings-count" role="status">
        {rows === null ? "Chargement…" : count(rows.length, "séance", "séances")}
      </p>
      {rows && (
        <SortableTable
          id="meetings-table"
          caption="Séances du GPDS, la plus récente d'abord"
          columns={COLUMNS}
          rows={rows}
          rowKey={(m) => m.id}
          onOpen={(m) => go({ view: "meeting", id: m.id })}
          rowTitle={(m) => `Ouvrir la séance du ${isoToFr(m.date)}`}
          rowClass={(m) => (m.status === "cancelled" ? "archived" : "")}
          empty="Aucune séance pour l'instant : planifiez la première."
        />
      )}
    </section>
  );
}
