// One PAFI: the student and the path's state as a step bar (proposé → en préparation → en
// attente de validation → validé → en cours → terminé / interrompu) with a button for each next
// step and, next to a step that cannot be taken yet, what is missing; then its sections: Cadre,
// Activités, Emploi du temps, Suivi, Bilan final, Documents.

import { useEffect, useState } from "preact/hooks";
import {
  pafiAuthority, pafiChangeState, pafiGet, partnersList, recordDocuments, staffList, toApiError,
  type Document, type NextStep, type Pafi, type PafiState, type Partner, type Staff, type ValidationAuthority,
} from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { TRACKS, labelOf, plural } from "../labels";
import { PAFI_STATES, STATE_ACTIONS, VALIDATION_AUTHORITIES } from "../pafiLabels";
import type { Route } from "./CaseShell";
import { PafiActivities } from "./PafiActivities";
import { PafiBilan } from "./PafiBilan";
import { PafiDocuments } from "./PafiDocuments";
import { PafiFollowUp } from "./PafiFollowUp";
import { PafiFrame } from "./PafiFrame";
import { PafiSchedule } from "./PafiSchedule";
import { PafiStateBadge } from "./PafiShared";
import { focusLater } from "./StudentShared";

interface Props {
  id: number;
  flash?: string;
  readOnly: boolean;
  go: (route: Route) => void;
}

/** What every section of the PAFI page receives. */
export interface PafiSectionProps {
  pafi: Pafi;
  readOnly: boolean;
  /** Present staff (tutor, authors of notes). */
  staff: Staff[];
  /** Partners of the directory (hosts). */
  partners: Partner[];
  /** Every document of the path: contract, bilan, the activities' conventions. */
  documents: Document[];
  /** Reads the path (and its documents) again after a change. */
  reload: () => Promise<void>;
  go: (route: Route) => void;
}

/** The states of the path's straight line, in order. */
const LINE: PafiState[] = ["proposed", "preparing", "awaiting_validation", "validated", "running", "finished"];

const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ["pafi-frame", "Cadre"],
  ["pafi-activities", "Activités"],
  ["pafi-schedule", "Emploi du temps"],
  ["pafi-followup", "Suivi"],
  ["pafi-bilan", "Bilan final"],
  ["pafi-documents", "Documents"],
];

