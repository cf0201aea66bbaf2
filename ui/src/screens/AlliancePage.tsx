// One alliance éducative: the student and the alliance's state as a step bar (proposée →
// diagnostic partagé → proposition formalisée → en cours → clôturée / abandonnée) with a button
// for each next step and, next to a step that cannot be taken yet, what is missing; « Rouvrir »
// for a closed or abandoned one; its frame (kind, dates, rhythm); then its sections: Équipe,
// Partenaires, Famille, Diagnostic partagé, Proposition, Suivi, Journal des partages, Évaluation
// partagée, Documents.

import { useEffect, useState } from "preact/hooks";
import {
  allianceChangeState, allianceGet, allianceReopen, allianceUpdate, partnersList, recordDocuments, staffList, toApiError,
  type Alliance, type AllianceKind, type AllianceNextStep, type AllianceState, type Document, type Partner, type Staff,
} from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { ALLIANCE_KINDS, ALLIANCE_STATES, ALLIANCE_STATE_ACTIONS, FAMILY_SHORT, KIND_HINTS, isClosed, labelOf } from "../allianceLabels";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, TextArea, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { plural } from "../labels";
import type { Route } from "./CaseShell";
import { AllianceStateBadge, KindBadge, RadioGroup } from "./AllianceShared";
import { AllianceFamily } from "./AllianceFamily";
import { AllianceDiagnosis, AllianceResponses } from "./AllianceDiagnosis";
import { AllianceMeetings, AllianceShares } from "./AllianceFollowUp";
import { AllianceDocuments, AllianceEvaluation } from "./AllianceEvaluation";
import { AlliancePartners, AllianceTeam } from "./AllianceTeam";
import { focusLater } from "./StudentShared";

interface Props {
  id: number;
  flash?: string;
  readOnly: boolean;
  go: (route: Route) => void;
}

/** What every section of the alliance page receives. */
export interface AllianceSectionProps {
  alliance: Alliance;
  /** The case file is read-only: nothing is made nor changed. */
  readOnly: boolean;
  /** The alliance may be changed: not read-only, neither closed nor abandoned (reopen it first). */
  editable: boolean;
  /** Present staff (members of the team). */
  staff: Staff[];
  /** Partners of the directory, with their contacts. */
  partners: Partner[];
  /** Every document of the alliance: contract, conventions, chartes, comptes-rendus. */
  documents: Document[];
  /** Reads the alliance (and its documents) again after a change. */
  reload: () => Promise<void>;
  go: (route: Route) => void;
}

/** The states of the alliance's straight line, in order. */
const LINE: AllianceState[] = ["proposed", "diagnosis", "proposal", "running", "closed"];

const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ["alliance-team", "Équipe"],
  ["alliance-partners", "Partenaires"],
  ["alliance-family", "Famille"],
  ["alliance-diagnosis", "Diagnostic partagé"],
  ["alliance-responses", "Proposition"],
  ["alliance-meetings", "Suivi"],
  ["alliance-shares", "Journal des partages"],
  ["alliance-evaluation", "Évaluation partagée"],
  ["alliance-documents", "Documents"],
];

