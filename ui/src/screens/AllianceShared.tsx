// What the alliance screens share: the state and kind badges, a member's name with their charte
// (a member who has not signed it is marked wherever their name appears), member choices, and
// « Nouvelle alliance » / « Ouvrir l'alliance » — making an alliance for a student (from a GPDS
// proposal or directly); when the student already has an open one, the refusal offers to open it.

import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  allianceCreate, studentAlliances, studentGpds, toApiError,
  type Alliance, type AllianceKind, type AllianceMember, type AllianceRow, type AllianceState, type ApiError, type Proposal,
} from "../api";
import { isoToFr } from "../api/dates";
import { ALLIANCE_KINDS, ALLIANCE_STATES, KIND_HINTS, isClosed, labelOf } from "../allianceLabels";
import { Busy } from "../components/feedback";
import { Modal } from "../components/Modal";
import type { Options } from "../labels";
import { deName } from "../labels";
import type { Route } from "./CaseShell";
import { focusLater } from "./StudentShared";

export function AllianceStateBadge({ state, id }: { state: AllianceState; id?: string }) {
  return <span class={`badge alliance-state alliance-state-${state}`} id={id} data-state={state}>{labelOf(ALLIANCE_STATES, state)}</span>;
}

export function KindBadge({ kind, id }: { kind: AllianceKind; id?: string }) {
  return <span class={`badge alliance-kind alliance-kind-${kind}`} id={id} data-kind={kind}>{labelOf(ALLIANCE_KINDS, kind)}</span>;
}

/** « Charte signée le … (papier / écran) », or a visible « Charte non signée ». */
export function CharteBadge({ member: m, id }: { member: AllianceMember; id?: string }) {
  if (!m.charteOn) {
    return <span class="badge badge-late charte-unsigned" id={id} data-charte="unsigned">Charte non signée</span>;
  }
  const how = m.charteMethod === "screen" ? "écran" : "papier";
  return (
    <span class="badge badge-ok charte-signed" id={id} data-charte="signed">
      Charte signée le {isoToFr(m.charteOn)} ({how})
    </span>
  );
}

/** "Prénom Nom, CPE" or "Prénom Nom (Structure)", as the core labels a member. */
export function memberLabel(m: AllianceMember): string {
  return m.partnerName ? `${m.name} (${m.partnerName})` : `${m.name}, ${m.function}`;
}

/**
 * A member's name as the sections show it (author, responsible, present, recipient): the name,
 * and « Charte non signée » when they have not signed it. `id` unknown: `fallback` as is.
 */
export function MemberName({ members, id, fallback }: { members: AllianceMember[]; id: number; fallback?: string }) {
  const m = members.find((x) => x.id === id);
  if (!m) return <>{fallback ?? ""}</>;
  return (
    <span class="member-name">
      {memberLabel(m)}
      {!m.charteOn && <> <span class="badge badge-late charte-unsigned" data-charte="unsigned">Charte non signée</span></>}
    </span>
  );
}

/** The current team as choices of a select, the charte said for those who have not signed it. */
export function memberOptions(members: AllianceMember[]): Options<string> {
  return members
    .filter((m) => m.leftOn === null)
    .map((m) => [String(m.id), `${memberLabel(m)}${m.charteOn ? "" : " — charte non signée"}`] as const);
}

/** The open alliance proposal of a student's GPDS proposals, if any (the oldest). */
export function openAllianceProposal(proposals: Proposal[]): Proposal | null {
  return proposals.find((x) => x.kind === "alliance" && x.status === "open") ?? null;
}

/** The student's alliance still open (not closed nor abandoned), if any. */
export async function openAllianceOf(studentId: number): Promise<AllianceRow | null> {
  return (await studentAlliances(studentId)).find((r) => !isClosed(r.state)) ?? null;
}

interface NewAllianceProps {
  /** The student; none: a picker is shown by the caller, which passes it once chosen. */
  studentId: number | null;
  studentName: string;
  /** The GPDS proposal it answers: given, or looked up among the student's. */
  proposal?: Proposal | null;
  idPrefix: string;
  go: (route: Route) => void;
  onCancel: () => void;
}

/**
 * The kind (interne / externe) and « Ouvrir l'alliance »: makes it, « proposée » today, and opens
 * its page. A student who already has an open alliance: the message, and « Ouvrir l'alliance
 * existante ».
 */
