// The student's chronology: everything that happened to them, whatever the mechanism, newest
// first, with chips to show only some kinds (several at once; none pressed: everything).

import { useEffect, useRef, useState } from "preact/hooks";
import { studentChronology, toApiError, type ChronologyEntry, type ChronologyKind } from "../api";
import { formatDateTime, isoToFr } from "../api/dates";
import { ErrorBanner } from "../components/feedback";
import { CHRONOLOGY_KINDS, labelOf } from "../gpdsLabels";
import { plural } from "../labels";

interface Props {
  studentId: number;
  /** Bumped by the page after a change: the chronology is read again. */
  version: number;
}

export function StudentChronology({ studentId, version }: Props) {
  const [kinds, setKinds] = useState<ChronologyKind[]>([]);
  const [entries, setEntries] = useState<ChronologyEntry[] | null>(null);
  /** Whether the entries shown were read with a filter (the chips may be ahead of them). */
  const [shownFiltered, setShownFiltered] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    studentChronology(studentId, kinds).then(
      (found) => {
        if (ticket !== latest.current) return;
        setEntries(found);
        setShownFiltered(kinds.length > 0);
        setError(null);
      },
      (reason) => {
        if (ticket !== latest.current) return;
        setError(toApiError(reason).message);
      },
    );
  }, [studentId, version, kinds.join(",")]);

  function toggle(kind: ChronologyKind) {
    const next = kinds.includes(kind) ? kinds.filter((k) => k !== kind) : [...kinds, kind];
    // In the order of the chips, so the same choice always sends the same list.
    setKinds(CHRONOLOGY_KINDS.map(([k]) => k).filter((k) => next.includes(k)));
  }

  const filtered = kinds.length > 0;
  return (
    <section aria-labelledby="chronology-title" class="card chronology-card" id="chronology-section">
      <h2 id="chronology-title">Chronologie</h2>
      <div class="chrono-chips" role="group" aria-label="Filtrer la chronologie par type d'événement" id="chronology-filters">
        <button type="button" class="chrono-chip" id="chrono-filter-all" aria-pressed={!filtered} onClick={() => setKinds([])}>
          Tout
        </button>
        {CHRONOLOGY_KINDS.map(([kind, label]) => (
          <button
            key={kind} type="button" class="chrono-chip" id={`chrono-filter-${kind}`}
            aria-pressed={kinds.includes(kind)} onClick={() => toggle(kind)}
          >
            {label}
          </button>
        ))}
      </div>
      <ErrorBanner message={error} />
      <p class="count" id="chronology-count" role="status">
        {entries === null ? "Chargement…" : `${plural(entries.length, "événement")}${shownFiltered ? " (filtrés)" : ""}`}
      </p>
      {entries?.length === 0 && (
        <p class="muted" id="chronology-empty">
          {shownFiltered ? "Aucun événement de ce type." : "Rien n'a encore été consigné pour cet élève."}
        </p>
      )}
      {entries && entries.length > 0 && (
        <ol class="chronology" id="chronology">
          {entries.map((c, i) => (
            <li key={`${c.at}-${i}`} class={`chrono-${c.kind}`} data-kind={c.kind}>
              <p class="chrono-meta">
                <time dateTime={c.on} title={`Enregistré le ${formatDateTime(c.at)}`}>{isoToFr(c.on)}</time>
                <span class={`kind-badge kind-${c.kind}`}>{labelOf(CHRONOLOGY_KINDS, c.kind)}</span>
              </p>
              <p class="chrono-summary">{c.summary}</p>
              {c.detail && <p class="chrono-detail">{c.detail}</p>}
              {c.author && <p class="chrono-author">{c.author}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
