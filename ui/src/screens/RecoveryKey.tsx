// The recovery key, shown once after it is made (a new case file, or an old one converted to
// accounts), with its sheet to print for the head of school's safe; and « Reprendre le dossier »:
// opened with the recovery key, the new référent creates their account.

import { useEffect, useState } from "preact/hooks";
import { takeOver, type Session } from "../api";
import { Busy, ErrorBanner } from "../components/feedback";
import { Checkbox, TextField } from "../components/fields";
import { RecoverySheetField, useNewPassphrase } from "../components/passphrase";

export function RecoveryKeyScreen({ session, onDone }: { session: Session; onDone: () => void }) {
  const [kept, setKept] = useState(false);
  useEffect(() => document.getElementById("recovery-title")?.focus(), []);

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
        <RecoverySheetField session={session} prefix="recovery" />
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
  const secret = useNewPassphrase("takeover");
  useEffect(() => document.getElementById("takeover-name")?.focus(), []);

  function submit(e: Event) {
    e.preventDefault();
    void secret.run(async (passphrase) => onDone(await takeOver(name, passphrase)), "Création du compte…");
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
      <form class="card" onSubmit={submit} noValidate>
        <TextField {...secret.form.bind("name")} label="Prénom et nom" value={name} onValue={setName} autoComplete="name" required />
        {secret.fields("Phrase de passe")}
        <div class="actions">
          <button type="submit" class="primary" id="takeover-submit" disabled={!!secret.busy}>Créer mon compte et ouvrir</button>
        </div>
        <Busy message={secret.busy} id="takeover-busy" />
        <ErrorBanner message={secret.form.banner} />
      </form>
    </main>
  );
}
