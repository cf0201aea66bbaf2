// Tableau de bord: the référent's day. What is late or due this week (by owner), who is waiting
// for the GPDS, what looks wrong (a follow-up with nobody in charge), and the next meeting.
// Every student line opens the student; a PAFI proposal line prepares the path, an alliance
// proposal line opens the alliance (its kind asked), a PAFI reminder opens the path.

import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  dashboard, toApiError,
  type Dashboard as DashboardData, type OwnerActions, type Reminder, type StudentLine,
} from "../api";
import { isoToFr } from "../api/dates";
import { ErrorBanner, Notice } from "../components/feedback";
import { useFocusOnMount } from "../components/hooks";
import { ACTION_KINDS, labelOf } from "../gpdsLabels";
import { deName } from "../labels";
import { REMINDER_KINDS } from "../pafiLabels";
import { preparePafiFromProposal } from "./PafiShared";
import { OpenAllianceDialog } from "./AllianceShared";
import type { Route } from "./CaseShell";
import { FlagForm } from "./FlagForm";
import { StatusBadge, count, longDate, meetingWhen } from "./Meetings";

interface Props {
  readOnly: boolean;
  flash?: string;
  go: (route: Route) => void;
}

export function Dashboard({ readOnly, flash, go }: Props) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(flash ?? null);
  const [flagging, setFlagging] = useState(false);
  const [reload, setReload] = useState(0);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    dashboard().then(
      (d) => {
        setData(d);
        setError(null);
      },
      (reason) => setError(toApiError(reason).message),
    );
  }, [reload]);

  const openStudent = (id: number) => go({ view: "student", id });
  const [preparing, setPreparing] = useState<number | null>(null);
  /** The alliance proposal line being opened (« Ouvrir l'alliance »): its kind is asked. */
  const [openingAlliance, setOpeningAlliance] = useState<StudentLine | null>(null);
  async function prepare(studentId: number) {
    setPreparing(studentId);
    setError(null);
    try {
      const made = await preparePafiFromProposal(studentId);
      go({ view: "pafi-path", id: made.id, flash: `PAFI de ${made.studentName} créé à partir de la proposition du GPDS : complétez son cadre.` });
    } catch (reason) {
      setPreparing(null);
      setError(toApiError(reason).message);
    }
  }
  const d = data;
  return (
    <section aria-labelledby="dashboard-title" class="dashboard">
      <div class="view-head">
        <h1 id="dashboard-title" tabIndex={-1} ref={title}>Tableau de bord</h1>
        {!readOnly && (
          <div class="actions">
            <button type="button" id="btn-flag-student" class="primary" onClick={() => setFlagging(true)}>
              Signaler un élève
            </button>
          </div>
        )}
      </div>
      {d && (
        <p class="muted dash-today" id="dash-today">
          {longDate(d.today)} — {count(d.counts.inFollowup, "élève en suivi", "élèves en suivi")}
        </p>
      )}
      <Notice message={notice} id="dashboard-notice" />
      <ErrorBanner message={error} />
      {!d && !error && <p role="status">Chargement…</p>}
      {d && (
        <>
          <NextMeetingCard data={d} readOnly={readOnly} go={go} />
          <div class="dash-grid">
            <div class="dash-column">
              <DashSection
                id="dash-late" tone={d.counts.lateActions > 0 ? "alert" : undefined}
                heading={count(d.counts.lateActions, "action en retard", "actions en retard")}
                empty="Aucune action en retard."
              >
                {d.lateActions.length > 0 && <ActionsByOwner groups={d.lateActions} late openStudent={openStudent} />}
              </DashSection>
              <DashSection
                id="dash-week"
                heading={count(d.counts.dueThisWeek, "action à échéance cette semaine", "actions à échéance cette semaine")}
                hint={`D'aujourd'hui au dimanche ${isoToFr(d.weekEnd)}.`}
                empty="Aucune action à échéance d'ici dimanche."
              >
                {d.dueThisWeek.length > 0 && <ActionsByOwner groups={d.dueThisWeek} openStudent={openStudent} />}
              </DashSection>
              <DashSection
                id="dash-pafi" tone={d.pafi.some((r) => r.kind === "overdue") ? "alert" : undefined}
                heading={count(d.pafi.length, "rappel sur les PAFI", "rappels sur les PAFI")}
                hint={d.pafi.length > 0 ? "Fins de parcours proches, bilans à faire, validations qui tardent." : undefined}
                empty="Aucun PAFI n'appelle d'action."
              >
                {d.pafi.length > 0 && <PafiReminders reminders={d.pafi} open={(id) => go({ view: "pafi-path", id })} />}
              </DashSection>
            </div>
            <div class="dash-column">
              {d.withoutInCharge.length > 0 && (
                <DashSection
                  id="dash-without-in-charge" tone="alert"
                  heading={count(d.counts.withoutInCharge, "élève suivi sans personne chargée du suivi", "élèves suivis sans personne chargée du suivi")}
                  hint="Chaque élève suivi doit avoir une personne chargée de son suivi : nommez-la à la prochaine séance ou sur sa fiche."
                  empty=""
                >
                  <StudentLines lines={d.withoutInCharge} openStudent={openStudent} />
                </DashSection>
              )}
              <DashSection
                id="dash-flagged"
                heading={count(d.counts.flaggedNotReviewed, "élève repéré, pas encore examiné", "élèves repérés, pas encore examinés")}
                hint={d.counts.flaggedNotReviewed > 0 ? "Ils seront à l'ordre du jour de la prochaine séance du GPDS." : undefined}
                empty="Tous les élèves repérés ont été examinés en GPDS."
              >
                {d.flaggedNotReviewed.length > 0 && <StudentLines lines={d.flaggedNotReviewed} openStudent={openStudent} />}
              </DashSection>
              <DashSection
                id="dash-review-due"
                heading={count(d.counts.reviewDue, "point de suivi arrivé à échéance", "points de suivi arrivés à échéance")}
                empty="Aucun point de suivi en attente."
              >
                {d.reviewDue.length > 0 && <StudentLines lines={d.reviewDue} openStudent={openStudent} />}
              </DashSection>
              <DashSection
                id="dash-proposals"
                heading={count(d.counts.openProposals, "proposition PAFI ou alliance en attente", "propositions PAFI ou alliance en attente")}
                empty="Aucune proposition en attente."
              >
                {d.openProposals.length > 0 && (
                  <StudentLines
                    lines={d.openProposals} openStudent={openStudent}
                    action={readOnly ? undefined : (l) => (l.proposal?.kind === "pafi" ? (
                      <button
                        type="button" class="small" id={`dash-prepare-pafi-${l.studentId}`} disabled={preparing !== null}
                        onClick={() => prepare(l.studentId)}
                      >
                        Préparer le PAFI<span class="visually-hidden"> {deName(l.name)}</span>
                      </button>
                    ) : l.proposal?.kind === "alliance" ? (
                      <button
                        type="button" class="small" id={`dash-open-alliance-${l.studentId}`} disabled={preparing !== null}
                        onClick={() => setOpeningAlliance(l)}
                      >
                        Ouvrir l'alliance<span class="visually-hidden"> {deName(l.name)}</span>
                      </button>
                    ) : null)}
                  />
                )}
              </DashSection>
              {d.withoutInCharge.length === 0 && d.counts.inFollowup > 0 && (
                <p class="muted dash-ok" id="dash-without-in-charge-none">
                  <span aria-hidden="true">✓ </span>Chaque élève suivi a une personne chargée de son suivi.
                </p>
              )}
            </div>
          </div>
        </>
      )}
      {openingAlliance && (
        <OpenAllianceDialog
          studentId={openingAlliance.studentId} studentName={openingAlliance.name} go={go}
          onClose={() => setOpeningAlliance(null)}
        />
      )}
      {flagging && (
        <FlagForm
          onClose={() => setFlagging(false)}
          onDone={() => {
            setFlagging(false);
            setNotice("Repérage enregistré : l'élève sera à l'ordre du jour de la prochaine séance du GPDS.");
            setReload((n) => n + 1);
          }}
        />
      )}
    </section>
  );
}

