// What the document screens share: the words of a document's state and its badge, the record a
// document belongs to in words, and the "Enregistrer sous…" dialog (a path typed or chosen with
// the native dialog, as everywhere else in Accroche).

import { useEffect, useState } from "preact/hooks";
import {
  currentSession, documentSave, pickDocumentSaveFile, toApiError,
  type Document, type DocumentState, type MeetingRow,
} from "../api";
import { isoToFr } from "../api/dates";
import type { Options } from "../labels";
import { dirname, joinPath } from "../paths";
import { Busy, ErrorBanner } from "./feedback";
import { TextField, useFormErrors } from "./fields";
import { Modal } from "./Modal";

/** The core's words for each state. */
export const DOCUMENT_STATES: Options<DocumentState> = [
  ["draft", "Brouillon"],
  ["to_sign", "À signer"],
  ["signed", "Signé"],
  ["sealed", "Scellé"],
  ["cancelled", "Annulé"],
];

/** What each state means, in one line (shown under the title of a document). */
export const DOCUMENT_STATE_HINTS: Record<DocumentState, string> = {
  draft: "Brouillon : le document peut encore être refait ; il s'imprime avec la mention « BROUILLON ».",
  to_sign: "À signer : le texte est définitif ; il attend les signatures, à l'écran ou sur papier.",
  signed: "Signé sur papier : la signature est enregistrée ; le document n'est plus modifié.",
  sealed: "Signé à l'écran par tous et scellé par l'établissement : toute modification du fichier est détectable.",
  cancelled: "Annulé : le document reste consultable, il n'a plus de valeur.",
};

export function DocStateBadge({ state, id }: { state: DocumentState; id?: string }) {
  const label = DOCUMENT_STATES.find(([s]) => s === state)?.[1] ?? state;
  return <span class={`badge doc-state doc-state-${state}`} id={id} data-state={state}>{label}</span>;
}

/** "v2 / 3": this version over the newest. */
export function versionText(d: Pick<Document, "version" | "latestVersion">): string {
  return `v${d.version} / ${d.latestVersion}`;
}

/** The file name a copy is saved under by default. */
export function defaultFileName(d: Pick<Document, "reference" | "version">): string {
  return `${d.reference}-v${d.version}.pdf`;
}

const ENTITIES: Record<string, string> = {
  meeting: "Séance GPDS",
  partner: "Partenaire",
  pafi: "PAFI",
  pafi_activity: "Activité de PAFI",
  alliance: "Alliance éducative",
  student: "Élève",
};

/** The record a document belongs to, in words ("Séance GPDS du 12/03/2026"). */
export function recordLabel(d: Pick<Document, "recordEntity" | "recordId">, meetings: MeetingRow[] = []): string {
  if (d.recordEntity === "meeting") {
    const m = meetings.find((x) => x.id === d.recordId);
    if (m) return `Séance GPDS du ${isoToFr(m.date)}`;
  }
  return `${ENTITIES[d.recordEntity] ?? d.recordEntity} n° ${d.recordId}`;
}

/** Where a copy goes by default: beside the case file. */
async function defaultSavePath(d: Document): Promise<string> {
  try {
    const session = await currentSession();
    if (session) return joinPath(dirname(session.path), defaultFileName(d));
  } catch {
    /* the name alone; the user chooses the folder */
  }
  return defaultFileName(d);
}

/** « Enregistrer sous… »: a copy of the document's PDF, where the user says. */
export function SaveCopyDialog({ doc, onClose, onSaved }: {
  doc: Document;
  onClose: () => void;
  onSaved: (path: string) => void;
}) {
  const [path, setPath] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("save-copy");

  useEffect(() => {
    let live = true;
    defaultSavePath(doc).then((p) => live && setPath((now) => now || p));
    return () => {
      live = false;
    };
  }, [doc.id]);

  async function browse() {
    try {
      const chosen = await pickDocumentSaveFile(path || defaultFileName(doc));
      if (chosen) setPath(chosen);
    } catch (reason) {
      form.setBanner(toApiError(reason).message);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const target = path.trim();
    if (target === "") {
      form.setFields({ path: "Indiquez le fichier à créer." });
      return;
    }
    if (!/\.pdf$/i.test(target)) {
      form.setFields({ path: "Le nom du fichier doit finir par « .pdf »." });
      return;
    }
    setBusy("Enregistrement…");
    try {
      await documentSave(doc.id, target);
      onSaved(target);
      onClose();
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <Modal id="save-copy" title="Enregistrer une copie du PDF" onClose={() => !busy && onClose()}>
      <form onSubmit={submit} noValidate>
        <div class="modal-body">
          <p>
            {doc.title} {doc.reference}, version {doc.version}. La copie n'est pas chiffrée : rangez-la en lieu sûr.
          </p>
          <div class="field-with-button">
            <TextField {...form.bind("path")} label="Fichier PDF à créer" value={path} onValue={setPath} class="grow" required />
            <button type="button" id="save-copy-browse" onClick={browse} disabled={!!busy}>Parcourir…</button>
          </div>
        </div>
        <ErrorBanner message={form.banner} id="save-copy-error" />
        <div class="actions">
          <button type="submit" id="save-copy-confirm" class="primary" disabled={!!busy}>Enregistrer</button>
          <button type="button" id="save-copy-cancel" onClick={onClose} disabled={!!busy}>Annuler</button>
          <Busy message={busy} />
        </div>
      </form>
    </Modal>
  );
}
