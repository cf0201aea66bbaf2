// Entretiens de situation (usually led by the Psy-EN, for young people of 16 and more): the list,
// and a form to record a new one or correct one. For a student under 16 the shell asks for a
// confirmation first.

import { useEffect, useState } from "preact/hooks";
import { entretienRecord, toApiError, type Entretien, type EntretienOutcome, type Student } from "../api";
import { DATE_INVALID, formatDateTime, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { useConfirmRetry } from "../components/confirm";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, RequiredNote, SelectField, TextArea, useFormErrors } from "../components/fields";
import { ENTRETIEN_OUTCOMES, labelOf } from "../gpdsLabels";
import { plural } from "../labels";
import { SectionHead, focusLater, idOrNull, staffOptions, type SectionProps, useNotice } from "./StudentShared";

type Editing = "new" | number | null;

export function StudentEntretiens(p: SectionProps & { student: Student }) {
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useNotice(p.version);
  const list = p.gpds.entretiens;

  function show(next: Editing) {
    setNotice(null);
    setEditing(next);
  }
  function closed(message: string | null, opener: string) {
    setEditing(null);
    if (message) {
      setNotice(message);
      p.onChanged();
      focusLater("entretiens-title");
    } else focusLater(opener);
  }

  return (
    <section aria-labelledby="entretiens-title" class="card" id="entretiens-section">
      <SectionHead id="entretiens-title" title="Entretiens de situation" count={list.length ? plural(list.length, "entretien") : undefined}>
        {!p.readOnly && editing !== "new" && (
          <button type="button" id="btn-add-entretien" onClick={() => show("new")}>Enregistrer un entretien</button>
        )}
      </SectionHead>
      {p.student.age < 16 && (
        <p class="hint section-hint" id="entretiens-age-note">
          {p.student.firstName} a {p.student.age} ans : l'entretien de situation concerne en principe les jeunes de 16 ans et plus.
        </p>
      )}
      <Notice message={notice} id="entretiens-notice" />
      {editing === "new" && <EntretienForm {...p} entretien={null} onClose={(m) => closed(m, "btn-add-entretien")} />}
      {list.length === 0 && editing !== "new" && <p class="muted" id="entretiens-empty">Aucun entretien de situation enregistré.</p>}
      {list.length > 0 && (
        <ul class="gpds-list" id="entretiens-list">
          {list.map((e) => (
            <li key={e.id} id={`entretien-item-${e.id}`} class="gpds-item">
              {editing === e.id ? (
                <EntretienForm {...p} entretien={e} onClose={(m) => closed(m, `entretien-${e.id}-edit`)} />
              ) : (
                <EntretienView entretien={e} readOnly={p.readOnly} onEdit={() => show(e.id)} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function EntretienView({ entretien: e, readOnly, onEdit }: { entretien: Entretien; readOnly: boolean; onEdit: () => void }) {
  return (
    <>
      <div class="gpds-item-head">
        <p class="gpds-item-title" title={`Enregistré le ${formatDateTime(e.createdAt)}`}>
          Le {isoToFr(e.heldOn)}, avec {e.staffName}
        </p>
        <p class="gpds-item-badges">
          <span class={`badge ${e.outcome === "solution" ? "badge-status-done" : "badge-status-todo"}`}>{labelOf(ENTRETIEN_OUTCOMES, e.outcome)}</span>
        </p>
      </div>
      <dl class="gpds-details">
        {e.diagnosis && <><dt>Diagnostic</dt><dd class="pre-line">{e.diagnosis}</dd></>}
        {e.solution && <><dt>Solution</dt><dd class="pre-line">{e.solution}</dd></>}
        {e.nextStep && <><dt>Suite</dt><dd class="pre-line">{e.nextStep}</dd></>}
      </dl>
      {!readOnly && (
        <div class="actions item-actions">
          <button type="button" class="small" id={`entretien-${e.id}-edit`} onClick={onEdit}>Modifier</button>
        </div>
      )}
    </>
  );
}

interface Draft {
  heldOn: string;
  staffId: string;
  diagnosis: string;
  outcome: EntretienOutcome | "";
  solution: string;
  nextStep: string;
}

function EntretienForm(p: SectionProps & { student: Student; entretien: Entretien | null; onClose: (notice: string | null) => void }) {
  const e = p.entretien;
  const psyEn = p.staff.find((s) => s.role === "psy_en");
  const [d, setD] = useState<Draft>(
    e
      ? {
        heldOn: isoToFr(e.heldOn), staffId: String(e.staffId), diagnosis: e.diagnosis, outcome: e.outcome,
        solution: e.solution, nextStep: e.nextStep,
      }
      : { heldOn: isoToFr(todayIso()), staffId: psyEn ? String(psyEn.id) : "", diagnosis: "", outcome: "", solution: "", nextStep: "" },
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, run] = useConfirmRetry();
  const form = useFormErrors("entretien");
  const set = <K extends keyof Draft>(key: K) => (v: Draft[K]) => setD({ ...d, [key]: v });
  // Who led it: the present staff, plus the one recorded if they left since.
  const who = staffOptions(p.staff);
  const options = e && !p.staff.some((s) => s.id === e.staffId) ? [[String(e.staffId), e.staffName] as const, ...who] : who;
  useEffect(() => focusLater("entretien-heldOn"), []);

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    form.clear();
    const heldOn = parseOptionalDate(d.heldOn);
    if (heldOn === undefined || heldOn === null) {
      form.setFields({ heldOn: heldOn === null ? "Indiquez la date de l'entretien." : DATE_INVALID });
      return;
    }
    const input = {
      studentId: p.studentId, heldOn, staffId: idOrNull(d.staffId), diagnosis: d.diagnosis, outcome: d.outcome || null,
      solution: d.outcome === "solution" ? d.solution : "", nextStep: d.nextStep,
    };
    setBusy("Enregistrement…");
    try {
      const saved = await run((confirmAge) => entretienRecord(e?.id ?? null, { ...input, confirmAge }));
      if (saved === null) {
        setBusy(null);
        focusLater("entretien-heldOn");
        return;
      }
      p.onClose(e ? "Entretien modifié." : `Entretien du ${isoToFr(saved.heldOn)} enregistré.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  const title = e ? `Modifier l'entretien du ${isoToFr(e.heldOn)}` : "Nouvel entretien de situation";
  return (
    <form class="inline-form" id="entretien-form" onSubmit={submit} noValidate aria-labelledby="entretien-form-title">
      <h3 id="entretien-form-title">{title}</h3>
      <RequiredNote />
      <div class="grid-date-first">
        <DateField {...form.bind("heldOn")} label="Date de l'entretien" value={d.heldOn} onValue={set("heldOn")} required />
        <SelectField
          {...form.bind("staffId")} label="Mené par" value={d.staffId} options={options} empty="Choisir…" onValue={set("staffId")} required
          hint={psyEn ? undefined : "Aucun Psy-EN dans les personnels : ajoutez-le dans Personnels si besoin."}
        />
      </div>
      <TextArea {...form.bind("diagnosis")} label="Diagnostic de la situation" value={d.diagnosis} onValue={set("diagnosis")} rows={3} />
      <SelectField
        {...form.bind("outcome")} label="Issue" value={d.outcome} options={ENTRETIEN_OUTCOMES} empty="Choisir…" onValue={set("outcome")} required
        class="field-medium"
      />
      {d.outcome === "solution" && (
        <TextArea {...form.bind("solution")} label="Solution trouvée" value={d.solution} onValue={set("solution")} rows={2} required
          hint="Par exemple : inscription en CAP au lycée Dupré, contrat d'apprentissage, suivi par la mission locale." />
      )}
      <TextArea {...form.bind("nextStep")} label="Suite prévue" value={d.nextStep} onValue={set("nextStep")} rows={2} />
      <ErrorBanner message={form.banner} id="entretien-error" />
      <div class="actions">
        <button type="submit" id="entretien-submit" class="primary" disabled={!!busy}>Enregistrer l'entretien</button>
        <button type="button" id="entretien-close" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
      {dialog}
    </form>
  );
}