function NextMeetingCard({ data, readOnly, go }: { data: DashboardData; readOnly: boolean; go: (route: Route) => void }) {
  const m = data.nextMeeting;
  if (!m) {
    return (
      <div class="card dash-meeting" id="dash-next-meeting">
        <p class="dash-meeting-text"><span class="strong">Prochaine séance du GPDS :</span> aucune séance prévue.</p>
        {!readOnly && (
          <button type="button" id="dash-plan-meeting" onClick={() => go({ view: "meeting-new" })}>Planifier une séance</button>
        )}
      </div>
    );
  }
  const open = m.status === "open";
  return (
    <div class="card dash-meeting" id="dash-next-meeting">
      <p class="dash-meeting-text">
        <span class="strong">{open ? "Séance du GPDS en cours :" : "Prochaine séance du GPDS :"}</span>{" "}
        {meetingWhen(m.date, m.time)}{m.place && <> — {m.place}</>}
        <StatusBadge status={m.status} />
        <br />
        <span id="dash-agenda-size">{count(m.agendaSize, "élève à l'ordre du jour", "élèves à l'ordre du jour")}</span>
      </p>
      <div class="actions">
        {open && !readOnly && (
          <button type="button" class="primary" id="dash-meeting-mode" onClick={() => go({ view: "meeting-mode", id: m.id })}>
            Reprendre le mode séance
          </button>
        )}
        <button type="button" id="dash-open-meeting" onClick={() => go({ view: "meeting", id: m.id })}>
          Voir la séance et son ordre du jour
        </button>
      </div>
    </div>
  );
}

