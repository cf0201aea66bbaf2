// Déverrouiller: asks who signs in (the accounts of the key file beside the case file) and their
// passphrase — or the recovery key — and opens it. Handles the special cases the shell reports:
// wrong passphrase, file open elsewhere, newer schema, corruption.

import { useEffect, useState } from "preact/hooks";
import {
  backupRestore, backupsListFor, openCaseFile, signInAccounts, toApiError,
  type ApiError, type BackupInfo, type Session, type SignInAccount,
} from "../api";
import { Busy, ErrorBanner } from "../components/feedback";
import { SelectField, TextField, useFormErrors } from "../components/fields";
import { BACKUP_KINDS, backupWhen, formatSize, labelOf } from "../labels";
import { basename } from "../paths";

interface Props {
  path: string;
  /** Why the user is asked again (e.g. the case file was closed by a failed restore). */
  notice?: string;
  /** The account to offer first (the one that was signed in when the window locked). */
  userId?: number;
  /** A line under the file's name (the demo's passphrase). */
  hint?: string;
  onOpened: (session: Session) => void;
  onBack: () => void;
}

/** The choice of the account list that means « I type the recovery key ». */
const RECOVERY = "secours";

export function Unlock({ path, notice, userId, hint, onOpened, onBack }: Props) {
  const [passphrase, setPassphrase] = useState("");
  const [accounts, setAccounts] = useState<SignInAccount[] | null>(null);
  const [account, setAccount] = useState<string>("");
  useEffect(() => {
    signInAccounts(path).then(
      (list) => {
        setAccounts(list);
        const preferred = list.find((a) => a.id === userId) ?? (list.length === 1 ? list[0] : undefined);
        setAccount(preferred ? String(preferred.id) : "");
        // Several accounts and none known: the list comes first.
        if (!preferred && list.length > 0) setTimeout(() => document.getElementById("unlock-account")?.focus(), 0);
      },
      // An unreadable key file: the recovery key still opens the file (and rebuilds it).
      () => { setAccounts([]); setAccount(RECOVERY); },
    );
  }, [path, userId]);
  const recovery = account === RECOVERY;
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const form = useFormErrors("unlock");
  useEffect(() => document.getElementById("unlock-passphrase")?.focus(), []);

  function requirePassphrase(): boolean {
    if (accounts && accounts.length > 0 && account === "") {
      form.setFields({ account: "Choisissez votre nom dans la liste (ou « Clé de secours »)." });
      return false;
    }
    if (passphrase === "") {
      form.setFields({
        passphrase: recovery ? "Saisissez la clé de secours (8 groupes de 4 caractères)." : "Saisissez votre phrase de passe.",
      });
      return false;
    }
    return true;
  }

  async function open(readOnly: boolean) {
    if (!requirePassphrase()) return;
    form.clear();
    setFailure(null);
    setBackups(null);
    setBusy(readOnly ? "Ouverture du dossier en lecture seule…" : "Ouverture du dossier…");
    try {
      const id = account === "" || recovery ? null : Number(account);
      onOpened(await openCaseFile(path, passphrase, readOnly, id));
    } catch (reason) {
      const error = toApiError(reason);
      setBusy(null);
      if (error.code === "wrong_passphrase") {
        form.setFields({ passphrase: error.message });
        setTimeout(() => (document.getElementById("unlock-passphrase") as HTMLInputElement | null)?.select(), 0);
      } else if (error.code === "validation") {
        form.report(error);
      } else {
        setFailure(error);
        if (error.code === "corrupt") {
          backupsListFor(path).then(setBackups, () => setBackups([]));
        }
      }
    }
  }

  async function restore(backup: BackupInfo) {
    if (!requirePassphrase()) return;
    setBusy("Restauration de la sauvegarde…");
    try {
      onOpened(await backupRestore(path, backup.path, passphrase));
    } catch (reason) {
      const error = toApiError(reason);
      setBusy(null);
      if (error.code === "wrong_passphrase") form.setFields({ passphrase: error.message });
      else setFailure(error);
    }
  }

  return (
    <main class="centered narrow" id="main">
      <p><button type="button" class="link" id="btn-back" onClick={onBack}>← Accueil</button></p>
      <h1>Ouvrir le dossier</h1>
      <p class="file-name" id="unlock-file-name">{basename(path)}</p>
      <p class="recent-path" id="unlock-path">{path}</p>
      {hint && <p class="hint" id="unlock-hint">{hint}</p>}

      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void open(false);
        }}
      >
        {accounts && accounts.length > 0 && (
          <SelectField
            {...form.bind("account")}
            label="Compte"
            value={account}
            empty="— Choisissez votre nom —"
            options={[
              ...accounts.map((a) => [String(a.id), a.name] as const),
              [RECOVERY, "Clé de secours (si toutes les phrases de passe sont perdues)"] as const,
            ]}
            onValue={(v) => {
              setAccount(v);
              form.clear();
              setTimeout(() => document.getElementById("unlock-passphrase")?.focus(), 0);
            }}
            required
          />
        )}
        <TextField
          {...form.bind("passphrase")}
          label={recovery ? "Clé de secours" : "Phrase de passe"}
          hint={
            recovery ? "Les 32 caractères de la fiche gardée sous clé ; tirets, espaces et majuscules indifférents."
            : accounts?.length === 0 ? "La phrase de passe du référent, ou la clé de secours du dossier." : undefined
          }
          type={recovery ? "text" : "password"}
          value={passphrase}
          onValue={(v) => {
            setPassphrase(v);
            if (form.errors.passphrase) form.clear();
          }}
          autoComplete="current-password"
          required
        />
        <div class="actions">
          <button type="submit" id="unlock-submit" class="primary" disabled={!!busy}>Ouvrir</button>
        </div>
        <Busy message={busy} id="unlock-busy" />
      </form>

      {notice && !failure && <p class="banner banner-info" id="unlock-notice">{notice}</p>}
      <ErrorBanner message={form.banner} />
      {failure && failure.code !== "corrupt" && (
        <ErrorBanner message={failure.message} id="unlock-error">
          {failure.code === "locked" && (
            <div class="actions">
              <button type="button" id="unlock-readonly" onClick={() => open(true)} disabled={!!busy}>
                Ouvrir en lecture seule
              </button>
            </div>
          )}
        </ErrorBanner>
      )}
      {failure?.code === "corrupt" && (
        // SQLite's own report (English, often dozens of lines) comes apart, as `detail`: the
        // user reads what happened and what to do; the report stays available for support.
        <section aria-labelledby="unlock-backups-title" class="card">
          <div role="alert" class="banner banner-error" id="unlock-error">
            <p><strong>Ce dossier est endommagé</strong> : Accroche ne peut pas l'ouvrir tel quel.</p>
            <p>Vous pouvez le remplacer par l'une de ses sauvegardes. Le fichier endommagé n'est pas effacé : il est gardé dans le dossier « Sauvegardes » (sauvegarde « Avant restauration »).</p>
          </div>
          <h2 id="unlock-backups-title">Restaurer une sauvegarde</h2>
          {backups === null && <p role="status">Recherche des sauvegardes…</p>}
          {backups?.length === 0 && (
            <p id="unlock-no-backup">Aucune sauvegarde de ce dossier n'a été trouvée dans le dossier « Sauvegardes » placé à côté de lui.</p>
          )}
          {backups && backups.length > 0 && (
            <>
              <p class="hint">La sauvegarde choisie remplace le dossier endommagé ; la phrase de passe saisie ci-dessus est utilisée.</p>
              <ul class="backup-list" id="unlock-backups">
                {backups.map((b) => (
                  <li key={b.path} data-kind={b.kind} data-file={b.fileName}>
                    <span>
                      <span class="strong">{backupWhen(b)}</span> — {labelOf(BACKUP_KINDS, b.kind)} — {formatSize(b.sizeBytes)}
                    </span>
                    <button type="button" class="small" onClick={() => restore(b)} disabled={!!busy}>
                      Restaurer<span class="visually-hidden"> la sauvegarde du {backupWhen(b)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <details class="tech-details" id="unlock-error-details">
            <summary>Détails techniques (pour l'assistance)</summary>
            <p class="pre-line">{failure.detail ?? failure.message}</p>
          </details>
        </section>
      )}
    </main>
  );
}
