// Paramètres → Comptes: who uses this case file on this laptop. Everyone changes their own
// passphrase; the référent creates accounts, changes roles, deactivates, sets a new passphrase
// for someone who forgot theirs, and saves the recovery key's sheet again.

import { useEffect, useState } from "preact/hooks";
import {
  accountCreate, accountDeactivate, accountResetPassphrase, accountSetRole, accountsList, passphraseChange, recoverySheet,
  toApiError, type Account, type Role, type Session,
} from "../api";
import { pickDocumentSaveFile } from "../api/dialogs";
import { ConfirmDialog, Modal } from "../components/Modal";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { SelectField, TextField, useFormErrors } from "../components/fields";
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
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("own");

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (next !== confirm) {
      form.setFields({ confirm: "Les deux phrases de passe ne sont pas identiques." });
      return;
    }
    form.clear();
    setBusy("Enregistrement…");
    try {
      await passphraseChange(current, next);
      setNotice("Votre phrase de passe est changée : elle seule ouvre désormais votre compte.");
      setOpen(false);
      setCurrent(""); setNext(""); setConfirm("");
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
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
          <TextField {...form.bind("current")} label="Phrase de passe actuelle" type="password" value={current} onValue={setCurrent} autoComplete="current-password" required />
          <TextField
            {...form.bind("passphrase")} label="Nouvelle phrase de passe" type="password" value={next} onValue={setNext}
            hint="Au moins 12 caractères, ou 4 mots." autoComplete="new-password" required
          />
          <TextField {...form.bind("confirm")} label="Confirmation" type="password" value={confirm} onValue={setConfirm} autoComplete="new-password" required />
          <div class="actions">
            <button type="submit" class="primary" id="own-passphrase-save" disabled={!!busy}>Enregistrer</button>
            <button type="button" onClick={() => { setOpen(false); form.clear(); }}>Annuler</button>
            <Busy message={busy} />
          </div>
          <ErrorBanner message={form.banner} />
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
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("account");
  useEffect(() => document.getElementById("account-name")?.focus(), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!role) {
      form.setFields({ role: "Choisissez un rôle." });
      return;
    }
    if (passphrase !== confirm) {
      form.setFields({ confirm: "Les deux phrases de passe ne sont pas identiques." });
      return;
    }
    form.clear();
    setBusy("Création du compte…");
    try {
      onCreated(await accountCreate(name, role, passphrase));
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <Modal id="account-new" title="Nouveau compte" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <TextField {...form.bind("name")} label="Prénom et nom" value={name} onValue={setName} required />
        <SelectField {...form.bind("role")} label="Rôle" value={role} options={ROLES} onValue={setRole} hint={role ? ROLE_HINTS[role] : undefined} required />
        <TextField
          {...form.bind("passphrase")} label="Sa phrase de passe" type="password" value={passphrase} onValue={setPassphrase}
          hint="Au moins 12 caractères, ou 4 mots. La personne la saisit elle-même, ou la change à sa première ouverture." autoComplete="new-password" required
        />
        <TextField {...form.bind("confirm")} label="Confirmation" type="password" value={confirm} onValue={setConfirm} autoComplete="new-password" required />
        <div class="actions">
          <button type="submit" class="primary" id="account-new-save" disabled={!!busy}>Créer le compte</button>
          <button type="button" onClick={onClose}>Annuler</button>
          <Busy message={busy} />
        </div>
        <ErrorBanner message={form.banner} />
      </form>
    </Modal>
  );
}

function ResetPassphrase({ account, onClose, onDone }: { account: Account; onClose: () => void; onDone: () => void }) {
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("reset");
  useEffect(() => document.getElementById("reset-passphrase")?.focus(), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (passphrase !== confirm) {
      form.setFields({ confirm: "Les deux phrases de passe ne sont pas identiques." });
      return;
    }
    form.clear();
    setBusy("Enregistrement…");
    try {
      await accountResetPassphrase(account.id, passphrase);
      onDone();
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <Modal id="account-reset" title={`Nouvelle phrase de passe pour ${account.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p class="hint">Pour une personne qui a oublié la sienne : l'ancienne n'ouvrira plus son compte.</p>
        <TextField {...form.bind("passphrase")} label="Nouvelle phrase de passe" type="password" value={passphrase} onValue={setPassphrase} hint="Au moins 12 caractères, ou 4 mots." autoComplete="new-password" required />
        <TextField {...form.bind("confirm")} label="Confirmation" type="password" value={confirm} onValue={setConfirm} autoComplete="new-password" required />
        <div class="actions">
          <button type="submit" class="primary" id="account-reset-save" disabled={!!busy}>Enregistrer</button>
          <button type="button" onClick={onClose}>Annuler</button>
          <Busy message={busy} />
        </div>
        <ErrorBanner message={form.banner} />
      </form>
    </Modal>
  );
}

function RecoverySheet({ session }: { session: Session }) {
  const [path, setPath] = useState(session.path.replace(/\.accroche$/i, "") + " - clé de secours.pdf");
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("sheet");

  async function save() {
    if (path.trim() === "") {
      form.setFields({ path: "Indiquez où enregistrer la fiche (PDF)." });
      return;
    }
    form.clear();
    setBusy("Écriture de la fiche…");
    try {
      setNotice(`Fiche enregistrée : ${await recoverySheet(path.trim())}. Imprimez-la pour le coffre, puis supprimez le fichier.`);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <h3>Clé de secours</h3>
      <p class="hint">
        Elle ouvre le dossier et ses sauvegardes si toutes les phrases de passe sont perdues, et sert à le confier à un
        nouveau référent. Réimprimez sa fiche si l'exemplaire du coffre est perdu.
      </p>
      <div class="field-with-button">
        <TextField {...form.bind("path")} label="Fiche de la clé de secours (PDF)" value={path} onValue={setPath} class="grow" />
        <button type="button" id="sheet-browse" onClick={async () => { const p = await pickDocumentSaveFile(path).catch(() => null); if (p) setPath(p); }}>
          Parcourir…
        </button>
      </div>
      <div class="actions">
        <button type="button" id="sheet-save" onClick={save} disabled={!!busy}>Enregistrer la fiche</button>
        <Busy message={busy} />
      </div>
      <ErrorBanner message={form.banner} />
      <Notice message={notice} id="sheet-notice" />
    </>
  );
}
