// Bilan final of a PAFI, once the path has started: who took part, attendance (half-days planned,
// absent, justified, late arrivals), the skills acquired — each with its level, where it was
// shown (school or outside, for a FOLIOS-type booklet) and whether the tutor validated it —, the
// views of the student and the family, the situation at the end and recommendations.

import { useEffect, useState } from "preact/hooks";
import {
  pafiSaveBilan, toApiError,
  type Bilan, type BilanInput, type Outcome, type SkillEvidence, type SkillLevel,
} from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { plural } from "../labels";
import { OUTCOMES, SKILL_EVIDENCE, SKILL_LEVELS, labelOf } from "../pafiLabels";
import type { PafiSectionProps } from "./PafiPage";
import { PafiSection, linesOf, parseCount } from "./PafiShared";
import { focusLater } from "./StudentShared";

interface SkillDraft {
  key: number;
  skill: string;
  level: SkillLevel | "";
  evidence: SkillEvidence | "";
  observations: string;
  validated: boolean;
}

interface Draft {
  heldOn: string;
  participants: string;
  plannedHalfDays: string;
  absentHalfDays: string;
  justifiedHalfDays: string;
  lates: string;
  attendanceComment: string;
  studentView: string;
  familyView: string;
  outcome: Outcome | "";
  outcomeOn: string;
  outcomeDetails: string;
  recommendations: string;
  skills: SkillDraft[];
}

let nextKey = 1;

function emptySkill(): SkillDraft {
  return { key: nextKey++, skill: "", level: "", evidence: "", observations: "", validated: false };
}

function draftOf(b: Bilan | null): Draft {
  if (!b) {
    return {
      heldOn: isoToFr(todayIso()), participants: "", plannedHalfDays: "", absentHalfDays: "0", justifiedHalfDays: "0",
      lates: "0", attendanceComment: "", studentView: "", familyView: "", outcome: "", outcomeOn: "", outcomeDetails: "",
      recommendations: "", skills: [emptySkill()],
    };
  }
  return {
    heldOn: isoToFr(b.heldOn),
    participants: b.participants.join("\n"),
    plannedHalfDays: b.plannedHalfDays === null ? "" : String(b.plannedHalfDays),
    absentHalfDays: String(b.absentHalfDays),
    justifiedHalfDays: String(b.justifiedHalfDays),
    lates: String(b.lates),
    attendanceComment: b.attendanceComment,
    studentView: b.studentView,
    familyView: b.familyView,
    outcome: b.outcome,
    outcomeOn: isoToFr(b.outcomeOn),
    outcomeDetails: b.outcomeDetails,
    recommendations: b.recommendations.join("\n"),
    skills: b.skills.length > 0
      ? b.skills.map((s) => ({ key: nextKey++, skill: s.skill, level: s.level, evidence: s.evidence, observations: s.observations, validated: s.validated }))
      : [emptySkill()],
  };
}

const COUNTS = ["plannedHalfDays", "absentHalfDays", "justifiedHalfDays", "lates"] as const;

export function PafiBilan(p: PafiSectionProps) {
  const path = p.pafi;
  const started = path.state === "running" || path.state === "finished" || path.state === "interrupted";
  return (
    <PafiSection id="pafi-bilan" title="Bilan final" count={path.bilan ? `tenu le ${isoToFr(path.bilan.heldOn)}` : undefined}>
      {started
        ? <BilanForm {...p} />
        : <p class="muted" id="pafi-bilan-later">Le bilan final se saisit une fois le parcours commencé.</p>}
    </PafiSection>
  );
}

