// Accueil: no case file is open.

import { useEffect, useState } from "preact/hooks";
import { demoOpen, forgetRecent, pickCaseFile, recentFiles, toApiError, type AppInfo, type RecentFile, type Session } from "../api";
import { formatDateTime } from "../api/dates";
import { Busy, ErrorBanner } from "../components/feedback";
import { openHelp } from "./FirstSteps";
import { useFocusOnMount } from "../components/hooks";

interface Props {
  info: AppInfo;
  onCreate: () => void;
  onUnlock: (path: string) => void;
  /** The demo case file, opened. */
  onOpened: (session: Session) => void;
  /** Consolidating schools' bilans, without a case file (coordinators). */
  onConsolidate: () => void;
}

export function Home({ info, onCreate, onUnlock, onOpened, onConsolidate }: Props) {
  const [recent, setRecent] = useState<RecentFile[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    recentFiles().then(setRecent, (reason) => {
      setRecent([]);
      setError(toApiError(reason).message);
    });
  }, []);

  async function browse() {
    setError(null);
    try {
      const path = await pickCaseFile();
      if (path) onUnlock(path);
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }

  async function demo() {
    setError(null);
    setBusy("Préparation du dossier de démonstration (quelques secondes la première fois)…");
    try {
      onOpened(await demoOpen());
    } catch (reason) {
      setBusy(null);
      setError(toApiError(reason).message);
    }
  }

  async function forget(path: string) {
    setError(null);
    try {
      setRecent(await forgetRecent(path));
      document.getElementById("btn-open")?.focus();
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }

  return (
    <main class="centered home" id="main">
      <h1 class="app-title" tabIndex={-1} ref={title}>Accroche</h1>
      <p class="lead">Le suivi des élèves en risque de décrochage, pour le référent de l'établissement. Tout reste sur cet ordinateur, dans un dossier chiffré.</p>
      <ErrorBanner message={error} />
      <div class="actions home-actions">
        <button type="button" id="btn-create" class="primary" onClick={onCreate}>
          Créer le dossier de mon établissement
        </button>
        <button type="button" id="btn-open" onClick={browse}>Ouvrir un dossier…</button>
        <button type="button" id="btn-demo" onClick={demo} disabled={!!busy}>
          Découvrir avec un dossier de démonstration
        </button>
      </div>
      <p class="hint home-demo-hint">
        Le dossier de démonstration est un établissement inventé (environ 600 élèves) ; sa phrase de passe est
        « {info.demoPassphrase} ». <button type="button" class="link" id="btn-help-home" onClick={openHelp}>Premiers pas</button>
      </p>
      <Busy message={busy} id="home-busy" />

      <section aria-labelledby="recent-title" class="recent">
        <h2 id="recent-title">Dossiers récents</h2>
        {recent === null && <p role="status">Chargement…</p>}
        {recent?.length === 0 && <p class="muted">Aucun dossier ouvert récemment.</p>}
        {recent && recent.length > 0 && (
          <ul id="recent-list" class="recent-list">
            {recent.map((file) => (
              <li key={file.path} class={file.exists ? "recent-item" : "recent-item missing"} data-path={file.path}>
                {file.exists ? (
                  <button type="button" class="recent-open" onClick={() => onUnlock(file.path)}>
                    <span class="recent-name">{file.name}</span>
                    <span class="recent-path">{file.path}</span>
                    <span class="recent-date">Ouvert le {formatDateTime(file.lastOpened)}</span>
                  </button>
                ) : (
                  <div class="recent-open" aria-disabled="true">
                    <span class="recent-name">{file.name} <span class="badge badge-muted">introuvable</span></span>
                    <span class="recent-path">{file.path}</span>
                    <span class="recent-date">Ouvert le {formatDateTime(file.lastOpened)}</span>
                  </div>
                )}
                {!file.exists && (
                  <button type="button" class="link recent-forget" onClick={() => forget(file.path)}>
                    Retirer de la liste<span class="visually-hidden"> : {file.name}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p class="home-consolidate">
        <button type="button" class="link" id="home-consolidate" onClick={onConsolidate}>
          Consolider des bilans (coordonnateurs)
        </button>
        <span class="hint">Réunir les bilans anonymes des établissements d'une même année, sans ouvrir de dossier.</span>
      </p>
      <p class="footer-note">Accroche {info.version}</p>
    </main>
  );
}
