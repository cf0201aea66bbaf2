// The student's PAFI on their page: each path with its state, dates, tutor and outcome, opening
// it; « Préparer un PAFI » makes one (from the open GPDS proposal when there is one).

import { useEffect, useState } from "preact/hooks";
import { studentPafi, toApiError, type PafiRow } from "../api";
import { isoToFr } from "../api/dates";
import { Busy, ErrorBanner } from "../components/feedback";
import { plural } from "../labels";
import { OUTCOMES, labelOf } from "../pafiLabels";
import type { Route } from "./CaseShell";
import { PafiStateBadge, preparePafi } from "./PafiShared";
import { SectionHead } from "./StudentShared";

interface Props {
  studentId: number;
  readOnly: boolean;
  /** Bumped by the page after a change: the list is read again. */
  version: number;
  go: (route: Route) => void;
}

export function StudentPafi({ studentId, readOnly, version, go }: Props) {
  const [rows, setRows] = useState<PafiRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    studentPafi(studentId).then(setRows, (reason) => setError(toApiError(reason).message));
  }, [studentId, version]);

  async function prepare() {
    setBusy("Création du PAFI…");
    setError(null);
    try {
      const made = await preparePafi(studentId);
      go({ view: "pafi-path", id: made.id, flash: `PAFI de ${made.studentName} créé (proposé) : complétez son cadre.` });
    } catch (reason) {
      setBusy(null);
      setError(toApiError(reason).message);
    }
  }

  const open = rows?.some((r) => r.state !== "finished" && r.state !== "interrupted") ?? false;
  return (
    <section aria-labelledby="student-pafi-title" class="card" id="student-pafi-section">
      <SectionHead id="student-pafi-title" title="PAFI" count={rows && rows.length > 0 ? plural(rows.length, "parcours", "parcours") : undefined}>
        {!readOnly && rows && !open && (
          <button type="button" id="btn-student-new-pafi" onClick={prepare} disabled={!!busy}>Préparer un PAFI</button>
        )}
      </SectionHead>
      <Busy message={busy} />
      <ErrorBanner message={error} id="student-pafi-error" />
      {rows?.length === 0 && <p class="muted" id="student-pafi-empty">Aucun parcours aménagé de formation initiale.</p>}
      {rows && rows.length > 0 && (
        <ul class="gpds-list" id="student-pafi-list">
          {rows.map((r) => (
            <li key={r.id} class="gpds-item" data-pafi-id={r.id}>
              <div class="gpds-item-head">
                <p class="gpds-item-title">
                  <button type="button" class="link" id={`student-pafi-${r.id}`} onClick={() => go({ view: "pafi-path", id: r.id })}>
                    {r.startOn && r.endOn ? `PAFI du ${isoToFr(r.startOn)} au ${isoToFr(r.endOn)}` : "PAFI (dates à fixer)"}
                  </button>
                </p>
                <p class="gpds-item-badges"><PafiStateBadge state={r.state} /></p>
              </div>
              <p class="gpds-item-meta">
                <span>Depuis le {isoToFr(r.stateOn)}</span>
                <span>Tuteur : {r.tutorName || "à désigner"}</span>
                {r.outcome && <span>À l'issue : <span class="strong">{labelOf(OUTCOMES, r.outcome)}</span></span>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
