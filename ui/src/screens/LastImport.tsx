// "Annuler le dernier import": the last roster import not yet undone, and the button that undoes
// it (after confirmation). Shown in Élèves and on the import screen; nothing when there is none.

import { useEffect, useState } from "preact/hooks";
import { rosterLastImport, rosterUndo, toApiError, type ImportBatch } from "../api";
import { formatDateTime } from "../api/dates";
import { ErrorBanner } from "../components/feedback";
import { ConfirmDialog } from "../components/Modal";
import { importCountsText, plural } from "../labels";

interface Props {
  /** Change it to load the last import again (e.g. after an import). */
  refresh?: number;
  /** Another operation is running: the button waits. */
  disabled?: boolean;
  /** Called once the import was undone. */
  onUndone: (batch: ImportBatch) => void;
}

export function LastImport({ refresh = 0, disabled = false, onUndone }: Props) {
  const [batch, setBatch] = useState<ImportBatch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    let current = true;
    rosterLastImport().then(
      (found) => current && (setBatch(found), setError(null)),
      (reason) => current && setError(toApiError(reason).message),
    );
    return () => {
      current = false;
    };
  }, [refresh]);

  if (error) return <ErrorBanner message={error} />;
  if (!batch) return null;

  async function undo() {
    const undone = await rosterUndo();
    setBatch(null);
    onUndone(undone);
    // The import before it (if any) becomes the last one; it can no longer be undone, but it
    // is shown for what it is.
    rosterLastImport().then(setBatch, () => undefined);
  }

  const when = formatDateTime(batch.at);
  const changed = batch.counts.updated + batch.counts.left;
  return (
    <div class="last-import" id="last-import">
      <p class="last-import-text">
        Dernier import : <span class="strong" id="last-import-file">{batch.fileName}</span>,{" "}
        <span id="last-import-when">importé le {when}</span>{" "}
        <span class="muted">({importCountsText(batch.counts)})</span>
      </p>
      <button
        type="button"
        id="btn-undo-import"
        onClick={() => setConfirming(true)}
        disabled={disabled || !batch.canUndo}
        aria-describedby={batch.canUndo ? undefined : "last-import-why"}
      >
        Annuler le dernier import
      </button>
      {!batch.canUndo && (
        <p class="hint" id="last-import-why">
          Il ne peut plus être annulé : des modifications ont été enregistrées depuis. Pour revenir en arrière, restaurez
          une sauvegarde (Paramètres → Sauvegardes).
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          id="confirm-undo-import"
          title="Annuler le dernier import ?"
          confirmLabel="Annuler l'import"
          cancelLabel="Garder l'import"
          busyLabel="Annulation en cours…"
          danger
          onConfirm={undo}
          onClose={() => setConfirming(false)}
        >
          <p>
            L'import de <span class="strong">{batch.fileName}</span> ({when}) sera annulé : le dossier revient exactement à
            son état d'avant.
          </p>
          {(batch.counts.new > 0 || changed > 0) && (
            <ul>
              {batch.counts.new > 0 && (
                <li>{plural(batch.counts.new, "élève ajouté sera retiré", "élèves ajoutés seront retirés")} du dossier</li>
              )}
              {changed > 0 && (
                <li>
                  {changed === 1 ? "1 fiche modifiée retrouvera son état d'avant" : `${changed} fiches modifiées retrouveront leur état d'avant`}
                </li>
              )}
            </ul>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
