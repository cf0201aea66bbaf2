// Mode séance: the agenda one student at a time, fast enough to use live. For each student:
// why they are here and what is known, then the situation, the decision, the person in charge
// and the next review, the actions. Ctrl+Entrée saves and goes to the next student; Alt+1…4
// choose the decision; Alt+← / Alt+→ move between students. "Clore la séance" lists the students
// left without a decision first. On a held meeting the same screen corrects decisions.

import { useEffect, useRef, useState } from "preact/hooks";
import {
  agendaGet, meetingClose, meetingGet, meetingOpen, reviewGet, reviewRecord, staffList, studentGpds, toApiError,
  type ActionKind, type Agenda, type AgendaItem, type CloseReason, type Decision, type Meeting, type Review,
  type ReviewInput, type Staff, type StudentGpds,
} from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { useConfirmRetry } from "../components/confirm";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { Modal } from "../components/Modal";
import { ACTION_KINDS, ACTION_STATUSES, CLOSE_REASONS, DECISIONS, labelOf } from "../gpdsLabels";
import { STAFF_ROLES, type Options } from "../labels";
import type { Route } from "./CaseShell";
import { signalText } from "./FlagForm";
import { AttendanceForm } from "./MeetingPage";
import { StatusBadge, count, meetingWhen } from "./Meetings";

interface Props {
  id: number;
  studentId?: number;
  readOnly: boolean;
  go: (route: Route) => void;
}

interface ActionDraft {
  id: number | null;
  kind: ActionKind | "";
  detail: string;
  owner: string;
  dueOn: string;
  /** Done or cancelled since: shown, sent back unchanged, not editable here. */
  locked: string | null;
}

interface Draft {
  situation: string;
  decision: Decision | "";
  closeReason: CloseReason | "";
  closeDetail: string;
  inCharge: string;
  nextReview: string;
  actions: ActionDraft[];
}

function draftOf(review: Review | null, gpds: StudentGpds): Draft {
  if (review) {
    return {
      situation: review.situation,
      decision: review.decision,
      closeReason: review.closeReason ?? "",
      closeDetail: review.closeDetail,
      inCharge: review.inCharge === null ? "" : String(review.inCharge),
      nextReview: isoToFr(review.nextReview),
      actions: review.actions.map((a) => ({
        id: a.id, kind: a.kind, detail: a.detail, owner: String(a.owner), dueOn: isoToFr(a.dueOn),
        locked: a.status === "todo" ? null
          : `${labelOf(ACTION_STATUSES, a.status)}${a.doneOn ? ` le ${isoToFr(a.doneOn)}` : ""}${a.result ? ` : ${a.result}` : ""}${a.cancelReason ? ` : ${a.cancelReason}` : ""}`,
      })),
    };
  }
  const f = gpds.followup;
  const current = f && f.open && f.inCharge !== null && !f.inChargeArchived ? String(f.inCharge) : "";
  return { situation: "", decision: "", closeReason: "", closeDetail: "", inCharge: current, nextReview: "", actions: [] };
}

const follows = (d: Decision | "") => d === "enter" || d === "keep";

/** Checks what the UI can check alone; returns the input or the errors by contract field. */
function toInput(d: Draft): { input: ReviewInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (d.decision === "") errors.decision = "Choisissez une décision (Alt+1 à Alt+4).";
  const nextReview = follows(d.decision) ? parseOptionalDate(d.nextReview) : null;
  if (nextReview === undefined) errors.nextReview = DATE_INVALID;
  const actions = d.actions.map((a, i) => {
    if (a.kind === "") errors[`actions[${i}].kind`] = "Choisissez l'action.";
    const dueOn = parseOptionalDate(a.dueOn);
    if (dueOn === undefined) errors[`actions[${i}].dueOn`] = DATE_INVALID;
    return { id: a.id, kind: a.kind as ActionKind, detail: a.detail.trim(), owner: a.owner === "" ? null : Number(a.owner), dueOn: dueOn ?? null };
  });
  if (Object.keys(errors).length > 0 || d.decision === "" || nextReview === undefined) return { errors };
  return {
    input: {
      situation: d.situation.trim(),
      decision: d.decision,
      closeReason: d.decision === "close" && d.closeReason !== "" ? d.closeReason : null,
      closeDetail: d.decision === "close" ? d.closeDetail.trim() : "",
      inCharge: follows(d.decision) && d.inCharge !== "" ? Number(d.inCharge) : null,
      nextReview: follows(d.decision) ? nextReview : null,
      actions,
      confirmEarlyDue: false,
    },
  };
}

