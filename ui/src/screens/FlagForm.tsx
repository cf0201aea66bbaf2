// Signaler un élève (repérage): a modal used from the tableau de bord and from the student's
// page. Who raised the worry, when, which signals (with their numbers where they apply), and a
// free note. Also exports the student picker the GPDS screens share.

import { useEffect, useRef, useState } from "preact/hooks";
import {
  flagCreate, staffList, studentGet, studentsList, toApiError,
  type Flag, type Signal, type SignalKind, type Staff, type StudentRow,
} from "../api";
import { DATE_INVALID, frToIso, isoToFr, todayIso } from "../api/dates";
import { Busy, ErrorBanner } from "../components/feedback";
import { DateField, RequiredNote, SelectField, TextArea, TextField } from "../components/fields";
import { useSearch } from "../components/hooks";
import { Modal } from "../components/Modal";
import { SIGNAL_KINDS, labelOf } from "../gpdsLabels";
import { STAFF_ROLES, type Options } from "../labels";

interface Props {
  /** The student flagged; without it the form starts with a student picker. */
  studentId?: number;
  onDone: (flag: Flag) => void;
  onClose: () => void;
}

interface SignalDraft {
  checked: boolean;
  amount: string;
  unjustified: string;
  detail: string;
}

/** What each signal asks for besides its checkbox. */
const AMOUNT_LABEL: Partial<Record<SignalKind, string>> = {
  absences: "Demi-journées d'absence",
  exclusions: "Nombre d'exclusions",
};
const DETAIL_LABEL: Partial<Record<SignalKind, string>> = {
  questionnaire: "Résultat du questionnaire",
  autre: "Précisez le signal",
};

const EMPTY_SIGNAL: SignalDraft = { checked: false, amount: "", unjustified: "", detail: "" };

/** "Claire MARTIN — CPE": staff as offered in a select. */
export function staffOptions(staff: Staff[]): Options<string> {
  return staff.map((s) => [String(s.id), `${s.firstName} ${s.lastName} — ${labelOf(STAFF_ROLES, s.role)}`] as const);
}

/** "Absences : 12 demi-journées, dont 6 non justifiées — précision". */
export function signalText(s: Signal): string {
  let text = labelOf(SIGNAL_KINDS, s.kind);
  if (s.kind === "absences" && s.amount !== null) {
    text += ` : ${s.amount} demi-journée${s.amount > 1 ? "s" : ""}`;
    if (s.unjustified !== null) text += `, dont ${s.unjustified} non justifiée${s.unjustified > 1 ? "s" : ""}`;
  } else if (s.kind === "exclusions" && s.amount !== null) {
    text += ` : ${s.amount}`;
  }
  if (s.detail) text += s.kind === "questionnaire" || s.kind === "autre" ? ` : ${s.detail}` : ` — ${s.detail}`;
  return text;
}

/** A whole number typed by the user: "" → null, "12" → 12, anything else → undefined. */
function parseCount(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") return null;
  return /^\d{1,4}$/.test(t) ? Number(t) : undefined;
}

const NOT_A_NUMBER = "Saisissez un nombre entier (par exemple 12).";

/** DOM id of the input a shell error names, given the signals in the order they were sent. */
function idOfField(field: string, sent: SignalKind[]): string | null {
  switch (field) {
    case "studentId": return "flag-student";
    case "flaggedOn": return "flag-date";
    case "raisedBy": return "flag-raised-by";
    case "signals": return "flag-signals";
    case "note": return "flag-note";
  }
  const m = /^signals\[(\d+)\]\.(\w+)$/.exec(field);
  const kind = m && sent[Number(m[1])];
  if (!m || !kind) return null;
  switch (m[2]) {
    case "amount": return `signal-${kind}-amount`;
    case "unjustified": return "signal-absences-unjustified";
    case "detail": return `signal-${kind}-detail`;
    default: return `signal-${kind}`;
  }
}

