// DEV ONLY — never part of the production build (only vite.preview.config.ts loads it).
// An in-memory stand-in for the Rust shell, so the UI can be previewed in a plain browser:
//   npm run preview:mock    then open http://127.0.0.1:5173/?session=1
// Query parameters: session=1 (a case file is already open, with sample data), ro=1 (read-only),
// opened=<path> (AppInfo.openedPath), locked=1 / corrupt=1 / newer=1 (how opening fails),
// empty=1 (no recent files), slow=<ms> (delay of open/create, default 800), warn=1 (the roster
// import's preview warns about another UAI). Roster import: any .xml/.zip/.csv path gives the same
// sample preview, except "x.xml" or "invalide" (not an export) and "introuvable" (unreadable).

import type {
  AppInfo, BackupInfo, ChronologyEntry, Establishment, EstablishmentInput, ImportBatch, ImportPreview,
  JournalEntry, Partner, PartnerInput, RecentFile, Session, Staff, StaffInput, Student, StudentInput, StudentRow,
  ChronologyKind, Dashboard, StudentGpds,
} from "../src/api/types.gen";

const params = new URLSearchParams(location.search);
const SLOW = Number(params.get("slow") ?? 800);
const DEFAULT_DIR = "/home/referent/Documents/Accroche";

interface CaseFile {
  passphrase: string;
  establishment: Establishment;
  students: Student[];
  staff: Staff[];
  partners: Partner[];
  journal: JournalEntry[];
  chronology: Map<number, ChronologyEntry[]>;
  backups: BackupInfo[];
  nextId: number;
  imports: MockImport[];
}

/** A roster import, with what undoing it puts back (null = the student was added). */
interface MockImport {
  batch: ImportBatch;
  journalId: number;
  undone: boolean;
  before: Array<[number, Student | null]>;
}

const files = new Map<string, CaseFile>();
let recents: RecentFile[] = [];
let session: Session | null = null;

function fail(code: string, message: string, field: string | null = null): never {
  throw { code, message, field };
}

