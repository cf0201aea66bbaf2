// Compte-rendu of a GPDS meeting: who was there, the recap « Élève — Décision — Action —
// Responsable — Échéance » (one line per action, one line for a student without action), the
// students left without a decision. Confidential: for the participants only.

import { useEffect, useState } from "preact/hooks";
import {
  documentMeetingMinutes, meetingMinutes, recordDocuments, toApiError, type Document, type Minutes as MinutesData,
} from "../api";
import { formatDateTime, isoToFr } from "../api/dates";
import { DOCUMENT_STATES, DocStateBadge } from "../components/DocumentParts";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { useFocusOnMount } from "../components/hooks";
import { ConfirmDialog } from "../components/Modal";
import { labelOf } from "../labels";
import type { Route } from "./CaseShell";
import { StatusBadge, longDate } from "./Meetings";

interface Props {
  id: number;
  flash?: string;
  readOnly: boolean;
  go: (route: Route) => void;
}

export function Minutes({ id, flash, readOnly, go }: Props) {
  const [minutes, setMinutes] = useState<MinutesData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [documents, setDocuments] = useState<Document[] | null>(null);
  const [making, setMaking] = useState(false);
  const [askNewVersion, setAskNewVersion] = useState(false);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    meetingMinutes(id).then(setMinutes, (reason) => setError(toApiError(reason).message));
    recordDocuments("meeting", id).then(setDocuments, (reason) => setError(toApiError(reason).message));
  }, [id]);

  /** The newest version of the compte-rendu's PDF, if any. */
  const latest = documents?.find((d) => d.kind === "compte_rendu_gpds") ?? null;

  /** Makes the PDF (or refreshes its draft, or makes a new version) and opens its page. */
  async function makePdf() {
    setMaking(true);
    setError(null);
    try {
      const made = await documentMeetingMinutes(id);
      go({ view: "document", id: made.id, flash: made.version > 1 && made.id !== latest?.id
        ? `Version ${made.version} du compte-rendu PDF créée.`
        : "Compte-rendu PDF prêt (brouillon)." });
    } catch (reason) {
      setMaking(false);
      throw reason;
    }
  }

  function pdfClicked() {
    // A version that left draft is never changed: ask before making a new one.
    if (latest && latest.state !== "draft") {
      setAskNewVersion(true);
      return;
    }
    makePdf().catch((reason) => setError(toApiError(reason).message));
  }

  const m = minutes?.meeting;
  return (
    <article aria-labelledby="minutes-title" class="minutes">
      <p><button type="button" class="link" id="btn-back-meeting" onClick={() => go({ view: "meeting", id })}>← La séance</button></p>
      <div class="view-head">
        <h1 id="minutes-title" tabIndex={-1} ref={title}>
          Compte-rendu de la séance du GPDS du {m ? longDate(m.date) : "…"}
        </h1>
        {m && !readOnly && (m.status === "held" || m.status === "open") && (
          <div class="actions">
            <button type="button" id="btn-minutes-mode" onClick={() => go({ view: "meeting-mode", id })}>
              {m.status === "held" ? "Corriger les décisions" : "Reprendre le mode séance"}
            </button>
          </div>
        )}
      </div>
      <Notice message={flash ?? null} id="minutes-flash" />
      <ErrorBanner message={error} />
      {!minutes && !error && <p role="status">Chargement…</p>}
      {minutes && m && (
        <>
          <p class="minutes-meta" id="minutes-meta">
            <span>Heure : {m.time}</span>
            {m.place && <span>Lieu : {m.place}</span>}
            <StatusBadge status={m.status} />
            <span class="minutes-version" id="minutes-version">
              {minutes.version === 0 ? "Brouillon (la séance n'est pas close)" : `Version ${minutes.version}`}
            </span>
            {m.heldAt && <span class="muted"> — close le {formatDateTime(m.heldAt)}</span>}
            {m.status === "held" && !readOnly ? (
              <button type="button" id="btn-minutes-pdf" class="minutes-pdf" onClick={pdfClicked} disabled={making}>
                Compte-rendu PDF
              </button>
            ) : m.status !== "held" ? (
              <span class="muted minutes-pdf" id="minutes-pdf">PDF : une fois la séance close</span>
            ) : null}
          </p>
          <Busy message={making ? "Mise en page du compte-rendu…" : null} />
          <p class="banner banner-warning minutes-notice" id="minutes-notice" role="note">{minutes.notice}</p>

          <section class="card" aria-labelledby="minutes-people-title">
            <h2 id="minutes-people-title">Participants</h2>
            <div class="grid-2">
              <div>
                <h3>Présents</h3>
                {minutes.present.length === 0
                  ? <p class="muted" id="minutes-present">Présents non notés.</p>
                  : <ul class="people" id="minutes-present">{minutes.present.map((p) => <li key={p}>{p}</li>)}</ul>}
              </div>
              <div>
                <h3>Invités absents</h3>
                {minutes.absent.length === 0
                  ? <p class="muted" id="minutes-absent">Aucun.</p>
                  : <ul class="people" id="minutes-absent">{minutes.absent.map((p) => <li key={p}>{p}</li>)}</ul>}
                {minutes.notRecorded.length > 0 && (
                  <>
                    <h3>Invités (présence non notée)</h3>
                    <ul class="people" id="minutes-not-recorded">{minutes.notRecorded.map((p) => <li key={p}>{p}</li>)}</ul>
                  </>
                )}
              </div>
            </div>
          </section>

          <section class="card" aria-labelledby="minutes-recap-title">
            <h2 id="minutes-recap-title">Décisions et actions</h2>
            {minutes.rows.length === 0 ? (
              <p class="muted" id="minutes-no-rows">Aucune décision enregistrée.</p>
            ) : (
              <div class="table-wrap">
                <table class="data minutes-table" id="minutes-table">
                  <caption class="visually-hidden">Récapitulatif : élève, décision, action, responsable, échéance</caption>
                  <thead>
                    <tr>
                      <th scope="col">Élève</th>
                      <th scope="col">Décision</th>
                      <th scope="col">Action</th>
                      <th scope="col">Responsable</th>
                      <th scope="col">Échéance</th>
                    </tr>
                  </thead>
                  {minutes.rows.map((r, i) => {
                    const span = Math.max(1, r.actions.length);
                    const head = (
                      <>
                        <th scope="rowgroup" rowSpan={span} class="minutes-student">
                          <span class="strong">{r.student}</span> <span class="muted">({r.className})</span>
                        </th>
                        <td rowSpan={span} class="minutes-decision">
                          {r.decision}
                          {r.inCharge && <p class="minutes-followup">Suivi : {r.inCharge}</p>}
                          {r.nextReview && <p class="minutes-followup">Prochain point : {isoToFr(r.nextReview)}</p>}
                        </td>
                      </>
                    );
                    return (
                      <tbody key={i} data-student={r.student}>
                        {r.actions.length === 0 ? (
                          <tr class="minutes-row">
                            {head}
                            <td class="muted">Aucune action</td>
                            <td class="muted">—</td>
                            <td class="muted">—</td>
                          </tr>
                        ) : r.actions.map((a, j) => (
                          <tr key={j} class="minutes-row">
                            {j === 0 && head}
                            <td>{a.what}</td>
                            <td>{a.owner}</td>
                            <td class="nowrap">{isoToFr(a.dueOn)}</td>
                          </tr>
                        ))}
                      </tbody>
                    );
                  })}
                </table>
              </div>
            )}
            {minutes.undecided.length > 0 && (
              <div class="minutes-undecided" id="minutes-undecided">
                <h3>Élèves sans décision</h3>
                <p>
                  {minutes.undecided.join(", ")}{" "}
                  <span class="muted">— à examiner à la prochaine séance.</span>
                </p>
              </div>
            )}
          </section>

          <section class="card" aria-labelledby="minutes-documents-title" id="minutes-documents">
            <h2 id="minutes-documents-title">Documents de la séance</h2>
            {documents === null && <p role="status">Chargement…</p>}
            {documents?.length === 0 && (
              <p class="muted" id="minutes-no-documents">
                Aucun PDF pour l'instant.{m.status === "held" && !readOnly && " « Compte-rendu PDF » le prépare, à faire signer par le chef d'établissement et le référent."}
              </p>
            )}
            {documents && documents.length > 0 && (
              <ul class="doc-links" id="minutes-documents-list">
                {documents.map((d) => (
                  <li key={d.id} data-id={d.id}>
                    <button
                      type="button" class="link" id={`minutes-document-${d.id}`}
                      onClick={() => go({ view: "document", id: d.id })}
                    >
                      {d.title} {d.reference}, version {d.version}
                    </button>
                    <DocStateBadge state={d.state} />
                    <span class="muted"> — {isoToFr(d.createdAt)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      {askNewVersion && latest && (
        <ConfirmDialog
          id="minutes-new-version" title="Faire une nouvelle version du PDF ?"
          confirmLabel={`Créer la version ${latest.latestVersion + 1}`} busyLabel="Mise en page…"
          onConfirm={makePdf} onClose={() => setAskNewVersion(false)}
        >
          <p>
            Le compte-rendu PDF {latest.reference}, version {latest.version}, est « {labelOf(DOCUMENT_STATES, latest.state).toLowerCase()} » :
            il ne sera pas modifié. Une version {latest.latestVersion + 1} sera faite à partir du compte-rendu actuel, en brouillon.
          </p>
          <p>Pour seulement relire ou imprimer la version existante, ouvrez-la dans « Documents de la séance ».</p>
        </ConfirmDialog>
      )}
    </article>
  );
}
