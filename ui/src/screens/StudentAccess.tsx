// « Tout ce que le dossier contient sur cet élève »: a family's right of access (RGPD art. 15).
// One PDF to hand over and the same as JSON, written beside the case file by default; the
// access itself is journaled on the student.

import { useState } from "preact/hooks";
import { pickBilanFile, rgpdStudentFile, toApiError, type Student } from "../api";
import { todayIso } from "../api/dates";
import { Busy, ErrorBanner } from "../components/feedback";
import { TextField, useFormErrors } from "../components/fields";
import { Modal } from "../components/Modal";
import { dirname, joinPath, slug } from "../paths";

interface Props {
  student: Student;
  caseFilePath: string;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function StudentAccessDialog({ student, caseFilePath, onClose, onDone }: Props) {
  const stem = `${slug(`${student.lastName} ${student.firstName}`) || "eleve"}-donnees-${todayIso()}`;
  const [pdf, setPdf] = useState(() => joinPath(dirname(caseFilePath), `${stem}.pdf`));
  const [json, setJson] = useState(() => joinPath(dirname(caseFilePath), `${stem}.json`));
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("access");

  async function browse(format: "pdf" | "json") {
    const chosen = await pickBilanFile(format === "pdf" ? pdf : json, format).catch(() => null);
    if (chosen) (format === "pdf" ? setPdf : setJson)(chosen);
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    if (pdf.trim() === "") {
      form.setFields({ pdf: "Indiquez le fichier PDF à créer." });
      return;
    }
    setBusy("Préparation du dossier de l'élève…");
    try {
      await rgpdStudentFile(student.id, pdf.trim(), json.trim() || null);
      onDone(
        `Données de ${student.firstName} ${student.lastName} écrites : ${pdf.trim()}${json.trim() ? ` et ${json.trim()}` : ""}. La communication est notée au journal.`,
      );
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Modal id="student-access" title="Tout ce que le dossier contient sur cet élève" onClose={onClose}>
      <p class="hint">
        Pour répondre à une demande de la famille (droit d'accès, RGPD art. 15) : sa fiche, ses repérages et son suivi
        GPDS, ses PAFI, ses alliances éducatives, les documents le concernant et le journal des accès et modifications.
        La communication sera notée au journal.
      </p>
      <form onSubmit={submit} noValidate id="access-form">
        <div class="field-with-button">
          <TextField {...form.bind("pdf")} label="Document PDF" value={pdf} onValue={setPdf} class="grow" />
          <button type="button" id="access-browse-pdf" onClick={() => browse("pdf")}>Parcourir…</button>
        </div>
        <div class="field-with-button">
          <TextField
            {...form.bind("json")} label="Les mêmes données en JSON (facultatif)" value={json} onValue={setJson} class="grow"
          />
          <button type="button" id="access-browse-json" onClick={() => browse("json")}>Parcourir…</button>
        </div>
        <ErrorBanner message={form.banner} />
        <div class="actions">
          <button type="submit" id="access-submit" class="primary" disabled={!!busy}>Écrire les fichiers</button>
          <button type="button" id="access-cancel" onClick={onClose}>Annuler</button>
          <Busy message={busy} />
        </div>
      </form>
    </Modal>
  );
}
