// Paramètres: the establishment, who validates PAFI, document templates, the seal's certificate,
// the journal's check, backups, JSON export, closing the case file.

import { useEffect, useState } from "preact/hooks";
import {
  autoLockSet, backupNow, pickBilanFile, retentionPreview, rgpdRegistre, retentionPurge, retentionSetYears, backupRestore, backupsList, currentSession, establishmentUpdate, exportJson, journalVerify, pafiAuthority,
  pafiSetAuthority,
  pickCertificateFile,
  pickExportFile, sealCertificate, sealCertificateExport, templateClauses, templatePreview, templateSetClause, toApiError,
  type BackupInfo, type CaCertificate, type ClauseText, type DocumentType, type JournalCheck, type PurgePreview, type Session,
  type TemplateClauses,
  type ValidationAuthority,
} from "../api";
import { todayIso } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { Modal } from "../components/Modal";
import { BACKUP_KINDS, DOCUMENT_TYPES, backupWhen, formatSize, labelOf } from "../labels";
import { VALIDATION_AUTHORITIES } from "../pafiLabels";
import { dirname, joinPath, slug } from "../paths";
import { EstablishmentFields, LogoField, draftOf, isInput, toEstablishmentInput } from "./EstablishmentFields";
import { AccountsSection } from "./Accounts";

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
      <AccountsSection session={session} />
      <PafiSettingsSection readOnly={session.readOnly} />
      <TemplatesSection readOnly={session.readOnly} />
      <SealSection session={session} />
      <JournalSection />
      <LockSection session={session} onSession={onSession} />
      <RetentionSection session={session} />
      <RegistreSection session={session} />
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