export function FlagForm({ studentId, onDone, onClose }: Props) {
  const [student, setStudent] = useState<StudentRow | null>(null);
  const [date, setDate] = useState(isoToFr(todayIso()));
  const [raisedBy, setRaisedBy] = useState("");
  const [signals, setSignals] = useState<Record<SignalKind, SignalDraft>>(
    () => Object.fromEntries(SIGNAL_KINDS.map(([k]) => [k, { ...EMPTY_SIGNAL }])) as Record<SignalKind, SignalDraft>,
  );
  const [note, setNote] = useState("");
  const [staff, setStaff] = useState<Staff[] | null>(null);
  /** Errors by DOM id of the field they are about. */
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    staffList("", false).then(setStaff, (reason) => setBanner(toApiError(reason).message));
    if (studentId !== undefined) {
      studentGet(studentId).then(
        (s) => setStudent({
          id: s.id, lastName: s.lastName, firstName: s.firstName, className: s.className,
          birthDate: s.birthDate, ine: s.ine, archived: s.archived,
        }),
        (reason) => setBanner(toApiError(reason).message),
      );
    }
  }, [studentId]);

  function showErrors(next: Record<string, string>) {
    setErrors(next);
    const first = Object.keys(next)[0];
    if (first) {
      setTimeout(() => {
        const input = document.getElementById(first);
        input?.focus();
        input?.closest(".field, fieldset")?.scrollIntoView({ block: "center" });
      }, 0);
    }
  }

  /** Forgets the error of a field the user just changed (it may be right now). */
  const edited = (id: string) =>
    setErrors((all) => {
      if (!(id in all)) return all;
      const { [id]: _fixed, ...rest } = all;
      return rest;
    });
  const setSignal = (kind: SignalKind, patch: Partial<SignalDraft>) => {
    setSignals((all) => ({ ...all, [kind]: { ...all[kind], ...patch } }));
    if (patch.checked !== undefined) edited("flag-signals");
    if (patch.amount !== undefined) edited(`signal-${kind}-amount`);
    if (patch.unjustified !== undefined) edited("signal-absences-unjustified");
    if (patch.detail !== undefined) edited(`signal-${kind}-detail`);
  };

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBanner(null);
    const found: Record<string, string> = {};
    if (!student) found["flag-student"] = "Choisissez l'élève repéré.";
    const flaggedOn = frToIso(date);
    if (!flaggedOn) found["flag-date"] = date.trim() === "" ? "Indiquez la date du repérage." : DATE_INVALID;
    if (raisedBy === "") found["flag-raised-by"] = "Indiquez qui a repéré l'élève (un membre du personnel).";
    const sent: Signal[] = [];
    for (const [kind] of SIGNAL_KINDS) {
      const d = signals[kind];
      if (!d.checked) continue;
      const amount = parseCount(d.amount);
      const unjustified = parseCount(d.unjustified);
      if (amount === undefined) found[`signal-${kind}-amount`] = NOT_A_NUMBER;
      if (kind === "absences" && unjustified === undefined) found["signal-absences-unjustified"] = NOT_A_NUMBER;
      sent.push({
        kind,
        amount: AMOUNT_LABEL[kind] ? amount ?? null : null,
        unjustified: kind === "absences" ? unjustified ?? null : null,
        detail: d.detail.trim(),
      });
    }
    if (sent.length === 0) found["flag-signals"] = "Cochez au moins un signal (absences, baisse des résultats, comportement…).";
    if (Object.keys(found).length > 0 || !student || !flaggedOn) {
      showErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const flag = await flagCreate({
        studentId: student.id, flaggedOn, raisedBy: raisedBy === "" ? null : Number(raisedBy),
        signals: sent, note: note.trim(),
      });
      onDone(flag);
    } catch (reason) {
      setBusy(false);
      const error = toApiError(reason);
      const id = error.code === "validation" && error.field ? idOfField(error.field, sent.map((s) => s.kind)) : null;
      if (id && document.getElementById(id)) showErrors({ [id]: error.message });
      else setBanner(error.message);
    }
  }

  const title = student && studentId !== undefined
    ? `Signaler ${student.firstName} ${student.lastName}`
    : "Signaler un élève";
  return (
    <Modal id="flag-modal" title={title} onClose={() => !busy && onClose()}>
      <form id="flag-form" class="flag-form" onSubmit={submit} noValidate>
        <RequiredNote />
        {studentId === undefined && (
          student ? (
            <div class="field" id="flag-student-chosen">
              <span class="label">Élève<span class="required" aria-hidden="true"> *</span></span>
              <p class="picked">
                <span class="strong">{student.firstName} {student.lastName}</span> <span class="muted">({student.className})</span>
                <button
                  type="button" class="link" id="flag-student-change"
                  onClick={() => {
                    setStudent(null);
                    setTimeout(() => document.getElementById("flag-student")?.focus(), 0);
                  }}
                >
                  Changer d'élève
                </button>
              </p>
            </div>
          ) : (
            <StudentPicker
              id="flag-student" label="Élève" required error={errors["flag-student"]}
              hint="Tapez le début du nom ou du prénom, puis Entrée ou ↓ pour choisir."
              onPick={(s) => {
                setStudent(s);
                edited("flag-student");
                setTimeout(() => document.getElementById("flag-date")?.focus(), 0);
              }}
            />
          )
        )}
        <div class="grid-2">
          <DateField id="flag-date" label="Date du repérage" value={date} onValue={(v) => { setDate(v); edited("flag-date"); }} error={errors["flag-date"]} required />
          <SelectField
            id="flag-raised-by" label="Repéré par" value={raisedBy} options={staffOptions(staff ?? [])}
            empty={staff === null ? "Chargement…" : "Choisir…"} onValue={(v) => { setRaisedBy(v); edited("flag-raised-by"); }} error={errors["flag-raised-by"]} required
            hint={staff?.length === 0 ? "Ajoutez d'abord les personnels (section Personnels)." : undefined}
          />
        </div>
        <fieldset
          id="flag-signals" tabIndex={-1} class={`signals${errors["flag-signals"] ? " field-invalid" : ""}`}
          aria-describedby={errors["flag-signals"] ? "flag-signals-error" : undefined}
        >
          <legend>Signaux<span class="required" aria-hidden="true"> *</span></legend>
          {errors["flag-signals"] && (
            <p id="flag-signals-error" class="field-error"><span aria-hidden="true">⚠ </span>{errors["flag-signals"]}</p>
          )}
          <ul class="signal-list">
            {SIGNAL_KINDS.map(([kind, label]) => {
              const d = signals[kind];
              return (
                <li key={kind} class={d.checked ? "signal checked" : "signal"} data-signal={kind}>
                  <div class="checkbox">
                    <input
                      id={`signal-${kind}`} type="checkbox" checked={d.checked}
                      onChange={(e) => setSignal(kind, { checked: e.currentTarget.checked })}
                    />
                    <label for={`signal-${kind}`}>{label}</label>
                  </div>
                  {d.checked && (
                    <div class="signal-values">
                      {AMOUNT_LABEL[kind] && (
                        <TextField
                          id={`signal-${kind}-amount`} label={AMOUNT_LABEL[kind]!} value={d.amount} inputMode="numeric"
                          onValue={(amount) => setSignal(kind, { amount })} error={errors[`signal-${kind}-amount`]}
                          required={kind === "absences"} class={kind === "absences" ? "long" : "short"}
                          hint={kind === "absences" ? "ce trimestre" : undefined}
                        />
                      )}
                      {kind === "absences" && (
                        <TextField
                          id="signal-absences-unjustified" label="dont non justifiées" value={d.unjustified} inputMode="numeric"
                          onValue={(unjustified) => setSignal(kind, { unjustified })} error={errors["signal-absences-unjustified"]}
                          class="short"
                        />
                      )}
                      <TextField
                        id={`signal-${kind}-detail`} label={DETAIL_LABEL[kind] ?? "Précision (facultatif)"} value={d.detail}
                        onValue={(detail) => setSignal(kind, { detail })} error={errors[`signal-${kind}-detail`]}
                        required={kind in DETAIL_LABEL} class="grow" spellcheck
                      />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
        <TextArea id="flag-note" label="Observations" value={note} onValue={setNote} error={errors["flag-note"]} rows={2}
          hint="Restez factuel : la famille peut demander à lire ce qui est écrit." />
        <ErrorBanner message={banner} id="flag-error" />
        <div class="actions">
          <button type="submit" id="flag-save" class="primary" disabled={busy}>Enregistrer le repérage</button>
          <button type="button" id="flag-cancel" onClick={onClose} disabled={busy}>Annuler</button>
          <Busy message={busy ? "Enregistrement…" : null} />
        </div>
      </form>
    </Modal>
  );
}

interface PickerProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** Students not to offer (already chosen). */
  exclude?: number[];
  onPick: (student: StudentRow) => void;
  /** Clears the search once a student is picked (to pick several in a row). */
  clearOnPick?: boolean;
}

const SHOWN = 8;

/**
 * Finds a student as the user types: ↓ or Entrée from the search field goes to the results,
 * ↑/↓ move between them, Entrée picks one.
 */
export function StudentPicker(p: PickerProps) {
  const [query, setQuery] = useState("");
  const { rows, error } = useSearch(studentsList, query, false);
  const list = useRef<HTMLUListElement>(null);
  const found = query.trim() === "" || !rows ? [] : rows.filter((s) => !p.exclude?.includes(s.id));
  const shown = found.slice(0, SHOWN);

  function pick(s: StudentRow) {
    if (p.clearOnPick) setQuery("");
    p.onPick(s);
  }
  function options(): HTMLButtonElement[] {
    return [...(list.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
  }
  function onInputKey(e: KeyboardEvent) {
    if (e.key === "ArrowDown" && shown.length > 0) {
      e.preventDefault();
      options()[0]?.focus();
    } else if (e.key === "Enter") {
      e.preventDefault();
      const first = shown[0];
      if (first) pick(first);
    }
  }
  function onOptionKey(e: KeyboardEvent, i: number) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = i + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0) document.getElementById(p.id)?.focus();
      else options()[Math.min(next, shown.length - 1)]?.focus();
    }
  }

  const described = [p.hint ? `${p.id}-hint` : "", p.error ? `${p.id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={`field picker${p.error ? " field-invalid" : ""}`}>
      <label for={p.id}>
        {p.label}
        {p.required && <span class="required" aria-hidden="true"> *</span>}
      </label>
      <input
        id={p.id} type="search" value={query} autoComplete="off" spellcheck={false}
        onInput={(e) => setQuery(e.currentTarget.value)} onKeyDown={onInputKey}
        aria-describedby={described || undefined} aria-invalid={p.error ? "true" : undefined}
        aria-controls={`${p.id}-results`}
      />
      {p.hint && <p id={`${p.id}-hint`} class="hint">{p.hint}</p>}
      {p.error && <p id={`${p.id}-error`} class="field-error"><span aria-hidden="true">⚠ </span>{p.error}</p>}
      {error && <p class="field-error">{error}</p>}
      {query.trim() !== "" && rows && (
        <p class="picker-count" role="status">
          {found.length === 0
            ? "Aucun élève ne correspond."
            : found.length > SHOWN ? `${found.length} élèves : précisez la recherche.` : ""}
        </p>
      )}
      {shown.length > 0 && (
        <ul class="picker-results" id={`${p.id}-results`} ref={list} aria-label="Élèves trouvés">
          {shown.map((s, i) => (
            <li key={s.id}>
              <button type="button" data-student-id={s.id} onClick={() => pick(s)} onKeyDown={(e) => onOptionKey(e, i)}>
                <span class="strong">{s.lastName}</span> {s.firstName} <span class="muted">— {s.className}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
