// The student's follow-up actions: to do first (late ones marked « en retard »), then done and
// cancelled ones. Each shows its owner, due date and the meeting that decided it; an action is
// marked done (date and short result), cancelled (reason) or reopened; one can be added outside a
// meeting (a due date before today asks for confirmation).

import { useEffect, useState } from "preact/hooks";
import {
  actionAdd, actionCancel, actionComplete, actionReopen, toApiError,
  type Action, type ActionKind,
} from "../api";
import { DATE_INVALID, formatDateTime, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { useConfirmRetry } from "../components/confirm";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, RequiredNote, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { ACTION_KINDS, ACTION_STATUSES, labelOf } from "../gpdsLabels";
import { plural } from "../labels";
import { SectionHead, focusLater, idOrNull, staffOptions, type SectionProps, useNotice } from "./StudentShared";

/** An action still to do whose due date has passed. */
export function isLate(a: Action, today = todayIso()): boolean {
  return a.status === "todo" && a.dueOn < today;
}

/** Up to this many done or cancelled actions, their list starts unfolded. */
const SETTLED_OPEN = 3;

type Open = { form: "new" } | { form: "done"; id: number } | { form: "cancel"; id: number } | null;

export function StudentActions(p: SectionProps) {
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useNotice(p.version);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const today = todayIso();
  const actions = p.gpds.actions;
  const todo = actions.filter((a) => a.status === "todo").length;
  const late = actions.filter((a) => isLate(a, today)).length;
  const todoList = actions.filter((a) => a.status === "todo");
  const settled = actions.filter((a) => a.status !== "todo");

  function show(next: Open) {
    setNotice(null);
    setError(null);
    setOpen(next);
  }
  /** Closes the open form: after a save, says so and reloads; otherwise gives the focus back. */
  function closed(message: string | null, opener: string) {
    setOpen(null);
    if (message) {
      setNotice(message);
      p.onChanged();
      focusLater("actions-title");
    } else focusLater(opener);
  }

  async function reopen(a: Action) {
    setNotice(null);
    setError(null);
    setBusyId(a.id);
    try {
      await actionReopen(a.id);
      setNotice(`Action rouverte : ${labelOf(ACTION_KINDS, a.kind)}.`);
      p.onChanged();
      focusLater("actions-title");
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setBusyId(null);
    }
  }

  function renderItem(a: Action) {
    const isOpen = open !== null && open.form !== "new" && open.id === a.id;
    return (
      <li key={a.id} id={`action-item-${a.id}`} class={`gpds-item status-${a.status}${isLate(a, today) ? " is-late" : ""}`} data-status={a.status}>
        <div class="gpds-item-head">
          <p class="gpds-item-title">
            {labelOf(ACTION_KINDS, a.kind)}
            {a.detail && <span class="gpds-item-detail"> — {a.detail}</span>}
          </p>
          <p class="gpds-item-badges">
            <span class={`badge badge-status-${a.status}`}>{labelOf(ACTION_STATUSES, a.status)}</span>
            {isLate(a, today) && <span class="badge badge-late">en retard</span>}
          </p>
        </div>
        <p class="gpds-item-meta">
          <span>Responsable : <span class="strong">{a.ownerName}</span></span>
          <span>Échéance : <span class="strong">{isoToFr(a.dueOn)}</span></span>
          <span>
            {a.meetingId !== null && a.meetingDate
              ? (
                <>Décidée au{" "}
                  <button type="button" class="link" id={`action-${a.id}-meeting`} onClick={() => p.openMeeting(a.meetingId!)}>
                    GPDS du {isoToFr(a.meetingDate)}
                  </button>
                </>
              )
              : <span title={`Enregistrée le ${formatDateTime(a.createdAt)}`}>Ajoutée hors séance le {isoToFr(a.createdAt)}</span>}
          </span>
        </p>
        {a.status === "done" && (
          <p class="gpds-item-outcome"><span class="strong">Faite le {isoToFr(a.doneOn)} :</span> {a.result}</p>
        )}
        {a.status === "cancelled" && (
          <p class="gpds-item-outcome"><span class="strong">Annulée le {isoToFr(a.doneOn)} :</span> {a.cancelReason}</p>
        )}
        {!p.readOnly && !isOpen && (
          <div class="actions item-actions">
            {a.status === "todo" ? (
              <>
                <button type="button" class="small" id={`action-${a.id}-done`} onClick={() => show({ form: "done", id: a.id })}>
                  Marquer faite
                </button>
                <button type="button" class="small" id={`action-${a.id}-cancel`} onClick={() => show({ form: "cancel", id: a.id })}>
                  Annuler l'action
                </button>
              </>
            ) : (
              <button type="button" class="small" id={`action-${a.id}-reopen`} onClick={() => reopen(a)} disabled={busyId === a.id}>
                {busyId === a.id ? "Enregistrement…" : "Rouvrir"}
              </button>
            )}
          </div>
        )}
        {isOpen && open.form === "done" && (
          <DoneForm action={a} onClose={(m) => closed(m, `action-${a.id}-done`)} />
        )}
        {isOpen && open.form === "cancel" && (
          <CancelForm action={a} onClose={(m) => closed(m, `action-${a.id}-cancel`)} />
        )}
      </li>
    );
  }

  const count = actions.length === 0
    ? undefined
    : [plural(actions.length, "action"), todo > 0 ? `${todo} à faire` : "", late > 0 ? `${late} en retard` : ""].filter(Boolean).join(", ");
  return (
    <section aria-labelledby="actions-title" class="card" id="actions-section">
      <SectionHead id="actions-title" title="Actions" count={count}>
        {!p.readOnly && open?.form !== "new" && (
          <button type="button" id="btn-add-action" onClick={() => show({ form: "new" })}>Ajouter une action</button>
        )}
      </SectionHead>
      <Notice message={notice} id="actions-notice" />
      <ErrorBanner message={error} id="actions-error" />
      {open?.form === "new" && <ActionForm {...p} onClose={(m) => closed(m, "btn-add-action")} />}
      {actions.length === 0 && <p class="muted" id="actions-empty">Aucune action pour cet élève.</p>}
      {actions.length > 0 && todoList.length === 0 && <p class="muted" id="actions-none-todo">Aucune action à faire.</p>}
      {todoList.length > 0 && (
        <ul class="gpds-list" id="actions-list">
          {todoList.map(renderItem)}
        </ul>
      )}
      {settled.length > 0 && (
        <details class="settled" id="actions-settled" open={settled.length <= SETTLED_OPEN}>
          <summary>Actions faites ou annulées ({settled.length})</summary>
          <ul class="gpds-list" id="actions-settled-list">
            {settled.map(renderItem)}
          </ul>
        </details>
      )}
    </section>
  );
}

interface Draft {
  kind: ActionKind | "";
  detail: string;
  owner: string;
  dueOn: string;
}

function ActionForm(p: SectionProps & { onClose: (notice: string | null) => void }) {
  const f = p.gpds.followup;
  // The person in charge of the follow-up, by default, if they are still here.
  const inCharge = f?.open && f.inCharge !== null && p.staff.some((s) => s.id === f.inCharge) ? String(f.inCharge) : "";
  const [d, setD] = useState<Draft>({ kind: "", detail: "", owner: inCharge, dueOn: "" });
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, run] = useConfirmRetry();
  const form = useFormErrors("action-new");
  const set = <K extends keyof Draft>(key: K) => (v: Draft[K]) => setD({ ...d, [key]: v });
  useEffect(() => focusLater("action-new-kind"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const errors: Record<string, string> = {};
    if (d.kind === "") errors.kind = "Choisissez le type d'action.";
    const dueOn = parseOptionalDate(d.dueOn);
    if (dueOn === undefined) errors.dueOn = DATE_INVALID;
    if (Object.keys(errors).length > 0 || d.kind === "" || dueOn === undefined) {
      form.setFields(errors);
      return;
    }
    const input = { id: null, kind: d.kind, detail: d.detail.trim(), owner: idOrNull(d.owner), dueOn };
    setBusy("Enregistrement…");
    try {
      const saved = await run((confirmed) => actionAdd(p.studentId, input, confirmed));
      if (saved === null) {
        // The user chose to correct the date.
        setBusy(null);
        focusLater("action-new-dueOn");
        return;
      }
      p.onClose(`Action ajoutée : ${labelOf(ACTION_KINDS, saved.kind)}, par ${saved.ownerName}, échéance le ${isoToFr(saved.dueOn)}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="action-new-form" onSubmit={submit} noValidate aria-labelledby="action-new-title">
      <h3 id="action-new-title">Nouvelle action (hors séance)</h3>
      <RequiredNote />
      <div class="grid-2">
        <SelectField {...form.bind("kind")} label="Type d'action" value={d.kind} options={ACTION_KINDS} empty="Choisir…" onValue={set("kind")} required />
        <SelectField {...form.bind("owner")} label="Qui s'en charge" value={d.owner} options={staffOptions(p.staff)} empty="Choisir…" onValue={set("owner")} required />
      </div>
      <TextField
        {...form.bind("detail")} label="Précision" value={d.detail} onValue={set("detail")} spellcheck
        hint={d.kind === "autre" ? "Obligatoire pour une action « Autre »." : "Par exemple : avec la mère, au CIO, avec M. Duval de la mission locale."}
        required={d.kind === "autre"}
      />
      <DateField {...form.bind("dueOn")} label="Échéance" value={d.dueOn} onValue={set("dueOn")} required class="field-date" />
      <ErrorBanner message={form.banner} id="action-new-error" />
      <div class="actions">
        <button type="submit" id="action-new-submit" class="primary" disabled={!!busy}>Enregistrer l'action</button>
        <button type="button" id="action-new-close" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
      {dialog}
    </form>
  );
}

function DoneForm({ action, onClose }: { action: Action; onClose: (notice: string | null) => void }) {
  const [doneOn, setDoneOn] = useState(isoToFr(todayIso()));
  const [result, setResult] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("action-done");
  useEffect(() => focusLater("action-done-result"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const on = parseOptionalDate(doneOn);
    if (on === undefined) {
      form.setFields({ doneOn: DATE_INVALID });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await actionComplete(action.id, on, result);
      onClose(`Action marquée faite le ${isoToFr(saved.doneOn)} : ${labelOf(ACTION_KINDS, saved.kind)}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="action-done-form" onSubmit={submit} noValidate aria-label="Marquer l'action faite">
      <div class="done-grid">
        <DateField {...form.bind("doneOn")} label="Faite le" value={doneOn} onValue={setDoneOn} required />
        <TextArea
          {...form.bind("result")} label="Résultat" value={result} onValue={setResult} required rows={2}
          hint="En quelques mots : ce qui en est ressorti."
        />
      </div>
      <ErrorBanner message={form.banner} id="action-done-error" />
      <div class="actions">
        <button type="submit" id="action-done-submit" class="primary" disabled={!!busy}>Enregistrer</button>
        <button type="button" id="action-done-close" onClick={() => onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

function CancelForm({ action, onClose }: { action: Action; onClose: (notice: string | null) => void }) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("action-cancel");
  useEffect(() => focusLater("action-cancel-cancelReason"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    setBusy("Enregistrement…");
    try {
      const saved = await actionCancel(action.id, reason);
      onClose(`Action annulée : ${labelOf(ACTION_KINDS, saved.kind)}.`);
    } catch (error) {
      setBusy(null);
      form.report(toApiError(error));
    }
  }

  return (
    <form class="inline-form" id="action-cancel-form" onSubmit={submit} noValidate aria-label="Annuler l'action">
      <TextField
        {...form.bind("cancelReason")} label="Motif de l'annulation" value={reason} onValue={setReason} required spellcheck
        hint="Par exemple : la famille a refusé, l'élève a quitté l'établissement."
      />
      <ErrorBanner message={form.banner} id="action-cancel-error" />
      <div class="actions">
        <button type="submit" id="action-cancel-submit" class="danger" disabled={!!busy}>Annuler l'action</button>
        <button type="button" id="action-cancel-close" onClick={() => onClose(null)} disabled={!!busy}>Garder l'action</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