export function NewAllianceFields(p: NewAllianceProps) {
  const [kind, setKind] = useState<AllianceKind | "">("");
  const [proposal, setProposal] = useState<Proposal | null>(p.proposal ?? null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [existing, setExisting] = useState<AllianceRow | null>(null);
  const prefix = p.idPrefix;

  useEffect(() => {
    setError(null);
    setExisting(null);
    if (p.studentId === null || p.proposal !== undefined) return;
    studentGpds(p.studentId).then((g) => setProposal(openAllianceProposal(g.proposals)), () => setProposal(null));
  }, [p.studentId]);

  async function create(e: Event) {
    e.preventDefault();
    if (p.studentId === null || busy) return;
    setError(null);
    setExisting(null);
    if (kind === "") {
      setError({ code: "validation", field: "kind", message: "Choisissez le type d'alliance : interne ou externe." });
      focusLater(`${prefix}-kind-interne`);
      return;
    }
    setBusy("Création de l'alliance…");
    try {
      const made: Alliance = await allianceCreate({
        studentId: p.studentId, proposalId: proposal?.id ?? null, kind, startOn: null, endOn: null, rhythm: "",
      });
      p.go({
        view: "alliance", id: made.id,
        flash: `Alliance éducative ${deName(made.studentName)} ouverte (proposée)${made.proposalId !== null ? " à partir de la proposition du GPDS" : ""} : formez l'équipe et désignez le référent de l'élève.`,
      });
    } catch (reason) {
      setBusy(null);
      const failure = toApiError(reason);
      setError(failure);
      if (failure.field === "studentId") {
        openAllianceOf(p.studentId).then(setExisting, () => setExisting(null));
        focusLater(`${prefix}-error`);
      }
    }
  }

  const kindError = error?.field === "kind" ? error.message : null;
  return (
    <form class="new-alliance" id={`${prefix}-form`} onSubmit={create} noValidate>
      {p.studentId !== null && (
        <p id={`${prefix}-chosen`} class="picked">
          <span class="strong">{p.studentName}</span>
          {proposal && <span class="muted">Alliance proposée par le GPDS le {isoToFr(proposal.proposedOn)}</span>}
        </p>
      )}
      <RadioGroup
        id={`${prefix}-kind`} legend="Type d'alliance" required value={kind} error={kindError ?? undefined}
        onValue={(k) => { setKind(k); if (kindError) setError(null); }}
        options={ALLIANCE_KINDS.map(([k, label]) => [k, <span>{label} <span class="muted">— {KIND_HINTS[k]}</span></span>] as const)}
      />
      {error && !kindError && (
        <div role="alert" class="banner banner-error" id={`${prefix}-error`} tabIndex={-1}>
          <p>{error.message}</p>
          {existing && (
            <p>
              <button
                type="button" class="primary" id={`${prefix}-open-existing`}
                onClick={() => p.go({ view: "alliance", id: existing.id })}
              >
                Ouvrir l'alliance existante
              </button>
            </p>
          )}
        </div>
      )}
      <div class="actions">
        <button type="submit" id={`${prefix}-submit`} class="primary" disabled={p.studentId === null || !!busy}>
          Ouvrir l'alliance
        </button>
        <button type="button" id={`${prefix}-cancel`} onClick={p.onCancel} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

/** « Ouvrir l'alliance » of a GPDS proposal (tableau de bord, student's panel): the kind, then the alliance. */
export function OpenAllianceDialog({ studentId, studentName, proposal, go, onClose }: {
  studentId: number;
  studentName: string;
  /** The proposal; undefined: the student's open alliance proposal, looked up. */
  proposal?: Proposal | null;
  go: (route: Route) => void;
  onClose: () => void;
}) {
  useEffect(() => focusLater("open-alliance-kind-interne"), []);
  return (
    <Modal id="open-alliance" title={`Alliance éducative ${deName(studentName)}`} onClose={onClose}>
      <div class="modal-body">
        <p class="hint">
          L'alliance réunit autour de l'élève les personnels de l'établissement et, pour une alliance externe, des partenaires,
          sur un diagnostic partagé. Elle commence « proposée » aujourd'hui.
        </p>
        <NewAllianceFields
          studentId={studentId} studentName={studentName} proposal={proposal} idPrefix="open-alliance" go={go} onCancel={onClose}
        />
      </div>
    </Modal>
  );
}

/**
 * Radio buttons in a fieldset, its legend read first; each input's id is `<id>-<value>`; the
 * fieldset (focusable) has the group's id, so a form's error on the field moves the focus to it.
 */
export function RadioGroup<T extends string>(p: {
  id: string;
  legend: string;
  value: T | "";
  options: ReadonlyArray<readonly [T, ComponentChildren]>;
  onValue: (value: T) => void;
  error?: string;
  hint?: ComponentChildren;
  required?: boolean;
  disabled?: (value: T) => boolean;
  row?: boolean;
}) {
  const described = [p.hint ? `${p.id}-hint` : "", p.error ? `${p.id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset
      class={`field radio-group${p.row === false ? "" : " radio-row"}${p.error ? " field-invalid" : ""}`}
      id={p.id} tabIndex={-1} aria-describedby={described}
    >
      <legend>{p.legend}{p.required && <span class="required" aria-hidden="true"> *</span>}</legend>
      <div class="radio-options">
        {p.options.map(([value, label]) => (
          <div class="radio" key={value}>
            <input
              type="radio" name={p.id} id={`${p.id}-${value}`} value={value} checked={p.value === value}
              disabled={p.disabled?.(value)} onChange={() => p.onValue(value)}
            />
            <label for={`${p.id}-${value}`}>{label}</label>
          </div>
        ))}
      </div>
      {p.hint && <p class="hint" id={`${p.id}-hint`}>{p.hint}</p>}
      {p.error && <p class="field-error" id={`${p.id}-error`}><span aria-hidden="true">⚠ </span>{p.error}</p>}
    </fieldset>
  );
}