export function AlliancePage({ id, flash, readOnly, go }: Props) {
  const [alliance, setAlliance] = useState<Alliance | null>(null);
  const [documents, setDocuments] = useState<Document[]>([]);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(flash ?? null);
  const [changing, setChanging] = useState<AllianceState | "reopen" | "frame" | null>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();

  async function loadDocuments(a: Alliance) {
    const lists = await Promise.all([
      recordDocuments("alliance", a.id),
      ...a.partners.map((p) => recordDocuments("partner", p.partnerId)
        .then((ds) => ds.filter((d) => d.kind === "convention_partenariat"))),
      ...a.members.map((m) => recordDocuments("alliance_member", m.id)),
      ...a.meetings.map((m) => recordDocuments("alliance_meeting", m.id)),
    ]);
    setDocuments(lists.flat());
  }

  async function reload() {
    try {
      const a = await allianceGet(id);
      setAlliance(a);
      await loadDocuments(a);
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }

  useEffect(() => {
    void reload();
    const failed = (reason: unknown) => setError(toApiError(reason).message);
    staffList("", false).then(setStaff, failed);
    partnersList("", false).then(setPartners, failed);
  }, [id]);

  const a = alliance;
  const closed = a ? isClosed(a.state) : false;
  const sectionProps = a && { alliance: a, readOnly, editable: !readOnly && !closed, staff, partners, documents, reload, go };
  const steps = a?.nextSteps.filter((s) => s.to !== "abandoned") ?? [];
  const canAbandon = a?.nextSteps.some((s) => s.to === "abandoned") ?? false;

  function closeForm(opener: string) {
    return (saved: Alliance | null, message: string) => {
      setChanging(null);
      if (saved) {
        setAlliance(saved);
        setNotice(message);
        void loadDocuments(saved);
        focusLater("alliance-title");
      } else focusLater(opener);
    };
  }

  return (
    <article aria-labelledby="alliance-title" class="alliance-page">
      <p class="back-links">
        <button type="button" class="link" id="btn-back-alliances" onClick={() => go({ view: "alliances" })}>← Les alliances</button>
        {a && (
          <button type="button" class="link" id="btn-alliance-student" onClick={() => go({ view: "student", id: a.studentId })}>
            Fiche de {a.studentName}
          </button>
        )}
      </p>
      <div class="view-head">
        <h1 id="alliance-title" tabIndex={-1} ref={title}>
          {a ? <>Alliance éducative de <span id="alliance-student-name">{a.studentName}</span></> : "Alliance éducative"}
          {a && <AllianceStateBadge state={a.state} id="alliance-state" />}
          {a && <KindBadge kind={a.kind} id="alliance-kind" />}
        </h1>
      </div>
      {a && (
        <p class="student-sub" id="alliance-sub">
          {a.className && <span>Classe <span class="strong">{a.className}</span></span>}
          <span>Proposée le {isoToFr(a.proposedOn)}{a.proposalId !== null && " par le GPDS"}</span>
          <span>{plural(a.members.filter((m) => m.leftOn === null).length, "membre")}</span>
        </p>
      )}
      <Notice message={notice} id="alliance-notice" />
      <ErrorBanner message={error} id="alliance-error" />
      {!a && !error && <p role="status">Chargement…</p>}
      {a && sectionProps && (
        <>
          <section class="card pafi-progress alliance-progress" aria-labelledby="alliance-steps-title" id="alliance-progress">
            <h2 id="alliance-steps-title" class="visually-hidden">Étapes de l'alliance</h2>
            <StepBar alliance={a} />
            <Facts alliance={a} />
            {!readOnly && changing !== "frame" && !closed && (
              <p class="frame-edit">
                <button type="button" class="small" id="btn-alliance-frame" onClick={() => { setNotice(null); setChanging("frame"); }}>
                  Modifier le cadre (type, dates, rythme du suivi)
                </button>
              </p>
            )}
            {changing === "frame" && <FrameForm alliance={a} onClose={closeForm("btn-alliance-frame")} />}
            {!readOnly && closed && (
              <div class="pafi-next" id="alliance-reopen">
                <p class="hint">
                  {a.state === "closed"
                    ? "L'alliance est clôturée. Si la situation de l'élève l'appelle, rouvrez-la : elle reprend à l'étape où elle était."
                    : "L'alliance est abandonnée. Si la situation de l'élève l'appelle, rouvrez-la : elle reprend à l'étape où elle était."}
                </p>
                {changing !== "reopen" && (
                  <button type="button" id="btn-alliance-reopen" onClick={() => { setNotice(null); setChanging("reopen"); }}>
                    Rouvrir l'alliance
                  </button>
                )}
                {changing === "reopen" && <ReopenForm alliance={a} onClose={closeForm("btn-alliance-reopen")} />}
              </div>
            )}
            {!readOnly && (steps.length > 0 || canAbandon) && (
              <div class="pafi-next" id="alliance-next-steps">
                <h3>Étape suivante</h3>
                <ul class="pafi-next-list">
                  {steps.map((s) => (
                    <NextStepLine
                      key={s.to} step={s} from={a.state} open={changing === s.to}
                      onOpen={() => { setNotice(null); setChanging(s.to); }}
                    />
                  ))}
                  {canAbandon && (
                    <li class="pafi-next-interrupt">
                      <button
                        type="button" id="alliance-step-abandoned" class="danger-outline"
                        aria-expanded={changing === "abandoned"}
                        onClick={() => { setNotice(null); setChanging("abandoned"); }}
                      >
                        {ALLIANCE_STATE_ACTIONS.abandoned}
                      </button>
                    </li>
                  )}
                </ul>
                {changing && changing !== "reopen" && changing !== "frame" && (
                  <StateForm key={changing} alliance={a} to={changing} onClose={closeForm(`alliance-step-${changing}`)} />
                )}
              </div>
            )}
          </section>

          <nav class="pafi-toc" aria-label="Parties de l'alliance">
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

          {/* Keyed by the state: a change of state starts the sections afresh (no stale message). */}
          <AllianceTeam key={`team-${a.state}`} {...sectionProps} />
          <AlliancePartners key={`partners-${a.state}`} {...sectionProps} />
          <AllianceFamily key={`family-${a.state}`} {...sectionProps} />
          <AllianceDiagnosis key={`diagnosis-${a.state}`} {...sectionProps} />
          <AllianceResponses key={`responses-${a.state}`} {...sectionProps} />
          <AllianceMeetings key={`meetings-${a.state}`} {...sectionProps} />
          <AllianceShares key={`shares-${a.state}`} {...sectionProps} />
          <AllianceEvaluation key={`evaluation-${a.state}`} {...sectionProps} />
          <AllianceDocuments key={`documents-${a.state}`} {...sectionProps} />
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

/** The alliance as a line of steps: done ones dated, the current one marked, an abandonment last. */
function StepBar({ alliance: a }: { alliance: Alliance }) {
  /** The date of the last change to each state. */
  const reached = new Map<AllianceState, string>();
  for (const t of a.transitions) reached.set(t.to, t.on);
  const abandoned = a.state === "abandoned";
  const last = a.transitions[a.transitions.length - 1];
  const currentIndex = LINE.indexOf(abandoned ? (last?.from ?? "proposed") : a.state);
  const shown: AllianceState[] = abandoned ? [...LINE.slice(0, currentIndex + 1), "abandoned"] : LINE;
  return (
    <ol class={`pafi-steps alliance-steps${abandoned ? " is-interrupted" : ""}`} id="alliance-steps">
      {shown.map((s, i) => {
        const current = s === a.state;
        const done = !current && (abandoned ? true : i < currentIndex);
        const cls = current ? "current" : done ? "done" : "todo";
        return (
          <li
            key={s} class={`pafi-step step-${cls} step-${s === "abandoned" ? "interrupted" : s}`} data-state={s}
            aria-current={current ? "step" : undefined}
          >
            <span class="pafi-step-mark" aria-hidden="true">{done ? "✓" : current ? "●" : i + 1}</span>
            <span class="pafi-step-label">{labelOf(ALLIANCE_STATES, s)}</span>
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

/** The frame and the essentials, in brief. */
function Facts({ alliance: a }: { alliance: Alliance }) {
  const team = a.members.filter((m) => m.leftOn === null);
  const referent = team.find((m) => m.isReferent);
  const unsigned = team.filter((m) => !m.charteOn).length;
  return (
    <dl class="facts pafi-facts" id="alliance-facts">
      <div class="fact">
        <dt>Référent de l'élève</dt>
        <dd id="alliance-referent">
          {referent ? <>{referent.name}, {referent.function}</> : <span class="text-warning strong">à désigner</span>}
        </dd>
      </div>
      <div class="fact">
        <dt>Dates</dt>
        <dd id="alliance-dates">
          {a.startOn
            ? <>Depuis le {isoToFr(a.startOn)}{a.endOn ? <> jusqu'au {isoToFr(a.endOn)}</> : " (jusqu'à la fin de l'année scolaire)"}</>
            : a.endOn ? <>Jusqu'au {isoToFr(a.endOn)}</> : <span class="muted">à fixer</span>}
        </dd>
      </div>
      <div class="fact">
        <dt>Rythme du suivi</dt>
        <dd id="alliance-rhythm">{a.rhythm || <span class="muted">à fixer</span>}</dd>
      </div>
      <div class="fact">
        <dt>Famille</dt>
        <dd id="alliance-family-fact">{FAMILY_SHORT[a.family]}{a.familyOn && <> le {isoToFr(a.familyOn)}</>}</dd>
      </div>
      <div class="fact">
        <dt>Chartes</dt>
        <dd id="alliance-chartes">
          {team.length === 0
            ? <span class="muted">pas encore d'équipe</span>
            : unsigned > 0
              ? <span class="badge badge-late">{plural(unsigned, "charte non signée", "chartes non signées")}</span>
              : "toutes signées"}
        </dd>
      </div>
      {a.state === "abandoned" && (
        <div class="fact fact-wide">
          <dt>Abandonnée</dt>
          <dd id="alliance-abandon">Le {isoToFr(a.stateOn)} : {a.abandonReason}</dd>
        </div>
      )}
    </dl>
  );
}

function stepLabel(to: AllianceState, from: AllianceState): string {
  return to === "diagnosis" && from === "proposal" ? "Revenir au diagnostic partagé" : ALLIANCE_STATE_ACTIONS[to];
}

/** One next step: its button, and what is missing before it can be taken. */
function NextStepLine({ step, from, open, onOpen }: { step: AllianceNextStep; from: AllianceState; open: boolean; onOpen: () => void }) {
  const blocked = step.missing.length > 0;
  const missingId = `alliance-step-${step.to}-missing`;
  return (
    <li class={`pafi-next-step${blocked ? " is-blocked" : ""}`} data-state={step.to}>
      <button
        type="button" id={`alliance-step-${step.to}`} class={blocked ? "" : "primary"} disabled={blocked}
        aria-expanded={open} aria-describedby={blocked ? missingId : undefined} onClick={onOpen}
      >
        {stepLabel(step.to, from)}
      </button>
      {blocked && (
        <div class="pafi-missing" id={missingId}>
          <p class="strong">Avant de passer à « {labelOf(ALLIANCE_STATES, step.to)} » :</p>
          <ul>{step.missing.map((m) => <li key={m}>{m}</li>)}</ul>
        </div>
      )}
    </li>
  );
}

/** The date of the change (today by default); the reason of an abandonment; a note otherwise. */
function StateForm({ alliance: a, to, onClose }: {
  alliance: Alliance;
  to: AllianceState;
  onClose: (saved: Alliance | null, message: string) => void;
}) {
  const [on, setOn] = useState(isoToFr(todayIso()));
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("alliance-state");
  useEffect(() => focusLater(to === "abandoned" ? "alliance-state-note" : "alliance-state-on"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const date = parseOptionalDate(on);
    const errors: Record<string, string> = {};
    if (date === undefined) errors.on = DATE_INVALID;
    else if (date === null) errors.on = "Indiquez la date.";
    if (to === "abandoned" && note.trim() === "") errors.note = "Indiquez pourquoi l'alliance est abandonnée.";
    if (Object.keys(errors).length > 0 || !date) {
      form.setFields(errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await allianceChangeState(a.id, { to, on: date, note: note.trim() });
      onClose(saved, `L'alliance est maintenant « ${labelOf(ALLIANCE_STATES, saved.state)} » depuis le ${isoToFr(saved.stateOn)}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="alliance-state-form" onSubmit={submit} noValidate aria-labelledby="alliance-state-title">
      <h3 id="alliance-state-title">Passer à « {labelOf(ALLIANCE_STATES, to)} »</h3>
      <DateField {...form.bind("on")} label="Date" value={on} onValue={setOn} required class="field-date" />
      {to === "abandoned" ? (
        <TextArea
          {...form.bind("note")} label="Motif de l'abandon" value={note} onValue={setNote} required rows={2} spellcheck
          hint="Par exemple : l'élève a quitté l'établissement, la famille a déménagé."
        />
      ) : (
        <TextField
          {...form.bind("note")} label="Note (facultative)" value={note} onValue={setNote} spellcheck
          hint={to === "closed"
            ? "L'évaluation partagée est enregistrée : la clôture la garde avec l'alliance."
            : "Par exemple : décidé à la réunion de l'équipe."}
        />
      )}
      <ErrorBanner message={form.banner} id="alliance-state-error" />
      <div class="actions">
        <button type="submit" id="alliance-state-submit" class={to === "abandoned" ? "danger" : "primary"} disabled={!!busy}>
          {to === "abandoned" ? "Abandonner l'alliance" : "Enregistrer"}
        </button>
        <button type="button" id="alliance-state-cancel" onClick={() => onClose(null, "")} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

/** « Rouvrir l'alliance »: the date (today by default). */
function ReopenForm({ alliance: a, onClose }: { alliance: Alliance; onClose: (saved: Alliance | null, message: string) => void }) {
  const [on, setOn] = useState(isoToFr(todayIso()));
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("alliance-reopen");
  useEffect(() => focusLater("alliance-reopen-on"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const date = parseOptionalDate(on);
    if (!date) {
      form.setFields({ on: date === undefined ? DATE_INVALID : "Indiquez la date." });
      return;
    }
    setBusy("Réouverture…");
    try {
      const saved = await allianceReopen(a.id, date);
      onClose(saved, `Alliance rouverte le ${isoToFr(date)} : elle est de nouveau « ${labelOf(ALLIANCE_STATES, saved.state)} ».`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="alliance-reopen-form" onSubmit={submit} noValidate aria-label="Rouvrir l'alliance">
      <DateField {...form.bind("on")} label="Rouverte le" value={on} onValue={setOn} required class="field-date" />
      <ErrorBanner message={form.banner} id="alliance-reopen-error" />
      <div class="actions">
        <button type="submit" id="alliance-reopen-submit" class="primary" disabled={!!busy}>Rouvrir l'alliance</button>
        <button type="button" id="alliance-reopen-cancel" onClick={() => onClose(null, "")} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

/** The frame: interne / externe, first and last day, rhythm of the follow-up. */
function FrameForm({ alliance: a, onClose }: { alliance: Alliance; onClose: (saved: Alliance | null, message: string) => void }) {
  const [kind, setKind] = useState<AllianceKind>(a.kind);
  const [startOn, setStartOn] = useState(isoToFr(a.startOn));
  const [endOn, setEndOn] = useState(isoToFr(a.endOn));
  const [rhythm, setRhythm] = useState(a.rhythm);
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("alliance-frame");
  useEffect(() => focusLater(`alliance-frame-kind-${a.kind}`), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const start = parseOptionalDate(startOn);
    const end = parseOptionalDate(endOn);
    const errors: Record<string, string> = {};
    if (start === undefined) errors.startOn = DATE_INVALID;
    if (end === undefined) errors.endOn = DATE_INVALID;
    if (Object.keys(errors).length > 0 || start === undefined || end === undefined) {
      form.setFields(errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await allianceUpdate(a.id, {
        studentId: a.studentId, proposalId: a.proposalId, kind, startOn: start, endOn: end, rhythm,
      });
      onClose(saved, "Cadre de l'alliance enregistré.");
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="alliance-frame-form" onSubmit={submit} noValidate aria-label="Cadre de l'alliance">
      <RadioGroup
        {...form.bind("kind")} legend="Type d'alliance" value={kind} onValue={setKind} required
        options={ALLIANCE_KINDS.map(([k, label]) => [k, <span>{label} <span class="muted">— {KIND_HINTS[k]}</span></span>] as const)}
      />
      <div class="grid-3">
        <DateField {...form.bind("startOn")} label="Début de l'accompagnement" value={startOn} onValue={setStartOn} hint="jj/mm/aaaa — sinon, le jour de la mise en œuvre" />
        <DateField {...form.bind("endOn")} label="Fin prévue" value={endOn} onValue={setEndOn} hint="jj/mm/aaaa — sinon, la fin de l'année scolaire" />
        <TextField
          {...form.bind("rhythm")} label="Rythme du suivi" value={rhythm} onValue={setRhythm} spellcheck
          hint="Par exemple : toutes les six semaines."
        />
      </div>
      <ErrorBanner message={form.banner} id="alliance-frame-error" />
      <div class="actions">
        <button type="submit" id="alliance-frame-submit" class="primary" disabled={!!busy}>Enregistrer le cadre</button>
        <button type="button" id="alliance-frame-cancel" onClick={() => onClose(null, "")} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
