// The two fields of a new passphrase (the passphrase, its confirmation) and the submit that
// checks they match, shows its busy message and reports the shell's error next to its field:
// creating an account, resetting one, changing one's own, taking a case file over.

import { useState } from "preact/hooks";
import { recoverySheet, toApiError, type Session } from "../api";
import { pickDocumentSaveFile } from "../api/dialogs";
import { Busy, ErrorBanner, Notice } from "./feedback";
import { TextField, useFormErrors } from "./fields";

export const PASSPHRASE_HINT = "Au moins 12 caractères, ou 4 mots.";

export function useNewPassphrase(prefix: string) {
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors(prefix);

  /** Checks the confirmation, then runs `action` with the new passphrase. */
  async function run(action: (passphrase: string) => Promise<void>, message = "Enregistrement…") {
    if (busy) return;
    if (passphrase !== confirm) {
      form.setFields({ confirm: "Les deux phrases de passe ne sont pas identiques." });
      return;
    }
    form.clear();
    setBusy(message);
    try {
      await action(passphrase);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  const fields = (label = "Nouvelle phrase de passe", hint: string = PASSPHRASE_HINT) => (
    <>
      <TextField
        {...form.bind("passphrase")} label={label} type="password" value={passphrase} onValue={setPassphrase}
        hint={hint} autoComplete="new-password" required
      />
      <TextField
        {...form.bind("confirm")} label="Confirmation" type="password" value={confirm} onValue={setConfirm}
        autoComplete="new-password" required
      />
    </>
  );

  return { form, busy, run, fields, clear: () => { setPassphrase(""); setConfirm(""); } };
}

/** Where to write the recovery key's sheet (PDF), and the button that writes it. */
export function RecoverySheetField({ session, prefix }: { session: Session; prefix: string }) {
  const [path, setPath] = useState(session.path.replace(/\.accroche$/i, "") + " - clé de secours.pdf");
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors(prefix);

  async function save() {
    if (path.trim() === "") {
      form.setFields({ path: "Indiquez où enregistrer la fiche (PDF)." });
      return;
    }
    form.clear();
    setBusy("Écriture de la fiche…");
    try {
      const written = await recoverySheet(path.trim());
      setNotice(`Fiche enregistrée : ${written}. Imprimez-la pour le coffre, puis supprimez le fichier.`);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <div class="field-with-button">
        <TextField {...form.bind("path")} label="Fiche de la clé de secours (PDF)" value={path} onValue={setPath} class="grow" />
        <button
          type="button" id={`${prefix}-browse`}
          onClick={async () => { const p = await pickDocumentSaveFile(path).catch(() => null); if (p) setPath(p); }}
        >
          Parcourir…
        </button>
      </div>
      <div class="actions">
        <button type="button" id={`${prefix}-save`} onClick={save} disabled={!!busy}>Enregistrer la fiche</button>
        <Busy message={busy} />
      </div>
      <ErrorBanner message={form.banner} />
      <Notice message={notice} id={`${prefix}-notice`} />
    </>
  );
}
