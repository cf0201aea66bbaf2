// The records behind a figure of the bilan (or behind one row of a distribution): as many as the
// figure says, each opening its page. They name students: the list stays in the app, never in an
// export.

import { useEffect, useState } from "preact/hooks";
import { bilanRecords, toApiError, type BilanRecord, type BilanRecordKind } from "../api";
import { isoToFr } from "../api/dates";
import { ErrorBanner } from "../components/feedback";
import { Modal } from "../components/Modal";
import type { Route } from "./CaseShell";

/** What to list: a figure (`key` null) or a distribution's row. */
export interface RecordsTarget {
  figureId: string;
  key: string | null;
  label: string;
  count: number;
}

const KIND_LABELS: Record<BilanRecordKind, string> = {
  student: "Élève",
  meeting: "Séance GPDS",
  pafi: "PAFI",
  alliance: "Alliance",
  partner: "Partenaire",
};

const OPEN_LABELS: Record<BilanRecordKind, string> = {
  student: "Ouvrir la fiche de l'élève",
  meeting: "Ouvrir la séance",
  pafi: "Ouvrir le PAFI",
  alliance: "Ouvrir l'alliance",
  partner: "Ouvrir le partenaire",
};

function routeOf(r: BilanRecord): Route {
  const id = Number(r.id);
  switch (r.kind) {
    case "student":
      return { view: "student", id };
    case "meeting":
      return { view: "meeting", id };
    case "pafi":
      return { view: "pafi-path", id };
    case "alliance":
      return { view: "alliance", id };
    case "partner":
      return { view: "partners", id };
  }
}

const enregistrements = (n: number) => `${n} enregistrement${n > 1 ? "s" : ""}`;

interface Props {
  year: number;
  target: RecordsTarget;
  onClose: () => void;
  onGo: (route: Route) => void;
}

export function RecordsModal({ year, target, onClose, onGo }: Props) {
  const [rows, setRows] = useState<BilanRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    bilanRecords(year, target.figureId, target.key).then(
      (found) => {
        if (!live) return;
        setRows(found);
        // The dialog opened before the list came: put the focus on its first line.
        setTimeout(() => document.querySelector<HTMLElement>("#bilan-records button.bilan-record")?.focus(), 0);
      },
      (reason) => live && setError(toApiError(reason).message),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <Modal id="bilan-records" title={`${target.label} — ${enregistrements(target.count)}`} onClose={onClose}>
      <p class="banner banner-note bilan-records-note" id="bilan-records-note">
        Cette liste nomme des élèves : elle reste dans Accroche et n'est jamais exportée (les exports ne contiennent
        que les chiffres).
      </p>
      <ErrorBanner message={error} />
      {rows === null && !error && <p role="status">Chargement des enregistrements…</p>}
      {rows && rows.length === 0 && <p class="muted">Aucun enregistrement.</p>}
      {rows && rows.length > 0 && (
        <div class="bilan-records-list">
          <table class="data compact bilan-records-table">
            <caption class="visually-hidden">Les enregistrements comptés</caption>
            <thead>
              <tr>
                <th scope="col">Enregistrement</th>
                <th scope="col">Date</th>
                <th scope="col">Détail</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.kind}-${String(r.id)}-${i}`} data-kind={r.kind} data-id={String(r.id)}>
                  <td>
                    <button
                      type="button" class="link bilan-record" onClick={() => onGo(routeOf(r))}
                      title={OPEN_LABELS[r.kind]}
                    >
                      {r.title}
                    </button>
                    <span class="bilan-record-kind muted">{KIND_LABELS[r.kind]}</span>
                  </td>
                  <td class="nowrap">{r.on ? isoToFr(r.on) : <span class="muted">—</span>}</td>
                  <td>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="actions">
        <button type="button" id="bilan-records-close" onClick={onClose}>Fermer</button>
      </div>
    </Modal>
  );
}
