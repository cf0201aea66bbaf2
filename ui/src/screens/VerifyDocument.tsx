// « Vérifier un document »: a PDF file (chosen, or its path typed), or a printed page (its
// reference and the short fingerprint printed in its footer). The verdict says whether it is a
// document of this case file, unaltered, which version, whether it is the latest, its state.

import { useState } from "preact/hooks";
import {
  documentVerifyFile, documentVerifyReference, pickPdfToVerify, toApiError, type Verification,
} from "../api";
import { DocStateBadge, versionText } from "../components/DocumentParts";
import { Busy, ErrorBanner } from "../components/feedback";
import { TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import type { Route } from "./CaseShell";

interface Props {
  go: (route: Route) => void;
}

export function VerifyDocument({ go }: Props) {
  const [path, setPath] = useState("");
  const [reference, setReference] = useState("");
  const [fingerprint, setFingerprint] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<{ how: string; verification: Verification } | null>(null);
  const fileForm = useFormErrors("verify");
  const pageForm = useFormErrors("verify");
  const title = useFocusOnMount<HTMLHeadingElement>();

  function show(how: string, verification: Verification) {
    setResult({ how, verification });
    setTimeout(() => {
      const box = document.getElementById("verify-verdict");
      box?.scrollIntoView({ block: "nearest" });
      box?.focus();
    }, 0);
  }

  async function browse() {
    try {
      const chosen = await pickPdfToVerify();
      if (chosen) setPath(chosen);
    } catch (reason) {
      fileForm.setBanner(toApiError(reason).message);
    }
  }

  async function checkFile(e: Event) {
    e.preventDefault();
    if (busy) return;
    fileForm.clear();
    pageForm.clear();
    setResult(null);
    if (path.trim() === "") {
      fileForm.setFields({ path: "Indiquez le fichier PDF à vérifier." });
      return;
    }
    setBusy("Vérification du fichier…");
    try {
      show(`Fichier ${path.trim()}`, await documentVerifyFile(path.trim()));
    } catch (reason) {
      const error = toApiError(reason);
      // A missing or unreadable file is about the path typed.
      if (error.code === "not_found" || error.field === "path") fileForm.setFields({ path: error.message });
      else fileForm.report(error);
    } finally {
      setBusy(null);
    }
  }

  async function checkPage(e: Event) {
    e.preventDefault();
    if (busy) return;
    fileForm.clear();
    pageForm.clear();
    setResult(null);
    const errors: Record<string, string> = {};
    if (reference.trim() === "") errors.reference = "Recopiez la référence imprimée (par exemple GPDS-2026-0001).";
    if (fingerprint.trim() === "") errors.fingerprint = "Recopiez l'empreinte imprimée en pied de page.";
    if (Object.keys(errors).length) {
      pageForm.setFields(errors);
      return;
    }
    setBusy("Vérification de la référence…");
    try {
      show(`Référence ${reference.trim()}`, await documentVerifyReference(reference.trim(), fingerprint.trim()));
    } catch (reason) {
      pageForm.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  const v = result?.verification;
  const d = v?.document ?? null;
  return (
    <section aria-labelledby="verify-title" class="verify">
      <p><button type="button" class="link" id="btn-back-documents" onClick={() => go({ view: "documents" })}>← Documents</button></p>
      <h1 id="verify-title" tabIndex={-1} ref={title}>Vérifier un document</h1>
      <p class="lead">
        Un document d'Accroche porte une référence et une empreinte. Vérifiez qu'un fichier PDF reçu ou une page imprimée
        correspond bien à un document de ce dossier, sans modification.
      </p>
      <div class="grid-2 verify-forms">
        <form class="card" onSubmit={checkFile} noValidate id="verify-file-form" aria-labelledby="verify-file-title">
          <h2 id="verify-file-title">Un fichier PDF</h2>
          <div class="field-with-button">
            <TextField {...fileForm.bind("path")} label="Fichier PDF" value={path} onValue={setPath} class="grow" required />
            <button type="button" id="verify-browse" onClick={browse} disabled={!!busy}>Parcourir…</button>
          </div>
          <ErrorBanner message={fileForm.banner} id="verify-file-error" />
          <div class="actions">
            <button type="submit" id="verify-file-submit" class="primary" disabled={!!busy}>Vérifier le fichier</button>
          </div>
        </form>
        <form class="card" onSubmit={checkPage} noValidate id="verify-page-form" aria-labelledby="verify-page-title">
          <h2 id="verify-page-title">Une page imprimée</h2>
          <TextField {...pageForm.bind("reference")} label="Référence" value={reference} onValue={setReference} required hint="En haut ou en pied de page, par exemple GPDS-2026-0001." />
          <TextField
            {...pageForm.bind("fingerprint")} label="Empreinte" value={fingerprint} onValue={setFingerprint} required
            hint="Les 16 caractères imprimés en pied de page, par exemple 1a2b 3c4d 5e6f 7a8b."
          />
          <ErrorBanner message={pageForm.banner} id="verify-page-error" />
          <div class="actions">
            <button type="submit" id="verify-page-submit" class="primary" disabled={!!busy}>Vérifier la page</button>
          </div>
        </form>
      </div>
      <Busy message={busy} />
      {v && (
        <div
          class={`verdict ${v.genuine ? "verdict-genuine" : "verdict-bad"}`} id="verify-verdict" tabIndex={-1}
          role="status" data-genuine={v.genuine ? "true" : "false"}
        >
          <p class="verdict-head" id="verify-verdict-head">
            <span aria-hidden="true">{v.genuine ? "✓ " : "✗ "}</span>
            {v.genuine ? "Document authentique" : d ? "Document non conforme" : "Document non reconnu"}
          </p>
          <p class="verdict-sentence" id="verify-verdict-text">{v.verdict}</p>
          <p class="muted verdict-what">{result?.how}</p>
          {d && (
            <>
              <dl class="facts verdict-facts" id="verify-facts">
                <div class="fact"><dt>Référence</dt><dd id="verify-reference-found">{d.reference}</dd></div>
                <div class="fact">
                  <dt>Version</dt>
                  <dd id="verify-version">
                    {versionText(d)} — {v.isLatest ? "dernière version" : <span class="text-warning">une version plus récente existe</span>}
                  </dd>
                </div>
                <div class="fact"><dt>État</dt><dd><DocStateBadge state={d.state} id="verify-state" /></dd></div>
                <div class="fact"><dt>Titre</dt><dd>{d.title}</dd></div>
              </dl>
              <div class="actions">
                <button type="button" id="verify-open-document" onClick={() => go({ view: "document", id: d.id })}>
                  Ouvrir le document ({d.reference}, version {d.version})
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
