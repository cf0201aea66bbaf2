// Paramètres: the establishment, backups, JSON export, closing the case file.

import { useEffect, useState } from "preact/hooks";
import {
  backupNow, backupRestore, backupsList, currentSession, establishmentUpdate, exportJson, pickExportFile, toApiError,
  type BackupInfo, type Session,
} from "../api";
import { todayIso } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { Modal } from "../components/Modal";
import { BACKUP_KINDS, backupWhen, formatSize, labelOf } from "../labels";
import { dirname, joinPath, slug } from "../paths";
import { EstablishmentFields, LogoField, draftOf, isInput, toEstablishmentInput } from "./EstablishmentFields";

interface Props {
  session: Session;
  onSession: (session: Session) => void;
  /** The shell no longer has the case file open (a restore failed after closing it). */
  onLost: (message: string) => void;
  onClose: () => void;
  closing: boolean;
}

/** Brings a message that just appeared into view (it may be below the fold of a long page). */
function reveal(id: string) {
  setTimeout(() => document.getElementById(id)?.scrollIntoView({ block: "nearest" }), 0);
}

export function Settings({ session, onSession, onLost, onClose, closing }: Props) {
  const title = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div class="settings">
      <h1 id="settings-title" tabIndex={-1} ref={title}>Paramètres</h1>
      <EstablishmentSection session={session} onSession={onSession} />
      <BackupsSection session={session} onSession={onSession} onLost={onLost} />
      <ExportSection session={session} />
      <section aria-labelledby="casefile-title" class="card">
        <h2 id="casefile-title">Dossier</h2>
        <p>Fichier : <span class="path" id="settings-path">{session.path}</span></p>
        <button type="button" id="settings-close" onClick={onClose} disabled={closing}>
          {closing ? "Fermeture…" : "Fermer le dossier"}
        </button>
      </section>
    </div>
  );
}

function EstablishmentSection({ session, onSession }: { session: Session; onSession: (s: Session) => void }) {
  const e = session.establishment;
  const [draft, setDraft] = useState(() => draftOf(e));
  const [logo, setLogo] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("settings");
  const readOnly = session.readOnly;

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy || readOnly) return;
    form.clear();
    setNotice(null);
    const input = toEstablishmentInput(draft);
    if (!isInput(input)) {
      form.setFields(input);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const establishment = await establishmentUpdate(input, logo);
      onSession({ ...session, establishment });
      setLogo(null);
      setNotice("Enregistré.");
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="establishment-title" class="card">
      <h2 id="establishment-title">Établissement</h2>
      <form id="settings-form" onSubmit={submit} noValidate>
        <fieldset disabled={readOnly} class="plain">
          <EstablishmentFields
            value={draft}
            onChange={(next) => {
              setDraft(next);
              setNotice(null);
            }}
            form={form}
            suggestedYear={e.schoolYearStart}
          />
          <LogoField
            id="settings-logo" path={logo} onPath={setLogo} form={form}
            current={e.hasLogo ? "Un logo est enregistré ; choisissez une image pour le remplacer." : "Aucun logo enregistré."}
          />
        </fieldset>
        <ErrorBanner message={form.banner} id="settings-error" />
        <Notice message={notice} id="settings-notice" />
        {!readOnly && (
          <div class="actions">
            <button type="submit" id="settings-submit" class="primary" disabled={!!busy}>Enregistrer</button>
            <Busy message={busy} />
          </div>
        )}
      </form>
    </section>
  );
}

