// Small pieces shared by the sections of the student page (follow-up, actions, entretiens,
// mesures, chronology).

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { Staff, StudentGpds } from "../api";
import { STAFF_ROLES, labelOf, type Options } from "../labels";

/** What every GPDS section of the student page receives. */
export interface SectionProps {
  studentId: number;
  gpds: StudentGpds;
  /** Present staff (not archived), for the "who" choices. */
  staff: Staff[];
  readOnly: boolean;
  /** Reloads the page's data (GPDS records and chronology) after a change. */
  onChanged: () => void;
  /** Opens a GPDS meeting's page. */
  openMeeting: (meetingId: number) => void;
  /** How many changes the page has seen (each `onChanged` adds one). */
  version: number;
}

/**
 * A section's success message, shown until the page changes again: `say(message)` right before
 * `onChanged()` shows it; any later change (in this section or another) hides it.
 */
export function useNotice(version: number): [string | null, (message: string | null) => void] {
  const [notice, setNotice] = useState<{ message: string; at: number } | null>(null);
  const shown = notice && notice.at === version ? notice.message : null;
  return [shown, (message) => setNotice(message === null ? null : { message, at: version + 1 })];
}

/** Staff as choices of a select: value = id, label = "Prénom NOM — fonction". */
export function staffOptions(staff: Staff[]): Options<string> {
  return staff.map((s) => [String(s.id), `${s.firstName} ${s.lastName} — ${labelOf(STAFF_ROLES, s.role)}`] as const);
}

/** "12" → 12; "" → null. */
export function idOrNull(value: string): number | null {
  return value === "" ? null : Number(value);
}

/** Moves the focus to the element with this id once the next render is done. */
export function focusLater(id: string) {
  setTimeout(() => {
    const el = document.getElementById(id);
    el?.focus();
    el?.scrollIntoView({ block: "nearest" });
  }, 0);
}

/** A section heading with its count ("Actions · 3"), focusable after a save. */
export function SectionHead({ id, title, count, children }: { id: string; title: string; count?: string; children?: ComponentChildren }) {
  return (
    <div class="section-head">
      <h2 id={id} tabIndex={-1}>
        {title}
        {count && <span class="section-count"> · {count}</span>}
      </h2>
      {children && <div class="actions">{children}</div>}
    </div>
  );
}

/** A fact of a <dl class="facts">: label and value, "—" when empty. */
export function Fact({ label, children, id, wide }: { label: string; children: ComponentChildren; id?: string; wide?: boolean }) {
  const empty = children == null || children === "" || (Array.isArray(children) && children.every((c) => c == null || c === ""));
  return (
    <div class={wide ? "fact fact-wide" : "fact"} id={id}>
      <dt>{label}</dt>
      <dd>{empty ? <span class="muted">—</span> : children}</dd>
    </div>
  );
}