function BilanForm(p: PafiSectionProps) {
  const path = p.pafi;
  const [d, setD] = useState<Draft>(() => draftOf(path.bilan));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("pafi-bilan");
  const disabled = p.readOnly;

  useEffect(() => {
    if (!dirty) setD(draftOf(path.bilan));
  }, [path.bilan]);

  const set = <K extends keyof Draft>(key: K) => (v: Draft[K]) => {
    setD((now) => ({ ...now, [key]: v }));
    setDirty(true);
    setNotice(null);
  };
  function setSkill(i: number, patch: Partial<SkillDraft>) {
    set("skills")(d.skills.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  }
  function addSkill() {
    set("skills")([...d.skills, emptySkill()]);
    focusLater(`pafi-bilan-skills-${d.skills.length}-skill`);
  }
  function removeSkill(i: number) {
    set("skills")(d.skills.filter((_, j) => j !== i));
    focusLater("btn-add-skill");
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || disabled) return;
    form.clear();
    setNotice(null);
    const errors: Record<string, string> = {};
    const heldOn = parseOptionalDate(d.heldOn);
    const outcomeOn = parseOptionalDate(d.outcomeOn);
    if (heldOn === undefined) errors.heldOn = DATE_INVALID;
    if (outcomeOn === undefined) errors.outcomeOn = DATE_INVALID;
    const counts: Partial<Record<(typeof COUNTS)[number], number | null>> = {};
    for (const f of COUNTS) {
      const v = parseCount(d[f]);
      if (v === undefined) errors[f] = "Indiquez un nombre entier (0 si aucun).";
      else counts[f] = v;
    }
    if (Object.keys(errors).length > 0 || heldOn === undefined || outcomeOn === undefined) {
      form.setFields(errors);
      return;
    }
    const input: BilanInput = {
      heldOn,
      participants: linesOf(d.participants),
      plannedHalfDays: counts.plannedHalfDays ?? null,
      absentHalfDays: counts.absentHalfDays ?? 0,
      justifiedHalfDays: counts.justifiedHalfDays ?? 0,
      lates: counts.lates ?? 0,
      attendanceComment: d.attendanceComment.trim(),
      studentView: d.studentView.trim(),
      familyView: d.familyView.trim(),
      outcome: d.outcome === "" ? null : d.outcome,
      outcomeOn,
      outcomeDetails: d.outcomeDetails.trim(),
      recommendations: linesOf(d.recommendations),
      skills: d.skills.map((s) => ({
        skill: s.skill.trim(), level: s.level === "" ? null : s.level, evidence: s.evidence === "" ? null : s.evidence,
        observations: s.observations.trim(), validated: s.validated,
      })),
    };
    setBusy("Enregistrement…");
    try {
      const saved = await pafiSaveBilan(path.id, input);
      setDirty(false);
      setD(draftOf(saved));
      await p.reload();
      setBusy(null);
      setNotice(`Bilan final enregistré : ${labelOf(OUTCOMES, saved.outcome).toLowerCase()}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  const validated = d.skills.filter((s) => s.validated && s.skill.trim() !== "").length;
  return (
    <form id="pafi-bilan-form" onSubmit={submit} noValidate>
      <fieldset disabled={disabled} class="plain">
        <legend class="visually-hidden">Bilan final du parcours</legend>
        <div class="grid-2">
          <DateField {...form.bind("heldOn")} label="Bilan tenu le" value={d.heldOn} onValue={set("heldOn")} required />
          <TextArea
            {...form.bind("participants")} label="Participants" value={d.participants} onValue={set("participants")} rows={2}
            hint="« Nom, qualité », un par ligne."
          />
        </div>
        <fieldset class="sub" id="pafi-bilan-attendance">
          <legend>Assiduité</legend>
          <div class="grid-4">
            <TextField {...form.bind("plannedHalfDays")} label="Demi-journées prévues" value={d.plannedHalfDays} onValue={set("plannedHalfDays")} inputMode="numeric" maxLength={4} />
            <TextField {...form.bind("absentHalfDays")} label="Demi-journées d'absence" value={d.absentHalfDays} onValue={set("absentHalfDays")} inputMode="numeric" maxLength={4} />
            <TextField {...form.bind("justifiedHalfDays")} label="Dont justifiées" value={d.justifiedHalfDays} onValue={set("justifiedHalfDays")} inputMode="numeric" maxLength={4} />
            <TextField {...form.bind("lates")} label="Retards" value={d.lates} onValue={set("lates")} inputMode="numeric" maxLength={4} />
          </div>
          <TextArea {...form.bind("attendanceComment")} label="Commentaire sur l'assiduité" value={d.attendanceComment} onValue={set("attendanceComment")} rows={2} />
        </fieldset>

        <fieldset class="sub" id="pafi-bilan-skills">
          <legend>Compétences acquises{d.skills.length > 0 && <span class="section-count"> · {plural(validated, "validée", "validées")}</span>}</legend>
          <p class="hint">Pour le livret de compétences (type FOLIOS) : ce que l'élève a montré, à l'école ou hors de l'école.</p>
          <ol class="skill-list">
            {d.skills.map((s, i) => (
              <li key={s.key} class="skill-row" data-index={i}>
                <TextField
                  {...form.bind(`skills[${i}].skill`)} label={`Compétence ${i + 1}`} value={s.skill} class="skill-name"
                  onValue={(skill) => setSkill(i, { skill })} spellcheck
                />
                <SelectField
                  {...form.bind(`skills[${i}].level`)} label="Niveau" value={s.level} options={SKILL_LEVELS} empty="Choisir…"
                  onValue={(level) => setSkill(i, { level })}
                />
                <SelectField
                  {...form.bind(`skills[${i}].evidence`)} label="Montrée" value={s.evidence} options={SKILL_EVIDENCE} empty="Choisir…"
                  onValue={(evidence) => setSkill(i, { evidence })}
                />
                <TextField
                  {...form.bind(`skills[${i}].observations`)} label="Observations" value={s.observations} class="skill-obs"
                  onValue={(observations) => setSkill(i, { observations })} spellcheck
                />
                <div class="checkbox skill-validated">
                  <input
                    id={`pafi-bilan-skills-${i}-validated`} type="checkbox" checked={s.validated}
                    onChange={(e) => setSkill(i, { validated: e.currentTarget.checked })}
                  />
                  <label for={`pafi-bilan-skills-${i}-validated`}>Validée par le tuteur</label>
                </div>
                {!disabled && (
                  <button type="button" class="small skill-remove" id={`pafi-bilan-skills-${i}-remove`} onClick={() => removeSkill(i)}>
                    Retirer<span class="visually-hidden"> la compétence {i + 1}</span>
                  </button>
                )}
              </li>
            ))}
          </ol>
          {!disabled && <button type="button" class="small" id="btn-add-skill" onClick={addSkill}>Ajouter une compétence</button>}
        </fieldset>

        <div class="grid-2">
          <TextArea {...form.bind("studentView")} label="Avis de l'élève" value={d.studentView} onValue={set("studentView")} rows={3} />
          <TextArea {...form.bind("familyView")} label="Avis de la famille" value={d.familyView} onValue={set("familyView")} rows={3} />
        </div>
        <fieldset class="sub" id="pafi-bilan-outcome-box">
          <legend>À l'issue du parcours</legend>
          <div class="grid-3">
            <SelectField
              {...form.bind("outcome")} label="Situation de l'élève" value={d.outcome} options={OUTCOMES} empty="Choisir…"
              onValue={set("outcome")} required
            />
            <DateField {...form.bind("outcomeOn")} label="Depuis le" value={d.outcomeOn} onValue={set("outcomeOn")} />
            <TextField
              {...form.bind("outcomeDetails")} label="Précisions" value={d.outcomeDetails} onValue={set("outcomeDetails")}
              hint="Par exemple : en 2MRC1, CFA de la ville."
            />
          </div>
          <TextArea
            {...form.bind("recommendations")} label="Préconisations" value={d.recommendations} onValue={set("recommendations")} rows={3}
            hint="Une par ligne."
          />
        </fieldset>
      </fieldset>
      <ErrorBanner message={form.banner} id="pafi-bilan-error" />
      <Notice message={notice} id="pafi-bilan-notice" />
      {!disabled && (
        <div class="actions">
          <button type="submit" id="pafi-bilan-submit" class="primary" disabled={!!busy}>Enregistrer le bilan final</button>
          <p class="save-state" id="pafi-bilan-state" role="status">{dirty ? "Modifications non enregistrées." : ""}</p>
          <Busy message={busy} />
        </div>
      )}
    </form>
  );
}
