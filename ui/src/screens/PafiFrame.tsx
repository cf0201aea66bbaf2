// Cadre of a PAFI: dates, tutor, MLDS coordinator, objectives (listed and in the team's words),
// diagnosis, final bilan and return dates, how the return is prepared, and for an adult student
// whether the family signs too. A path longer than two months asks for a confirmation.

import { useEffect, useState } from "preact/hooks";
import { pafiUpdate, toApiError, type Objective, type Pafi, type PafiInput } from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { useConfirmRetry } from "../components/confirm";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { Checkbox, DateField, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { STAFF_ROLES, labelOf, type Options } from "../labels";
import { OBJECTIVES } from "../pafiLabels";
import type { PafiSectionProps } from "./PafiPage";
import { PafiSection, inputOf } from "./PafiShared";
import { focusLater, idOrNull, staffOptions } from "./StudentShared";

interface Draft {
  startOn: string;
  endOn: string;
  tutorId: string;
  mldsCoordinator: string;
  objectives: Objective[];
  objectivesText: string;
  diagnosisOn: string;
  bilanDueOn: string;
  returnOn: string;
  returnTerms: string;
  familySigns: boolean;
}

function draftOf(p: Pafi): Draft {
  return {
    startOn: isoToFr(p.startOn),
    endOn: isoToFr(p.endOn),
    tutorId: p.tutorId === null ? "" : String(p.tutorId),
    mldsCoordinator: p.mldsCoordinator,
    objectives: p.objectives,
    objectivesText: p.objectivesText,
    diagnosisOn: isoToFr(p.diagnosisOn),
    bilanDueOn: isoToFr(p.bilanDueOn),
    returnOn: isoToFr(p.returnOn),
    returnTerms: p.returnTerms,
    familySigns: p.familySigns,
  };
}

/** Whole years between a birth date and a day (ISO strings). */
function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const DATE_FIELDS = ["startOn", "endOn", "diagnosisOn", "bilanDueOn", "returnOn"] as const;

export function PafiFrame(p: PafiSectionProps) {
  const path = p.pafi;
  const [d, setD] = useState<Draft>(() => draftOf(path));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, run] = useConfirmRetry();
  const form = useFormErrors("pafi-frame");
  const closed = path.state === "finished" || path.state === "interrupted";
  const disabled = p.readOnly || closed;

  // The page read the path again (another section saved): follow it unless the user is typing.
  useEffect(() => {
    if (!dirty) setD(draftOf(path));
  }, [path]);

  const set = <K extends keyof Draft>(key: K) => (v: Draft[K]) => {
    setD((now) => ({ ...now, [key]: v }));
    setDirty(true);
    setNotice(null);
  };

  const start = parseOptionalDate(d.startOn);
  const age = ageOn(path.birthDate, start ?? todayIso());
  const adult = age >= 18;
  // The tutor chosen may have left (archived): keep them offered.
  const gone = path.tutorId !== null && !p.staff.some((s) => s.id === path.tutorId);
  const tutors: Options<string> = [
    ...(gone ? [[String(path.tutorId), `${path.tutorName} (a quitté l'établissement)`] as const] : []),
    ...staffOptions(p.staff),
  ];
  const mldsStaff = p.staff.filter((s) => s.role === "coordonnateur_mlds");

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || disabled) return;
    form.clear();
    setNotice(null);
    const errors: Record<string, string> = {};
    const dates: Partial<Record<(typeof DATE_FIELDS)[number], string | null>> = {};
    for (const f of DATE_FIELDS) {
      const v = parseOptionalDate(d[f]);
      if (v === undefined) errors[f] = DATE_INVALID;
      else dates[f] = v;
    }
    if (Object.keys(errors).length > 0) {
      form.setFields(errors);
      return;
    }
    const input: PafiInput = {
      ...inputOf(path),
      startOn: dates.startOn ?? null,
      endOn: dates.endOn ?? null,
      tutorId: idOrNull(d.tutorId),
      mldsCoordinator: d.mldsCoordinator.trim(),
      objectives: OBJECTIVES.map(([o]) => o).filter((o) => d.objectives.includes(o)),
      objectivesText: d.objectivesText.trim(),
      diagnosisOn: dates.diagnosisOn ?? null,
      bilanDueOn: dates.bilanDueOn ?? null,
      returnOn: dates.returnOn ?? null,
      returnTerms: d.returnTerms.trim(),
      familySigns: adult && d.familySigns,
    };
    setBusy("Enregistrement…");
    try {
      const saved = await run((confirmLong) => pafiUpdate(path.id, { ...input, confirmLong }));
      if (saved === null) {
        // The user chose to shorten the path.
        setBusy(null);
        focusLater("pafi-frame-endOn");
        return;
      }
      setDirty(false);
      setD(draftOf(saved));
      await p.reload();
      setBusy(null);
      setNotice("Cadre du parcours enregistré.");
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  function toggleObjective(o: Objective, on: boolean) {
    set("objectives")(on ? [...d.objectives, o] : d.objectives.filter((x) => x !== o));
  }

  return (
    <PafiSection id="pafi-frame" title="Cadre">
      <form id="pafi-frame-form" onSubmit={submit} noValidate>
        <fieldset disabled={disabled} class="plain">
          <legend class="visually-hidden">Cadre du parcours</legend>
          <div class="grid-3">
            <DateField
              {...form.bind("startOn")} label="Premier jour" value={d.startOn} onValue={set("startOn")}
              hint={start ? `jj/mm/aaaa — l'élève aura ${age} ans` : "jj/mm/aaaa — au moins 15 ans ce jour-là"}
            />
            <DateField {...form.bind("endOn")} label="Dernier jour" value={d.endOn} onValue={set("endOn")} hint="jj/mm/aaaa — une année scolaire au plus" />
            <SelectField
              {...form.bind("tutorId")} label="Tuteur (personnel de l'établissement)" value={d.tutorId} options={tutors}
              empty="À désigner" onValue={set("tutorId")}
            />
          </div>
          {start && age < 16 && (
            <p class="hint" id="pafi-frame-dsden">
              Moins de 16 ans au premier jour : la validation par la DSDEN (le DASEN) est obligatoire.
            </p>
          )}
          <TextField
            {...form.bind("mldsCoordinator")} label="Coordonnateur MLDS (s'il y en a un)" value={d.mldsCoordinator}
            onValue={set("mldsCoordinator")}
            hint={mldsStaff.length > 0
              ? `« Nom, fonction ». Dans l'établissement : ${mldsStaff.map((s) => `${s.firstName} ${s.lastName}, ${labelOf(STAFF_ROLES, s.role)}`).join(" ; ")}.`
              : "« Nom, fonction », par exemple : Mme Anne Roche, coordonnatrice MLDS du bassin."}
          />
          <fieldset class="check-group" id="pafi-frame-objectives" tabIndex={-1}>
            <legend>Objectifs</legend>
            <ul class="check-grid">
              {OBJECTIVES.map(([o, label]) => (
                <li key={o} class="checkbox">
                  <input
                    id={`pafi-objective-${o}`} type="checkbox" checked={d.objectives.includes(o)}
                    onChange={(e) => toggleObjective(o, e.currentTarget.checked)}
                  />
                  <label for={`pafi-objective-${o}`}>{label}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          <TextArea
            {...form.bind("objectivesText")} label="Objectifs, avec les mots de l'équipe" value={d.objectivesText}
            onValue={set("objectivesText")} rows={3} hint="Un objectif par ligne ; ils figurent au contrat."
          />
          <div class="grid-3">
            <DateField {...form.bind("diagnosisOn")} label="Diagnostic du GPDS" value={d.diagnosisOn} onValue={set("diagnosisOn")} />
            <DateField {...form.bind("bilanDueOn")} label="Bilan final prévu le" value={d.bilanDueOn} onValue={set("bilanDueOn")} />
            <DateField {...form.bind("returnOn")} label="Retour en classe prévu le" value={d.returnOn} onValue={set("returnOn")} />
          </div>
          <TextArea
            {...form.bind("returnTerms")} label="Modalités du retour en classe" value={d.returnTerms} onValue={set("returnTerms")}
            rows={2} hint="Le retour est l'étape délicate : qui l'accompagne, comment la classe s'y prépare."
          />
          {adult && (
            <Checkbox
              id="pafi-frame-familySigns" label="L'élève majeur souhaite que sa famille signe aussi le contrat"
              checked={d.familySigns} onValue={set("familySigns")}
            />
          )}
        </fieldset>
        <ErrorBanner message={form.banner} id="pafi-frame-error" />
        <Notice message={notice} id="pafi-frame-notice" />
        {!disabled && (
          <div class="actions">
            <button type="submit" id="pafi-frame-submit" class="primary" disabled={!!busy}>Enregistrer le cadre</button>
            <p class="save-state" id="pafi-frame-state" role="status">{dirty ? "Modifications non enregistrées." : ""}</p>
            <Busy message={busy} />
          </div>
        )}
        {closed && <p class="hint">Le parcours est clos : son cadre ne se modifie plus.</p>}
      </form>
      {dialog}
    </PafiSection>
  );
}