function now(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function uaiProblem(uai: string): string | null {
  const m = /^(\d{7})([A-Z])$/.exec(uai);
  if (!m) return "L'UAI doit comporter 7 chiffres suivis d'une lettre, par exemple 0750654D.";
  const key = "ABCDEFGHJKLMNPRSTUVWXYZ"[Number(m[1]) % 23];
  if (key !== m[2]) return `L'UAI ${uai} n'est pas valide : la lettre de contrôle devrait être ${key}.`;
  return null;
}

function passphraseProblem(p: string): string | null {
  const words = p.trim().split(/\s+/).filter(Boolean).length;
  if (p.length >= 12 || words >= 4) return null;
  return "La phrase de passe est trop courte : au moins 12 caractères, ou 4 mots.";
}

function checkEstablishment(e: EstablishmentInput) {
  const problem = uaiProblem(e.uai);
  if (problem) fail("validation", problem, "uai");
  if (!e.name.trim()) fail("validation", "Indiquez le nom de l'établissement.", "name");
  if (!e.academie.trim()) fail("validation", "Indiquez l'académie.", "academie");
}

function checkStudent(s: StudentInput) {
  if (!s.lastName.trim()) fail("validation", "Indiquez le nom de l'élève.", "lastName");
  if (!s.firstName.trim()) fail("validation", "Indiquez le prénom de l'élève.", "firstName");
  if (s.birthDate > now().slice(0, 10)) fail("validation", "La date de naissance est dans le futur.", "birthDate");
  if (!s.className.trim()) fail("validation", "Indiquez la classe de l'élève.", "className");
  s.legalReps.forEach((r, i) => {
    if (r.email && !r.email.includes("@")) fail("validation", "Adresse de courriel invalide.", `legalReps[${i}].email`);
  });
}

function age(birth: string): number {
  const today = now().slice(0, 10);
  let years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  if (today.slice(5) < birth.slice(5)) years -= 1;
  return years;
}

function open(): CaseFile {
  if (!session) fail("no_case_file", "Aucun dossier n'est ouvert.");
  return files.get(session.path)!;
}

function write(): CaseFile {
  if (session?.readOnly) fail("read_only", "Ce dossier est ouvert en lecture seule : il ne peut pas être modifié.");
  return open();
}

function log(cf: CaseFile, entity: string, entityId: number | null, summary: string, changes: JournalEntry["changes"] = []) {
  cf.journal.unshift({ id: cf.journal.length + 1, at: now(), author: cf.establishment.referentName || "Référent", entity, entityId, studentId: entity === "student" ? entityId : null, summary, changes });
  if (entity === "student" && entityId !== null) {
    const list = cf.chronology.get(entityId) ?? [];
    list.unshift({ on: now().slice(0, 10), at: now(), author: cf.establishment.referentName || "Référent", summary, detail: "", kind: "registre" });
    cf.chronology.set(entityId, list);
  }
}

function diff(before: object, after: object): JournalEntry["changes"] {
  const changes: JournalEntry["changes"] = [];
  for (const [k, v] of Object.entries(after)) {
    const old = (before as Record<string, unknown>)[k];
    if (typeof v !== "object" && old !== v) changes.push({ field: k, before: old == null ? null : String(old), after: v == null ? null : String(v) });
  }
  return changes;
}

function norm(s: string) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function matches(q: string, ...names: string[]) {
  const nq = norm(q.trim());
  return nq === "" || names.some((n) => norm(n).split(/[\s-]+/).some((w) => w.startsWith(nq)) || norm(n).startsWith(nq));
}

function newCaseFile(passphrase: string, input: EstablishmentInput, logo: boolean): CaseFile {
  return {
    passphrase,
    establishment: { ...input, hasLogo: logo, schoolYearLabel: `${input.schoolYearStart}-${input.schoolYearStart + 1}` },
    students: [], staff: [], partners: [], journal: [], chronology: new Map(), backups: [], nextId: 1, imports: [],
  };
}

function touchRecent(path: string, name: string) {
  recents = [{ path, name, lastOpened: now(), exists: true }, ...recents.filter((r) => r.path !== path)];
}

function sessionFor(path: string, readOnly: boolean, backupMade: string | null = null): Session {
  const cf = files.get(path)!;
  return {
    path, fileName: path.split("/").pop()!, readOnly, establishment: cf.establishment, backupMade, autoLockMinutes: 10,
    user: { id: 1, name: cf.establishment.referentName, role: "referent" }, recoveryKey: null,
  };
}

function seed() {
  const path = `${DEFAULT_DIR}/lycee-jean-moulin.accroche`;
  const cf = newCaseFile("correct cheval batterie agrafe", {
    uai: "0750654D", name: "Lycée professionnel Jean-Moulin", kind: "lp", academie: "Paris",
    address: "12 rue des Écoles\n75005 Paris", headName: "Mme Claire Martin", referentName: "M. Karim Benali", schoolYearStart: 2026,
  }, true);
  files.set(path, cf);
  const people: Array<[string, string, string, string, string | null]> = [
    ["Dubois-Lefèvre", "Léa", "2010-03-14", "2NDE3", "123456789AB"],
    ["Nguyen", "Thomas", "2009-11-02", "1CAP2", null],
    ["Ézéchiel", "Inès", "2008-06-30", "TBPRO1", "987654321CD"],
    ["Martin", "Hugo", "2010-01-21", "2NDE1", null],
    ["Benhamou", "Sarah", "2009-09-09", "1BPRO3", "555666777EF"],
  ];
  for (const [lastName, firstName, birthDate, className, ine] of people) {
    const id = cf.nextId++;
    cf.students.push({
      id, archived: false, age: age(birthDate), ine, eleveId: String(1000 + id), lastName, firstName, birthDate,
      sex: id % 2 ? "F" : "M", className, mef: "24723203210", track: "bac_pro", entryDate: "2026-09-01", exitDate: null,
      status: "Scolaire", email: "", phone: "06 12 34 56 78",
      groups: id === 1 ? ["2NDE3-ANG1", "2NDE3-AP"] : [], mefLabel: id === 1 ? "2NDE PRO METIERS RELATION CLIENT" : null,
      exitReason: null,
      legalReps: [{ lastName, firstName: "Sophie", relationship: "mere", address: "3 allée des Tilleuls\n75011 Paris", phone: "06 98 76 54 32", email: "sophie@example.org" }],
    });
    log(cf, "student", id, `Fiche créée : ${firstName} ${lastName}, ${className}.`);
  }
  cf.students[3]!.archived = true;
  cf.staff.push({ id: cf.nextId++, archived: false, lastName: "Roux", firstName: "Nadia", role: "cpe", email: "nadia.roux@ac-paris.fr", phone: "01 44 00 00 01" });
  cf.staff.push({ id: cf.nextId++, archived: false, lastName: "Petit", firstName: "Julien", role: "professeur_principal", email: "", phone: "" });
  cf.partners.push({ id: cf.nextId++, archived: false, name: "Mission locale Paris Centre", kind: "mission_locale", address: "", phone: "01 40 00 00 00", email: "", contacts: [{ lastName: "Lopez", firstName: "Ana", function: "Conseillère", phone: "", email: "" }] });
  log(cf, "student", 1, "Fiche élève modifiée : Léa Dubois-Lefèvre", [{ field: "Classe", before: "2NDE2", after: "2NDE3" }]);
  cf.backups = [
    { path: `${DEFAULT_DIR}/sauvegardes/2026-11-22-quotidienne.accroche`, fileName: "2026-11-22-quotidienne.accroche", date: "2026-11-22", sizeBytes: 412_000, kind: "daily" },
    { path: `${DEFAULT_DIR}/sauvegardes/2026-11-17-hebdomadaire.accroche`, fileName: "2026-11-17-hebdomadaire.accroche", date: "2026-11-17", sizeBytes: 1_480_000, kind: "weekly" },
    { path: `${DEFAULT_DIR}/sauvegardes/2026-11-10-manuelle.accroche`, fileName: "2026-11-10-manuelle.accroche", date: "2026-11-10", sizeBytes: 380_000, kind: "manual" },
  ];
  recents = [
    { path, name: cf.establishment.name, lastOpened: "2026-11-22T14:05:00", exists: true },
    { path: "/media/cle-usb/ancien-college.accroche", name: "Collège Victor-Hugo", lastOpened: "2026-06-30T17:40:00", exists: false },
  ];
  return path;
}

const seededPath = seed();
if (params.get("empty")) recents = [];
if (params.get("session")) session = sessionFor(seededPath, !!params.get("ro"));


// Roster import: a fixed sample export, matched on ELEVE_ID.
const ROSTER: Array<{ eleveId: string; lastName: string; firstName: string; birthDate: string; className: string | null; exitDate?: string }> = [
  { eleveId: "1001", lastName: "Dubois-Lefèvre", firstName: "Léa", birthDate: "2010-03-14", className: "2NDE3" },
  { eleveId: "1002", lastName: "Nguyen", firstName: "Thomas", birthDate: "2009-11-02", className: "TCAP2" },
  { eleveId: "4521", lastName: "Lœuvre", firstName: "Chloé", birthDate: "2010-05-02", className: "2MRC1" },
  { eleveId: "4522", lastName: "Bastien", firstName: "Noé", birthDate: "2009-12-24", className: "1MRC1" },
  { eleveId: "4523", lastName: "Traoré", firstName: "Awa", birthDate: "2010-08-17", className: "2MRC1" },
  { eleveId: "4524", lastName: "Garnier", firstName: "Lucas", birthDate: "2009-04-11", className: "2MRC2", exitDate: "2026-10-15" },
  { eleveId: "4525", lastName: "Mercier", firstName: "Jade", birthDate: "2010-01-30", className: null },
];

function rosterPlan(cf: CaseFile, path: string) {
  const name = path.split(/[\\/]/).pop() ?? path;
  if (!/\.(xml|zip|csv|txt)$/i.test(name)) fail("format", `Le fichier ${name} n'est pas un export reconnu : choisissez un fichier .xml ou .zip de SIECLE, ou un .csv de Pronote ou ONDE.`);
  if (/x\.xml$|invalide/i.test(name)) fail("format", `Le fichier ${name} n'est pas un fichier XML lisible (ligne 1, colonne 1) : ce n'est pas un export SIECLE.`);
  if (/introuvable/i.test(name)) fail("internal", `Erreur d'accès au fichier ${path} : No such file or directory (os error 2). Réessayez ; si l'erreur persiste, fermez puis rouvrez le dossier.`);
  const today = now().slice(0, 10);
  const preview: ImportPreview = {
    fileName: name, source: "SIECLE (version 3.0)", counts: { new: 0, updated: 0, left: 0, unchanged: 0, skipped: 0 },
    new: [], updated: [], left: [], skipped: [], warnings: [],
  };
  if (params.get("warn")) preview.warnings.push("Ce fichier concerne l'établissement 0750655E, et ce dossier l'établissement 0750654D : vérifiez que c'est le bon export.");
  const adds: Student[] = [];
  const updates: Array<[Student, Partial<Student>]> = [];
  for (const r of ROSTER) {
    const display = `${r.firstName} ${r.lastName}`;
    const location = `ELEVE_ID ${r.eleveId}`;
    const found = cf.students.find((s) => s.eleveId === r.eleveId);
    if (!found) {
      if (r.exitDate && r.exitDate <= today) preview.skipped.push({ location, name: display, reason: `déjà sorti le ${r.exitDate.split("-").reverse().join("/")} : pas ajouté` });
      else if (!r.className) preview.skipped.push({ location, name: display, reason: "aucune classe dans le fichier (seulement des groupes)" });
      else {
        preview.new.push({ location, name: display, className: r.className });
        adds.push({
          id: 0, archived: false, age: age(r.birthDate), ine: null, eleveId: r.eleveId, lastName: r.lastName, firstName: r.firstName,
          birthDate: r.birthDate, sex: null, className: r.className, mef: "24732203110", track: "bac_pro", entryDate: "2026-09-01",
          exitDate: null, status: "Scolaire", email: "", phone: "", legalReps: [], groups: [], mefLabel: null, exitReason: null,
        });
      }
      continue;
    }
    if (r.className && r.className !== found.className) {
      const conflicts = found.id === 2 ? [{ field: "Téléphone", before: "06 12 34 56 78", after: "07 00 00 00 00" }] : [];
      preview.updated.push({ studentId: found.id, name: display, changes: [{ field: "Classe", before: found.className, after: r.className }], conflicts });
      updates.push([found, { className: r.className }]);
    } else preview.counts.unchanged += 1;
  }
  for (const s of cf.students) {
    if (s.archived || ROSTER.some((r) => r.eleveId === s.eleveId)) continue;
    preview.left.push({ studentId: s.id, name: `${s.firstName} ${s.lastName}`, exitDate: today, reason: "absent de l'export" });
    updates.push([s, { exitDate: today, archived: true }]);
  }
  preview.counts.new = preview.new.length;
  preview.counts.updated = preview.updated.length;
  preview.counts.left = preview.left.length;
  preview.counts.skipped = preview.skipped.length;
  return { preview, adds, updates };
}

function lastImport(cf: CaseFile): ImportBatch | null {
  const last = [...cf.imports].reverse().find((i) => !i.undone);
  if (!last) return null;
  return { ...last.batch, canUndo: cf.journal[0]?.id === last.journalId };
}

const handlers: Record<string, (a: any) => unknown> = {
  app_info: (): AppInfo => ({
    version: "0.1.0 (maquette)", schemaVersion: 1, suggestedSchoolYearStart: 2026, defaultDir: DEFAULT_DIR,
    openedPath: params.get("opened"), passphraseRule: "Au moins 12 caractères, ou 4 mots.", autoLockSecondsOverride: null,
    demoPath: `${DEFAULT_DIR}/demo.accroche`, demoPassphrase: "demo-accroche-2026", documentsDir: "/home/referent/Documents",
  }),
  recent_files: () => recents,
  forget_recent: ({ path }) => (recents = recents.filter((r) => r.path !== path)),
  check_passphrase: ({ passphrase }) => passphraseProblem(passphrase),
  create_case_file: async ({ path, passphrase, establishment, logoPath }) => {
    await sleep(SLOW);
    checkEstablishment(establishment);
    const problem = passphraseProblem(passphrase);
    if (problem) fail("validation", problem, "passphrase");
    if (files.has(path)) fail("conflict", "Un fichier existe déjà à cet emplacement.");
    files.set(path, newCaseFile(passphrase, establishment, !!logoPath));
    touchRecent(path, establishment.name);
    return (session = sessionFor(path, false));
  },
  open_case_file: async ({ path, passphrase, readOnly }) => {
    await sleep(SLOW);
    if (params.get("locked") && !readOnly) fail("locked", "Ce dossier est déjà ouvert sur cet ordinateur.");
    if (params.get("newer")) fail("newer_schema", "Ce dossier a été créé par une version plus récente d'Accroche.");
    if (params.get("corrupt")) fail("corrupt", "Le dossier est endommagé : son contrôle d'intégrité a échoué.");
    const cf = files.get(path);
    if (!cf) fail("not_found", "Ce fichier est introuvable.");
    if (cf.passphrase !== passphrase) fail("wrong_passphrase", "Phrase de passe incorrecte.");
    touchRecent(path, cf.establishment.name);
    return (session = sessionFor(path, readOnly));
  },
  close_case_file: () => ((session = null), null),
  current_session: () => session,
  establishment_update: ({ establishment, logoPath }) => {
    const cf = write();
    checkEstablishment(establishment);
    const changes = diff(cf.establishment, establishment);
    cf.establishment = { ...establishment, hasLogo: cf.establishment.hasLogo || !!logoPath, schoolYearLabel: `${establishment.schoolYearStart}-${establishment.schoolYearStart + 1}` };
    log(cf, "establishment", null, "Établissement modifié.", changes);
    session = { ...session!, establishment: cf.establishment };
    return cf.establishment;
  },
  students_list: ({ query, includeArchived }): StudentRow[] =>
    open().students
      .filter((s) => (includeArchived || !s.archived) && matches(query, s.lastName, s.firstName))
      .sort((a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr"))
      .map(({ id, lastName, firstName, className, birthDate, ine, archived }) => ({ id, lastName, firstName, className, birthDate, ine, archived })),
  student_get: ({ id }) => open().students.find((s) => s.id === id) ?? fail("not_found", "Cet élève n'existe pas."),
  student_create: ({ input }: { input: StudentInput }) => {
    const cf = write();
    checkStudent(input);
    const s: Student = { ...input, id: cf.nextId++, archived: false, age: age(input.birthDate) };
    cf.students.push(s);
    log(cf, "student", s.id, `Fiche créée : ${s.firstName} ${s.lastName}, ${s.className}.`);
    return s;
  },
  student_update: ({ id, input }: { id: number; input: StudentInput }) => {
    const cf = write();
    checkStudent(input);
    const i = cf.students.findIndex((s) => s.id === id);
    const before = cf.students[i]!;
    const s: Student = { ...before, ...input, age: age(input.birthDate) };
    cf.students[i] = s;
    log(cf, "student", id, "Fiche modifiée.", diff(before, input));
    return s;
  },
  student_set_archived: ({ id, archived }) => {
    const cf = write();
    const s = cf.students.find((x) => x.id === id)!;
    s.archived = archived;
    log(cf, "student", id, archived ? "Élève archivé." : "Élève désarchivé.");
    return s;
  },
  student_chronology: ({ id, kinds }: { id: number; kinds?: ChronologyKind[] }) =>
    (open().chronology.get(id) ?? []).filter((c) => !kinds?.length || kinds.includes(c.kind)),
  // The GPDS is not simulated: every student has an empty GPDS record.
  student_gpds: ({ id }): StudentGpds => {
    if (!open().students.some((s) => s.id === id)) fail("not_found", "Cet élève n'existe pas (ou plus) dans le dossier.");
    return { followup: null, flags: [], reviews: [], actions: [], entretiens: [], mesures: [], proposals: [], nextMeeting: null };
  },
  // The home page: an empty tableau de bord, no meeting.
  dashboard: (): Dashboard => {
    const today = now().slice(0, 10);
    open();
    return {
      today, weekEnd: today,
      counts: { lateActions: 0, dueThisWeek: 0, withoutInCharge: 0, flaggedNotReviewed: 0, reviewDue: 0, inFollowup: 0, openProposals: 0 },
      lateActions: [], dueThisWeek: [], withoutInCharge: [], flaggedNotReviewed: [], reviewDue: [], openProposals: [],
      nextMeeting: null, pafi: [],
    };
  },
  meetings_list: () => (open(), []),
  // PAFI are not simulated: none, validated by the DASEN.
  pafi_list: () => (open(), []),
  student_pafi: () => (open(), []),
  pafi_authority: () => (open(), "dasen"),
  // Alliances are not simulated: none.
  alliance_list: () => (open(), []),
  student_alliances: () => (open(), []),
  staff_list: ({ query, includeArchived }) =>
    open().staff.filter((s) => (includeArchived || !s.archived) && matches(query, s.lastName, s.firstName)),
  staff_create: ({ input }: { input: StaffInput }) => {
    const cf = write();
    if (!input.lastName) fail("validation", "Indiquez le nom.", "lastName");
    const s = { ...input, id: cf.nextId++, archived: false };
    cf.staff.push(s);
    log(cf, "staff", s.id, `Personnel ajouté : ${s.firstName} ${s.lastName}.`);
    return s;
  },
  staff_update: ({ id, input }) => {
    const cf = write();
    const i = cf.staff.findIndex((s) => s.id === id);
    cf.staff[i] = { ...cf.staff[i]!, ...input };
    return cf.staff[i];
  },
  staff_set_archived: ({ id, archived }) => {
    const s = write().staff.find((x) => x.id === id)!;
    s.archived = archived;
    return s;
  },
  partners_list: ({ query, includeArchived }) =>
    open().partners.filter((p) => (includeArchived || !p.archived) && matches(query, p.name)),
  partner_get: ({ id }) => open().partners.find((p) => p.id === id) ?? fail("not_found", "Ce partenaire n'existe pas."),
  partner_create: ({ input }: { input: PartnerInput }) => {
    const cf = write();
    if (!input.name) fail("validation", "Indiquez le nom du partenaire.", "name");
    const p = { ...input, id: cf.nextId++, archived: false };
    cf.partners.push(p);
    log(cf, "partner", p.id, `Partenaire ajouté : ${p.name}.`);
    return p;
  },
  partner_update: ({ id, input }) => {
    const cf = write();
    const i = cf.partners.findIndex((p) => p.id === id);
    cf.partners[i] = { ...cf.partners[i]!, ...input };
    return cf.partners[i];
  },
  partner_set_archived: ({ id, archived }) => {
    const p = write().partners.find((x) => x.id === id)!;
    p.archived = archived;
    return p;
  },
  roster_preview: async ({ path }) => {
    await sleep(SLOW / 2);
    return rosterPlan(open(), path).preview;
  },
  roster_apply: async ({ path }) => {
    const cf = write();
    const { preview, adds, updates } = rosterPlan(cf, path);
    await sleep(SLOW);
    const before: MockImport["before"] = [];
    for (const s of adds) {
      s.id = cf.nextId++;
      cf.students.push(s);
      before.push([s.id, null]);
      log(cf, "student", s.id, `Élève ajouté par l'import ${preview.source} (${preview.fileName}) : ${s.firstName} ${s.lastName}`);
    }
    for (const [s, patch] of updates) {
      before.push([s.id, structuredClone(s)]);
      Object.assign(s, patch);
      log(cf, "student", s.id, `Fiche mise à jour par l'import ${preview.source}`);
    }
    log(cf, "import", null, `Import de la liste des élèves (${preview.source}, ${preview.fileName})`);
    cf.imports.push({ batch: { id: cf.imports.length + 1, at: now(), fileName: preview.fileName, counts: preview.counts, canUndo: true }, journalId: cf.journal[0]!.id, undone: false, before });
    return preview;
  },
  roster_last_import: () => lastImport(open()),
  roster_undo: async () => {
    const cf = write();
    const batch = lastImport(cf);
    if (!batch) fail("not_found", "Aucun import à annuler.");
    if (!batch.canUndo) fail("conflict", "Des modifications ont été enregistrées depuis cet import : il ne peut plus être annulé.");
    await sleep(SLOW / 2);
    const imp = cf.imports.find((i) => i.batch.id === batch.id)!;
    for (const [id, old] of [...imp.before].reverse()) {
      if (old === null) cf.students = cf.students.filter((s) => s.id !== id);
      else cf.students = cf.students.map((s) => (s.id === id ? old : s));
    }
    imp.undone = true;
    log(cf, "import", null, `Import annulé : ${batch.fileName}`);
    return batch;
  },
  journal_list: ({ limit }) => open().journal.slice(0, limit),
  backups_list: () => open().backups,
  backups_list_for: ({ path }) => files.get(path)?.backups ?? [],
  backup_now: async () => {
    await sleep(SLOW / 2);
    const cf = open();
    const b: BackupInfo = { path: `${DEFAULT_DIR}/sauvegardes/${now()}-manuelle.accroche`, fileName: `${now().slice(0, 10)}-manuelle.accroche`, date: now().slice(0, 10), sizeBytes: 420_000, kind: "manual" };
    cf.backups.unshift(b);
    return b;
  },
  backup_restore: async ({ path, passphrase }) => {
    await sleep(SLOW);
    const cf = files.get(path);
    if (!cf) fail("not_found", "Ce fichier est introuvable.");
    if (cf.passphrase !== passphrase) fail("wrong_passphrase", "Phrase de passe incorrecte.");
    return (session = sessionFor(path, false));
  },
  export_json: async () => {
    await sleep(SLOW / 2);
    open();
    return null;
  },
  "plugin:dialog|open": ({ options }) => {
    const extensions: string[] = options?.filters?.[0]?.extensions ?? [];
    if (extensions.includes("png")) return "/home/referent/Images/logo-lycee.png";
    if (extensions.includes("zip")) return "/home/referent/Téléchargements/ExportXML_ElevesSansAdresses.zip";
    if (extensions.includes("xml")) return "/home/referent/Téléchargements/Nomenclature.xml";
    return seededPath;
  },
  "plugin:dialog|save": ({ options }) => options?.defaultPath ?? `${DEFAULT_DIR}/nouveau.accroche`,
};

(window as any).__TAURI_INTERNALS__ = {
  async invoke(cmd: string, args: Record<string, unknown>) {
    const handler = handlers[cmd];
    if (!handler) throw `command ${cmd} not found`;
    await sleep(20);
    const result = await handler(args ?? {});
    return structuredClone(result);
  },
  transformCallback: () => 0,
  unregisterCallback: () => undefined,
  convertFileSrc: (p: string) => p,
  metadata: { currentWindow: { label: "main" }, currentWebview: { label: "main" } },
};
console.info("[accroche] maquette du shell chargée (dev/mock.ts)");
