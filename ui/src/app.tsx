// Top-level navigation: Accueil → Déverrouiller / Créer → the open case file.

import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { appInfo, currentSession, setDialogFolder, toApiError, uiReady, type AppInfo, type Session } from "./api";
import { ErrorBanner } from "./components/feedback";
import { Home } from "./screens/Home";
import { Unlock } from "./screens/Unlock";
import { FirstSteps } from "./screens/FirstSteps";
import { lazy } from "./components/lazy";

// Only the first screens are in the main script; the rest is loaded when first needed.
const CaseShell = lazy(() => import("./screens/CaseShell").then((m) => m.CaseShell));
const CreateCaseFile = lazy(() => import("./screens/CreateCaseFile").then((m) => m.CreateCaseFile));
const Consolidation = lazy(() => import("./screens/Consolidation").then((m) => m.Consolidation));
const RecoveryKeyScreen = lazy(() => import("./screens/RecoveryKey").then((m) => m.RecoveryKeyScreen));
const TakeOver = lazy(() => import("./screens/RecoveryKey").then((m) => m.TakeOver));

type Screen =
  | { kind: "loading" }
  | { kind: "home" }
  | { kind: "unlock"; path: string; notice?: string; userId?: number }
  /** The recovery key just made, shown once before the case file. */
  | { kind: "recovery"; session: Session }
  /** Opened with the recovery key: the new référent makes their account. */
  | { kind: "takeover"; session: Session }
  | { kind: "create" }
  /** Consolidating schools' bilans, without a case file (coordinators). */
  | { kind: "consolidate" }
  | { kind: "case"; session: Session };

// The shell's answers the first screen needs, asked as soon as the script runs (both at once:
// each is a round trip to the shell).
const scriptStart = performance.now();
const started = Promise.all([appInfo(), currentSession()]);

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [screen, setScreen] = useState<Screen>({ kind: "loading" });
  const [error, setError] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  // The page's timings until the first screen, for the start-up probe (ui_ready).
  const marks = useRef("");

  // « Premiers pas »: F1 anywhere, or a button (openHelp) on any screen.
  useEffect(() => {
    const show = () => setHelp(true);
    const key = (e: KeyboardEvent) => {
      if (e.key === "F1") {
        e.preventDefault();
        setHelp(true);
      }
    };
    window.addEventListener("accroche-help", show);
    window.addEventListener("keydown", key);
    return () => {
      window.removeEventListener("accroche-help", show);
      window.removeEventListener("keydown", key);
    };
  }, []);

  useEffect(() => {
    (async () => {
      try {
        const [loaded, session] = await started;
        marks.current = `script=${Math.round(scriptStart)} answered=${Math.round(performance.now())}`;
        setDialogFolder(loaded.documentsDir);
        setInfo(loaded);
        // A reloaded window finds the case file still open in the shell.
        if (session) setScreen({ kind: "case", session });
        else if (loaded.openedPath) setScreen({ kind: "unlock", path: loaded.openedPath });
        else setScreen({ kind: "home" });
      } catch (reason) {
        setError(toApiError(reason).message);
      }
    })();
  }, []);

  // The first interactive screen is in the page: once painted, tell the shell (start-up
  // probe). A layout effect runs as soon as the screen is in the page, before it is painted.
  const ready = screen.kind !== "loading" && info !== null;
  useLayoutEffect(() => {
    if (!ready) return;
    marks.current += ` rendered=${Math.round(performance.now())}`;
    requestAnimationFrame(() => {
      marks.current += ` frame=${Math.round(performance.now())}`;
      requestAnimationFrame(() => {
        void uiReady(`${marks.current} painted=${Math.round(performance.now())}`).catch(() => {});
        // The case file's screens, ready before the passphrase is typed.
        setTimeout(() => void CaseShell.preload().catch(() => {}), 0);
      });
    });
  }, [ready]);

  useEffect(() => {
    document.title =
      screen.kind === "case" ? `${screen.session.establishment.name} — Accroche`
      : screen.kind === "consolidate" ? "Consolider des bilans — Accroche"
      : "Accroche";
  }, [screen]);

  const home = () => setScreen({ kind: "home" });
  const opened = (session: Session) =>
    setScreen(
      session.recoveryKey ? { kind: "recovery", session }
      : session.user.id === 0 && !session.readOnly ? { kind: "takeover", session }
      : { kind: "case", session },
    );

  if (!info || screen.kind === "loading") {
    return (
      <main class="centered" id="main">
        <h1 class="app-title">Accroche</h1>
        {error ? <ErrorBanner message={error} /> : <p role="status">Chargement…</p>}
      </main>
    );
  }
  return (
    <>
      {body()}
      {help && <FirstSteps onClose={() => setHelp(false)} />}
    </>
  );

  function body() {
    if (!info) return null;
    switch (screen.kind) {
      case "home":
        return (
          <Home
            info={info} onCreate={() => setScreen({ kind: "create" })} onUnlock={(path) => setScreen({ kind: "unlock", path })}
            onOpened={opened}
            onConsolidate={() => setScreen({ kind: "consolidate" })}
          />
        );
      case "unlock":
        return (
          <Unlock
            key={screen.path} path={screen.path} notice={screen.notice} userId={screen.userId} onOpened={opened} onBack={home}
            hint={screen.path === info.demoPath ? `Dossier de démonstration (élèves inventés) : sa phrase de passe est « ${info.demoPassphrase} ».` : undefined}
          />
        );
      case "recovery": {
        const session = { ...screen.session, recoveryKey: null };
        return <RecoveryKeyScreen session={screen.session} onDone={() => opened(session)} />;
      }
      case "takeover":
        return <TakeOver session={screen.session} onDone={opened} onBack={home} />;
      case "create":
        return <CreateCaseFile info={info} onCreated={opened} onBack={home} />;
      case "consolidate":
        return (
          <main class="centered consolidate-page" id="main">
            <Consolidation backLabel="Accueil" onBack={home} />
          </main>
        );
      case "case":
        return (
          <CaseShell
            session={screen.session} onSession={opened} onClosed={home}
            autoLockSeconds={info.autoLockSecondsOverride ?? screen.session.autoLockMinutes * 60}
            onReopen={(path, notice, userId) => setScreen({ kind: "unlock", path, notice, userId })}
          />
        );
    }
  }
}