function BackupsSection({ session, onSession, onLost }: { session: Session; onSession: (s: Session) => void; onLost: (message: string) => void }) {
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(
    // The file name carries an ISO date: the user reads the list below instead.
    session.backupMade ? "Une sauvegarde a été faite à l'ouverture du dossier." : null,
  );
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);

  function load() {
    backupsList().then(setBackups, (reason) => setError(toApiError(reason).message));
  }
  useEffect(load, [session.path]);

  async function saveNow() {
    setBusy("Sauvegarde en cours…");
    setError(null);
    setNotice(null);
    try {
      const made = await backupNow();
      setNotice(`Sauvegarde faite le ${backupWhen(made)}.`);
      reveal("backups-notice");
      load();
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="backups-title" class="card">
      <div class="view-head">
        <h2 id="backups-title">Sauvegardes</h2>
        <button type="button" id="btn-backup-now" onClick={saveNow} disabled={!!busy}>Sauvegarder maintenant</button>
      </div>
      <p class="hint">Accroche fait une sauvegarde à la première ouverture du dossier de chaque journée, dans le dossier « Sauvegardes » placé à côté du fichier. Il garde les 7 dernières sauvegardes quotidiennes et une par semaine sur les 4 semaines précédentes. Les sauvegardes sont chiffrées avec la même phrase de passe.</p>
      <Busy message={busy} />
      <Notice message={notice} id="backups-notice" />
      <ErrorBanner message={error} />
      {backups === null && !error && <p role="status">Chargement…</p>}
      {backups && (
        <div class="table-wrap">
          <table class="data middle" id="backups-table">
            <caption class="visually-hidden">Sauvegardes du dossier</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col">Taille</th>
                {!session.readOnly && <th scope="col"><span class="visually-hidden">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {backups.length === 0 && <tr class="empty"><td colSpan={4}>Aucune sauvegarde pour l'instant.</td></tr>}
              {backups.map((b) => (
                <tr key={b.path} data-kind={b.kind} data-file={b.fileName}>
                  <td>{backupWhen(b)}</td>
                  <td>{labelOf(BACKUP_KINDS, b.kind)}</td>
                  <td>{formatSize(b.sizeBytes)}</td>
                  {!session.readOnly && (
                    <td class="row-actions">
                      <button type="button" class="small restore" onClick={() => setRestoring(b)}>
                        Restaurer<span class="visually-hidden"> la sauvegarde du {backupWhen(b)} ({labelOf(BACKUP_KINDS, b.kind).toLowerCase()})</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {restoring && (
        <RestoreDialog
          session={session}
          backup={restoring}
          onClose={() => setRestoring(null)}
          onLost={onLost}
          onRestored={(restored) => {
            setRestoring(null);
            onSession(restored);
            setNotice(`Sauvegarde du ${backupWhen(restoring)} restaurée.`);
            reveal("backups-notice");
            load();
          }}
        />
      )}
    </section>
  );
}

function RestoreDialog(p: {
  session: Session;
  backup: BackupInfo;
  onClose: () => void;
  onLost: (message: string) => void;
  onRestored: (s: Session) => void;
}) {
  const [passphrase, setPassphrase] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  // The shell closes the case file before it tries a restore; when the restore then fails it
  // stays closed. Trying again (with the right passphrase) still works; leaving must not show a
  // case file that can no longer be read: the user is asked to open it again.
  const [closedByShell, setClosedByShell] = useState(false);
  const form = useFormErrors("restore");
  const cancel = () => {
    if (busy) return;
    if (closedByShell) p.onLost("La sauvegarde n'a pas été restaurée et le dossier a été fermé : saisissez la phrase de passe pour le rouvrir.");
    else p.onClose();
  };

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    if (passphrase === "") {
      form.setFields({ passphrase: "Saisissez la phrase de passe du dossier." });
      return;
    }
    setBusy("Restauration en cours…");
    try {
      p.onRestored(await backupRestore(p.session.path, p.backup.path, passphrase));
    } catch (reason) {
      const error = toApiError(reason);
      setClosedByShell(await currentSession().then((s) => s === null, () => true));
      setBusy(null);
      if (error.code === "wrong_passphrase") form.setFields({ passphrase: error.message });
      else form.report(error);
    }
  }

  const b = p.backup;
  return (
    <Modal id="restore-dialog" title="Restaurer une sauvegarde ?" onClose={cancel}>
      <form onSubmit={submit} noValidate>
        <div class="modal-body">
          <p>
            Le dossier reviendra à son état du <strong>{backupWhen(b)}</strong> (sauvegarde {labelOf(BACKUP_KINDS, b.kind).toLowerCase()}).
            Ce qui a été saisi depuis ne sera plus dans le dossier.
          </p>
          <p>L'état actuel est d'abord sauvegardé (sauvegarde « Avant restauration ») : vous pourrez y revenir.</p>
          <TextField
            {...form.bind("passphrase")} label="Phrase de passe du dossier" type="password" value={passphrase}
            onValue={setPassphrase} autoComplete="current-password" required
          />
        </div>
        <ErrorBanner message={form.banner} />
        <div class="actions">
          <button type="submit" id="restore-confirm" class="danger" disabled={!!busy}>Restaurer</button>
          <button type="button" id="restore-cancel" onClick={cancel} disabled={!!busy}>Annuler</button>
        </div>
        <Busy message={busy} />
      </form>
    </Modal>
  );
}

function ExportSection({ session }: { session: Session }) {
  const stem = slug(session.establishment.name) || "dossier";
  const [path, setPath] = useState(() => joinPath(dirname(session.path), `${stem}-export-${todayIso()}.json`));
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("export");

  async function browse() {
    try {
      const chosen = await pickExportFile(path);
      if (chosen) setPath(chosen);
    } catch (reason) {
      form.setBanner(toApiError(reason).message);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    setNotice(null);
    if (path.trim() === "") {
      form.setFields({ path: "Indiquez le fichier à créer." });
      return;
    }
    setBusy("Export en cours…");
    try {
      await exportJson(path.trim());
      setNotice(`Dossier exporté dans ${path.trim()}.`);
      reveal("export-notice");
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="export-title" class="card">
      <h2 id="export-title">Exporter le dossier (JSON)</h2>
      <p class="hint">
        Un fichier JSON lisible par d'autres logiciels, <strong>non chiffré</strong> : il contient des données personnelles
        d'élèves ; rangez-le en lieu sûr et supprimez-le quand il ne sert plus.
      </p>
      <form onSubmit={submit} noValidate id="export-form">
        <div class="field-with-button">
          <TextField {...form.bind("path")} label="Fichier d'export" value={path} onValue={setPath} class="grow" />
          <button type="button" id="export-browse" onClick={browse}>Parcourir…</button>
        </div>
        <ErrorBanner message={form.banner} />
        <div class="actions">
          <button type="submit" id="export-submit" disabled={!!busy}>Exporter</button>
          <Busy message={busy} />
        </div>
        <Notice message={notice} id="export-notice" />
      </form>
    </section>
  );
}
