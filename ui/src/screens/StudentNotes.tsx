// The « Notes » panel of the student page: each note with its date, its author, its sensitivity
// (Équipe / Restreint / Auteur seul) and its résumé utile. The list never carries the text of a
// restricted note: « Lire » asks for it (the reading is written in the journal, unless one wrote
// the note); a user who may not read it sees that it exists (« 1 note restreinte —
// Médico-social, 12/03/2026 ») and its résumé utile. A form writes or changes a note.

import { useEffect, useState } from "preact/hooks";
import {
  noteAdd, noteDelete, noteRead, noteUpdate, studentNotes, toApiError,
  type Sensitivity, type StudentNote, type StudentNotes as Notes,
} from "../api";
import { DATE_INVALID, formatDateTime, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, RequiredNote, SelectField, TextArea, useFormErrors } from "../components/fields";
import { ConfirmDialog } from "../components/Modal";
import { labelOf, plural } from "../labels";
import { ROLES, SENSITIVITIES, SENSITIVITY_HELP, SUMMARY_HINT } from "../notesLabels";
import { SectionHead, focusLater } from "./StudentShared";

interface Props {
  studentId: number;
  readOnly: boolean;
  /** Bumped by the page after a change: the list is read again. */
  version: number;
  /** After a write: the page reloads what depends on it (the chronology). */
  onChanged: () => void;
}

type Editing = "new" | StudentNote | null;

