// Paramètres → Comptes: who uses this case file on this laptop. Everyone changes their own
// passphrase; the référent creates accounts, changes roles, deactivates, sets a new passphrase
// for someone who forgot theirs, and saves the recovery key's sheet again.

import { useEffect, useState } from "preact/hooks";
import {
  accountCreate, accountDeactivate, accountResetPassphrase, accountSetRole, accountsList, passphraseChange,
  toApiError, type Account, type Role, type Session,
} from "../api";
import { ConfirmDialog, Modal } from "../components/Modal";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { SelectField, TextField } from "../components/fields";
import { RecoverySheetField, useNewPassphrase } from "../components/passphrase";
import { ROLES, ROLE_HINTS, labelOf } from "../labels";

export function AccountsSection({ session }: { session: Session }) {
  const referent = session.user.role === "referent" && session.user.id !== 0 && !session.readOnly;
  return (
    <section aria-labelledby="settings-accounts-title" class="card" id="settings-accounts">
      <h2 id="settings-accounts-title">Comptes</h2>
      <p class="hint">
        Chaque personne qui utilise ce dossier sur cet ordinateur a son compte et sa phrase de passe ; le journal nomme
        le compte connecté comme auteur de chaque écriture. Changer une phrase de passe ne change rien aux autres.
      </p>
      <p id="accounts-me">
        Connecté : <strong>{session.user.name}</strong> — {labelOf(ROLES, session.user.role)}
      </p>
      {session.user.id !== 0 && !session.readOnly && <OwnPassphrase />}
      {referent && <AccountsAdmin session={session} />}
    </section>
  );
}

function OwnPassphrase() {
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const next = useNewPassphrase("own");

  function submit(e: Event) {
    e.preventDefault();
    void next.run(async (passphrase) => {
      await passphraseChange(current, passphrase);
      setNotice("Votre phrase de passe est changée : elle seule ouvre désormais votre compte.");
      setOpen(false);
      setCurrent("");
      next.clear();
    });
  }

  return (
    <>
      {!open && (
        <div class="actions">
          <button type="button" id="own-passphrase-open" onClick={() => { setOpen(true); setNotice(null); }}>
            Changer ma phrase de passe…
          </button>
        </div>
      )}
      {open && (
        <form onSubmit={submit} noValidate id="own-passphrase-form" class="subcard">
          <TextField {...next.form.bind("current")} label="Phrase de passe actuelle" type="password" value={current} onValue={setCurrent} autoComplete="current-password" required />
          {next.fields()}
          <div class="actions">
            <button type="submit" class="primary" id="own-passphrase-save" disabled={!!next.busy}>Enregistrer</button>
            <button type="button" onClick={() => { setOpen(false); next.form.clear(); }}>Annuler</button>
            <Busy message={next.busy} />
          </div>
          <ErrorBanner message={next.form.banner} />
        </form>
      )}
      <Notice message={notice} id="own-passphrase-notice" />
    </>
  );
}