interface SectionProps {
  id: string;
  heading: string;
  hint?: string;
  empty: string;
  tone?: "alert";
  children?: ComponentChildren;
}

function DashSection({ id, heading, hint, empty, tone, children }: SectionProps) {
  const hasContent = Boolean(children);
  return (
    <section class={`card dash-section${tone ? ` dash-${tone}` : ""}`} id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{heading}</h2>
      {hint && <p class="hint dash-hint">{hint}</p>}
      {hasContent ? children : <p class="muted dash-empty">{empty}</p>}
    </section>
  );
}

function ActionsByOwner({ groups, late, openStudent }: { groups: OwnerActions[]; late?: boolean; openStudent: (id: number) => void }) {
  return (
    <div class="owner-groups">
      {groups.map((g) => (
        <div class="owner-group" key={g.ownerId} data-owner-id={g.ownerId}>
          <h3>
            {g.ownerName} <span class="muted">({g.actions.length})</span>
          </h3>
          <ul class="dash-lines">
            {g.actions.map((a) => (
              <li key={a.id} data-action-id={a.id} data-student-id={a.studentId}>
                <button
                  type="button" class="link student-link" onClick={() => openStudent(a.studentId)}
                  title={`Ouvrir la fiche ${deName(a.studentName)}`}
                >
                  {a.studentName}
                </button>{" "}
                <span class="muted">({a.className})</span>
                <span class="dash-detail">
                  {labelOf(ACTION_KINDS, a.kind)}{a.detail && <> — {a.detail}</>}
                </span>
                <span class={late ? "due due-late" : "due"}>échéance : {isoToFr(a.dueOn)}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function StudentLines({ lines, openStudent, action }: {
  lines: StudentLine[];
  openStudent: (id: number) => void;
  /** A button at the end of a line, if any. */
  action?: (line: StudentLine) => ComponentChildren;
}) {
  return (
    <ul class="dash-lines">
      {lines.map((l, i) => (
        <li key={`${l.studentId}-${i}`} data-student-id={l.studentId}>
          <button type="button" class="link student-link" onClick={() => openStudent(l.studentId)} title={`Ouvrir la fiche ${deName(l.name)}`}>
            {l.name}
          </button>{" "}
          <span class="muted">({l.className})</span>
          <span class="dash-detail">{l.detail}</span>
          {action && <span class="dash-line-action">{action(l)}</span>}
        </li>
      ))}
    </ul>
  );
}

function PafiReminders({ reminders, open }: { reminders: Reminder[]; open: (pafiId: number) => void }) {
  return (
    <ul class="dash-lines" id="dash-pafi-list">
      {reminders.map((r, i) => (
        <li key={`${r.pafiId}-${r.kind}-${i}`} data-pafi-id={r.pafiId} data-kind={r.kind}>
          <button type="button" class="link student-link" onClick={() => open(r.pafiId)} title={`Ouvrir le PAFI ${deName(r.studentName)}`}>
            {r.studentName}
          </button>
          <span class={`badge ${r.kind === "overdue" ? "badge-late" : "badge-warning-small"}`}>{labelOf(REMINDER_KINDS, r.kind)}</span>
          <span class="dash-detail">{r.text}</span>
        </li>
      ))}
    </ul>
  );
}