/** Who validates PAFI in this académie (the DSDEN always does for students under 16). */
function PafiSettingsSection({ readOnly }: { readOnly: boolean }) {
  const [saved, setSaved] = useState<ValidationAuthority | null>(null);
  const [choice, setChoice] = useState<ValidationAuthority | "">("");
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("settings-pafi");

  useEffect(() => {
    pafiAuthority().then(
      (a) => {
        setSaved(a);
        setChoice(a);
      },
      (reason) => form.report(toApiError(reason)),
    );
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || readOnly || choice === "") return;
    form.clear();
    setNotice(null);
    setBusy("Enregistrement…");
    try {
      const a = await pafiSetAuthority(choice);
      setSaved(a);
      setNotice(`Les PAFI seront validés par : ${labelOf(VALIDATION_AUTHORITIES, a)}.`);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="settings-pafi-title" class="card" id="settings-pafi">
      <h2 id="settings-pafi-title">PAFI</h2>
      <form id="settings-pafi-form" onSubmit={submit} noValidate>
        <SelectField
          {...form.bind("authority")} label="Autorité qui valide les PAFI" value={choice} options={VALIDATION_AUTHORITIES}
          onValue={(v) => { setChoice(v); setNotice(null); }} disabled={readOnly || saved === null} class="field-medium"
          hint="Selon l'académie. Pour un élève de moins de 16 ans au début du parcours, la validation revient toujours à la DSDEN (le DASEN)."
        />
        <ErrorBanner message={form.banner} id="settings-pafi-error" />
        <Notice message={notice} id="settings-pafi-notice" />
        {!readOnly && (
          <div class="actions">
            <button type="submit" id="settings-pafi-submit" disabled={!!busy || choice === "" || choice === saved}>Enregistrer</button>
            <Busy message={busy} />
          </div>
        )}
      </form>
    </section>
  );
}

/** The article's title: the first heading of its shipped text ("Article 3 — Engagements…"). */
function articleTitle(c: ClauseText): string {
  const heading = c.shipped.split("\n").find((l) => l.startsWith("## "));
  return heading ? heading.slice(3).trim() : c.block.replace(/^article_/, "").replace(/_/g, " ");
}

function TemplatesSection({ readOnly }: { readOnly: boolean }) {
  const [kind, setKind] = useState<DocumentType>("contrat_pafi");
  const [template, setTemplate] = useState<TemplateClauses | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    setTemplate(null);
    setError(null);
    templateClauses(kind).then(setTemplate, (reason) => setError(toApiError(reason).message));
  }, [kind]);

  async function preview() {
    setBusy("Préparation de l'aperçu…");
    setError(null);
    try {
      await templatePreview(kind);
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="templates-title" class="card" id="templates">
      <h2 id="templates-title">Modèles de documents</h2>
      <p class="hint">
        Chaque document est produit à partir d'un modèle. Vous pouvez adapter le texte d'un article à votre
        établissement : le modèle prend alors une nouvelle version, enregistrée avec chaque document produit
        ensuite ; les documents déjà produits gardent la leur.
      </p>
      <div class="field-with-button">
        <SelectField
          id="templates-kind" label="Modèle" value={kind} options={DOCUMENT_TYPES}
          onValue={(v) => v && setKind(v)} class="grow"
        />
        <button type="button" id="templates-preview" onClick={preview} disabled={!!busy || !template}>Aperçu (PDF)</button>
      </div>
      <Busy message={busy} />
      <ErrorBanner message={error} id="templates-error" />
      {!template && !error && <p role="status">Chargement…</p>}
      {template && (
        <>
          <p id="templates-version">
            Version du modèle : <strong>{template.version}</strong>
            {template.clauses.some((c) => c.adapted !== null) &&
              ` — ${template.clauses.filter((c) => c.adapted !== null).length} article(s) adapté(s)`}
          </p>
          <div class="clauses" id="templates-clauses">
            {template.clauses.map((c) => (
              <ClauseEditor
                key={`${kind}-${c.block}`} kind={kind} clause={c} readOnly={readOnly}
                onSaved={setTemplate}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function ClauseEditor(p: {
  kind: DocumentType;
  clause: ClauseText;
  readOnly: boolean;
  onSaved: (t: TemplateClauses) => void;
}) {
  const c = p.clause;
  const [text, setText] = useState(c.adapted ?? c.shipped);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors(`clause-${c.block}`);
  const changed = text.trim() !== (c.adapted ?? c.shipped).trim();

  async function save(next: string | null) {
    if (busy) return;
    form.clear();
    setNotice(null);
    setBusy("Enregistrement…");
    try {
      // The shipped text typed back is no adaptation: restore instead of a new revision.
      const value = next !== null && next.trim() === c.shipped.trim() ? null : next;
      const saved = await templateSetClause(p.kind, c.block, value);
      const mine = saved.clauses.find((x) => x.block === c.block);
      if (mine) setText(mine.adapted ?? mine.shipped);
      p.onSaved(saved);
      setNotice(value === null ? `Texte d'origine rétabli (modèle version ${saved.version}).` : `Article enregistré (modèle version ${saved.version}).`);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <details class="clause" data-block={c.block} data-adapted={c.adapted !== null ? "true" : "false"}>
      <summary>
        {articleTitle(c)}
        {c.adapted !== null && <span class="badge">adapté</span>}
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!p.readOnly) void save(text);
        }}
        noValidate
      >
        <TextArea
          {...form.bind("text")} label="Texte de l'article" value={text} onValue={(v) => { setText(v); setNotice(null); }}
          rows={Math.min(18, Math.max(6, text.split("\n").length + 1))} disabled={p.readOnly} class="clause-text"
          hint="« ## » ouvre le titre de l'article, « - » une ligne de liste, **gras** met en gras. Les éléments entre {{ }} et {% %} sont remplacés par les données du dossier : gardez-les tels qu'ils sont écrits dans le texte d'origine."
        />
        <ErrorBanner message={form.banner} />
        <Notice message={notice} id={`clause-${c.block}-notice`} />
        {!p.readOnly && (
          <div class="actions">
            <button type="submit" class="primary save-clause" disabled={!!busy || !changed}>Enregistrer l'article</button>
            {c.adapted !== null && (
              <button type="button" class="restore-clause" disabled={!!busy} onClick={() => void save(null)}>
                Rétablir le texte d'origine
              </button>
            )}
            <Busy message={busy} />
          </div>
        )}
        {c.adapted !== null && (
          <details class="shipped">
            <summary>Texte d'origine</summary>
            <pre>{c.shipped}</pre>
          </details>
        )}
      </form>
    </details>
  );
}

function SealSection({ session }: { session: Session }) {
  const stem = slug(session.establishment.name) || "etablissement";
  const [path, setPath] = useState(() => joinPath(dirname(session.path), `${stem}-autorite-sceau.pem`));
  const [ca, setCa] = useState<CaCertificate | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("seal");

  async function browse() {
    try {
      const chosen = await pickCertificateFile(path);
      if (chosen) setPath(chosen);
    } catch (reason) {
      form.setBanner(toApiError(reason).message);
    }
  }

  async function show() {
    form.clear();
    setBusy("Lecture du certificat…");
    try {
      setCa(await sealCertificate());
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
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
    setBusy("Export du certificat…");
    try {
      setCa(await sealCertificateExport(path.trim()));
      setNotice(`Certificat enregistré dans ${path.trim()}.`);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="seal-title" class="card">
      <h2 id="seal-title">Sceau de l'établissement</h2>
      <p class="hint">
        Les documents signés sont scellés par l'établissement. Pour qu'un lecteur de PDF reconnaisse le sceau comme
        fiable, donnez-lui le certificat de l'autorité de l'établissement (par exemple à la DSDEN ou à un partenaire) ;
        communiquez aussi son empreinte par un autre moyen (téléphone, courrier) pour qu'il la compare.
      </p>
      {!ca && !session.readOnly && (
        <button type="button" id="seal-show" onClick={show} disabled={!!busy}>Afficher l'empreinte du certificat</button>
      )}
      {ca && (
        <p>
          Empreinte SHA-256 : <code id="seal-fingerprint" class="fingerprint">{ca.sha256}</code>
        </p>
      )}
      {!session.readOnly && (
        <form onSubmit={submit} noValidate id="seal-form">
          <div class="field-with-button">
            <TextField {...form.bind("path")} label="Fichier du certificat" value={path} onValue={setPath} class="grow" />
            <button type="button" id="seal-browse" onClick={browse}>Parcourir…</button>
          </div>
          <div class="actions">
            <button type="submit" id="seal-export" disabled={!!busy}>Exporter le certificat</button>
          </div>
        </form>
      )}
      {session.readOnly && <p class="hint">Dossier ouvert en lecture seule : le certificat s'exporte depuis un dossier ouvert normalement.</p>}
      <Busy message={busy} />
      <ErrorBanner message={form.banner} />
      <Notice message={notice} id="seal-notice" />
    </section>
  );
}

/** Checks the journal's hash chain: every entry as written, none inserted or removed. */
function JournalSection() {
  const [check, setCheck] = useState<JournalCheck | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function verify() {
    setBusy("Vérification du journal…");
    setError(null);
    setCheck(null);
    try {
      setCheck(await journalVerify());
      reveal("journal-verdict");
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="settings-journal-title" class="card" id="settings-journal">
      <h2 id="settings-journal-title">Journal</h2>
      <p class="hint">
        Chaque écriture laisse une entrée au journal, chaînée à la précédente par une empreinte : une entrée modifiée,
        insérée ou supprimée après coup rompt la chaîne à cet endroit.
      </p>
      <div class="actions">
        <button type="button" id="journal-verify" onClick={verify} disabled={!!busy}>Vérifier le journal</button>
        <Busy message={busy} />
      </div>
      <ErrorBanner message={error} />
      {check && (
        <p
          id="journal-verdict" role="status"
          class={check.broken ? "banner banner-error" : "banner banner-ok"}
        >
          {check.verdict}
        </p>
      )}
    </section>
  );
}

/** The idle time after which the window locks the case file. */
function LockSection({ session, onSession }: { session: Session; onSession: (s: Session) => void }) {
  const [minutes, setMinutes] = useState(String(session.autoLockMinutes));
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("autolock");

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    setNotice(null);
    const n = Number(minutes.trim());
    if (!Number.isInteger(n) || n < 1 || n > 60) {
      form.setFields({ minutes: "Choisissez un délai de 1 à 60 minutes." });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const next = await autoLockSet(n);
      onSession(next);
      setNotice(`Le dossier se verrouillera après ${n} minute${n > 1 ? "s" : ""} sans activité.`);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="settings-lock-title" class="card" id="settings-lock">
      <h2 id="settings-lock-title">Verrouillage</h2>
      <p class="hint">
        Sans activité (clavier, souris) pendant ce délai, la fenêtre masque tout et redemande la phrase de passe ; ce qui
        n'était pas enregistré est perdu. <kbd>Ctrl</kbd>+<kbd>Maj</kbd>+<kbd>L</kbd> ou le bouton « Verrouiller »
        verrouillent tout de suite.
      </p>
      <form onSubmit={submit} noValidate id="autolock-form">
        <TextField
          {...form.bind("minutes")} label="Verrouiller après (minutes sans activité)" value={minutes} onValue={setMinutes}
          inputMode="numeric"
        />
        <div class="actions">
          <button type="submit" id="autolock-save" disabled={!!busy || session.readOnly}>Enregistrer</button>
          <Busy message={busy} />
        </div>
        <ErrorBanner message={form.banner} />
        <Notice message={notice} id="autolock-notice" />
      </form>
    </section>
  );
}

const RETENTION_CHOICES: ReadonlyArray<readonly [string, string]> = [
  ["0", "jusqu'à la fin de l'année scolaire de la sortie"],
  ["1", "jusqu'à la fin de l'année scolaire suivante (recommandé)"],
  ["2", "deux années scolaires après la sortie"],
  ["3", "trois années scolaires après la sortie"],
  ["4", "quatre années scolaires après la sortie"],
  ["5", "cinq années scolaires après la sortie"],
];

const frDate = (iso: string) => iso.split("-").reverse().join("/");

/** RGPD retention: the policy, what a purge would delete today, the purge with its certificate. */
function RetentionSection({ session }: { session: Session }) {
  const [preview, setPreview] = useState<PurgePreview | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [path, setPath] = useState(() =>
    joinPath(dirname(session.path), `${slug(session.establishment.name) || "dossier"}-certificat-purge.pdf`),
  );
  const form = useFormErrors("retention");

  useEffect(() => {
    retentionPreview().then(setPreview, (reason) => form.setBanner(toApiError(reason).message));
  }, []);

  async function setYears(v: string) {
    form.clear();
    setNotice(null);
    try {
      setPreview(await retentionSetYears(Number(v)));
    } catch (reason) {
      form.report(toApiError(reason));
    }
  }

  async function browse() {
    const chosen = await pickBilanFile(path, "pdf").catch(() => null);
    if (chosen) setPath(chosen);
  }

  async function purge() {
    if (!preview || busy) return;
    setConfirming(false);
    form.clear();
    setBusy("Purge en cours…");
    try {
      const r = await retentionPurge(preview.due.length, path.trim());
      setNotice(`Purge faite : données de ${r.counts.students} élève${r.counts.students > 1 ? "s" : ""} effacées. Certificat : ${path.trim()}`);
      setPreview(await retentionPreview());
      reveal("retention-notice");
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="settings-retention-title" class="card" id="settings-retention">
      <h2 id="settings-retention-title">Conservation des données (RGPD)</h2>
      <p class="hint">
        Les données d'un élève sorti de l'établissement sont gardées pendant la durée choisie, et tant qu'un suivi, un PAFI
        ou une alliance éducative le concernant reste ouvert ; elles sont ensuite effacées par une purge, qui produit un
        certificat sans aucun nom. Les bilans déjà exportés sont conservés.
      </p>
      {preview && (
        <SelectField
          {...form.bind("years")} label="Garder les données d'un élève sorti"
          value={String(preview.yearsAfterExit)} options={RETENTION_CHOICES}
          onValue={(v) => v && void setYears(v)} disabled={session.readOnly}
        />
      )}
      {preview && preview.due.length === 0 && (
        <p id="retention-nothing">Aucune donnée n'a dépassé sa durée de conservation au {frDate(preview.on)}.</p>
      )}
      {preview && preview.due.length > 0 && (
        <>
          <p id="retention-due-intro">
            Au {frDate(preview.on)}, la purge effacerait les données de {preview.due.length} élève
            {preview.due.length > 1 ? "s" : ""} sorti{preview.due.length > 1 ? "s" : ""} :
          </p>
          <div class="table-wrap">
            <table class="data compact" id="retention-due">
              <thead>
                <tr><th scope="col">Élève</th><th scope="col">Sorti le</th><th scope="col">Gardé jusqu'au</th><th scope="col" class="num">Repérages</th><th scope="col" class="num">PAFI</th><th scope="col" class="num">Alliances</th><th scope="col" class="num">Notes</th><th scope="col" class="num">Documents</th></tr>
              </thead>
              <tbody>
                {preview.due.map((d) => (
                  <tr key={d.studentId}>
                    <th scope="row">{d.name}</th><td>{frDate(d.exitDate)}</td><td>{frDate(d.keptUntil)}</td>
                    <td class="num">{d.counts.flags}</td><td class="num">{d.counts.pafi}</td>
                    <td class="num">{d.counts.alliances}</td><td class="num">{d.counts.notes}</td><td class="num">{d.counts.documents}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {preview && preview.held.length > 0 && (
        <p class="muted" id="retention-held">
          Gardés pour l'instant : {preview.held.map((d) => `${d.name} (${d.heldBy})`).join(" ; ")}.
        </p>
      )}
      {preview && preview.due.length > 0 && !session.readOnly && (
        <div class="field-with-button">
          <TextField {...form.bind("path")} label="Certificat de purge (PDF)" value={path} onValue={setPath} class="grow" />
          <button type="button" id="retention-browse" onClick={browse}>Parcourir…</button>
        </div>
      )}
      {preview && preview.due.length > 0 && !session.readOnly && (
        <div class="actions">
          <button type="button" id="retention-purge" class="danger" onClick={() => setConfirming(true)} disabled={!!busy}>
            Purger…
          </button>
          <Busy message={busy} />
        </div>
      )}
      <ErrorBanner message={form.banner} />
      <Notice message={notice} id="retention-notice" />
      {confirming && preview && (
        <Modal id="retention-confirm" title="Purger les données ?" onClose={() => setConfirming(false)}>
          <p>
            Les données de {preview.due.length} élève{preview.due.length > 1 ? "s" : ""} seront effacées du dossier, sans
            retour possible (les sauvegardes plus anciennes les contiennent encore jusqu'à leur rotation).
          </p>
          <div class="actions">
            <button type="button" id="retention-confirm-yes" class="danger" onClick={purge}>Purger</button>
            <button type="button" id="retention-confirm-no" onClick={() => setConfirming(false)}>Annuler</button>
          </div>
        </Modal>
      )}
    </section>
  );
}

/** The registre des activités de traitement (RGPD art. 30), for the DPO. */
function RegistreSection({ session }: { session: Session }) {
  const [path, setPath] = useState(() =>
    joinPath(dirname(session.path), `${slug(session.establishment.name) || "dossier"}-registre-traitements.pdf`),
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("registre");

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    setNotice(null);
    if (path.trim() === "") {
      form.setFields({ path: "Indiquez le fichier PDF à créer." });
      return;
    }
    setBusy("Écriture du registre…");
    try {
      await rgpdRegistre(path.trim());
      setNotice(`Fiche de registre écrite : ${path.trim()}`);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="settings-registre-title" class="card" id="settings-registre">
      <h2 id="settings-registre-title">Registre des traitements (RGPD)</h2>
      <p class="hint">
        La fiche du registre des activités de traitement, pour le délégué à la protection des données : finalité, base
        légale, catégories de données et de personnes, destinataires, durées de conservation, mesures de sécurité.
      </p>
      <form onSubmit={submit} noValidate id="registre-form">
        <div class="field-with-button">
          <TextField {...form.bind("path")} label="Fiche de registre (PDF)" value={path} onValue={setPath} class="grow" />
          <button
            type="button" id="registre-browse"
            onClick={async () => { const c = await pickBilanFile(path, "pdf").catch(() => null); if (c) setPath(c); }}
          >
            Parcourir…
          </button>
        </div>
        <div class="actions">
          <button type="submit" id="registre-submit" disabled={!!busy}>Écrire la fiche</button>
          <Busy message={busy} />
        </div>
        <ErrorBanner message={form.banner} />
        <Notice message={notice} id="registre-notice" />
      </form>
    </section>
  );
}
