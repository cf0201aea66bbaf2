// The open case file: header, sidebar, and the current section.

import { useEffect, useRef, useState } from "preact/hooks";
import { closeCaseFile, toApiError, type Session } from "../api";
import { ErrorBanner } from "../components/feedback";
import { labelOf, ROLES } from "../labels";
import { openHelp } from "./FirstSteps";
import { StudentsList } from "./StudentsList";
import { StudentPage } from "./StudentPage";
import { StudentForm } from "./StudentForm";
import { ImportRoster } from "./ImportRoster";
import { StaffSection } from "./StaffSection";
import { PartnersSection } from "./PartnersSection";
import { Journal } from "./Journal";
import { Settings } from "./Settings";
import { Dashboard } from "./Dashboard";
import { Meetings } from "./Meetings";
import { MeetingForm } from "./MeetingForm";
import { MeetingPage } from "./MeetingPage";
import { MeetingMode } from "./MeetingMode";
import { Minutes } from "./Minutes";
import { Documents } from "./Documents";
import { DocumentPage } from "./DocumentPage";
import { SignDocument } from "./SignDocument";
import { VerifyDocument } from "./VerifyDocument";
import { PafiList } from "./PafiList";
import { PafiPage } from "./PafiPage";
import { AllianceList } from "./AllianceList";
import { AlliancePage } from "./AlliancePage";
import { Bilan } from "./Bilan";
import { Consolidation } from "./Consolidation";

export type Route =
  | { view: "dashboard"; flash?: string }
  | { view: "students"; flash?: string }
  | { view: "students-import" }
  | { view: "student"; id: number; flash?: string }
  | { view: "student-new" }
  | { view: "student-edit"; id: number }
  | { view: "gpds"; flash?: string }
  | { view: "meeting-new" }
  | { view: "meeting-edit"; id: number }
  | { view: "meeting"; id: number; flash?: string }
  /** Meeting mode, on one student of the agenda (the first one when none is given). */
  | { view: "meeting-mode"; id: number; studentId?: number }
  | { view: "minutes"; id: number; flash?: string }
  | { view: "pafi"; flash?: string }
  | { view: "pafi-path"; id: number; flash?: string }
  | { view: "alliances"; flash?: string }
  | { view: "alliance"; id: number; flash?: string }
  | { view: "documents"; flash?: string }
  /**
   * A document; `pafiId` / `allianceId`: opened from that PAFI's or alliance's page (the way back
   * goes there).
   */
  | { view: "document"; id: number; flash?: string; pafiId?: number; allianceId?: number }
  /** Signing on screen: the whole window, for the signatory in front of the laptop. */
  | { view: "document-sign"; id: number }
  | { view: "document-verify" }
  | { view: "staff" }
  /** `id`: that partner opened (from the records behind a figure of the bilan). */
  | { view: "partners"; id?: number }
  | { view: "journal" }
  | { view: "bilan" }
  /** Consolidating schools' bilans (for a coordinator; needs no case file), reached from the Bilan. */
  | { view: "bilan-consolidate" }
  | { view: "settings" };

type Section = "dashboard" | "students" | "gpds" | "pafi" | "alliances" | "documents" | "bilan" | "staff" | "partners" | "journal" | "settings";

const SECTIONS: ReadonlyArray<readonly [Section, string]> = [
  ["dashboard", "Tableau de bord"],
  ["students", "Élèves"],
  ["gpds", "GPDS"],
  ["pafi", "PAFI"],
  ["alliances", "Alliances"],
  ["staff", "Personnels"],
  ["partners", "Partenaires"],
  ["documents", "Documents"],
  ["bilan", "Bilan"],
  ["journal", "Journal"],
  ["settings", "Paramètres"],
];

function sectionOf(route: Route): Section {
  if (route.view.startsWith("student")) return "students";
  if (route.view.startsWith("meeting") || route.view === "minutes") return "gpds";
  if (route.view.startsWith("pafi")) return "pafi";
  if (route.view === "document" && route.pafiId !== undefined) return "pafi";
  if (route.view.startsWith("alliance")) return "alliances";
  if (route.view === "document" && route.allianceId !== undefined) return "alliances";
  if (route.view.startsWith("document")) return "documents";
  if (route.view.startsWith("bilan")) return "bilan";
  return route.view as Section;
}

