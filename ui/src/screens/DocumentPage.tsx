// One version of a document: its state, reference and versions, template version, fingerprint
// and file hash, what is missing before it can be signed, its signatories and their signatures,
// the scans of the signed paper; and what can be done in its state: prepare it for signature,
// have it signed on screen, record a paper signature, cancel it; print it or save a copy always.

import { useEffect, useState } from "preact/hooks";
import {
  documentAllianceCharte, documentAllianceContract, documentAllianceMeeting, documentAlliancePartnership,
  documentCancel, documentGet, documentMeetingMinutes, documentOpen, documentPafiBilan, documentPafiContract,
  documentPafiConvention, documentPrepare, documentSignPaper, meetingsList,
  pickScanFile, recordDocuments, toApiError,
  type Document, type MeetingRow, type Signatory,
} from "../api";
import { DATE_INVALID, formatDateTime, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import {
  DOCUMENT_STATE_HINTS, DocStateBadge, SaveCopyDialog, recordLabel, versionText,
} from "../components/DocumentParts";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, TextArea, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { Modal } from "../components/Modal";
import type { Route } from "./CaseShell";

/** The kinds of document an alliance makes. */
const ALLIANCE_KINDS: ReadonlyArray<Document["kind"]> = [
  "contrat_alliance", "convention_partenariat", "charte_deontologie", "compte_rendu_alliance",
];

interface Props {
  id: number;
  flash?: string;
  /** Opened from this PAFI's page: the way back goes there. */
  pafiId?: number;
  /** Opened from this alliance's page: the way back goes there. */
  allianceId?: number;
  readOnly: boolean;
  go: (route: Route) => void;
}

/** "1a2b 3c4d 5e6f 7a8b": the first 16 hex digits of a hash in groups of four. */
export function shortHash(hex: string): string {
  return (hex.slice(0, 16).match(/.{1,4}/g) ?? []).join(" ");
}

/** A hash shown short, the full hex folded below. */
export function Hash({ id, hex, short, label }: { id: string; hex: string; short?: string; label: string }) {
  return (
    <div class="hash" id={id}>
      <code class="hash-short">{short ?? shortHash(hex)}</code>
      <details class="hash-full">
        <summary>{label}</summary>
        <code id={`${id}-full`}>{hex}</code>
      </details>
    </div>
  );
}

/** "Signé à l'écran" / "Signé sur papier" / "Pas encore signé". */
function signatoryHow(s: Signatory): string {
  if (!s.signedAt) return s.required ? "Pas encore signé" : "Facultatif, pas signé";
  return s.method === "paper" ? "Signé sur papier" : "Signé à l'écran";
}

/** "Mme Claire Martin — Le chef d'établissement (mère)". */
export function signatoryName(s: Signatory): string {
  return `${s.name} — ${s.role}${s.relationship ? ` (${s.relationship})` : ""}`;
}

/**
 * The maker of a document's draft, for the kinds whose draft can be made again from their record
 * (an alliance's charte, convention and compte-rendu: from that alliance's page).
 */
function remaker(d: Document, allianceId?: number): (() => Promise<Document>) | null {
  if (d.kind === "contrat_alliance" && d.recordEntity === "alliance") return () => documentAllianceContract(d.recordId);
  if (allianceId !== undefined) {
    if (d.kind === "charte_deontologie" && d.recordEntity === "alliance_member") return () => documentAllianceCharte(allianceId, d.recordId);
    if (d.kind === "convention_partenariat" && d.recordEntity === "partner") return () => documentAlliancePartnership(allianceId, d.recordId);
    if (d.kind === "compte_rendu_alliance" && d.recordEntity === "alliance_meeting") return () => documentAllianceMeeting(allianceId, d.recordId);
  }
  if (d.kind === "compte_rendu_gpds" && d.recordEntity === "meeting") return () => documentMeetingMinutes(d.recordId);
  if (d.kind === "contrat_pafi" && d.recordEntity === "pafi") return () => documentPafiContract(d.recordId);
  if (d.kind === "bilan_pafi" && d.recordEntity === "pafi") return () => documentPafiBilan(d.recordId);
  if (d.kind === "convention_stage" && d.recordEntity === "pafi_activity") return () => documentPafiConvention(d.recordId);
  return null;
}

export function DocumentPage({ id, flash, pafiId, allianceId, readOnly, go }: Props) {
  /** Where the document was opened from, kept when moving between its versions. */
  const origin = { pafiId, allianceId };
  const [doc, setDoc] = useState<Document | null>(null);
  const [versions, setVersions] = useState<Document[]>([]);
  const [meetings, setMeetings] = useState<MeetingRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(flash ?? null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"save" | "paper" | "cancel" | null>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    documentGet(id).then(setDoc, (reason) => setError(toApiError(reason).message));
  }, [id]);

  useEffect(() => {
    if (!doc) return;
    recordDocuments(doc.recordEntity, doc.recordId).then(
      (all) => setVersions(all.filter((d) => d.reference === doc.reference).sort((a, b) => a.version - b.version)),
      () => setVersions([]),
    );
    if (doc.recordEntity === "meeting") meetingsList().then(setMeetings, () => setMeetings([]));
  }, [doc?.reference, doc?.latestVersion]);

  /** Runs one action; shows its error instead of the notice if it fails. */
  async function run(message: string, action: () => Promise<void>) {
    setBusy(message);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setBusy(null);
    }
  }

  const prepare = () =>
    run("Préparation du document…", async () => {
      setDoc(await documentPrepare(id));
      setNotice("Le document est prêt à signer : faites-le signer à l'écran, ou imprimez-le pour une signature sur papier.");
    });

  const redo = (d: Document, make: () => Promise<Document>) =>
    run("Mise à jour du brouillon…", async () => {
      const made = await make();
      const message = d.kind === "compte_rendu_gpds"
        ? "Brouillon refait à partir du compte-rendu actuel."
        : ALLIANCE_KINDS.includes(d.kind)
          ? "Brouillon refait à partir de l'alliance telle qu'elle est maintenant."
          : "Brouillon refait à partir du parcours tel qu'il est maintenant.";
      if (made.id === id) {
        setDoc(made);
        setNotice(message);
      } else {
        go({ view: "document", id: made.id, flash: message, ...origin });
      }
    });

  const print = () =>
    run("Ouverture du PDF…", async () => {
      await documentOpen(id);
      setNotice("Le document s'ouvre dans la visionneuse PDF du poste : imprimez-le depuis celle-ci.");
    });

  const d = doc;
  const canChange = !readOnly && d !== null;
  // The version shown is always as fresh as the page (its state changes here).
  const allVersions = d ? versions.map((v) => (v.id === d.id ? d : v)) : versions;
  return (
    <article aria-labelledby="document-title" class="document-page">
      <p class="back-links">
        {pafiId !== undefined && (
          <button type="button" class="link" id="btn-back-pafi-document" onClick={() => go({ view: "pafi-path", id: pafiId })}>← Le PAFI</button>
        )}
        {allianceId !== undefined && (
          <button type="button" class="link" id="btn-back-alliance-document" onClick={() => go({ view: "alliance", id: allianceId })}>
            ← L'alliance éducative
          </button>
        )}
        <button type="button" class="link" id="btn-back-documents" onClick={() => go({ view: "documents" })}>
          {pafiId !== undefined || allianceId !== undefined ? "Tous les documents" : "← Documents"}
        </button>
      </p>
      <div class="view-head">
        <h1 id="document-title" tabIndex={-1} ref={title}>
          {d ? <>{d.title} <span class="doc-ref">{d.reference}</span></> : "Document"}
          {d && <DocStateBadge state={d.state} id="document-state" />}
        </h1>
      </div>
      {d && (
        <div class="actions doc-actions" id="document-actions">
          {canChange && d.state === "draft" && (
            <>
              <button type="button" id="btn-document-prepare" class="primary" onClick={prepare} disabled={!!busy}>
                Préparer pour signature
              </button>
              {remaker(d, allianceId) && (
                <button type="button" id="btn-document-redo" onClick={() => redo(d, remaker(d, allianceId)!)} disabled={!!busy}>
                  Refaire le brouillon
                </button>
              )}
            </>
          )}
          {canChange && d.state === "to_sign" && (
            <>
              <button type="button" id="btn-document-sign" class="primary" onClick={() => go({ view: "document-sign", id })} disabled={!!busy}>
                Signer à l'écran
              </button>
              <button type="button" id="btn-document-paper" onClick={() => setDialog("paper")} disabled={!!busy}>
                Enregistrer une signature sur papier
              </button>
            </>
          )}
          <button type="button" id="btn-document-print" onClick={print} disabled={!!busy}>Imprimer</button>
          <button type="button" id="btn-document-save" onClick={() => setDialog("save")} disabled={!!busy}>Enregistrer sous…</button>
          {canChange && d.state !== "cancelled" && (
            <button type="button" id="btn-document-cancel" class="push-right" onClick={() => setDialog("cancel")} disabled={!!busy}>
              Annuler le document
            </button>
          )}
        </div>
      )}
      <Busy message={busy} />
      <Notice message={notice} id="document-notice" />
      <ErrorBanner message={error} id="document-error" />
      {!d && !error && <p role="status">Chargement…</p>}
      {d && (
        <>
          <p class="hint doc-state-hint" id="document-state-hint">{DOCUMENT_STATE_HINTS[d.state]}</p>
          {d.version < d.latestVersion && (
            <p class="banner banner-info" id="document-not-latest">
              Ce n'est pas la dernière version : la version {d.latestVersion} la remplace.{" "}
              {versions.find((v) => v.version === d.latestVersion) && (
                <button
                  type="button" class="link" id="btn-document-latest"
                  onClick={() => go({ view: "document", id: versions.find((v) => v.version === d.latestVersion)!.id, ...origin })}
                >
                  Ouvrir la version {d.latestVersion}
                </button>
              )}
            </p>
          )}
          {d.state === "cancelled" && (
            <p class="banner banner-error" id="document-cancelled" role="note">
              <span class="strong">Document annulé</span>{d.cancelReason && <> : {d.cancelReason}</>}
            </p>
          )}
          {d.state === "sealed" && (
            <p class="banner banner-ok" id="document-sealed" role="note">
              Document signé par tous et scellé par l'établissement.
            </p>
          )}
          {d.missing.length > 0 && d.state === "draft" && (
            <div class="banner banner-warning" id="document-missing" role="note">
              <p class="strong">À compléter avant de pouvoir le signer :</p>
              <ul>{d.missing.map((m) => <li key={m}>{m}</li>)}</ul>
            </div>
          )}

          <section class="card" aria-labelledby="document-facts-title">
            <h2 id="document-facts-title">Le document</h2>
            <dl class="facts doc-facts" id="document-facts">
              <div class="fact"><dt>Référence</dt><dd id="document-reference">{d.reference}</dd></div>
              <div class="fact">
                <dt>Version</dt>
                <dd id="document-version">
                  {versionText(d)}
                  <span class="muted"> — {d.version === d.latestVersion ? "dernière version" : "version antérieure"}</span>
                </dd>
              </div>
              <div class="fact"><dt>Version du modèle</dt><dd id="document-template">{d.templateVersion}</dd></div>
              <div class="fact">
                <dt>Dossier</dt>
                <dd id="document-record">
                  {d.recordEntity === "meeting" ? (
                    <button type="button" class="link" id="btn-document-record" onClick={() => go({ view: "meeting", id: d.recordId })}>
                      {recordLabel(d, meetings)}
                    </button>
                  ) : d.recordEntity === "pafi" || (d.recordEntity === "pafi_activity" && pafiId !== undefined) ? (
                    <button
                      type="button" class="link" id="btn-document-record"
                      onClick={() => go({ view: "pafi-path", id: d.recordEntity === "pafi" ? d.recordId : pafiId! })}
                    >
                      {recordLabel(d, meetings)}
                    </button>
                  ) : d.recordEntity === "alliance" || allianceId !== undefined ? (
                    <button
                      type="button" class="link" id="btn-document-record"
                      onClick={() => go({ view: "alliance", id: d.recordEntity === "alliance" ? d.recordId : allianceId! })}
                    >
                      {recordLabel(d, meetings)}
                    </button>
                  ) : recordLabel(d, meetings)}
                </dd>
              </div>
              <div class="fact"><dt>Créé le</dt><dd>{formatDateTime(d.createdAt)}</dd></div>
              <div class="fact"><dt>Dernier changement</dt><dd>{formatDateTime(d.updatedAt)}</dd></div>
              <div class="fact fact-wide">
                <dt>Empreinte du contenu <span class="muted">(imprimée en pied de page)</span></dt>
                <dd><Hash id="document-fingerprint" hex={d.fingerprint} short={d.fingerprintShort} label="Empreinte complète" /></dd>
              </div>
              <div class="fact fact-wide">
                <dt>Empreinte du fichier <span class="muted">(SHA-256)</span></dt>
                <dd><Hash id="document-file-sha" hex={d.fileSha256} label="SHA-256 complet" /></dd>
              </div>
            </dl>
            {allVersions.length > 1 && (
              <nav class="doc-versions" aria-label="Versions du document" id="document-versions">
                <span class="muted">Versions :</span>
                <ul>
                  {allVersions.map((v) => (
                    <li key={v.id}>
                      {v.id === d.id ? (
                        <span class="strong" aria-current="page" id={`document-version-${v.version}`}>v{v.version}</span>
                      ) : (
                        <button
                          type="button" class="link" id={`document-version-${v.version}`}
                          onClick={() => go({ view: "document", id: v.id, ...origin })}
                        >
                          v{v.version}
                        </button>
                      )}{" "}
                      <DocStateBadge state={v.state} />
                    </li>
                  ))}
                </ul>
              </nav>
            )}
          </section>

          <section class="card" aria-labelledby="document-signatories-title">
            <h2 id="document-signatories-title">Signataires</h2>
            <SignatoriesTable doc={d} />
          </section>

          {d.scans.length > 0 && (
            <section class="card" aria-labelledby="document-scans-title">
              <h2 id="document-scans-title">Scans du papier signé</h2>
              <ul class="doc-scans" id="document-scans">
                {d.scans.map((s) => (
                  <li key={s.id}>
                    <span class="strong">{s.fileName}</span> <span class="muted">({s.mime})</span> — signé le {isoToFr(s.signedOn)}
                    <Hash id={`document-scan-${s.id}`} hex={s.sha256} label="SHA-256 complet" />
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      {dialog === "save" && d && (
        <SaveCopyDialog doc={d} onClose={() => setDialog(null)} onSaved={(path) => setNotice(`Copie enregistrée : ${path}`)} />
      )}
      {dialog === "paper" && d && (
        <PaperDialog
          doc={d} onClose={() => setDialog(null)}
          onDone={(saved) => {
            setDoc(saved);
            setNotice("Signature sur papier enregistrée.");
          }}
        />
      )}
      {dialog === "cancel" && d && (
        <CancelDocumentDialog
          doc={d} onClose={() => setDialog(null)}
          onDone={(saved) => {
            setDoc(saved);
            setNotice("Document annulé.");
          }}
        />
      )}
    </article>
  );
}

/** Who signs, and how far they are. */
export function SignatoriesTable({ doc, id = "document-signatories" }: { doc: Document; id?: string }) {
  return (
    <div class="table-wrap">
      <table class="data signatories" id={id}>
        <caption class="visually-hidden">Signataires du document et état de leur signature</caption>
        <thead>
          <tr>
            <th scope="col">Signataire</th>
            <th scope="col">Signature</th>
            <th scope="col">Identité vérifiée</th>
            <th scope="col">Témoin</th>
            <th scope="col">Empreinte de la signature</th>
          </tr>
        </thead>
        <tbody>
          {doc.signatories.map((s) => (
            <tr key={s.position} data-position={s.position} data-signed={s.signedAt ? s.method ?? "yes" : "no"}>
              <th scope="row">
                <span class="strong">{s.name}</span>
                <span class="muted signatory-role">{s.role}{s.relationship && <> ({s.relationship})</>}{!s.required && " — facultatif"}</span>
              </th>
              <td>
                <span class={s.signedAt ? "sig-done" : "sig-todo"}>
                  <span aria-hidden="true">{s.signedAt ? "✓ " : "○ "}</span>{signatoryHow(s)}
                </span>
                {s.signedAt && (
                  <span class="sig-when">
                    {" "}le {s.method === "paper" ? isoToFr(s.signedAt) : formatDateTime(s.signedAt)}
                  </span>
                )}
              </td>
              <td>{s.identityCheck || <span class="muted">—</span>}</td>
              <td>{s.witness || <span class="muted">—</span>}</td>
              <td>
                {s.signatureSha256
                  ? <code title={s.signatureSha256}>{shortHash(s.signatureSha256)}</code>
                  : <span class="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** « Enregistrer une signature sur papier »: the date, who signed, the scan if there is one. */
function PaperDialog({ doc, onClose, onDone }: { doc: Document; onClose: () => void; onDone: (d: Document) => void }) {
  const open = doc.signatories.filter((s) => !s.signedAt);
  const [signedOn, setSignedOn] = useState(() => isoToFr(todayIso()));
  const [positions, setPositions] = useState<number[]>([]);
  const [scan, setScan] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("paper");

  async function browse() {
    try {
      const chosen = await pickScanFile();
      if (chosen) setScan(chosen);
    } catch (reason) {
      form.setBanner(toApiError(reason).message);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const date = parseOptionalDate(signedOn);
    const errors: Record<string, string> = {};
    if (date === undefined) errors.signedOn = DATE_INVALID;
    else if (date === null) errors.signedOn = "Indiquez la date de la signature sur papier.";
    if (positions.length === 0) errors.positions = "Cochez chaque signataire qui a signé le papier.";
    if (Object.keys(errors).length) {
      form.setFields(errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await documentSignPaper(doc.id, date ?? null, positions, scan.trim() === "" ? null : scan.trim());
      onDone(saved);
      onClose();
    } catch (reason) {
      setBusy(null);
      const error = toApiError(reason);
      // A file that cannot be read is about the scan field.
      if (error.field === "path" || (error.code === "not_found" && scan.trim() !== "")) form.setFields({ scan: error.message });
      else form.report(error);
    }
  }

  return (
    <Modal id="paper" title="Enregistrer une signature sur papier" onClose={() => !busy && onClose()}>
      <form onSubmit={submit} noValidate>
        <div class="modal-body">
          <p>Le document imprimé a été signé à la main. Le fichier enregistré reste celui qui a été imprimé.</p>
          <DateField {...form.bind("signedOn")} label="Date de la signature" value={signedOn} onValue={setSignedOn} required />
          <fieldset
            id="paper-positions" tabIndex={-1}
            class={`check-group${form.errors.positions ? " field-invalid" : ""}`}
            aria-describedby={form.errors.positions ? "paper-positions-error" : undefined}
          >
            <legend>Signataires qui ont signé le papier <span class="required" aria-hidden="true">*</span></legend>
            <ul class="check-list">
              {open.map((s) => (
                <li key={s.position} class="checkbox">
                  <input
                    id={`paper-position-${s.position}`} type="checkbox" checked={positions.includes(s.position)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setPositions((now) => (on ? [...now, s.position] : now.filter((p) => p !== s.position)));
                    }}
                  />
                  <label for={`paper-position-${s.position}`}>{signatoryName(s)}{!s.required && " (facultatif)"}</label>
                </li>
              ))}
            </ul>
            {form.errors.positions && (
              <p id="paper-positions-error" class="field-error"><span aria-hidden="true">⚠ </span>{form.errors.positions}</p>
            )}
          </fieldset>
          <div class="field-with-button">
            <TextField
              {...form.bind("scan")} label="Scan du papier signé (facultatif)" value={scan} onValue={setScan} class="grow"
              hint="PDF, PNG ou JPEG, 50 Mo au plus. Il est gardé chiffré dans le dossier."
            />
            <button type="button" id="paper-scan-browse" onClick={browse} disabled={!!busy}>Parcourir…</button>
          </div>
        </div>
        <ErrorBanner message={form.banner} id="paper-error" />
        <div class="actions">
          <button type="submit" id="paper-confirm" class="primary" disabled={!!busy}>Enregistrer la signature</button>
          <button type="button" id="paper-cancel" onClick={onClose} disabled={!!busy}>Annuler</button>
          <Busy message={busy} />
        </div>
      </form>
    </Modal>
  );
}

/** « Annuler le document », with its reason. */
function CancelDocumentDialog({ doc, onClose, onDone }: { doc: Document; onClose: () => void; onDone: (d: Document) => void }) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors("doc-cancel");

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    if (reason.trim() === "") {
      form.setFields({ reason: "Indiquez pourquoi le document est annulé." });
      return;
    }
    setBusy(true);
    try {
      onDone(await documentCancel(doc.id, reason.trim()));
      onClose();
    } catch (error) {
      setBusy(false);
      form.report(toApiError(error));
    }
  }

  return (
    <Modal id="doc-cancel" title="Annuler le document ?" onClose={() => !busy && onClose()}>
      <form onSubmit={submit} noValidate>
        <div class="modal-body">
          <p>
            {doc.title} {doc.reference}, version {doc.version}, restera consultable, marqué « annulé ».
            {(doc.state === "signed" || doc.state === "sealed") && " Les signatures déjà données sont gardées."}
          </p>
          <TextArea {...form.bind("reason")} label="Motif de l'annulation" value={reason} onValue={setReason} required rows={2} />
        </div>
        <ErrorBanner message={form.banner} id="doc-cancel-error" />
        <div class="actions">
          <button type="submit" id="doc-cancel-confirm" class="danger" disabled={busy}>
            {busy ? "Annulation…" : "Annuler le document"}
          </button>
          <button type="button" id="doc-cancel-cancel" onClick={onClose} disabled={busy}>Ne pas annuler</button>
        </div>
      </form>
    </Modal>
  );
}
