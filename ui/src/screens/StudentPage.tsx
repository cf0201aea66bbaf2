// Fiche élève: the GPDS follow-up (panel, actions, entretiens de situation, mesures de
// responsabilisation), the student's PAFI and alliances éducatives, the notes (each with its
// sensitivity and résumé utile), identity, legal representatives, and the chronology of
// everything.

import { useEffect, useState } from "preact/hooks";
import {
  partnersList, staffList, studentGet, studentGpds, studentSetArchived, toApiError,
  type Partner, type Proposal, type Staff, type Student, type StudentGpds,
} from "../api";
import { isoToFr, todayIso } from "../api/dates";
import { ErrorBanner, Notice } from "../components/feedback";
import { useFocusOnMount } from "../components/hooks";
import { ConfirmDialog } from "../components/Modal";
import { RELATIONSHIPS, SEXES, TRACKS, labelOf, plural } from "../labels";
import type { Route } from "./CaseShell";
import { StudentActions } from "./StudentActions";
import { StudentChronology } from "./StudentChronology";
import { StudentEntretiens } from "./StudentEntretiens";
import { StudentFollowUp } from "./StudentFollowUp";
import { StudentMesures } from "./StudentMesures";
import { StudentNotes } from "./StudentNotes";
import { StudentPafi } from "./StudentPafi";
import { StudentAlliances } from "./StudentAlliances";
import { OpenAllianceDialog } from "./AllianceShared";
import { preparePafi } from "./PafiShared";
import { Fact } from "./StudentShared";
import { FlagForm } from "./FlagForm";
import { StudentAccessDialog } from "./StudentAccess";

interface Props {
  id: number;
  flash?: string;
  readOnly: boolean;
  go: (route: Route) => void;
  /** The open case file: the access files are proposed beside it. */
  caseFilePath: string;
}