export function StudentNotes({ studentId, readOnly, version, onChanged }: Props) {
  const [data, setData] = useState<Notes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  /** Texts read with « Lire », by note id (forgotten when the list is read again). */
  const [read, setRead] = useState<Map<number, StudentNote>>(new Map());
  const [deleting, setDeleting] = useState<StudentNote | null>(null);

  function load() {
    setRead(new Map());
    studentNotes(studentId).then(setData, (reason) => setError(toApiError(reason).message));
  }
  useEffect(load, [studentId, version]);

  const mayWrite = !readOnly && !!data?.mayWrite;

  function closed(message: string | null, opener: string) {
    setEditing(null);
    if (message) {
      setNotice(message);
      onChanged();
      focusLater("notes-title");
    } else focusLater(opener);
  }

  async function readNote(n: StudentNote) {
    setError(null);
    try {
      const full = await noteRead(n.id);
      setRead(new Map(read).set(n.id, full));
      focusLater(`note-${n.id}-text`);
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }

  function hide(id: number) {
    const next = new Map(read);
    next.delete(id);
    setRead(next);
    focusLater(`note-${id}-read`);
  }

  const notes = data?.notes ?? [];
  return (
    <section aria-labelledby="notes-title" class="card" id="notes-section">
      <SectionHead id="notes-title" title="Notes" count={notes.length ? plural(notes.length, "note") : undefined}>
        {mayWrite && editing !== "new" && (
          <button type="button" id="btn-add-note" onClick={() => { setNotice(null); setEditing("new"); }}>
            Écrire une note
          </button>
        )}
      </SectionHead>
      <p class="hint section-hint" id="notes-principle">
        Chaque note dit qui peut la lire. Le résumé utile, lui, est lu par toute l'équipe : n'y mettez que ce qui est
        nécessaire à l'accompagnement.
      </p>
      <Notice message={notice} id="notes-notice" />
      <ErrorBanner message={error} id="notes-error" />
      {editing === "new" && data && (
        <NoteForm studentId={studentId} note={null} authorOnly={data.mayWriteAuthorOnly} onClose={(m) => closed(m, "btn-add-note")} />
      )}
      {!data && !error && <p role="status">Chargement des notes…</p>}
      {data && notes.length === 0 && editing !== "new" && <p class="muted" id="notes-empty">Aucune note.</p>}
      {notes.length > 0 && (
        <ul class="gpds-list" id="notes-list">
          {notes.map((n) => {
            const full = read.get(n.id);
            const text = full?.text ?? n.text;
            if (editing !== null && editing !== "new" && editing.id === n.id) {
              return (
                <li key={n.id} id={`note-${n.id}`} class="gpds-item">
                  <NoteForm
                    studentId={studentId} note={{ ...n, text }} authorOnly={data?.mayWriteAuthorOnly ?? false}
                    onClose={(m) => closed(m, `note-${n.id}-edit`)}
                  />
                </li>
              );
            }
            return (
              <li key={n.id} id={`note-${n.id}`} class={`gpds-item note note-${n.sensitivity}`} data-sensitivity={n.sensitivity}>
                <div class="gpds-item-head">
                  <p class="gpds-item-title" title={`Écrite le ${formatDateTime(n.createdAt)}`}>
                    Le {isoToFr(n.writtenOn)}
                    {n.authorName ? <>, par {n.authorName} <span class="muted">({labelOf(ROLES, n.authorRole)})</span></> : <span class="muted"> — {labelOf(ROLES, n.authorRole)}</span>}
                  </p>
                  <p class="gpds-item-badges">
                    <span class={`badge badge-sensitivity badge-sensitivity-${n.sensitivity}`} id={`note-${n.id}-sensitivity`} title={SENSITIVITY_HELP[n.sensitivity]}>
                      {labelOf(SENSITIVITIES, n.sensitivity)}
                    </span>
                  </p>
                </div>
                {text !== null ? (
                  <p class="pre-line note-text" id={`note-${n.id}-text`} tabIndex={-1}>{text}</p>
                ) : (
                  <p class="note-stub" id={`note-${n.id}-stub`}>{n.stub}</p>
                )}
                {n.summary && (
                  <p class="note-summary" id={`note-${n.id}-summary`}><span class="strong">Résumé utile : </span>{n.summary}</p>
                )}
                <div class="actions item-actions">
                  {text === null && n.readable && (
                    <button type="button" class="small" id={`note-${n.id}-read`} onClick={() => void readNote(n)}>
                      Lire<span class="visually-hidden"> la note du {isoToFr(n.writtenOn)}</span>
                    </button>
                  )}
                  {full && n.text === null && (
                    <button type="button" class="small" id={`note-${n.id}-hide`} onClick={() => hide(n.id)}>Masquer</button>
                  )}
                  {mayWrite && n.editable && text !== null && (
                    <button type="button" class="small" id={`note-${n.id}-edit`} onClick={() => { setNotice(null); setEditing({ ...n, text }); }}>
                      Modifier<span class="visually-hidden"> la note du {isoToFr(n.writtenOn)}</span>
                    </button>
                  )}
                  {mayWrite && n.deletable && (
                    <button type="button" class="small" id={`note-${n.id}-delete`} onClick={() => { setNotice(null); setDeleting(n); }}>
                      Supprimer<span class="visually-hidden"> la note du {isoToFr(n.writtenOn)}</span>
                    </button>
                  )}
                </div>
                {text === null && !n.readable && (
                  <p class="hint" id={`note-${n.id}-why`}>{SENSITIVITY_HELP[n.sensitivity]}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          id="confirm-delete-note" title="Supprimer la note ?" confirmLabel="Supprimer" busyLabel="Suppression…" danger
          onConfirm={async () => {
            await noteDelete(deleting.id);
            setNotice(`Note du ${isoToFr(deleting.writtenOn)} supprimée.`);
            onChanged();
          }}
          onClose={() => { setDeleting(null); focusLater("notes-title"); }}
        >
          <p>
            La note du {isoToFr(deleting.writtenOn)} sera effacée du dossier. Le journal garde la trace de sa suppression
            {deleting.sensitivity === "equipe" ? "." : ", sans son texte."}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

interface Draft {
  writtenOn: string;
  sensitivity: Sensitivity | "";
  text: string;
  summary: string;
}

function NoteForm(p: { studentId: number; note: StudentNote | null; authorOnly: boolean; onClose: (notice: string | null) => void }) {
  const n = p.note;
  const [d, setD] = useState<Draft>(
    n
      ? { writtenOn: isoToFr(n.writtenOn), sensitivity: n.sensitivity, text: n.text ?? "", summary: n.summary }
      : { writtenOn: isoToFr(todayIso()), sensitivity: "equipe", text: "", summary: "" },
  );
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("note");
  const set = <K extends keyof Draft>(key: K) => (v: Draft[K]) => setD({ ...d, [key]: v });
  useEffect(() => focusLater("note-writtenOn"), []);
  // « Auteur seul » needs a personal account (no one could read the note back otherwise).
  const choices = SENSITIVITIES.filter(([s]) => s !== "auteur" || p.authorOnly || n?.sensitivity === "auteur");

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const writtenOn = parseOptionalDate(d.writtenOn);
    if (writtenOn === undefined) {
      form.setFields({ writtenOn: DATE_INVALID });
      return;
    }
    if (!d.sensitivity) {
      form.setFields({ sensitivity: "Choisissez qui peut lire la note." });
      return;
    }
    const input = { writtenOn, sensitivity: d.sensitivity, text: d.text, summary: d.summary };
    setBusy("Enregistrement…");
    try {
      const saved = n ? await noteUpdate(n.id, input) : await noteAdd(p.studentId, input);
      const kind = saved.sensitivity === "equipe" ? "" : ` (${labelOf(SENSITIVITIES, saved.sensitivity).toLowerCase()})`;
      p.onClose(n ? `Note du ${isoToFr(saved.writtenOn)} modifiée.` : `Note du ${isoToFr(saved.writtenOn)} enregistrée${kind}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="note-form" onSubmit={submit} noValidate aria-labelledby="note-form-title">
      <h3 id="note-form-title">{n ? `Modifier la note du ${isoToFr(n.writtenOn)}` : "Nouvelle note"}</h3>
      <RequiredNote />
      <div class="grid-date-first">
        <DateField {...form.bind("writtenOn")} label="Date" value={d.writtenOn} onValue={set("writtenOn")} required />
        <SelectField
          {...form.bind("sensitivity")} label="Qui peut la lire" value={d.sensitivity} options={choices}
          onValue={set("sensitivity")} required
          hint={
            <>
              {d.sensitivity ? SENSITIVITY_HELP[d.sensitivity] : "Équipe, Restreint ou Auteur seul."}
              {!p.authorOnly && <> « Auteur seul » demande d'être connecté avec un compte personnel.</>}
            </>
          }
        />
      </div>
      <TextArea {...form.bind("text")} label="La note" value={d.text} onValue={set("text")} required rows={4} spellcheck />
      <TextArea {...form.bind("summary")} label="Résumé utile" value={d.summary} onValue={set("summary")} rows={2} spellcheck hint={SUMMARY_HINT} />
      <ErrorBanner message={form.banner} id="note-error" />
      <div class="actions">
        <button type="submit" id="note-submit" class="primary" disabled={!!busy}>{n ? "Enregistrer" : "Enregistrer la note"}</button>
        <button type="button" id="note-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
