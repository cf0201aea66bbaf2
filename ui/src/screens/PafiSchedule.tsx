// Emploi du temps of a PAFI: one week per period (« Janvier », « Période 1 »…), a grid of
// half-days — rows Matin / Après-midi, columns Lundi to Vendredi (Samedi on demand) — where
// each cell says Classe (with the class or subjects), one of the path's activities, or Libre.
// Activity half-days are shaded, school ones outlined. The grid is made of native selects and
// inputs, in reading order: Tab goes through it, each control named by its day and half-day.
// « Enregistrer l'emploi du temps » replaces the whole schedule at once.

import { useEffect, useState } from "preact/hooks";
import { pafiSetSchedule, toApiError, type Activity, type Pafi, type Period, type PeriodInput, type SlotInput } from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { Checkbox, DateField, TextField, useFormErrors } from "../components/fields";
import { plural } from "../labels";
import { ACTIVITY_KINDS, DAYS, HALVES, labelOf } from "../pafiLabels";
import type { PafiSectionProps } from "./PafiPage";
import { PafiSection } from "./PafiShared";
import { focusLater } from "./StudentShared";

/** A cell: "school", "free" or "a<activity id>". */
type CellValue = string;

interface Cell {
  value: CellValue;
  /** For school time: the class or subjects. */
  label: string;
}

interface PeriodDraft {
  /** A stable key for the list (periods have no id before they are saved). */
  key: number;
  label: string;
  startOn: string;
  endOn: string;
  /** `cells[day][half]`. */
  cells: Cell[][];
}

const FREE: Cell = { value: "free", label: "" };

let nextKey = 1;

function emptyWeek(): Cell[][] {
  // By default the student is in class from Monday to Friday, free on Wednesday afternoon and Saturday.
  return DAYS.map((_, day) => HALVES.map((_, half) =>
    day === 5 || (day === 2 && half === 1) ? { ...FREE } : { value: "school", label: "" }));
}

function draftOf(p: Period): PeriodDraft {
  const cells = DAYS.map(() => HALVES.map(() => ({ ...FREE })));
  for (const s of p.slots) {
    const row = cells[s.day];
    if (!row) continue;
    row[s.half] = s.kind === "activity" && s.activityId !== null
      ? { value: `a${s.activityId}`, label: "" }
      : s.kind === "school" ? { value: "school", label: s.label } : { ...FREE };
  }
  return { key: nextKey++, label: p.label, startOn: isoToFr(p.startOn), endOn: isoToFr(p.endOn), cells };
}

function draftsOf(p: Pafi): PeriodDraft[] {
  return p.periods.map(draftOf);
}

/** The half-days given, Saturday's only when it is shown. */
function slotsOf(d: PeriodDraft, days: number): SlotInput[] {
  const slots: SlotInput[] = [];
  d.cells.forEach((row, day) => row.forEach((c, half) => {
    if (c.value === "free" || day >= days) return;
    const activity = c.value.startsWith("a") ? Number(c.value.slice(1)) : null;
    slots.push({
      day, half, kind: activity !== null ? "activity" : "school", activityId: activity,
      label: activity !== null ? "" : c.label.trim(),
    });
  }));
  return slots;
}

/** Whether a period uses Saturday. */
function usesSaturday(d: PeriodDraft): boolean {
  return d.cells[5]?.some((c) => c.value !== "free") ?? false;
}

