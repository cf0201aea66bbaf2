// One GPDS meeting: when and where, who is invited, its agenda (why each student is on it; add,
// remove, reorder with the keyboard), who attended once it is open, and the way to meeting
// mode and to the compte-rendu.

import { useEffect, useState } from "preact/hooks";
import {
  agendaAdd, agendaGet, agendaRemove, agendaReorder, meetingAttendance, meetingCancel, meetingGet, meetingOpen,
  toApiError,
  type Agenda, type AgendaItem, type Meeting,
} from "../api";
import { formatDateTime } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { TextArea } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { ConfirmDialog } from "../components/Modal";
import { DECISIONS, labelOf } from "../gpdsLabels";
import { STAFF_ROLES, deName } from "../labels";
import type { Route } from "./CaseShell";
import { StudentPicker } from "./FlagForm";
import { StatusBadge, count, meetingWhen } from "./Meetings";

interface Props {
  id: number;
  flash?: string;
  readOnly: boolean;
  go: (route: Route) => void;
}

export function MeetingPage({ id, flash, readOnly, go }: Props) {
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(flash ?? null);
  const [busy, setBusy] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    meetingGet(id).then(setMeeting, (reason) => setError(toApiError(reason).message));
    agendaGet(id).then(setAgenda, (reason) => setError(toApiError(reason).message));
  }, [id]);

  /** Runs a change of the agenda; shows its error instead of the notice if it fails. */
  async function change(what: () => Promise<Agenda>, done?: string, then?: () => void) {
    setError(null);
    setNotice(null);
    try {
      setAgenda(await what());
      if (done) setNotice(done);
      then?.();
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }

  async function open() {
    setBusy("Ouverture de la séance…");
    setError(null);
    setNotice(null);
    try {
      await meetingOpen(id);
      go({ view: "meeting-mode", id });
    } catch (reason) {
      setBusy(null);
      setError(toApiError(reason).message);
    }
  }

  function move(item: AgendaItem, by: -1 | 1) {
    if (!agenda) return;
    const ids = agenda.items.map((i) => i.studentId);
    const from = ids.indexOf(item.studentId);
    const to = from + by;
    if (to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    void change(() => agendaReorder(id, ids), undefined, () => {
      // Keep the focus on the button just used, unless it can no longer be used.
      const edge = to === 0 || to === ids.length - 1;
      const next = by < 0 ? (edge ? "down" : "up") : (edge ? "up" : "down");
      setTimeout(() => document.getElementById(`agenda-${next}-${item.studentId}`)?.focus(), 0);
    });
  }

  const m = meeting;
  const editable = !readOnly && (m?.status === "planned" || m?.status === "open");
  const name = (it: AgendaItem) => `${it.firstName} ${it.lastName}`;
  return (
    <article aria-labelledby="meeting-title" class="meeting-page">
      <p><button type="button" class="link" id="btn-back-meetings" onClick={() => go({ view: "gpds" })}>← Séances du GPDS</button></p>
      <div class="view-head">
        <h1 id="meeting-title" tabIndex={-1} ref={title}>
          {m ? <>Séance du GPDS du {meetingWhen(m.date, m.time)}</> : "Séance du GPDS"}
          {m && <StatusBadge status={m.status} id="meeting-status" />}
        </h1>
        {m && !readOnly && (
          <div class="actions">
            {m.status === "planned" && (
              <>
                <button type="button" id="btn-open-meeting" class="primary" onClick={open} disabled={!!busy}>Ouvrir la séance</button>
                <button type="button" id="btn-edit-meeting" onClick={() => go({ view: "meeting-edit", id })}>Modifier</button>
                <button type="button" id="btn-cancel-meeting" onClick={() => setCancelling(true)}>Annuler la séance</button>
              </>
            )}
            {m.status === "open" && (
              <>
                <button type="button" id="btn-meeting-mode" class="primary" onClick={() => go({ view: "meeting-mode", id })}>
                  Reprendre le mode séance
                </button>
                <button type="button" id="btn-edit-meeting" onClick={() => go({ view: "meeting-edit", id })}>Modifier</button>
              </>
            )}
            {m.status === "held" && (
              <button type="button" id="btn-meeting-mode" onClick={() => go({ view: "meeting-mode", id })}>Corriger les décisions</button>
            )}
            {(m.status === "open" || m.status === "held") && (
              <button type="button" id="btn-minutes" onClick={() => go({ view: "minutes", id })}>
                {m.status === "held" ? "Compte-rendu" : "Compte-rendu (brouillon)"}
              </button>
            )}
          </div>
        )}
      </div>
      {m?.status === "planned" && !readOnly && (
        <p class="hint meeting-open-hint" id="meeting-open-hint">
          « Ouvrir la séance » fige l'ordre du jour et passe en mode séance, à partir du jour de la séance.
        </p>
      )}
      <Busy message={busy} />
      <Notice message={notice} id="meeting-notice" />
      <ErrorBanner message={error} id="meeting-page-error" />
      {!m && !error && <p role="status">Chargement…</p>}
      {m && (
        <>
          {m.status === "cancelled" && (
            <p class="banner banner-info" id="meeting-cancelled">
              <span class="strong">Séance annulée</span>{m.cancelReason && <> : {m.cancelReason}</>}
            </p>
          )}
          {m.status === "held" && (
            <p class="banner banner-note" id="meeting-held">
              Séance close{m.heldAt && <> le {formatDateTime(m.heldAt)}</>} — compte-rendu version {m.minutesVersion}.
            </p>
          )}
          <div class="meeting-layout">
            <section class="card" aria-labelledby="agenda-title" id="agenda-section">
              <h2 id="agenda-title">
                Ordre du jour{agenda && <> — {count(agenda.items.length, "élève", "élèves")}</>}
                {agenda?.frozen && <span class="badge badge-muted">figé</span>}
              </h2>
              {!agenda && <p role="status">Chargement…</p>}
              {agenda && agenda.items.length === 0 && (
                <p class="muted" id="agenda-empty">
                  Aucun élève pour l'instant. L'ordre du jour se remplit seul avec les élèves repérés, ceux dont le point de
                  suivi arrive et ceux dont des actions sont en retard ; vous pouvez aussi ajouter un élève.
                </p>
              )}
              {agenda && agenda.items.length > 0 && (
                <ol class="agenda" id="agenda">
                  {agenda.items.map((it, i) => (
                    <li key={it.studentId} data-student-id={it.studentId} class="agenda-item">
                      <span class="agenda-rank" aria-hidden="true">{i + 1}</span>
                      <div class="agenda-main">
                        <p class="agenda-name">
                          <button type="button" class="link student-link" onClick={() => go({ view: "student", id: it.studentId })} title={`Ouvrir la fiche ${deName(name(it))}`}>
                            <span class="strong">{it.lastName}</span> {it.firstName}
                          </button>{" "}
                          <span class="muted">({it.className})</span>
                          {it.decision && <span class="badge badge-decision" data-decision={it.decision}>{labelOf(DECISIONS, it.decision)}</span>}
                        </p>
                        <ul class="reasons">
                          {it.reasons.map((r, j) => <li key={j} data-reason={r.kind}>{r.text}</li>)}
                        </ul>
                        <p class="agenda-followup muted">
                          {it.inFollowup ? <>En suivi{it.inChargeName ? <> — chargé·e du suivi : {it.inChargeName}</> : " — sans personne chargée du suivi"}</> : "Pas en suivi"}
                          {it.guests.length > 0 && <> · Invités pour l'élève : {it.guests.join(", ")}</>}
                        </p>
                      </div>
                      <div class="agenda-buttons">
                        {(m.status === "open" || (m.status === "held" && !readOnly)) && !readOnly && (
                          <button type="button" class="small" id={`agenda-review-${it.studentId}`} onClick={() => go({ view: "meeting-mode", id, studentId: it.studentId })}>
                            {it.decision ? "Revoir" : "Examiner"}<span class="visually-hidden"> {name(it)}</span>
                          </button>
                        )}
                        {editable && (
                          <>
                            <button
                              type="button" class="small" id={`agenda-up-${it.studentId}`} disabled={i === 0}
                              onClick={() => move(it, -1)} title="Monter"
                            >
                              <span aria-hidden="true">↑</span><span class="visually-hidden">Monter {name(it)}</span>
                            </button>
                            <button
                              type="button" class="small" id={`agenda-down-${it.studentId}`} disabled={i === agenda.items.length - 1}
                              onClick={() => move(it, 1)} title="Descendre"
                            >
                              <span aria-hidden="true">↓</span><span class="visually-hidden">Descendre {name(it)}</span>
                            </button>
                            {!it.decision && (
                              <button
                                type="button" class="small" id={`agenda-remove-${it.studentId}`}
                                onClick={() => change(() => agendaRemove(id, it.studentId), `${name(it)} est retiré·e de l'ordre du jour.`)}
                              >
                                Retirer<span class="visually-hidden"> {name(it)}</span>
                              </button>
                            )}
                          </>
                        )}
                      </div>
                    </li>
                  ))}
                </ol>
              )}
              {editable && agenda && (
                <div class="agenda-add">
                  <StudentPicker
                    id="agenda-add" label="Ajouter un élève à l'ordre du jour" clearOnPick
                    exclude={agenda.items.map((i) => i.studentId)}
                    onPick={(s) => change(
                      () => agendaAdd(id, s.id), `${s.firstName} ${s.lastName} est ajouté·e à l'ordre du jour.`,
                      () => setTimeout(() => document.getElementById("agenda-add")?.focus(), 0),
                    )}
                  />
                </div>
              )}
              {agenda && agenda.removed.length > 0 && (
                <div class="agenda-removed" id="agenda-removed">
                  <h3>Retirés de l'ordre du jour</h3>
                  <ul>
                    {agenda.removed.map((it) => (
                      <li key={it.studentId} data-student-id={it.studentId}>
                        {it.firstName} {it.lastName} <span class="muted">({it.className}) — {it.reasons.map((r) => r.text).join(" ; ")}</span>{" "}
                        {editable && (
                          <button type="button" class="small" id={`agenda-restore-${it.studentId}`} onClick={() => change(() => agendaAdd(id, it.studentId), `${name(it)} est remis·e à l'ordre du jour.`)}>
                            Remettre<span class="visually-hidden"> {name(it)}</span>
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </section>

            <div>
              <section class="card" aria-labelledby="meeting-facts-title">
                <h2 id="meeting-facts-title">Séance</h2>
                <dl class="facts meeting-facts" id="meeting-facts">
                  <div class="fact"><dt>Date</dt><dd>{meetingWhen(m.date, m.time)}</dd></div>
                  <div class="fact"><dt>Lieu</dt><dd>{m.place || <span class="muted">—</span>}</dd></div>
                </dl>
              </section>
              {(m.status === "open" || m.status === "held") ? (
                <AttendanceForm meeting={m} readOnly={readOnly} onSaved={(saved, message) => { setMeeting(saved); setNotice(message); }} />
              ) : (
                <Invited meeting={m} />
              )}
            </div>
          </div>
        </>
      )}
      {cancelling && m && (
        <CancelDialog id={id} onClose={() => setCancelling(false)} onDone={(saved) => { setMeeting(saved); setNotice("Séance annulée."); }} />
      )}
    </article>
  );
}

function Invited({ meeting: m }: { meeting: Meeting }) {
  return (
    <section class="card" aria-labelledby="invited-title" id="meeting-invited">
      <h2 id="invited-title">Invités</h2>
      <ul class="people">
        {m.members.map((x) => (
          <li key={x.staffId}>{x.name} <span class="muted">— {labelOf(STAFF_ROLES, x.role)}</span></li>
        ))}
      </ul>
      {m.guests.length > 0 && (
        <>
          <h3 class="people-title">Partenaires</h3>
          <ul class="people">
            {m.guests.map((g) => (
              <li key={g.id}>
                {g.partnerName}{g.contact && <> ({g.contact})</>} <span class="muted">— pour {g.studentNames.join(", ")}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Who attended: checkboxes for the invited staff and partners (once the meeting is open). */
export function AttendanceForm({ meeting: m, readOnly, onSaved, bare }: {
  meeting: Meeting;
  readOnly: boolean;
  onSaved: (m: Meeting, message: string) => void;
  /** Without its card and title (inside another box that names it). */
  bare?: boolean;
}) {
  const [members, setMembers] = useState<number[]>(() => m.members.filter((x) => x.attended).map((x) => x.staffId));
  const [guests, setGuests] = useState<number[]>(() => m.guests.filter((g) => g.attended).map((g) => g.id));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const recorded = m.members.some((x) => x.attended !== null) || m.guests.some((g) => g.attended !== null);
  const toggle = (list: number[], set: (v: number[]) => void, value: number, on: boolean) => {
    set(on ? [...list, value] : list.filter((v) => v !== value));
    setDirty(true);
  };

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await meetingAttendance(m.id, { members, guests });
      setDirty(false);
      onSaved(saved, m.status === "held" ? `Présents enregistrés : compte-rendu version ${saved.minutesVersion}.` : "Présents enregistrés.");
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class={bare ? "attendance" : "card attendance"} aria-label={bare ? "Présents" : undefined} aria-labelledby={bare ? undefined : "attendance-title"} id="attendance">
      {!bare && <h2 id="attendance-title">Présents <span class="muted">({members.length + guests.length} / {m.members.length + m.guests.length})</span></h2>}
      {!recorded && !dirty && <p class="hint">Cochez les personnes présentes, puis enregistrez.</p>}
      <form onSubmit={save}>
        <fieldset disabled={readOnly} class="plain">
          <legend class="visually-hidden">Personnes présentes</legend>
          <ul class="check-list">
            {m.members.map((x) => (
              <li key={x.staffId} class="checkbox">
                <input
                  id={`attendance-member-${x.staffId}`} type="checkbox" checked={members.includes(x.staffId)}
                  onChange={(e) => toggle(members, setMembers, x.staffId, e.currentTarget.checked)}
                />
                <label for={`attendance-member-${x.staffId}`}>{x.name} <span class="muted">— {labelOf(STAFF_ROLES, x.role)}</span></label>
              </li>
            ))}
            {m.guests.map((g) => (
              <li key={`g${g.id}`} class="checkbox">
                <input
                  id={`attendance-guest-${g.id}`} type="checkbox" checked={guests.includes(g.id)}
                  onChange={(e) => toggle(guests, setGuests, g.id, e.currentTarget.checked)}
                />
                <label for={`attendance-guest-${g.id}`}>
                  {g.contact ? `${g.contact}, ${g.partnerName}` : g.partnerName} <span class="muted">— pour {g.studentNames.join(", ")}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <ErrorBanner message={error} id="attendance-error" />
        {!readOnly && (
          <div class="actions">
            <button type="submit" id="btn-save-attendance" disabled={busy}>Enregistrer les présents</button>
            <p class="save-state" role="status">{dirty ? "Non enregistré." : ""}</p>
          </div>
        )}
        {m.status === "held" && !readOnly && (
          <p class="hint">La séance est close : corriger les présents donne au compte-rendu une nouvelle version.</p>
        )}
      </form>
    </section>
  );
}

function CancelDialog({ id, onClose, onDone }: { id: number; onClose: () => void; onDone: (m: Meeting) => void }) {
  const [reason, setReason] = useState("");
  return (
    <ConfirmDialog
      id="cancel-meeting" title="Annuler la séance ?" confirmLabel="Annuler la séance" busyLabel="Annulation…"
      cancelLabel="Ne pas annuler" danger
      onConfirm={async () => onDone(await meetingCancel(id, reason))}
      onClose={onClose}
    >
      <p>La séance restera dans la liste, marquée annulée. Les élèves de son ordre du jour iront à la séance suivante.</p>
      <TextArea id="cancel-reason" label="Motif de l'annulation" value={reason} onValue={setReason} required rows={2} />
    </ConfirmDialog>
  );
}
