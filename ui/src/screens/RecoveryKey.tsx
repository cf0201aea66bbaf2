// The recovery key, shown once after it is made (a new case file, or an old one converted to
// accounts), with its sheet to print for the head of school's safe; and « Reprendre le dossier »:
// opened with the recovery key, the new référent creates their account.

import { useEffect, useState } from "preact/hooks";
import { recoverySheet, takeOver, toApiError, type Session } from "../api";
import { pickDocumentSaveFile } from "../api/dialogs";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { Checkbox, TextField, useFormErrors } from "../components/fields";

/** Where the sheet goes by default: beside the case file. */
function defaultSheetPath(session: Session): string {
  return session.path.replace(/\.accroche$/i, "") + " - clé de secours.pdf";
}

export function RecoveryKeyScreen({ session, onDone }: { session: Session; onDone: () => void }) {
  const [path, setPath] = useState(defaultSheetPath(session));
  const [written, setWritten] = useState<string | null>(null);
  const [kept, setKept] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("recovery");
  useEffect(() => document.getElementById("recovery-title")?.focus(), []);

  async function browse() {
    const chosen = await pickDocumentSaveFile(path).catch(() => null);
    if (chosen) setPath(chosen);
  }

  async function save() {
    if (path.trim() === "") {
      form.setFields({ path: "Indiquez où enregistrer la fiche (PDF)." });
      return;
    }
    form.clear();
    setBusy("Écriture de la fiche…");
    try {
      setWritten(await recoverySheet(path.trim()));
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <main class="centered narrow" id="main">
      <h1 id="recovery-title" tabIndex={-1}>Clé de secours du dossier</h1>
      <p>
        Cette clé ouvre le dossier <strong>{session.fileName}</strong> et toutes ses sauvegardes sans aucune phrase de
        passe. C'est le seul moyen d'y revenir si toutes les phrases de passe sont perdues, et elle sert à confier le
        dossier à un nouveau référent.
      </p>
      <p class="recovery-key" id="recovery-key" aria-label="Clé de secours">{session.recoveryKey}</p>
      <div class="card">
        <p>Enregistrez la fiche PDF et imprimez-la pour le coffre du chef d'établissement. Accroche ne l'affichera plus.</p>
        <div class="field-with-button">
          <TextField {...form.bind("path")} label="Fiche de la clé de secours (PDF)" value={path} onValue={setPath} class="grow" />
          <button type="button" id="recovery-browse" onClick={browse}>Parcourir…</button>
        </div>
        <div class="actions">
          <button type="button" id="recovery-save" onClick={save} disabled={!!busy}>Enregistrer la fiche</button>
        </div>
        <Busy message={busy} id="recovery-busy" />
        <Notice message={written && `Fiche enregistrée : ${written}. Imprimez-la, puis supprimez le fichier.`} id="recovery-written" />
        <ErrorBanner message={form.banner} />
      </div>
      <Checkbox id="recovery-kept" label="J'ai imprimé ou noté la clé de secours, et je la range sous clé." checked={kept} onValue={setKept} />
      <div class="actions">
        <button type="button" class="primary" id="recovery-continue" disabled={!kept} onClick={onDone}>Continuer</button>
      </div>
    </main>
  );
}

/** Opened with the recovery key: the new référent creates their account (or takes back theirs). */
export function TakeOver({ session, onDone, onBack }: { session: Session; onDone: (s: Session) => void; onBack: () => void }) {
  const [name, setName] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("takeover");
  useEffect(() => document.getElementById("takeover-name")?.focus(), []);

  async function submit() {
    if (passphrase !== confirm) {
      form.setFields({ confirm: "Les deux phrases de passe ne sont pas identiques." });
      return;
    }
    form.clear();
    setBusy("Création du compte…");
    try {
      onDone(await takeOver(name, passphrase));
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <main class="centered narrow" id="main">
      <p><button type="button" class="link" id="btn-back" onClick={onBack}>← Accueil</button></p>
      <h1>Reprendre le dossier</h1>
      <p class="file-name">{session.fileName} — {session.establishment.name}</p>
      <p>
        Le dossier est ouvert avec sa clé de secours. Créez votre compte de référent : votre phrase de passe l'ouvrira
        désormais. Si votre nom est déjà celui d'un compte, ce compte reprend le rôle de référent avec la nouvelle phrase
        de passe. Les autres comptes restent tels qu'ils sont : désactivez ensuite, dans Paramètres, ceux des personnes
        parties.
      </p>
      <form class="card" onSubmit={(e) => { e.preventDefault(); if (!busy) void submit(); }}>
        <TextField {...form.bind("name")} label="Prénom et nom" value={name} onValue={setName} autoComplete="name" required />
        <TextField
          {...form.bind("passphrase")} label="Phrase de passe" type="password" value={passphrase} onValue={setPassphrase}
          hint="Au moins 12 caractères, ou 4 mots." autoComplete="new-password" required
        />
        <TextField {...form.bind("confirm")} label="Confirmation" type="password" value={confirm} onValue={setConfirm} autoComplete="new-password" required />
        <div class="actions">
          <button type="submit" class="primary" id="takeover-submit" disabled={!!busy}>Créer mon compte et ouvrir</button>
        </div>
        <Busy message={busy} id="takeover-busy" />
        <ErrorBanner message={form.banner} />
      </form>
    </main>
  );
}
