// The student's alliances éducatives on their page: each with its kind, state, référent, the
// family's answer and the chartes still to sign, opening it; « Ouvrir une alliance » makes one
// (from the open GPDS proposal when there is one) while none is open.

import { useEffect, useState } from "preact/hooks";
import { studentAlliances, toApiError, type AllianceRow } from "../api";
import { isoToFr } from "../api/dates";
import { FAMILY_SHORT, isClosed } from "../allianceLabels";
import { ErrorBanner } from "../components/feedback";
import { plural } from "../labels";
import type { Route } from "./CaseShell";
import { AllianceStateBadge, KindBadge, OpenAllianceDialog } from "./AllianceShared";
import { SectionHead } from "./StudentShared";

interface Props {
  studentId: number;
  studentName: string;
  readOnly: boolean;
  /** Bumped by the page after a change: the list is read again. */
  version: number;
  go: (route: Route) => void;
}

export function StudentAlliances({ studentId, studentName, readOnly, version, go }: Props) {
  const [rows, setRows] = useState<AllianceRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    studentAlliances(studentId).then(setRows, (reason) => setError(toApiError(reason).message));
  }, [studentId, version]);

  const open = rows?.some((r) => !isClosed(r.state)) ?? false;
  return (
    <section aria-labelledby="student-alliances-title" class="card" id="student-alliances-section">
      <SectionHead id="student-alliances-title" title="Alliances éducatives" count={rows && rows.length > 0 ? plural(rows.length, "alliance") : undefined}>
        {!readOnly && rows && !open && (
          <button type="button" id="btn-student-new-alliance" onClick={() => setOpening(true)}>Ouvrir une alliance</button>
        )}
      </SectionHead>
      <ErrorBanner message={error} id="student-alliances-error" />
      {rows?.length === 0 && <p class="muted" id="student-alliances-empty">Aucune alliance éducative.</p>}
      {rows && rows.length > 0 && (
        <ul class="gpds-list" id="student-alliance-list">
          {rows.map((r) => (
            <li key={r.id} class="gpds-item" data-alliance-id={r.id}>
              <div class="gpds-item-head">
                <p class="gpds-item-title">
                  <button type="button" class="link" id={`student-alliance-${r.id}`} onClick={() => go({ view: "alliance", id: r.id })}>
                    Alliance {r.kind}
                  </button>
                </p>
                <p class="gpds-item-badges"><AllianceStateBadge state={r.state} /> <KindBadge kind={r.kind} /></p>
              </div>
              <p class="gpds-item-meta">
                <span>{isClosed(r.state) ? "Close" : "Dans cet état"} depuis le {isoToFr(r.stateOn)}</span>
                <span>Référent : {r.referent || <span class="text-warning strong">à désigner</span>}</span>
                <span>Famille : {FAMILY_SHORT[r.family].toLowerCase()}</span>
                <span>{plural(r.members, "membre")}</span>
                {r.charteMissing > 0 && <span class="badge badge-late">{plural(r.charteMissing, "charte non signée", "chartes non signées")}</span>}
              </p>
            </li>
          ))}
        </ul>
      )}
      {opening && (
        <OpenAllianceDialog studentId={studentId} studentName={studentName} go={go} onClose={() => setOpening(false)} />
      )}
    </section>
  );
}
