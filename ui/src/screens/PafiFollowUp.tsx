// Suivi of a PAFI: the tutor's dated notes, the intermediate bilans at the dates the contract
// sets (then when they were held and what was said), and the amendments (avenants): what
// changes and why — the contract is then made again as a new version to sign.

import { useEffect, useState } from "preact/hooks";
import {
  pafiAddNote, pafiRecordAmendment, pafiSaveCheckpoint, toApiError,
  type Checkpoint,
} from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { plural } from "../labels";
import type { PafiSectionProps } from "./PafiPage";
import { PafiSection } from "./PafiShared";
import { focusLater, idOrNull, staffOptions } from "./StudentShared";

type Open = "note" | "checkpoint" | number | "amendment" | null;

export function PafiFollowUp(p: PafiSectionProps) {
  const path = p.pafi;
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const closed = path.state === "finished" || path.state === "interrupted";
  const editable = !p.readOnly && !closed;
  const canAmend = editable && (path.state === "validated" || path.state === "running");
  const today = todayIso();

  function show(next: Open) {
    setNotice(null);
    setOpen(next);
  }
  async function done(message: string | null, opener: string) {
    setOpen(null);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("pafi-followup-title");
    } else focusLater(opener);
  }

  return (
    <PafiSection id="pafi-followup" title="Suivi">
      <Notice message={notice} id="pafi-followup-notice" />

      <div class="pafi-sub" id="pafi-notes">
        <div class="section-head">
          <h3 id="pafi-notes-title">Notes du tuteur{path.notes.length > 0 && <span class="section-count"> · {path.notes.length}</span>}</h3>
          {editable && open !== "note" && (
            <div class="actions"><button type="button" class="small" id="btn-add-note" onClick={() => show("note")}>Ajouter une note</button></div>
          )}
        </div>
        {open === "note" && <NoteForm {...p} onClose={(m) => done(m, "btn-add-note")} />}
        {path.notes.length === 0 ? (
          <p class="muted">Aucune note.</p>
        ) : (
          <ul class="gpds-list" id="pafi-note-list">
            {path.notes.map((n) => (
              <li key={n.id} class="gpds-item">
                <p class="gpds-item-meta"><span class="strong">{isoToFr(n.writtenOn)}</span><span>{n.authorName}</span></p>
                <p class="pre-line">{n.text}</p>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div class="pafi-sub" id="pafi-checkpoints">
        <div class="section-head">
          <h3 id="pafi-checkpoints-title">
            Bilans intermédiaires{path.checkpoints.length > 0 && <span class="section-count"> · {path.checkpoints.length}</span>}
          </h3>
          {editable && open !== "checkpoint" && (
            <div class="actions">
              <button type="button" class="small" id="btn-add-checkpoint" onClick={() => show("checkpoint")}>Prévoir un bilan intermédiaire</button>
            </div>
          )}
        </div>
        {open === "checkpoint" && <CheckpointForm {...p} checkpoint={null} onClose={(m) => done(m, "btn-add-checkpoint")} />}
        {path.checkpoints.length === 0 ? (
          <p class="muted">Aucun bilan intermédiaire prévu.</p>
        ) : (
          <ul class="gpds-list" id="pafi-checkpoint-list">
            {path.checkpoints.map((c) => {
              const due = c.heldOn === null && c.dueOn <= today;
              return (
                <li key={c.id} class={`gpds-item${due ? " is-late" : ""}`} id={`pafi-checkpoint-${c.id}`}>
                  <div class="gpds-item-head">
                    <p class="gpds-item-title">{c.subject}</p>
                    <p class="gpds-item-badges">
                      {c.heldOn
                        ? <span class="badge badge-status-done">Tenu le {isoToFr(c.heldOn)}</span>
                        : <span class={`badge ${due ? "badge-late" : "badge-status-todo"}`}>Prévu le {isoToFr(c.dueOn)}</span>}
                    </p>
                  </div>
                  {c.heldOn && <p class="gpds-item-meta"><span>Prévu le {isoToFr(c.dueOn)}</span></p>}
                  {c.summary && <p class="pre-line">{c.summary}</p>}
                  {editable && open !== c.id && (
                    <div class="actions item-actions">
                      <button type="button" class="small" id={`pafi-checkpoint-${c.id}-edit`} onClick={() => show(c.id)}>
                        {c.heldOn ? "Modifier" : "Noter le bilan tenu"}<span class="visually-hidden"> : {c.subject}</span>
                      </button>
                    </div>
                  )}
                  {open === c.id && <CheckpointForm {...p} checkpoint={c} onClose={(m) => done(m, `pafi-checkpoint-${c.id}-edit`)} />}
                </li>
              );
            })}
          </ul>
        )}
      </div>

      <div class="pafi-sub" id="pafi-amendments">
        <div class="section-head">
          <h3 id="pafi-amendments-title">Avenants{path.amendments.length > 0 && <span class="section-count"> · {path.amendments.length}</span>}</h3>
          {canAmend && open !== "amendment" && (
            <div class="actions"><button type="button" class="small" id="btn-add-amendment" onClick={() => show("amendment")}>Enregistrer un avenant</button></div>
          )}
        </div>
        {!canAmend && editable && (
          <p class="hint">Un avenant modifie un parcours validé ou en cours ; avant la validation, modifiez simplement le parcours.</p>
        )}
        {open === "amendment" && <AmendmentForm {...p} onClose={(m) => done(m, "btn-add-amendment")} />}
        {path.amendments.length === 0 ? (
          <p class="muted">Aucun avenant.</p>
        ) : (
          <ul class="gpds-list" id="pafi-amendment-list">
            {path.amendments.map((a, i) => (
              <li key={a.id} class="gpds-item">
                <p class="gpds-item-meta"><span class="strong">Avenant n° {i + 1} du {isoToFr(a.on)}</span></p>
                <p class="pre-line">{a.reason}</p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </PafiSection>
  );
}

function NoteForm(p: PafiSectionProps & { onClose: (m: string | null) => void }) {
  const tutor = p.pafi.tutorId !== null && p.staff.some((s) => s.id === p.pafi.tutorId) ? String(p.pafi.tutorId) : "";
  const [on, setOn] = useState(isoToFr(todayIso()));
  const [author, setAuthor] = useState(tutor);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("pafi-note");
  useEffect(() => focusLater("pafi-note-text"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const writtenOn = parseOptionalDate(on);
    if (!writtenOn) {
      form.setFields({ writtenOn: writtenOn === undefined ? DATE_INVALID : "Indiquez la date de la note." });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await pafiAddNote(p.pafi.id, { writtenOn, authorId: idOrNull(author), text });
      p.onClose(`Note du ${isoToFr(saved.writtenOn)} enregistrée.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="pafi-note-form" onSubmit={submit} noValidate aria-label="Nouvelle note de suivi">
      <div class="grid-2">
        <DateField {...form.bind("writtenOn")} label="Date" value={on} onValue={setOn} required />
        <SelectField {...form.bind("authorId")} label="Auteur" value={author} options={staffOptions(p.staff)} empty="Choisir…" onValue={setAuthor} required />
      </div>
      <TextArea {...form.bind("text")} label="Note" value={text} onValue={setText} required rows={3} />
      <ErrorBanner message={form.banner} id="pafi-note-error" />
      <div class="actions">
        <button type="submit" id="pafi-note-submit" class="primary" disabled={!!busy}>Enregistrer la note</button>
        <button type="button" id="pafi-note-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

function CheckpointForm(p: PafiSectionProps & { checkpoint: Checkpoint | null; onClose: (m: string | null) => void }) {
  const c = p.checkpoint;
  const prefix = c ? `pafi-checkpoint-${c.id}-form` : "pafi-checkpoint";
  const [dueOn, setDueOn] = useState(isoToFr(c?.dueOn));
  const [subject, setSubject] = useState(c?.subject ?? "");
  // Editing one still to hold: it is being noted as held, today by default.
  const [heldOn, setHeldOn] = useState(c ? isoToFr(c.heldOn ?? todayIso()) : "");
  const [summary, setSummary] = useState(c?.summary ?? "");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors(prefix);
  useEffect(() => focusLater(c ? `${prefix}-summary` : `${prefix}-dueOn`), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const due = parseOptionalDate(dueOn);
    const held = parseOptionalDate(heldOn);
    const errors: Record<string, string> = {};
    if (due === undefined) errors.dueOn = DATE_INVALID;
    if (held === undefined) errors.heldOn = DATE_INVALID;
    if (Object.keys(errors).length > 0 || due === undefined || held === undefined) {
      form.setFields(errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await pafiSaveCheckpoint(p.pafi.id, c?.id ?? null, { dueOn: due, subject, heldOn: held, summary });
      p.onClose(saved.heldOn
        ? `Bilan intermédiaire tenu le ${isoToFr(saved.heldOn)} enregistré.`
        : `Bilan intermédiaire prévu le ${isoToFr(saved.dueOn)}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id={`${prefix}-form`} onSubmit={submit} noValidate aria-label={c ? "Bilan intermédiaire" : "Nouveau bilan intermédiaire"}>
      <div class="grid-3">
        <DateField {...form.bind("dueOn")} label="Prévu le" value={dueOn} onValue={setDueOn} required />
        <DateField {...form.bind("heldOn")} label="Tenu le" value={heldOn} onValue={setHeldOn} hint="jj/mm/aaaa — vide tant qu'il n'est pas tenu" />
      </div>
      <TextField
        {...form.bind("subject")} label="Objet" value={subject} onValue={setSubject} required spellcheck
        hint="Par exemple : point avec l'élève et le tuteur d'accueil."
      />
      <TextArea {...form.bind("summary")} label="Ce qui a été dit" value={summary} onValue={setSummary} rows={3} />
      <ErrorBanner message={form.banner} id={`${prefix}-error`} />
      <div class="actions">
        <button type="submit" id={`${prefix}-submit`} class="primary" disabled={!!busy}>Enregistrer</button>
        <button type="button" id={`${prefix}-cancel`} onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

function AmendmentForm(p: PafiSectionProps & { onClose: (m: string | null) => void }) {
  const [on, setOn] = useState(isoToFr(todayIso()));
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("pafi-amendment");
  useEffect(() => focusLater("pafi-amendment-reason"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const date = parseOptionalDate(on);
    if (!date) {
      form.setFields({ on: date === undefined ? DATE_INVALID : "Indiquez la date de l'avenant." });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await pafiRecordAmendment(p.pafi.id, date, reason);
      p.onClose(`Avenant du ${isoToFr(saved.on)} enregistré : refaites le contrat (Documents), une nouvelle version sera à signer.`);
    } catch (error) {
      setBusy(null);
      form.report(toApiError(error));
    }
  }

  return (
    <form class="inline-form" id="pafi-amendment-form" onSubmit={submit} noValidate aria-label="Nouvel avenant">
      <DateField {...form.bind("on")} label="Décidé le" value={on} onValue={setOn} required class="field-date" />
      <TextArea
        {...form.bind("reason")} label="Ce que l'avenant change, et pourquoi" value={reason} onValue={setReason} required rows={3}
        hint={`Par exemple : stage prolongé de deux semaines à la demande de la structure. ${plural(p.pafi.amendments.length, "avenant")} à ce jour.`}
      />
      <ErrorBanner message={form.banner} id="pafi-amendment-error" />
      <div class="actions">
        <button type="submit" id="pafi-amendment-submit" class="primary" disabled={!!busy}>Enregistrer l'avenant</button>
        <button type="button" id="pafi-amendment-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