interface Props {
  session: Session;
  onSession: (session: Session) => void;
  onClosed: () => void;
  /** The shell lost the case file: ask its passphrase again, saying why. */
  onReopen: (path: string, notice: string, userId?: number) => void;
  /** Idle seconds before the window locks the case file. */
  autoLockSeconds: number;
}

export interface StudentSearch {
  query: string;
  includeArchived: boolean;
}

/** What counts as the user being there. */
const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

export function CaseShell({ session, onSession, onClosed, onReopen, autoLockSeconds }: Props) {
  const [route, setRoute] = useState<Route>({ view: "dashboard" });
  const [search, setSearch] = useState<StudentSearch>({ query: "", includeArchived: false });
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const e = session.establishment;
  // A « lecture seule » account sees the case file as a read-only opening does.
  const readOnly = session.readOnly || session.user.role === "lecture_seule";
  const current = sectionOf(route);

  /** Locks: the shell closes the case file (its key leaves memory) and the window shows only
   * the passphrase field of this file, with why. Unsaved input on screen is lost. */
  async function lock(why: string) {
    if (closing) return;
    setClosing(true);
    try {
      await closeCaseFile();
      onReopen(session.path, why, session.user.id || undefined);
    } catch (reason) {
      setClosing(false);
      setError(toApiError(reason).message);
    }
  }

  // Auto-lock after the idle time; Ctrl+Maj+L locks at once (« masquer l'écran »).
  const lastActivity = useRef(Date.now());
  const lockRef = useRef(lock);
  lockRef.current = lock;
  useEffect(() => {
    const seen = () => {
      lastActivity.current = Date.now();
    };
    const shortcut = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.shiftKey && !e.altKey && e.key.toLowerCase() === "l") {
        e.preventDefault();
        void lockRef.current("Dossier verrouillé : saisissez la phrase de passe pour le rouvrir.");
      }
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, seen, { passive: true, capture: true });
    window.addEventListener("keydown", shortcut, { capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current >= autoLockSeconds * 1000) {
        const minutes = Math.round(autoLockSeconds / 60);
        void lockRef.current(
          autoLockSeconds >= 60
            ? `Dossier verrouillé après ${minutes} minute${minutes > 1 ? "s" : ""} d'inactivité : saisissez la phrase de passe pour le rouvrir.`
            : `Dossier verrouillé après ${autoLockSeconds} secondes d'inactivité : saisissez la phrase de passe pour le rouvrir.`,
        );
      }
    }, Math.min(15_000, Math.max(1_000, (autoLockSeconds * 1000) / 4)));
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, seen, { capture: true });
      window.removeEventListener("keydown", shortcut, { capture: true });
      window.clearInterval(timer);
    };
  }, [autoLockSeconds]);

  async function close() {
    setClosing(true);
    setError(null);
    try {
      await closeCaseFile();
      onClosed();
    } catch (reason) {
      setClosing(false);
      setError(toApiError(reason).message);
    }
  }

  // A new view gets a fresh component (and focus on its title).
  const key = JSON.stringify(route);
  let view;
  switch (route.view) {
    case "dashboard":
      view = <Dashboard key={key} readOnly={readOnly} flash={route.flash} go={setRoute} />;
      break;
    case "students":
      view = (
        <StudentsList key={key} search={search} onSearch={setSearch} readOnly={readOnly} flash={route.flash} go={setRoute} />
      );
      break;
    case "students-import":
      view = <ImportRoster key={key} go={setRoute} />;
      break;
    case "student":
      view = (
        <StudentPage key={key} id={route.id} flash={route.flash} readOnly={readOnly} go={setRoute} caseFilePath={session.path} />
      );
      break;
    case "student-new":
      view = <StudentForm key={key} id={null} go={setRoute} />;
      break;
    case "student-edit":
      view = <StudentForm key={key} id={route.id} go={setRoute} />;
      break;
    case "gpds":
      view = <Meetings key={key} readOnly={readOnly} flash={route.flash} go={setRoute} />;
      break;
    case "meeting-new":
      view = <MeetingForm key={key} id={null} go={setRoute} />;
      break;
    case "meeting-edit":
      view = <MeetingForm key={key} id={route.id} go={setRoute} />;
      break;
    case "meeting":
      view = <MeetingPage key={key} id={route.id} flash={route.flash} readOnly={readOnly} go={setRoute} />;
      break;
    case "meeting-mode":
      // Moving from one student to the next stays in the same component (no remount).
      view = <MeetingMode key={`meeting-mode-${route.id}`} id={route.id} studentId={route.studentId} readOnly={readOnly} go={setRoute} />;
      break;
    case "minutes":
      view = <Minutes key={key} id={route.id} flash={route.flash} readOnly={readOnly} go={setRoute} />;
      break;
    case "pafi":
      view = <PafiList key={key} readOnly={readOnly} flash={route.flash} go={setRoute} />;
      break;
    case "pafi-path":
      view = <PafiPage key={key} id={route.id} flash={route.flash} readOnly={readOnly} go={setRoute} />;
      break;
    case "alliances":
      view = <AllianceList key={key} readOnly={readOnly} flash={route.flash} go={setRoute} />;
      break;
    case "alliance":
      view = <AlliancePage key={key} id={route.id} flash={route.flash} readOnly={readOnly} go={setRoute} />;
      break;
    case "documents":
      view = <Documents key={key} flash={route.flash} go={setRoute} />;
      break;
    case "document":
      view = <DocumentPage key={key} id={route.id} flash={route.flash} pafiId={route.pafiId} allianceId={route.allianceId} readOnly={readOnly} go={setRoute} />;
      break;
    case "document-sign":
      // Full window: no header nor sidebar while the signatory is in front of the laptop.
      return (
        <main class="sign-main" id="main" tabIndex={-1}>
          <SignDocument key={key} id={route.id} go={setRoute} />
        </main>
      );
    case "document-verify":
      view = <VerifyDocument key={key} go={setRoute} />;
      break;
    case "staff":
      view = <StaffSection key={key} readOnly={readOnly} />;
      break;
    case "partners":
      view = <PartnersSection key={key} readOnly={readOnly} openId={route.id} />;
      break;
    case "journal":
      view = <Journal key={key} />;
      break;
    case "bilan":
      view = <Bilan key={key} session={session} go={setRoute} />;
      break;
    case "bilan-consolidate":
      view = <Consolidation key={key} backLabel="Bilan" onBack={() => setRoute({ view: "bilan" })} />;
      break;
    case "settings":
      view = (
        <Settings
          key={key} session={session} onSession={onSession} onClose={close} closing={closing}
          onLost={(notice) => onReopen(session.path, notice, session.user.id || undefined)}
        />
      );
      break;
  }

  return (
    <div class="case">
      <a class="skip-link" href="#main">Aller au contenu</a>
      <header class="case-header">
        <div class="case-id">
          <p class="case-name" id="case-title">{e.name}</p>
          <p class="case-meta">
            <span>UAI {e.uai}</span>
            <span>Année scolaire {e.schoolYearLabel}</span>
            <span class="case-file" title={session.path}>{session.fileName}</span>
          </p>
        </div>
        <p class="case-user" id="case-user" title="Compte connecté : l'auteur de chaque écriture dans le journal">
          {session.user.name} <span class="muted">— {labelOf(ROLES, session.user.role)}</span>
        </p>
        {readOnly && <span class="badge badge-warning" id="badge-readonly">Lecture seule</span>}
        <button type="button" id="btn-help" onClick={openHelp} title="Premiers pas (F1)" aria-keyshortcuts="F1">
          Aide
        </button>
        <button
          type="button" id="btn-lock" onClick={() => lock("Dossier verrouillé : saisissez la phrase de passe pour le rouvrir.")}
          disabled={closing} title="Verrouiller : masque tout et redemande la phrase de passe (Ctrl+Maj+L)"
        >
          Verrouiller <kbd aria-hidden="true">Ctrl+Maj+L</kbd>
        </button>
        <button type="button" id="btn-close-case" onClick={close} disabled={closing}>
          {closing ? "Fermeture…" : "Fermer le dossier"}
        </button>
      </header>
      <nav class="sidebar" aria-label="Sections du dossier">
        <ul>
          {SECTIONS.map(([section, label]) => (
            <li key={section}>
              <button
                type="button"
                id={`nav-${section}`}
                aria-current={current === section ? "page" : undefined}
                onClick={() => setRoute({ view: section } as Route)}
              >
                {label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main class="case-main" id="main" tabIndex={-1}>
        <ErrorBanner message={error} />
        {readOnly && (
          <p class="banner banner-info" id="readonly-note">
            Ce dossier est ouvert en lecture seule : vous pouvez le consulter, pas le modifier.
          </p>
        )}
        {view}
      </main>
    </div>
  );
}