export function StudentPage({ id, flash, readOnly, go, caseFilePath }: Props) {
  const [student, setStudent] = useState<Student | null>(null);
  const [gpds, setGpds] = useState<StudentGpds | null>(null);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [partners, setPartners] = useState<Partner[]>([]);
  /** Bumped after each change: the chronology reads itself again. */
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(flash ?? null);
  const [confirming, setConfirming] = useState(false);
  const [accessing, setAccessing] = useState(false);
  const [flagging, setFlagging] = useState(false);
  /** The alliance proposal being opened (« Ouvrir l'alliance »): its kind is asked. */
  const [allianceProposal, setAllianceProposal] = useState<Proposal | null>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();

  const failed = (reason: unknown) => setError(toApiError(reason).message);
  function load() {
    studentGet(id).then(setStudent, failed);
    studentGpds(id).then(setGpds, failed);
    staffList("", false).then(setStaff, failed);
    partnersList("", false).then(setPartners, failed);
  }
  useEffect(load, [id]);

  /** After a change in a section: the GPDS records and the chronology are read again. */
  function changed() {
    studentGpds(id).then(setGpds, failed);
    setVersion((v) => v + 1);
    setNotice(null);
  }

  const openMeeting = (meetingId: number) => go({ view: "meeting", id: meetingId });
  /** « Préparer le PAFI » of an open GPDS proposal: the path is made, then opened. */
  async function preparePafiFrom(proposal: Proposal) {
    const made = await preparePafi(id, proposal);
    go({ view: "pafi-path", id: made.id, flash: `PAFI de ${made.studentName} créé à partir de la proposition du GPDS : complétez son cadre.` });
  }

  async function toggleArchived() {
    if (!student) return;
    const updated = await studentSetArchived(student.id, !student.archived);
    setStudent(updated);
    setNotice(updated.archived ? "Élève archivé." : "Élève désarchivé.");
    setVersion((v) => v + 1);
  }

  const s = student;
  // A past (or today's) exit date: the student left. A future one is only announced.
  const left = s?.exitDate != null && s.exitDate <= todayIso();
  return (
    <article aria-labelledby="student-name" class="student-page">
      <p><button type="button" class="link" id="btn-back-students" onClick={() => go({ view: "students" })}>← Liste des élèves</button></p>
      <div class="view-head">
        <h1 id="student-name" tabIndex={-1} ref={title}>
          {s ? <><span class="first-name">{s.firstName}</span> <span class="last-name">{s.lastName}</span></> : "Fiche élève"}
          {s?.archived && <span class="badge badge-muted">archivé</span>}
        </h1>
        {s && !readOnly && (
          <div class="actions">
            <button type="button" id="btn-flag-student" onClick={() => { setNotice(null); setFlagging(true); }}>
              Signaler
            </button>
            <button type="button" id="btn-edit-student" class="primary" onClick={() => go({ view: "student-edit", id: s.id })}>
              Modifier
            </button>
            <button type="button" id="btn-archive-student" onClick={() => setConfirming(true)}>
              {s.archived ? "Désarchiver" : "Archiver"}
            </button>
            <button type="button" id="btn-student-access" onClick={() => { setNotice(null); setAccessing(true); }}>
              Droit d'accès…
            </button>
          </div>
        )}
      </div>
      {s && (
        <p class="student-sub" id="student-sub">
          {s.className && <span>Classe <span class="strong">{s.className}</span></span>}
          <span>{plural(s.age, "an")}</span>
          {s.track && <span>{labelOf(TRACKS, s.track)}</span>}
        </p>
      )}
      {s && left && (
        <p class="banner banner-info" id="student-left">
          <span class="strong">Sorti·e le {isoToFr(s.exitDate)}</span>
          {s.exitReason && <> — motif : {s.exitReason}</>}
        </p>
      )}
      <Notice message={notice} id="student-notice" />
      <ErrorBanner message={error} />
      {!s && !error && <p role="status">Chargement…</p>}
      {s && !gpds && !error && <p role="status">Chargement du suivi…</p>}
      {s && gpds && (
        <StudentFollowUp
          studentId={s.id} student={s} gpds={gpds} staff={staff} readOnly={readOnly} onChanged={changed} openMeeting={openMeeting}
          version={version} onPreparePafi={preparePafiFrom} onOpenAlliance={setAllianceProposal}
        />
      )}
      {s && (
        <div class="student-layout">
          <div>
            {gpds && (
              <>
                <StudentActions studentId={s.id} gpds={gpds} staff={staff} readOnly={readOnly} onChanged={changed} openMeeting={openMeeting} version={version} />
                <StudentEntretiens studentId={s.id} student={s} gpds={gpds} staff={staff} readOnly={readOnly} onChanged={changed} openMeeting={openMeeting} version={version} />
                <StudentMesures studentId={s.id} gpds={gpds} staff={staff} partners={partners} readOnly={readOnly} onChanged={changed} openMeeting={openMeeting} version={version} />
              </>
            )}
            <StudentPafi studentId={s.id} readOnly={readOnly} version={version} go={go} />
            <StudentAlliances studentId={s.id} studentName={`${s.firstName} ${s.lastName}`} readOnly={readOnly} version={version} go={go} />
            <StudentNotes studentId={s.id} readOnly={readOnly} version={version} onChanged={() => setVersion((v) => v + 1)} />
            <section aria-labelledby="identity-title" class="card">
              <h2 id="identity-title">Identité et scolarité</h2>
              <dl class="facts" id="student-identity">
                <Fact label="Nom">{s.lastName}</Fact>
                <Fact label="Prénom">{s.firstName}</Fact>
                <Fact label="Date de naissance">
                  {isoToFr(s.birthDate)} <span class="muted">({plural(s.age, "an")})</span>
                </Fact>
                <Fact label="Sexe">{labelOf(SEXES, s.sex)}</Fact>
                <Fact label="Classe">{s.className}</Fact>
                <Fact label="Groupes">{s.groups.join(", ")}</Fact>
                <Fact label="Formation">
                  {s.mefLabel ? <>{s.mefLabel}{s.mef && <span class="muted"> (MEF {s.mef})</span>}</> : s.mef && `MEF ${s.mef}`}
                </Fact>
                <Fact label="Filière">{labelOf(TRACKS, s.track)}</Fact>
                <Fact label="Statut">{s.status}</Fact>
                <Fact label="INE">{s.ine}</Fact>
                <Fact label="Identifiant SIECLE (ELEVE_ID)">{s.eleveId}</Fact>
                <Fact label="Date d'entrée">{isoToFr(s.entryDate)}</Fact>
                <Fact label="Date de sortie">{isoToFr(s.exitDate)}</Fact>
                <Fact label="Courriel">{s.email}</Fact>
                <Fact label="Téléphone">{s.phone}</Fact>
              </dl>
            </section>

            <section aria-labelledby="reps-title" class="card">
              <h2 id="reps-title">Responsables légaux</h2>
              {s.legalReps.length === 0 && <p class="muted">Aucun responsable légal renseigné.</p>}
              <ul class="reps" id="student-reps">
                {s.legalReps.map((r, i) => (
                  <li key={i}>
                    <p class="strong">{r.firstName} {r.lastName} <span class="muted">— {labelOf(RELATIONSHIPS, r.relationship)}</span></p>
                    {r.address && <p class="pre-line">{r.address}</p>}
                    {r.phone && <p>Téléphone : {r.phone}</p>}
                    {r.email && <p>Courriel : {r.email}</p>}
                  </li>
                ))}
              </ul>
            </section>
          </div>

          <StudentChronology studentId={s.id} version={version} />
        </div>
      )}
      {flagging && s && (
        <FlagForm
          studentId={s.id}
          onDone={(flag) => {
            setFlagging(false);
            changed();
            setNotice(`Repérage du ${isoToFr(flag.flaggedOn)} enregistré.`);
          }}
          onClose={() => setFlagging(false)}
        />
      )}
      {allianceProposal && s && (
        <OpenAllianceDialog
          studentId={s.id} studentName={`${s.firstName} ${s.lastName}`} proposal={allianceProposal} go={go}
          onClose={() => setAllianceProposal(null)}
        />
      )}
      {accessing && s && (
        <StudentAccessDialog
          student={s} caseFilePath={caseFilePath} onClose={() => setAccessing(false)}
          onDone={(message) => { setAccessing(false); setNotice(message); setVersion((v) => v + 1); }}
        />
      )}
      {confirming && s && (
        <ConfirmDialog
          id="confirm-archive"
          title={s.archived ? "Désarchiver l'élève ?" : "Archiver l'élève ?"}
          confirmLabel={s.archived ? "Désarchiver" : "Archiver"}
          busyLabel="Enregistrement…"
          onConfirm={toggleArchived}
          onClose={() => setConfirming(false)}
        >
          {s.archived ? (
            <p>{s.firstName} {s.lastName} réapparaîtra dans la liste des élèves.</p>
          ) : (
            <p>
              {s.firstName} {s.lastName} n'apparaîtra plus dans la liste des élèves, sauf en cochant « Afficher les élèves
              archivés ». Rien n'est effacé.
            </p>
          )}
        </ConfirmDialog>
      )}
    </article>
  );
}
