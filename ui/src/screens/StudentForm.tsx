// Create or edit a student. Says clearly whether the changes were saved.

import { useEffect, useState } from "preact/hooks";
import {
  studentCreate, studentGet, studentUpdate, toApiError,
  type LegalRep, type Relationship, type Sex, type Student, type StudentInput, type Track,
} from "../api";
import { DATE_INVALID, frToIso, isoToFr, parseOptionalDate } from "../api/dates";
import { Busy, ErrorBanner } from "../components/feedback";
import { DateField, RequiredNote, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { RELATIONSHIPS, SEXES, TRACKS } from "../labels";
import type { Route } from "./CaseShell";

interface RepDraft extends Omit<LegalRep, "relationship"> {
  relationship: Relationship | "";
}

interface Draft {
  lastName: string; firstName: string; birthDate: string; sex: Sex | "";
  className: string; mef: string; track: Track | ""; status: string;
  entryDate: string; exitDate: string; ine: string; eleveId: string;
  email: string; phone: string; legalReps: RepDraft[];
  /** Set by roster imports and not edited here: carried through unchanged so a save keeps them. */
  groups: string[]; mefLabel: string | null; exitReason: string | null;
}

const EMPTY: Draft = {
  lastName: "", firstName: "", birthDate: "", sex: "", className: "", mef: "", track: "", status: "",
  entryDate: "", exitDate: "", ine: "", eleveId: "", email: "", phone: "", legalReps: [],
  groups: [], mefLabel: null, exitReason: null,
};

const EMPTY_REP: RepDraft = { lastName: "", firstName: "", relationship: "", address: "", phone: "", email: "" };

function draftOf(s: Student): Draft {
  return {
    lastName: s.lastName, firstName: s.firstName, birthDate: isoToFr(s.birthDate), sex: s.sex ?? "",
    className: s.className, mef: s.mef ?? "", track: s.track ?? "", status: s.status,
    entryDate: isoToFr(s.entryDate), exitDate: isoToFr(s.exitDate), ine: s.ine ?? "", eleveId: s.eleveId ?? "",
    email: s.email, phone: s.phone, legalReps: s.legalReps.map((r) => ({ ...r })),
    groups: [...s.groups], mefLabel: s.mefLabel, exitReason: s.exitReason,
  };
}

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

/** Checks what the UI can check alone (dates, choices); returns field errors or the input. */
function toInput(d: Draft): { input: StudentInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const birthDate = d.birthDate.trim() === "" ? null : frToIso(d.birthDate);
  if (d.birthDate.trim() === "") errors.birthDate = "Indiquez la date de naissance.";
  else if (!birthDate) errors.birthDate = DATE_INVALID;
  const entryDate = parseOptionalDate(d.entryDate);
  if (entryDate === undefined) errors.entryDate = DATE_INVALID;
  const exitDate = parseOptionalDate(d.exitDate);
  if (exitDate === undefined) errors.exitDate = DATE_INVALID;
  const legalReps: LegalRep[] = [];
  d.legalReps.forEach((r, i) => {
    if (r.relationship === "") errors[`legalReps[${i}].relationship`] = "Choisissez le lien avec l'élève.";
    else legalReps.push({
      lastName: r.lastName.trim(), firstName: r.firstName.trim(), relationship: r.relationship,
      address: r.address.trim(), phone: r.phone.trim(), email: r.email.trim(),
    });
  });
  if (Object.keys(errors).length > 0 || !birthDate || entryDate === undefined || exitDate === undefined) {
    return { errors };
  }
  return {
    input: {
      ine: orNull(d.ine), eleveId: orNull(d.eleveId),
      lastName: d.lastName.trim(), firstName: d.firstName.trim(), birthDate, sex: d.sex || null,
      className: d.className.trim(), mef: orNull(d.mef), track: d.track || null,
      entryDate, exitDate, status: d.status.trim(), email: d.email.trim(), phone: d.phone.trim(), legalReps,
      groups: d.groups, mefLabel: d.mefLabel, exitReason: d.exitReason,
    },
  };
}

interface Props {
  id: number | null;
  go: (route: Route) => void;
}

export function StudentForm({ id, go }: Props) {
  const [draft, setDraft] = useState<Draft | null>(id === null ? EMPTY : null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const form = useFormErrors("student");
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    if (id === null) return;
    studentGet(id).then(
      (s) => {
        setDraft(draftOf(s));
        setName(`${s.firstName} ${s.lastName}`);
      },
      (reason) => setLoadError(toApiError(reason).message),
    );
  }, [id]);

  if (!draft) {
    return (
      <section>
        <h1 tabIndex={-1} ref={title}>Modifier l'élève</h1>
        {loadError ? <ErrorBanner message={loadError} /> : <p role="status">Chargement…</p>}
      </section>
    );
  }

  const d = draft;
  const update = (next: Draft) => {
    setDraft(next);
    setDirty(true);
  };
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => update({ ...d, [key]: value });
  const setRep = (i: number, patch: Partial<RepDraft>) =>
    update({ ...d, legalReps: d.legalReps.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  function addRep() {
    const index = d.legalReps.length;
    update({ ...d, legalReps: [...d.legalReps, { ...EMPTY_REP }] });
    setTimeout(() => document.getElementById(`student-legalReps-${index}-lastName`)?.focus(), 0);
  }
  function removeRep(i: number) {
    update({ ...d, legalReps: d.legalReps.filter((_, j) => j !== i) });
    setTimeout(() => document.getElementById("btn-add-rep")?.focus(), 0);
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const checked = toInput(d);
    if ("errors" in checked) {
      form.setFields(checked.errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = id === null ? await studentCreate(checked.input) : await studentUpdate(id, checked.input);
      go({ view: "student", id: saved.id, flash: "Enregistré." });
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  const hasErrors = Object.keys(form.errors).length > 0 || form.banner !== null;
  const cancel = () => go(id === null ? { view: "students" } : { view: "student", id });

  return (
    <section aria-labelledby="student-form-title">
      <p><button type="button" class="link" onClick={cancel}>← {id === null ? "Liste des élèves" : "Fiche de l'élève"}</button></p>
      <h1 id="student-form-title" tabIndex={-1} ref={title}>{id === null ? "Nouvel élève" : `Modifier : ${name}`}</h1>
      <form class="card" id="student-form" onSubmit={submit} noValidate>
        <RequiredNote />
        <fieldset>
          <legend>Identité</legend>
          <div class="grid-2">
            <TextField {...form.bind("lastName")} label="Nom" value={d.lastName} onValue={set("lastName")} required />
            <TextField {...form.bind("firstName")} label="Prénom" value={d.firstName} onValue={set("firstName")} required />
            <DateField {...form.bind("birthDate")} label="Date de naissance" value={d.birthDate} onValue={set("birthDate")} required />
            <SelectField {...form.bind("sex")} label="Sexe" value={d.sex} options={SEXES} empty="—" onValue={set("sex")} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Scolarité</legend>
          <div class="grid-3">
            <TextField {...form.bind("className")} label="Classe" value={d.className} onValue={set("className")} hint="ex. 2NDE3" required />
            <SelectField {...form.bind("track")} label="Filière" value={d.track} options={TRACKS} empty="—" onValue={set("track")} />
            <TextField {...form.bind("mef")} label="MEF" value={d.mef} onValue={set("mef")} hint="Code du module élémentaire de formation" />
            <TextField {...form.bind("status")} label="Statut" value={d.status} onValue={set("status")} hint="ex. Scolaire, Apprenti" />
            <DateField {...form.bind("entryDate")} label="Date d'entrée" value={d.entryDate} onValue={set("entryDate")} />
            <DateField {...form.bind("exitDate")} label="Date de sortie" value={d.exitDate} onValue={set("exitDate")} />
          </div>
          <div class="grid-2">
            <TextField {...form.bind("ine")} label="INE" value={d.ine} onValue={set("ine")} hint="Identifiant national élève, 11 caractères" maxLength={11} />
            <TextField {...form.bind("eleveId")} label="Identifiant SIECLE (ELEVE_ID)" value={d.eleveId} onValue={set("eleveId")} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Contact de l'élève</legend>
          <div class="grid-2">
            <TextField {...form.bind("email")} label="Courriel" type="email" value={d.email} onValue={set("email")} />
            <TextField {...form.bind("phone")} label="Téléphone" type="tel" value={d.phone} onValue={set("phone")} />
          </div>
        </fieldset>
        <fieldset id="student-reps-fieldset">
          <legend>Responsables légaux</legend>
          {d.legalReps.length === 0 && <p class="muted">Aucun responsable légal.</p>}
          {d.legalReps.map((r, i) => (
            <fieldset class="sub" key={i} id={`student-rep-${i}`}>
              <legend>Responsable légal {i + 1}</legend>
              <div class="grid-3">
                <TextField {...form.bind(`legalReps[${i}].lastName`)} label="Nom" value={r.lastName} onValue={(v) => setRep(i, { lastName: v })} />
                <TextField {...form.bind(`legalReps[${i}].firstName`)} label="Prénom" value={r.firstName} onValue={(v) => setRep(i, { firstName: v })} />
                <SelectField
                  {...form.bind(`legalReps[${i}].relationship`)} label="Lien avec l'élève" value={r.relationship}
                  options={RELATIONSHIPS} empty="Choisir…" onValue={(v) => setRep(i, { relationship: v })} required
                />
              </div>
              <TextArea {...form.bind(`legalReps[${i}].address`)} label="Adresse" value={r.address} onValue={(v) => setRep(i, { address: v })} rows={2} />
              <div class="grid-2">
                <TextField {...form.bind(`legalReps[${i}].phone`)} label="Téléphone" type="tel" value={r.phone} onValue={(v) => setRep(i, { phone: v })} />
                <TextField {...form.bind(`legalReps[${i}].email`)} label="Courriel" type="email" value={r.email} onValue={(v) => setRep(i, { email: v })} />
              </div>
              <button type="button" class="link danger-link" id={`btn-remove-rep-${i}`} onClick={() => removeRep(i)}>
                Retirer<span class="visually-hidden"> le responsable légal {i + 1}</span>
              </button>
            </fieldset>
          ))}
          <button type="button" id="btn-add-rep" onClick={addRep}>Ajouter un responsable légal</button>
        </fieldset>

        <ErrorBanner message={form.banner} id="student-error" />
        <div class="actions">
          <button type="submit" id="student-submit" class="primary" disabled={!!busy}>Enregistrer</button>
          <button type="button" onClick={cancel} disabled={!!busy}>Annuler</button>
          <Busy message={busy} />
          <p class="save-state" id="student-save-state" role="status">
            {hasErrors ? "Non enregistré : corrigez ce qui est signalé." : dirty ? "Modifications non enregistrées." : ""}
          </p>
        </div>
      </form>
    </section>
  );
}