const DECISION_KEYS = ["Digit1", "Digit2", "Digit3", "Digit4"];
const NUMPAD_KEYS = ["Numpad1", "Numpad2", "Numpad3", "Numpad4"];

export function MeetingMode({ id, studentId, readOnly, go }: Props) {
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [current, setCurrent] = useState<number | null>(studentId ?? null);
  const [loaded, setLoaded] = useState<{ studentId: number; gpds: StudentGpds; review: Review | null } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  const [closing, setClosing] = useState(false);
  const [announce, setAnnounce] = useState("");
  /** Fields changed since their error was shown: the error is no longer shown next to them. */
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const form = useFormErrors("review");
  const bind = (field: string) => {
    const b = form.bind(field);
    return edited.has(field) ? { id: b.id } : b;
  };
  const shownError = (field: string) => (edited.has(field) ? undefined : form.errors[field]);
  const touch = (...fields: string[]) =>
    setEdited((all) => (fields.every((f) => all.has(f)) ? all : new Set([...all, ...fields])));
  const [confirmDialog, confirmRun] = useConfirmRetry();
  const title = useFocusOnMount<HTMLHeadingElement>();
  const ticket = useRef(0);
  /** Once the next student's form is there: show it from the top, cursor in Situation. */
  const focusWhenLoaded = useRef(false);

  useEffect(() => {
    Promise.all([meetingGet(id), agendaGet(id), staffList("", true)]).then(
      ([m, a, s]) => {
        setMeeting(m);
        setAgenda(a);
        setStaff(s);
        setCurrent((c) => c ?? a.items.find((i) => i.decision === null)?.studentId ?? a.items[0]?.studentId ?? null);
      },
      (reason) => setError(toApiError(reason).message),
    );
  }, [id]);

  // Load the current student's file and the decision already recorded for them, if any.
  useEffect(() => {
    if (current === null) return;
    const mine = ++ticket.current;
    setLoaded(null);
    setDraft(null);
    setDirty(false);
    form.clear();
    setEdited(new Set());
    Promise.all([studentGpds(current), reviewGet(id, current)]).then(
      ([gpds, review]) => {
        if (mine !== ticket.current) return;
        setLoaded({ studentId: current, gpds, review });
        setDraft(draftOf(review, gpds));
        if (focusWhenLoaded.current) {
          focusWhenLoaded.current = false;
          setTimeout(() => {
            document.querySelector(".meeting-mode")?.scrollIntoView({ block: "start" });
            document.getElementById("review-situation")?.focus({ preventScroll: true });
          }, 0);
        }
      },
      (reason) => mine === ticket.current && setError(toApiError(reason).message),
    );
  }, [current]);

  const items = agenda?.items ?? [];
  const index = items.findIndex((i) => i.studentId === current);
  const item: AgendaItem | undefined = items[index];
  const decided = items.filter((i) => i.decision !== null).length;
  const held = meeting?.status === "held";
  const canEdit = !readOnly && (meeting?.status === "open" || held);
  /** The form is shown only once it holds the current student's review: while the next student
   * loads, nothing typed can land in the previous one's form (and then be lost). */
  const ready = draft !== null && loaded?.studentId === current;

  /** Goes to another student, asking first when the current one has unsaved changes. */
  function goTo(studentId: number | undefined) {
    if (studentId === undefined || studentId === current) return;
    const move = () => {
      setNotice(null);
      setError(null);
      setCurrent(studentId);
      const it = items.find((i) => i.studentId === studentId);
      if (it) setAnnounce(`${it.firstName} ${it.lastName}, élève ${items.indexOf(it) + 1} sur ${items.length}`);
      focusStudent();
    };
    if (dirty) setLeaving(() => move);
    else move();
  }
  const focusStudent = () => {
    focusWhenLoaded.current = true;
  };
  const goPrev = () => goTo(items[index - 1]?.studentId);
  const goNext = () => goTo(items[index + 1]?.studentId);

  async function save(thenNext: boolean) {
    if (!ready || !draft || !item || busy || !canEdit) return;
    form.clear();
    setEdited(new Set());
    setNotice(null);
    const checked = toInput(draft);
    if ("errors" in checked) {
      form.setFields(checked.errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await confirmRun((confirmed) => reviewRecord(id, item.studentId, { ...checked.input, confirmEarlyDue: confirmed }));
      if (saved === null) {
        form.setBanner("Non enregistré : corrigez l'échéance, puis enregistrez de nouveau.");
        return;
      }
      const [a, m] = await Promise.all([agendaGet(id), meetingGet(id)]);
      setAgenda(a);
      setMeeting(m);
      setDirty(false);
      const who = `${item.firstName} ${item.lastName}`;
      const message = held
        ? `Décision corrigée pour ${who} : compte-rendu version ${m.minutesVersion}.`
        : `Décision enregistrée pour ${who} : ${labelOf(DECISIONS, saved.decision)}.`;
      const next = a.items[a.items.findIndex((i) => i.studentId === item.studentId) + 1];
      if (thenNext && next) {
        setCurrent(next.studentId);
        setNotice(message);
        setAnnounce(`${message} Élève suivant : ${next.firstName} ${next.lastName}.`);
        focusStudent();
      } else {
        const gpds = await studentGpds(item.studentId);
        setLoaded({ studentId: item.studentId, gpds, review: saved });
        setDraft(draftOf(saved, gpds));
        const left = a.items.filter((i) => i.decision === null).length;
        setNotice(left === 0 && !held ? `${message} Tous les élèves ont une décision : vous pouvez clore la séance.` : message);
        setTimeout(() => document.getElementById(left === 0 && !held ? "btn-close-meeting" : "review-save")?.focus(), 0);
      }
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (leaving || closing || document.querySelector("dialog[open]")) return;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save(true);
      return;
    }
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      const n = Math.max(DECISION_KEYS.indexOf(e.code), NUMPAD_KEYS.indexOf(e.code));
      const choice = DECISIONS[n];
      if (choice && ready && canEdit) {
        e.preventDefault();
        setDecision(choice[0]);
        document.getElementById(`review-decision-${choice[0]}`)?.focus();
      } else if (e.key === "ArrowLeft") {
        e.preventDefault();
        goPrev();
      } else if (e.key === "ArrowRight") {
        e.preventDefault();
        goNext();
      }
    }
  }

  // The shortcuts listen on the whole document: wherever the focus went (back from a dialog, on
  // the page's body after a click outside a field), Alt+← still asks before leaving.
  const keyDownRef = useRef(onKeyDown);
  keyDownRef.current = onKeyDown;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keyDownRef.current(e);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  function update(next: Draft) {
    setDraft(next);
    setDirty(true);
  }
  function setDecision(decision: Decision) {
    if (!draft) return;
    update({ ...draft, decision });
    touch("decision");
  }
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => {
    if (!draft) return;
    update({ ...draft, [key]: value });
    touch(key);
  };
  const setAction = (i: number, patch: Partial<ActionDraft>) => {
    if (!draft) return;
    update({ ...draft, actions: draft.actions.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
    touch(...Object.keys(patch).map((k) => `actions[${i}].${k}`));
  };
  function addAction() {
    if (!draft) return;
    const i = draft.actions.length;
    const owner = follows(draft.decision) ? draft.inCharge : "";
    update({ ...draft, actions: [...draft.actions, { id: null, kind: "", detail: "", owner, dueOn: "", locked: null }] });
    setTimeout(() => document.getElementById(`review-actions-${i}-kind`)?.focus(), 0);
  }
  function removeAction(i: number) {
    if (!draft) return;
    update({ ...draft, actions: draft.actions.filter((_, j) => j !== i) });
    setTimeout(() => document.getElementById("review-add-action")?.focus(), 0);
  }

  if (!meeting || !agenda) {
    return (
      <section aria-labelledby="mode-title">
        <h1 id="mode-title" tabIndex={-1} ref={title}>Mode séance</h1>
        {error ? <ErrorBanner message={error} /> : <p role="status">Chargement…</p>}
      </section>
    );
  }

  const when = meetingWhen(meeting.date, meeting.time);
  const back = () => go({ view: "meeting", id });
  if (meeting.status === "planned" || meeting.status === "cancelled") {
    return (
      <section aria-labelledby="mode-title">
        <p><button type="button" class="link" onClick={back}>← La séance</button></p>
        <h1 id="mode-title" tabIndex={-1} ref={title}>Mode séance — GPDS du {when}</h1>
        {meeting.status === "cancelled"
          ? <p class="banner banner-info">Cette séance est annulée.</p>
          : <NotOpenYet id={id} readOnly={readOnly} onOpened={(m, a) => { setMeeting(m); setAgenda(a); setCurrent(a.items[0]?.studentId ?? null); }} />}
      </section>
    );
  }

  // Owners and people in charge: present staff, plus anyone already chosen who has left since.
  const chosen = new Set([draft?.inCharge, ...(draft?.actions.map((a) => a.owner) ?? [])]);
  const staffOptions: Options<string> = staff
    .filter((s) => !s.archived || chosen.has(String(s.id)))
    .map((s) => [String(s.id), `${s.firstName} ${s.lastName} — ${labelOf(STAFF_ROLES, s.role)}${s.archived ? " (a quitté l'établissement)" : ""}`] as const);
  const undecided = items.filter((i) => i.decision === null);

  return (
    <article class="meeting-mode" aria-labelledby="mode-title">
      <div class="mode-head">
        <div>
          <p class="mode-back"><button type="button" class="link" id="btn-leave-mode" onClick={() => (dirty ? setLeaving(() => back) : back())}>← Quitter le mode séance</button></p>
          <h1 id="mode-title" tabIndex={-1} ref={title}>
            {held ? "Correction des décisions" : "Mode séance"} — GPDS du {when}
            <StatusBadge status={meeting.status} />
          </h1>
        </div>
        <div class="mode-progress" id="mode-progress">
          <progress max={items.length || 1} value={decided} aria-labelledby="mode-progress-text" />
          <span id="mode-progress-text"><span class="strong">{decided} / {items.length}</span> {items.length <= 1 ? "élève décidé" : "élèves décidés"}</span>
        </div>
        <div class="actions">
          <button type="button" id="btn-mode-minutes" onClick={() => (dirty ? setLeaving(() => () => go({ view: "minutes", id })) : go({ view: "minutes", id }))}>
            {held ? "Compte-rendu" : "Compte-rendu (brouillon)"}
          </button>
          {meeting.status === "open" && !readOnly && (
            <button type="button" id="btn-close-meeting" class="primary" onClick={() => setClosing(true)}>Clore la séance</button>
          )}
        </div>
      </div>
      {held && (
        <p class="banner banner-info" id="mode-correction">
          Séance close : chaque correction est consignée au journal et donne au compte-rendu une nouvelle version
          (version actuelle : {meeting.minutesVersion}).
        </p>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">{announce}</p>
      <Notice message={notice} id="mode-notice" />
      <ErrorBanner message={error} id="mode-error" />
      {items.length === 0 && <p class="muted" id="mode-empty">L'ordre du jour de cette séance est vide.</p>}

      {items.length > 0 && (
        <div class="mode-layout">
          <div class="mode-side">
            <nav aria-labelledby="mode-agenda-title" class="card mode-agenda">
              <h2 id="mode-agenda-title">Ordre du jour</h2>
              <ol id="mode-agenda">
                {items.map((it) => (
                  <li key={it.studentId} data-student-id={it.studentId}>
                    <button
                      type="button" aria-current={it.studentId === current ? "step" : undefined}
                      onClick={() => goTo(it.studentId)} class={it.decision ? "done" : undefined}
                    >
                      <span class="mode-agenda-name">{it.lastName} {it.firstName}</span>
                      <span class="mode-agenda-state">
                        {it.decision ? <><span aria-hidden="true">✓ </span>{labelOf(DECISIONS, it.decision)}</> : "À examiner"}
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            </nav>
            <details class="card mode-attendance" id="mode-attendance">
              <summary>
                Présents{" "}
                <span class="muted">
                  ({meeting.members.filter((x) => x.attended).length + meeting.guests.filter((g) => g.attended).length}
                  {" / "}{meeting.members.length + meeting.guests.length})
                </span>
              </summary>
              <AttendanceForm bare meeting={meeting} readOnly={readOnly} onSaved={(m, message) => { setMeeting(m); setNotice(message); }} />
            </details>
            <div class="card mode-keys" aria-labelledby="mode-keys-title">
              <h2 id="mode-keys-title">Raccourcis clavier</h2>
              <dl>
                <dt><kbd>Ctrl</kbd>+<kbd>Entrée</kbd></dt><dd>Enregistrer et passer au suivant</dd>
                <dt><kbd>Alt</kbd>+<kbd>1</kbd> à <kbd>4</kbd></dt><dd>Choisir la décision</dd>
                <dt><kbd>Alt</kbd>+<kbd>←</kbd> / <kbd>→</kbd></dt><dd>Élève précédent / suivant</dd>
              </dl>
            </div>
          </div>

          {item && (
            <section class="mode-student" aria-labelledby="mode-student-name" data-student-id={item.studentId}>
              <div class="card mode-context">
                <div class="mode-student-head">
                  <h2 id="mode-student-name">
                    <span class="strong">{item.lastName}</span> {item.firstName} <span class="muted">— {item.className}</span>
                  </h2>
                  <p class="muted" id="mode-position">Élève {index + 1} sur {items.length}</p>
                </div>
                <Context item={item} gpds={loaded?.studentId === item.studentId ? loaded.gpds : null} meetingId={id} />
              </div>

              {!ready && <p role="status">Chargement…</p>}
              {ready && draft && (
                <form
                  class="card review-form" id="review-form" noValidate
                  onSubmit={(e) => { e.preventDefault(); void save(true); }}
                >
                  <fieldset disabled={!canEdit} class="plain">
                    <TextArea
                      {...bind("situation")} label="Situation" value={draft.situation} onValue={set("situation")} rows={3}
                      hint="Ce qui est dit en séance, en quelques lignes. Restez factuel." spellcheck
                    />
                    <fieldset
                      id="review-decision" tabIndex={-1} class={`decisions${shownError("decision") ? " field-invalid" : ""}`}
                      aria-describedby={shownError("decision") ? "review-decision-error" : undefined}
                    >
                      <legend>Décision<span class="required" aria-hidden="true"> *</span></legend>
                      <div class="decision-options">
                        {DECISIONS.map(([value, label], n) => (
                          <div class="radio" key={value}>
                            <input
                              type="radio" name="review-decision" id={`review-decision-${value}`} value={value}
                              checked={draft.decision === value} onChange={() => setDecision(value)}
                            />
                            <label for={`review-decision-${value}`}>
                              {label} <kbd aria-hidden="true">Alt+{n + 1}</kbd>
                            </label>
                          </div>
                        ))}
                      </div>
                      {shownError("decision") && (
                        <p id="review-decision-error" class="field-error"><span aria-hidden="true">⚠ </span>{shownError("decision")}</p>
                      )}
                      {draft.decision === "not_examined" && (
                        <p class="hint">L'élève n'est pas examiné à cette séance : il reste à l'ordre du jour de la suivante.</p>
                      )}
                    </fieldset>

                    {follows(draft.decision) && (
                      <div class="grid-2">
                        <SelectField
                          {...bind("inCharge")} label="Personne chargée du suivi" value={draft.inCharge} options={staffOptions}
                          empty="Choisir…" onValue={set("inCharge")} required
                          hint={loaded?.gpds.followup?.open && loaded.gpds.followup.inChargeArchived
                            ? `${loaded.gpds.followup.inChargeName ?? "La personne chargée du suivi"} a quitté l'établissement : nommez quelqu'un d'autre.`
                            : undefined}
                        />
                        <DateField {...bind("nextReview")} label="Prochain point de suivi" value={draft.nextReview} onValue={set("nextReview")} required />
                      </div>
                    )}
                    {draft.decision === "close" && (
                      <div class="grid-2">
                        <SelectField
                          {...bind("closeReason")} label="Motif de fin du suivi" value={draft.closeReason} options={CLOSE_REASONS}
                          empty="Choisir…" onValue={set("closeReason")} required
                        />
                        <TextField
                          {...bind("closeDetail")} label="Précision du motif" value={draft.closeDetail} onValue={set("closeDetail")}
                          required={draft.closeReason === "other"} spellcheck
                        />
                      </div>
                    )}

                    {draft.decision !== "" && (draft.decision !== "not_examined" || draft.actions.length > 0) && (
                      <fieldset
                        id="review-actions" tabIndex={-1} class={`review-actions${form.errors.actions ? " field-invalid" : ""}`}
                        aria-describedby={form.errors.actions ? "review-actions-error" : undefined}
                      >
                        <legend>Actions décidées</legend>
                        {form.errors.actions && (
                          <p id="review-actions-error" class="field-error"><span aria-hidden="true">⚠ </span>{form.errors.actions}</p>
                        )}
                        {draft.actions.length === 0 && <p class="muted">Aucune action pour l'instant.</p>}
                        {draft.actions.map((a, i) => (
                          <fieldset class="sub action-row" key={i} id={`review-action-${i}`}>
                            <legend>Action {i + 1}{a.locked && <span class="badge badge-muted">{a.locked}</span>}</legend>
                            <fieldset disabled={!!a.locked} class="plain">
                              <div class="action-grid">
                                <SelectField
                                  {...bind(`actions[${i}].kind`)} label="Action" value={a.kind} options={ACTION_KINDS}
                                  empty="Choisir…" onValue={(kind) => setAction(i, { kind })} required
                                />
                                <TextField
                                  {...bind(`actions[${i}].detail`)} label="Précision" value={a.detail}
                                  onValue={(detail) => setAction(i, { detail })} required={a.kind === "autre"} spellcheck
                                />
                                <SelectField
                                  {...bind(`actions[${i}].owner`)} label="Responsable" value={a.owner} options={staffOptions}
                                  empty="Choisir…" onValue={(owner) => setAction(i, { owner })} required
                                />
                                <DateField
                                  {...bind(`actions[${i}].dueOn`)} label="Échéance" value={a.dueOn}
                                  onValue={(dueOn) => setAction(i, { dueOn })} required
                                />
                              </div>
                            </fieldset>
                            {!a.locked && (
                              <button type="button" class="link danger-link" id={`review-actions-${i}-remove`} onClick={() => removeAction(i)}>
                                Retirer<span class="visually-hidden"> l'action {i + 1}</span>
                              </button>
                            )}
                          </fieldset>
                        ))}
                        {draft.decision !== "not_examined" && (
                          <button type="button" id="review-add-action" onClick={addAction}>Ajouter une action</button>
                        )}
                      </fieldset>
                    )}
                  </fieldset>
                  <ErrorBanner message={form.banner} id="review-error" />
                  <div class="actions mode-nav">
                    <button type="button" id="review-prev" onClick={goPrev} disabled={index <= 0}>
                      ← Précédent
                    </button>
                    {canEdit && (
                      <button type="submit" id="review-save" class="primary" disabled={!!busy}>
                        {index < items.length - 1 ? "Enregistrer et passer au suivant" : "Enregistrer"}{" "}
                        <kbd aria-hidden="true">Ctrl+Entrée</kbd>
                      </button>
                    )}
                    <button type="button" id="review-next" onClick={goNext} disabled={index >= items.length - 1}>
                      Suivant →
                    </button>
                    <Busy message={busy} />
                    <p class="save-state push-right" id="review-save-state" role="status">
                      {Object.keys(form.errors).length > 0 || form.banner
                        ? "Non enregistré : corrigez ce qui est signalé."
                        : dirty ? "Modifications non enregistrées." : loaded?.review ? "Décision enregistrée." : ""}
                    </p>
                  </div>
                </form>
              )}
            </section>
          )}
        </div>
      )}

      {confirmDialog}
      {leaving && (
        <Modal id="leave-student" title="Abandonner les modifications ?" onClose={() => setLeaving(null)}>
          <div class="modal-body">
            <p>Les modifications pour {item ? `${item.firstName} ${item.lastName}` : "cet élève"} ne sont pas enregistrées.</p>
          </div>
          <div class="actions">
            <button type="button" id="leave-student-stay" class="primary" onClick={() => setLeaving(null)}>Rester et enregistrer</button>
            <button type="button" id="leave-student-discard" onClick={() => { const proceed = leaving; setLeaving(null); setDirty(false); proceed(); }}>
              Abandonner les modifications
            </button>
          </div>
        </Modal>
      )}
      {closing && (
        <CloseDialog
          meeting={meeting} undecided={undecided} dirty={dirty}
          onClose={() => setClosing(false)}
          onClosed={(m) => go({ view: "minutes", id: m.id, flash: `Séance close : compte-rendu version ${m.minutesVersion}.` })}
        />
      )}
    </article>
  );
}

/** What is known of the student: why on the agenda, follow-up, flags, actions under way, guests. */
function Context({ item, gpds, meetingId }: { item: AgendaItem; gpds: StudentGpds | null; meetingId: number }) {
  const f = gpds?.followup;
  const today = todayIso();
  const pending = gpds?.actions.filter((a) => a.status === "todo" && a.meetingId !== meetingId) ?? [];
  const flags = gpds?.flags.filter((fl) => !fl.reviewed) ?? [];
  return (
    <dl class="context" id="mode-context">
      <div>
        <dt>À l'ordre du jour</dt>
        <dd>
          <ul class="reasons" id="mode-reasons">
            {item.reasons.map((r, j) => <li key={j} data-reason={r.kind}>{r.text}</li>)}
          </ul>
        </dd>
      </div>
      <div>
        <dt>Suivi</dt>
        <dd id="mode-followup">
          {!gpds ? "…" : !f ? "Jamais suivi en GPDS." : f.open ? (
            <>
              En suivi depuis le {isoToFr(f.openedOn)}
              {f.inChargeName ? <> — chargé·e du suivi : <span class="strong">{f.inChargeName}</span>{f.inChargeArchived && " (a quitté l'établissement)"}</> : " — sans personne chargée du suivi"}
              {f.nextReview && <> — point prévu le {isoToFr(f.nextReview)}</>}
            </>
          ) : (
            <>Suivi terminé{f.closedOn && <> le {isoToFr(f.closedOn)}</>}{f.closeReason && <> ({labelOf(CLOSE_REASONS, f.closeReason).toLowerCase()})</>}</>
          )}
        </dd>
      </div>
      {flags.length > 0 && (
        <div>
          <dt>Repérages</dt>
          <dd>
            <ul class="plain-list" id="mode-flags">
              {flags.map((fl) => (
                <li key={fl.id}>
                  Le {isoToFr(fl.flaggedOn)} par {fl.raisedByName} : {fl.signals.map(signalText).join(" ; ")}
                  {fl.note && <span class="muted"> — {fl.note}</span>}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
      {pending.length > 0 && (
        <div>
          <dt>Actions en cours</dt>
          <dd>
            <ul class="plain-list" id="mode-pending-actions">
              {pending.map((a) => (
                <li key={a.id}>
                  {labelOf(ACTION_KINDS, a.kind)}{a.detail && <> — {a.detail}</>} <span class="muted">({a.ownerName}, échéance {isoToFr(a.dueOn)})</span>
                  {a.dueOn < today && <span class="badge badge-overdue">en retard</span>}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
      {item.guests.length > 0 && (
        <div>
          <dt>Partenaires invités pour l'élève</dt>
          <dd id="mode-guests">{item.guests.join(", ")}</dd>
        </div>
      )}
    </dl>
  );
}

function NotOpenYet({ id, readOnly, onOpened }: { id: number; readOnly: boolean; onOpened: (m: Meeting, a: Agenda) => void }) {
  const [error, setError] = useState<string | null>(null);
  async function open() {
    setError(null);
    try {
      const m = await meetingOpen(id);
      onOpened(m, await agendaGet(id));
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }
  return (
    <>
      <p>La séance n'est pas encore ouverte : l'ouvrir fige son ordre du jour.</p>
      <ErrorBanner message={error} />
      {!readOnly && <button type="button" class="primary" id="mode-open" onClick={open}>Ouvrir la séance</button>}
    </>
  );
}

interface CloseProps {
  meeting: Meeting;
  undecided: AgendaItem[];
  dirty: boolean;
  onClose: () => void;
  onClosed: (m: Meeting) => void;
}

function CloseDialog({ meeting, undecided, dirty, onClose, onClosed }: CloseProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noAttendance = meeting.members.every((m) => m.attended === null) && meeting.guests.every((g) => g.attended === null);
  async function close() {
    setBusy(true);
    setError(null);
    try {
      onClosed(await meetingClose(meeting.id));
    } catch (reason) {
      setBusy(false);
      setError(toApiError(reason).message);
    }
  }
  return (
    <Modal id="close-meeting" title="Clore la séance ?" onClose={() => !busy && onClose()}>
      <div class="modal-body">
        {undecided.length === 0 ? (
          <p id="close-all-decided">Tous les élèves de l'ordre du jour ont une décision.</p>
        ) : (
          <>
            <p id="close-undecided-intro">
              {count(undecided.length, "élève n'a", "élèves n'ont")} pas de décision : {undecided.length > 1 ? "ils resteront" : "il restera"} à
              l'ordre du jour de la prochaine séance.
            </p>
            <ul id="close-undecided">
              {undecided.map((i) => <li key={i.studentId}>{i.firstName} {i.lastName} <span class="muted">({i.className})</span></li>)}
            </ul>
          </>
        )}
        {dirty && <p class="banner banner-info">Les modifications en cours sur l'élève affiché ne sont pas enregistrées : elles seront perdues.</p>}
        {noAttendance && <p class="hint">Les présents n'ont pas été notés : vous pourrez encore les noter sur la page de la séance.</p>}
        <p>Le compte-rendu prendra sa version 1. Les décisions pourront encore être corrigées ; chaque correction sera consignée.</p>
      </div>
      <ErrorBanner message={error} id="close-meeting-error" />
      <div class="actions">
        <button type="button" id="close-meeting-confirm" class="primary" onClick={close} disabled={busy}>
          {busy ? "Clôture…" : "Clore la séance"}
        </button>
        <button type="button" id="close-meeting-cancel" onClick={onClose} disabled={busy}>Revenir à la séance</button>
      </div>
    </Modal>
  );
}