export function PafiPage({ id, flash, readOnly, go }: Props) {
  const [pafi, setPafi] = useState<Pafi | null>(null);
  const [documents, setDocuments] = useState<Document[]>([]);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [authority, setAuthority] = useState<ValidationAuthority>("dasen");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(flash ?? null);
  const [changing, setChanging] = useState<PafiState | null>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();

  async function loadDocuments(p: Pafi) {
    const lists = await Promise.all([
      recordDocuments("pafi", p.id),
      ...p.activities.map((a) => recordDocuments("pafi_activity", a.id)),
    ]);
    setDocuments(lists.flat());
  }

  async function reload() {
    try {
      const p = await pafiGet(id);
      setPafi(p);
      await loadDocuments(p);
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }

  useEffect(() => {
    void reload();
    const failed = (reason: unknown) => setError(toApiError(reason).message);
    staffList("", false).then(setStaff, failed);
    partnersList("", false).then(setPartners, failed);
    pafiAuthority().then(setAuthority, failed);
  }, [id]);

  const p = pafi;
  const sectionProps = p && { pafi: p, readOnly, staff, partners, documents, reload, go };
  const steps = p?.nextSteps.filter((s) => s.to !== "interrupted") ?? [];
  const canInterrupt = p?.nextSteps.some((s) => s.to === "interrupted") ?? false;
  return (
    <article aria-labelledby="pafi-title" class="pafi-page">
      <p class="back-links">
        <button type="button" class="link" id="btn-back-pafi" onClick={() => go({ view: "pafi" })}>← Les PAFI</button>
        {p && (
          <button type="button" class="link" id="btn-pafi-student" onClick={() => go({ view: "student", id: p.studentId })}>
            Fiche de {p.studentName}
          </button>
        )}
      </p>
      <div class="view-head">
        <h1 id="pafi-title" tabIndex={-1} ref={title}>
          {p ? <>PAFI de <span id="pafi-student-name">{p.studentName}</span></> : "PAFI"}
          {p && <PafiStateBadge state={p.state} id="pafi-state" />}
        </h1>
      </div>
      {p && (
        <p class="student-sub" id="pafi-sub">
          {p.className && <span>Classe <span class="strong">{p.className}</span></span>}
          {p.track && <span>{labelOf(TRACKS, p.track)}</span>}
          <span>Né·e le {isoToFr(p.birthDate)}</span>
          {p.ageAtStart !== null && <span id="pafi-age">{plural(p.ageAtStart, "an")} au premier jour du parcours</span>}
          <span>Proposé le {isoToFr(p.proposedOn)}{p.proposalId !== null && " par le GPDS"}</span>
        </p>
      )}
      <Notice message={notice} id="pafi-notice" />
      <ErrorBanner message={error} id="pafi-error" />
      {!p && !error && <p role="status">Chargement…</p>}
      {p && sectionProps && (
        <>
          <section class="card pafi-progress" aria-labelledby="pafi-steps-title" id="pafi-progress">
            <h2 id="pafi-steps-title" class="visually-hidden">Étapes du parcours</h2>
            <StepBar pafi={p} />
            <PathFacts pafi={p} />
            {!readOnly && (steps.length > 0 || canInterrupt) && (
              <div class="pafi-next" id="pafi-next-steps">
                <h3>Étape suivante</h3>
                <ul class="pafi-next-list">
                  {steps.map((s) => (
                    <NextStepLine
                      key={s.to} step={s} from={p.state} open={changing === s.to}
                      onOpen={() => { setNotice(null); setChanging(s.to); }}
                    />
                  ))}
                  {canInterrupt && (
                    <li class="pafi-next-interrupt">
                      <button
                        type="button" id="pafi-step-interrupted" class="danger-outline"
                        aria-expanded={changing === "interrupted"}
                        onClick={() => { setNotice(null); setChanging("interrupted"); }}
                      >
                        {STATE_ACTIONS.interrupted}
                      </button>
                    </li>
                  )}
                </ul>
                {changing && (
                  <StateForm
                    key={changing} pafi={p} to={changing} authority={authority}
                    onClose={(saved, message) => {
                      const opener = `pafi-step-${changing}`;
                      setChanging(null);
                      if (saved) {
                        setPafi(saved);
                        setNotice(message);
                        void loadDocuments(saved);
                        focusLater("pafi-title");
                      } else focusLater(opener);
                    }}
                  />
                )}
              </div>
            )}
          </section>

          <nav class="pafi-toc" aria-label="Parties du PAFI">
            <ul>
              {SECTIONS.map(([target, label]) => (
                <li key={target}>
                  <button type="button" class="link" id={`toc-${target}`} onClick={() => jumpTo(`${target}-title`)}>
                    {label}
                  </button>
                </li>
              ))}
            </ul>
          </nav>

          <PafiFrame {...sectionProps} />
          <PafiActivities {...sectionProps} />
          <PafiSchedule {...sectionProps} />
          <PafiFollowUp {...sectionProps} />
          <PafiBilan {...sectionProps} />
          <PafiDocuments {...sectionProps} />
        </>
      )}
    </article>
  );
}

/** The table of contents: the section's heading at the top of the view, with the focus. */
function jumpTo(id: string) {
  const heading = document.getElementById(id);
  heading?.scrollIntoView({ block: "start" });
  heading?.focus({ preventScroll: true });
}

/** The path as a line of steps: done ones dated, the current one marked, an interruption last. */
function StepBar({ pafi: p }: { pafi: Pafi }) {
  /** The date of the last change to each state. */
  const reached = new Map<PafiState, string>();
  for (const t of p.transitions) reached.set(t.to, t.on);
  const interrupted = p.state === "interrupted";
  const currentIndex = LINE.indexOf(interrupted ? (p.transitions[p.transitions.length - 1]?.from ?? "proposed") : p.state);
  const shown: PafiState[] = interrupted ? [...LINE.slice(0, currentIndex + 1), "interrupted"] : LINE;
  return (
    <ol class={`pafi-steps${interrupted ? " is-interrupted" : ""}`} id="pafi-steps">
      {shown.map((s, i) => {
        const current = s === p.state;
        const done = !current && (interrupted ? true : i < currentIndex);
        const cls = current ? "current" : done ? "done" : "todo";
        return (
          <li key={s} class={`pafi-step step-${cls} step-${s}`} data-state={s} aria-current={current ? "step" : undefined}>
            <span class="pafi-step-mark" aria-hidden="true">{done ? "✓" : current ? "●" : i + 1}</span>
            <span class="pafi-step-label">{labelOf(PAFI_STATES, s)}</span>
            <span class="pafi-step-date">
              {(done || current) && reached.get(s) ? isoToFr(reached.get(s)) : ""}
              <span class="visually-hidden">{current ? " (étape actuelle)" : done ? " (faite)" : " (à venir)"}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** Dates, validation and interruption of the path, in brief. */
function PathFacts({ pafi: p }: { pafi: Pafi }) {
  const v = p.validation;
  return (
    <dl class="facts pafi-facts" id="pafi-facts">
      <div class="fact">
        <dt>Dates</dt>
        <dd id="pafi-dates">
          {p.startOn && p.endOn ? <>Du {isoToFr(p.startOn)} au {isoToFr(p.endOn)}</> : <span class="muted">à fixer</span>}
        </dd>
      </div>
      <div class="fact">
        <dt>Tuteur</dt>
        <dd id="pafi-tutor">{p.tutorName || <span class="muted">à désigner</span>}</dd>
      </div>
      <div class="fact">
        <dt>Validation</dt>
        <dd id="pafi-validation">
          {v
            ? <>{labelOf(VALIDATION_AUTHORITIES, v.authority)}, le {isoToFr(v.on)}{v.reference && <> — décision {v.reference}</>}</>
            : p.validationRequestedOn
              ? <>Demandée le {isoToFr(p.validationRequestedOn)}</>
              : <span class="muted">pas encore demandée</span>}
        </dd>
      </div>
      {p.state === "interrupted" && (
        <div class="fact fact-wide">
          <dt>Interrompu</dt>
          <dd id="pafi-interruption">Le {isoToFr(p.interruptedOn)} : {p.interruptionReason}</dd>
        </div>
      )}
    </dl>
  );
}

function stepLabel(to: PafiState, from: PafiState): string {
  return to === "preparing" && from === "awaiting_validation" ? "Reprendre en préparation" : STATE_ACTIONS[to];
}

/** One next step: its button, and what is missing before it can be taken. */
function NextStepLine({ step, from, open, onOpen }: { step: NextStep; from: PafiState; open: boolean; onOpen: () => void }) {
  const blocked = step.missing.length > 0;
  const missingId = `pafi-step-${step.to}-missing`;
  return (
    <li class={`pafi-next-step${blocked ? " is-blocked" : ""}`} data-state={step.to}>
      <button
        type="button" id={`pafi-step-${step.to}`} class={blocked ? "" : "primary"} disabled={blocked}
        aria-expanded={open} aria-describedby={blocked ? missingId : undefined} onClick={onOpen}
      >
        {stepLabel(step.to, from)}
      </button>
      {blocked && (
        <div class="pafi-missing" id={missingId}>
          <p class="strong">Avant de passer à « {labelOf(PAFI_STATES, step.to)} » :</p>
          <ul>{step.missing.map((m) => <li key={m}>{m}</li>)}</ul>
        </div>
      )}
    </li>
  );
}

/** The date of the change (today by default), and what the state asks for. */
function StateForm({ pafi: p, to, authority, onClose }: {
  pafi: Pafi;
  to: PafiState;
  authority: ValidationAuthority;
  onClose: (saved: Pafi | null, message: string) => void;
}) {
  // Under 16 on the first day: only the DSDEN validates.
  const under16 = p.ageAtStart !== null && p.ageAtStart < 16;
  const [on, setOn] = useState(isoToFr(todayIso()));
  const [who, setWho] = useState<ValidationAuthority | "">(under16 ? "dasen" : authority);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("pafi-state");
  useEffect(() => focusLater(to === "interrupted" ? "pafi-state-note" : "pafi-state-on"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const date = parseOptionalDate(on);
    const errors: Record<string, string> = {};
    if (date === undefined) errors.on = DATE_INVALID;
    else if (date === null) errors.on = "Indiquez la date.";
    if (to === "interrupted" && note.trim() === "") errors.note = "Indiquez pourquoi le parcours est interrompu.";
    if (Object.keys(errors).length > 0 || !date) {
      form.setFields(errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await pafiChangeState(p.id, {
        to, on: date, authority: to === "validated" && who !== "" ? who : null, note: note.trim(),
      });
      onClose(saved, `Le PAFI est maintenant « ${labelOf(PAFI_STATES, saved.state)} » depuis le ${isoToFr(saved.stateOn)}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="pafi-state-form" onSubmit={submit} noValidate aria-labelledby="pafi-state-title">
      <h3 id="pafi-state-title">Passer à « {labelOf(PAFI_STATES, to)} »</h3>
      <div class="grid-2">
        <DateField {...form.bind("on")} label="Date" value={on} onValue={setOn} required class="field-date" />
        {to === "validated" && (
          <SelectField
            {...form.bind("authority")} label="Autorité qui a validé" value={who} options={VALIDATION_AUTHORITIES}
            onValue={setWho} required
            hint={under16
              ? `${p.studentName} aura moins de 16 ans au début : seule la DSDEN (le DASEN) valide.`
              : "Par défaut, l'autorité choisie dans Paramètres."}
          />
        )}
      </div>
      {to === "validated" && (
        <TextField
          {...form.bind("note")} label="Référence de la décision" value={note} onValue={setNote}
          hint="Le numéro ou l'objet du courrier de validation, s'il y en a un."
        />
      )}
      {to === "interrupted" && (
        <TextArea
          {...form.bind("note")} label="Motif de l'interruption" value={note} onValue={setNote} required rows={2} spellcheck
          hint="Par exemple : l'élève a quitté la structure d'accueil, retour anticipé en classe."
        />
      )}
      {to === "running" && <p class="hint">Le premier jour du parcours est le {isoToFr(p.startOn)}.</p>}
      <ErrorBanner message={form.banner} id="pafi-state-error" />
      <div class="actions">
        <button type="submit" id="pafi-state-submit" class={to === "interrupted" ? "danger" : "primary"} disabled={!!busy}>
          {to === "interrupted" ? "Interrompre le parcours" : "Enregistrer"}
        </button>
        <button type="button" id="pafi-state-cancel" onClick={() => onClose(null, "")} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