function AccountsAdmin({ session }: { session: Session }) {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [deactivating, setDeactivating] = useState<Account | null>(null);
  const reload = () => accountsList().then(setAccounts, (r) => setError(toApiError(r).message));
  useEffect(() => { void reload(); }, []);

  async function changeRole(a: Account, role: Role | "") {
    if (!role || role === a.role) return;
    setError(null);
    try {
      const updated = await accountSetRole(a.id, role);
      setNotice(`${updated.name} : rôle « ${labelOf(ROLES, updated.role)} ».`);
    } catch (reason) {
      setError(toApiError(reason).message);
    }
    await reload();
  }

  return (
    <>
      <h3>Comptes du dossier</h3>
      {accounts && (
        <table class="data compact" id="accounts-table">
          <thead>
            <tr><th scope="col">Nom</th><th scope="col">Rôle</th><th scope="col">État</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id} data-account={a.name} class={a.active ? undefined : "muted"}>
                <td>{a.name}{a.id === session.user.id && <span class="muted"> (vous)</span>}</td>
                <td>
                  {a.active ? (
                    <select
                      id={`account-role-${a.id}`} aria-label={`Rôle de ${a.name}`} value={a.role}
                      onChange={(e) => void changeRole(a, e.currentTarget.value as Role)}
                    >
                      {ROLES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
                    </select>
                  ) : labelOf(ROLES, a.role)}
                </td>
                <td>{a.active ? "Actif" : `Désactivé le ${a.deactivatedAt ? a.deactivatedAt.slice(0, 10).split("-").reverse().join("/") : ""}`}</td>
                <td class="row-actions">
                  {a.active && (
                    <>
                      <button type="button" class="small" id={`account-reset-${a.id}`} onClick={() => setResetting(a)}>
                        Nouvelle phrase de passe<span class="visually-hidden"> pour {a.name}</span>
                      </button>
                      {a.id !== session.user.id && (
                        <button type="button" class="small" id={`account-deactivate-${a.id}`} onClick={() => setDeactivating(a)}>
                          Désactiver<span class="visually-hidden"> le compte de {a.name}</span>
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBanner message={error} id="accounts-error" />
      <Notice message={notice} id="accounts-notice" />
      <div class="actions">
        <button type="button" id="account-add" onClick={() => { setAdding(true); setNotice(null); }}>Ajouter un compte…</button>
      </div>
      {adding && (
        <NewAccount
          onClose={() => setAdding(false)}
          onCreated={async (a) => {
            setAdding(false);
            setNotice(`Compte créé : ${a.name} (${labelOf(ROLES, a.role)}). Sa phrase de passe ouvre ce dossier.`);
            await reload();
          }}
        />
      )}
      {resetting && (
        <ResetPassphrase
          account={resetting} onClose={() => setResetting(null)}
          onDone={() => { setNotice(`Nouvelle phrase de passe enregistrée pour ${resetting.name}.`); setResetting(null); }}
        />
      )}
      {deactivating && (
        <ConfirmDialog
          id="account-deactivate-confirm" title={`Désactiver le compte de ${deactivating.name} ?`}
          confirmLabel="Désactiver" busyLabel="Désactivation…" danger
          onClose={() => setDeactivating(null)}
          onConfirm={async () => {
            const a = await accountDeactivate(deactivating.id);
            setNotice(`Compte désactivé : ${a.name}. Sa phrase de passe n'ouvre plus le dossier.`);
            await reload();
          }}
        >
          <p>Sa phrase de passe n'ouvrira plus ce dossier. Ce qu'il a écrit reste, à son nom, et le journal le garde.</p>
        </ConfirmDialog>
      )}
      <RecoverySheet session={session} />
    </>
  );
}

function NewAccount({ onClose, onCreated }: { onClose: () => void; onCreated: (a: Account) => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role | "">("enseignant");
  const secret = useNewPassphrase("account");
  useEffect(() => document.getElementById("account-name")?.focus(), []);

  function submit(e: Event) {
    e.preventDefault();
    if (!role) {
      secret.form.setFields({ role: "Choisissez un rôle." });
      return;
    }
    void secret.run(async (passphrase) => onCreated(await accountCreate(name, role, passphrase)), "Création du compte…");
  }

  return (
    <Modal id="account-new" title="Nouveau compte" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <TextField {...secret.form.bind("name")} label="Prénom et nom" value={name} onValue={setName} required />
        <SelectField {...secret.form.bind("role")} label="Rôle" value={role} options={ROLES} onValue={setRole} hint={role ? ROLE_HINTS[role] : undefined} required />
        {secret.fields("Sa phrase de passe", "Au moins 12 caractères, ou 4 mots. La personne la saisit elle-même, ou la change à sa première ouverture.")}
        <div class="actions">
          <button type="submit" class="primary" id="account-new-save" disabled={!!secret.busy}>Créer le compte</button>
          <button type="button" onClick={onClose}>Annuler</button>
          <Busy message={secret.busy} />
        </div>
        <ErrorBanner message={secret.form.banner} />
      </form>
    </Modal>
  );
}

function ResetPassphrase({ account, onClose, onDone }: { account: Account; onClose: () => void; onDone: () => void }) {
  const secret = useNewPassphrase("reset");
  useEffect(() => document.getElementById("reset-passphrase")?.focus(), []);

  function submit(e: Event) {
    e.preventDefault();
    void secret.run(async (passphrase) => {
      await accountResetPassphrase(account.id, passphrase);
      onDone();
    });
  }

  return (
    <Modal id="account-reset" title={`Nouvelle phrase de passe pour ${account.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p class="hint">Pour une personne qui a oublié la sienne : l'ancienne n'ouvrira plus son compte.</p>
        {secret.fields()}
        <div class="actions">
          <button type="submit" class="primary" id="account-reset-save" disabled={!!secret.busy}>Enregistrer</button>
          <button type="button" onClick={onClose}>Annuler</button>
          <Busy message={secret.busy} />
        </div>
        <ErrorBanner message={secret.form.banner} />
      </form>
    </Modal>
  );
}

function RecoverySheet({ session }: { session: Session }) {
  return (
    <>
      <h3>Clé de secours</h3>
      <p class="hint">
        Elle ouvre le dossier et ses sauvegardes si toutes les phrases de passe sont perdues, et sert à le confier à un
        nouveau référent. Réimprimez sa fiche si l'exemplaire du coffre est perdu.
      </p>
      <RecoverySheetField session={session} prefix="sheet" />
    </>
  );
}