export function PafiSchedule(p: PafiSectionProps) {
  const path = p.pafi;
  const [periods, setPeriods] = useState<PeriodDraft[]>(() => draftsOf(path));
  const [saturday, setSaturday] = useState(() => periods.some(usesSaturday));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("schedule");
  const closed = path.state === "finished" || path.state === "interrupted";
  const disabled = p.readOnly || closed;
  const days = saturday ? DAYS.length : 5;

  // Activities removed elsewhere free their half-days: follow the page unless the user is editing.
  useEffect(() => {
    if (!dirty) setPeriods(draftsOf(path));
  }, [path]);

  function change(next: PeriodDraft[]) {
    setPeriods(next);
    setDirty(true);
    setNotice(null);
  }
  function update(i: number, patch: Partial<PeriodDraft>) {
    change(periods.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  }
  function setCell(i: number, day: number, half: number, cell: Cell) {
    const d = periods[i];
    if (!d) return;
    update(i, { cells: d.cells.map((row, x) => (x === day ? row.map((c, y) => (y === half ? cell : c)) : row)) });
  }
  function addPeriod() {
    const last = periods[periods.length - 1];
    const n = periods.length + 1;
    change([...periods, {
      key: nextKey++,
      label: `Période ${n}`,
      startOn: periods.length === 0 ? isoToFr(path.startOn) : "",
      endOn: periods.length === 0 ? isoToFr(path.endOn) : "",
      cells: last ? last.cells.map((row) => row.map((c) => ({ ...c }))) : emptyWeek(),
    }]);
    focusLater(`schedule-periods-${periods.length}-label`);
  }
  function removePeriod(i: number) {
    change(periods.filter((_, j) => j !== i));
    focusLater("pafi-schedule-title");
  }

  async function save(e: Event) {
    e.preventDefault();
    if (busy || disabled) return;
    form.clear();
    setNotice(null);
    const errors: Record<string, string> = {};
    const input: PeriodInput[] = periods.map((d, i) => {
      const startOn = parseOptionalDate(d.startOn);
      const endOn = parseOptionalDate(d.endOn);
      if (startOn === undefined) errors[`periods[${i}].startOn`] = DATE_INVALID;
      if (endOn === undefined) errors[`periods[${i}].endOn`] = DATE_INVALID;
      return { label: d.label.trim(), startOn: startOn ?? null, endOn: endOn ?? null, slots: slotsOf(d, days) };
    });
    if (Object.keys(errors).length > 0) {
      form.setFields(errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await pafiSetSchedule(path.id, input);
      setDirty(false);
      setPeriods(saved.map(draftOf));
      await p.reload();
      setBusy(null);
      setNotice(saved.length === 0
        ? "Emploi du temps enregistré : aucune période."
        : `Emploi du temps enregistré : ${plural(saved.length, "période")}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <PafiSection id="pafi-schedule" title="Emploi du temps" count={periods.length ? plural(periods.length, "période") : undefined}>
      <p class="hint">
        Pour chaque période, la semaine type : en classe (précisez la classe ou les matières), en activité, ou libre. Elle
        figure au contrat.
      </p>
      {path.activities.length === 0 && (
        <p class="muted" id="schedule-no-activity">Ajoutez d'abord les activités : elles se choisissent ensuite dans la grille.</p>
      )}
      <form id="schedule-form" onSubmit={save} noValidate>
        <fieldset disabled={disabled} class="plain">
          <legend class="visually-hidden">Emploi du temps par période</legend>
          {periods.length === 0 && <p class="muted" id="schedule-empty">Aucune période.</p>}
          <div class="schedule-options">
            <Checkbox id="schedule-saturday" label="Afficher le samedi" checked={saturday} onValue={(on) => { setSaturday(on); setDirty(true); }} />
          </div>
          {periods.map((d, i) => (
            <PeriodGrid
              key={d.key} index={i} period={d} days={days} activities={path.activities} form={form} disabled={disabled}
              onChange={(patch) => update(i, patch)} onCell={(day, half, cell) => setCell(i, day, half, cell)}
              onRemove={() => removePeriod(i)}
            />
          ))}
        </fieldset>
        <ErrorBanner message={form.banner} id="schedule-error" />
        <Notice message={notice} id="schedule-notice" />
        {!disabled && (
          <div class="actions">
            <button type="button" id="btn-add-period" onClick={addPeriod}>Ajouter une période</button>
            <button type="submit" id="schedule-submit" class="primary" disabled={!!busy}>Enregistrer l'emploi du temps</button>
            <p class="save-state" id="schedule-state" role="status">{dirty ? "Modifications non enregistrées." : ""}</p>
            <Busy message={busy} />
          </div>
        )}
      </form>
    </PafiSection>
  );
}

function PeriodGrid({ index: i, period: d, days, activities, form, disabled, onChange, onCell, onRemove }: {
  index: number;
  period: PeriodDraft;
  days: number;
  activities: Activity[];
  form: ReturnType<typeof useFormErrors>;
  disabled: boolean;
  onChange: (patch: Partial<PeriodDraft>) => void;
  onCell: (day: number, half: number, cell: Cell) => void;
  onRemove: () => void;
}) {
  const slotsField = `periods[${i}].slots`;
  const slotsError = form.errors[slotsField];
  const cells = d.cells.slice(0, days).flat();
  const inActivity = cells.filter((c) => c.value.startsWith("a")).length;
  const inClass = cells.filter((c) => c.value === "school").length;
  const caption = `Semaine type de la période « ${d.label || `Période ${i + 1}`} »`;
  const activityName = (a: Activity) => `${a.title}${a.hostName ? ` (${a.hostName})` : ""}`;
  return (
    <div class="schedule-period" data-index={i}>
      <div class="schedule-period-head">
        <TextField {...form.bind(`periods[${i}].label`)} label="Période" value={d.label} onValue={(label) => onChange({ label })} class="field-medium" />
        <DateField {...form.bind(`periods[${i}].startOn`)} label="Du" value={d.startOn} onValue={(startOn) => onChange({ startOn })} class="field-date" />
        <DateField {...form.bind(`periods[${i}].endOn`)} label="Au" value={d.endOn} onValue={(endOn) => onChange({ endOn })} class="field-date" />
        {!disabled && (
          <button type="button" class="small" id={`schedule-periods-${i}-remove`} onClick={onRemove}>
            Retirer la période<span class="visually-hidden"> {d.label}</span>
          </button>
        )}
      </div>
      <div class="table-wrap schedule-wrap">
        <table
          class="schedule-grid" id={`schedule-periods-${i}-slots`} tabIndex={-1}
          aria-describedby={slotsError ? `schedule-periods-${i}-slots-error` : undefined}
        >
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <td class="schedule-corner" />
              {DAYS.slice(0, days).map((day) => <th key={day} scope="col">{day}</th>)}
            </tr>
          </thead>
          <tbody>
            {HALVES.map((halfName, half) => (
              <tr key={halfName}>
                <th scope="row">{halfName}</th>
                {DAYS.slice(0, days).map((dayName, day) => {
                  const c = d.cells[day]?.[half] ?? FREE;
                  const kind = c.value === "school" ? "school" : c.value === "free" ? "free" : "activity";
                  const id = `schedule-${i}-cell-${day}-${half}`;
                  const where = `${dayName} ${halfName.toLowerCase()}`;
                  const activity = kind === "activity" ? activities.find((a) => `a${a.id}` === c.value) : undefined;
                  return (
                    <td key={dayName} class={`slot slot-${kind}`} data-kind={kind} data-day={day} data-half={half}>
                      <select
                        id={id} aria-label={where} value={c.value} title={activity ? activityName(activity) : undefined}
                        onChange={(e) => onCell(day, half, { value: e.currentTarget.value, label: c.label })}
                      >
                        <option value="school">Classe</option>
                        {activities.map((a) => (
                          <option key={a.id} value={`a${a.id}`}>{a.title}{a.hostName ? ` (${a.hostName})` : ""}</option>
                        ))}
                        <option value="free">Libre</option>
                      </select>
                      {kind === "school" && (
                        <input
                          id={`schedule-${i}-label-${day}-${half}`} type="text" class="slot-label" value={c.label}
                          aria-label={`${where} : classe ou matières`} placeholder="Classe, matières"
                          onInput={(e) => onCell(day, half, { value: "school", label: e.currentTarget.value })}
                          autoComplete="off" spellcheck={false}
                        />
                      )}
                      {activity && <span class="slot-kind">{activity.hostName || labelOf(ACTIVITY_KINDS, activity.kind)}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {slotsError && (
        <p id={`schedule-periods-${i}-slots-error`} class="field-error"><span aria-hidden="true">⚠ </span>{slotsError}</p>
      )}
      <p class="hint schedule-summary" id={`schedule-periods-${i}-summary`}>
        {plural(inActivity, "demi-journée")} en activité, {plural(inClass, "demi-journée")} en classe par semaine.
      </p>
    </div>
  );
}
