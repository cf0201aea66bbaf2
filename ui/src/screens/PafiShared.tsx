// What the PAFI screens share: the state badge, a path's frame as the core takes it, and
// « Préparer le PAFI » — making the path from a GPDS proposal (or directly) before opening it.

import type { ComponentChildren } from "preact";
import {
  pafiCreate, studentGpds, uiError,
  type Pafi, type PafiInput, type PafiState, type Proposal,
} from "../api";
import { PAFI_STATES, labelOf } from "../pafiLabels";

export function PafiStateBadge({ state, id }: { state: PafiState; id?: string }) {
  return <span class={`badge pafi-state pafi-state-${state}`} id={id} data-state={state}>{labelOf(PAFI_STATES, state)}</span>;
}

/** A path's frame as `pafi_update` takes it (nothing confirmed). */
export function inputOf(p: Pafi): PafiInput {
  return {
    studentId: p.studentId,
    proposalId: p.proposalId,
    startOn: p.startOn,
    endOn: p.endOn,
    tutorId: p.tutorId,
    mldsCoordinator: p.mldsCoordinator,
    objectives: p.objectives,
    objectivesText: p.objectivesText,
    diagnosisOn: p.diagnosisOn,
    bilanDueOn: p.bilanDueOn,
    returnOn: p.returnOn,
    returnTerms: p.returnTerms,
    familySigns: p.familySigns,
    confirmLong: false,
  };
}

/** The open PAFI proposal of a student's GPDS proposals, if any (the oldest). */
export function openPafiProposal(proposals: Proposal[]): Proposal | null {
  return proposals.find((x) => x.kind === "pafi" && x.status === "open") ?? null;
}

/**
 * Makes a path for the student, « proposé » today: from `proposal` when given, otherwise from
 * the student's open PAFI proposal of the GPDS if there is one. The proposal's day is the
 * diagnosis of the GPDS.
 */
export async function preparePafi(studentId: number, proposal?: Proposal | null): Promise<Pafi> {
  const from = proposal === undefined ? openPafiProposal((await studentGpds(studentId)).proposals) : proposal;
  return pafiCreate({
    studentId,
    proposalId: from?.id ?? null,
    startOn: null,
    endOn: null,
    tutorId: null,
    mldsCoordinator: "",
    objectives: [],
    objectivesText: "",
    diagnosisOn: from?.proposedOn ?? null,
    bilanDueOn: null,
    returnOn: null,
    returnTerms: "",
    familySigns: false,
    confirmLong: false,
  });
}

/** « Préparer le PAFI » of a GPDS proposal line: the student's open PAFI proposal, made a path. */
export async function preparePafiFromProposal(studentId: number): Promise<Pafi> {
  const proposal = openPafiProposal((await studentGpds(studentId)).proposals);
  if (!proposal) throw uiError("Cette proposition de PAFI a déjà été reprise : ouvrez le PAFI depuis la fiche de l'élève ou la liste des PAFI.");
  return preparePafi(studentId, proposal);
}

/** "12,5" or "12.5" → 12.5; "" → null; anything else → undefined. */
export function parseDecimal(text: string): number | null | undefined {
  const t = text.trim().replace(",", ".");
  if (t === "") return null;
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
}

/** "12" → 12; "" → null; anything else → undefined. */
export function parseCount(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") return null;
  return /^\d{1,4}$/.test(t) ? Number(t) : undefined;
}

/** 12.5 → "12,5". */
export function decimalFr(n: number | null | undefined): string {
  return n == null ? "" : String(n).replace(".", ",");
}

/** Lines of a textarea, trimmed, empty ones dropped. */
export function linesOf(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
}

/** A PAFI page section: a card with its heading (focusable after a save) and its buttons. */
export function PafiSection({ id, title, count, actions, children }: {
  id: string;
  title: string;
  count?: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section aria-labelledby={`${id}-title`} class="card pafi-section" id={id}>
      <div class="section-head">
        <h2 id={`${id}-title`} tabIndex={-1}>
          {title}
          {count && <span class="section-count"> · {count}</span>}
        </h2>
        {actions && <div class="actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
