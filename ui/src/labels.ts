// French labels of the contract's enumerations, in the order they are offered.

import type {
  BackupInfo, DocumentType, EstablishmentKind, ImportCounts, PartnerKind, Relationship, Role, Sex, StaffRole, Track,
} from "./api";
import { isoToFr } from "./api/dates";

export type Options<T extends string> = ReadonlyArray<readonly [T, string]>;

export const ESTABLISHMENT_KINDS: Options<EstablishmentKind> = [
  ["college", "Collège"],
  ["lp", "Lycée professionnel (LP)"],
  ["lgt", "Lycée général et technologique (LGT)"],
  ["lpo", "Lycée polyvalent (LPO)"],
  ["cite_scolaire", "Cité scolaire"],
  ["erea", "EREA"],
  ["autre", "Autre"],
];

export const TRACKS: Options<Track> = [
  ["college", "Collège"],
  ["segpa", "SEGPA / ULIS"],
  ["cap", "CAP"],
  ["bac_pro", "Bac pro"],
  ["seconde_gt", "2de GT"],
  ["premiere_gt", "1re GT"],
  ["terminale_gt", "Terminale GT"],
  ["post_bac", "Post-bac"],
  ["mlds", "MLDS"],
  ["autre", "Autre"],
];

export const SEXES: Options<Sex> = [
  ["M", "Masculin"],
  ["F", "Féminin"],
];

export const RELATIONSHIPS: Options<Relationship> = [
  ["mere", "Mère"],
  ["pere", "Père"],
  ["tuteur", "Tuteur / tutrice"],
  ["autre", "Autre"],
];

export const STAFF_ROLES: Options<StaffRole> = [
  ["direction", "Direction"],
  ["referent", "Référent décrochage"],
  ["cpe", "CPE"],
  ["professeur_principal", "Professeur principal"],
  ["enseignant", "Enseignant·e"],
  ["psy_en", "Psy-EN"],
  ["infirmier", "Infirmier·e"],
  ["assistant_social", "Assistant·e social·e"],
  ["medecin", "Médecin scolaire"],
  ["coordonnateur_mlds", "Coordonnateur·rice MLDS"],
  ["documentaliste", "Professeur documentaliste"],
  ["autre", "Autre"],
];

export const PARTNER_KINDS: Options<PartnerKind> = [
  ["cmpp_cmp", "CMPP / CMP"],
  ["ase", "ASE"],
  ["pjj", "PJJ"],
  ["mda", "Maison des adolescents"],
  ["pre", "PRE"],
  ["mission_locale", "Mission locale"],
  ["cio", "CIO"],
  ["cfa", "CFA"],
  ["association", "Association"],
  ["entreprise", "Entreprise"],
  ["collectivite", "Collectivité"],
  ["service_civique", "Service civique"],
  ["autre", "Autre"],
];

export const DOCUMENT_TYPES: Options<DocumentType> = [
  ["contrat_pafi", "Contrat PAFI"],
  ["convention_stage", "Convention de stage ou d'accueil"],
  ["bilan_pafi", "Bilan de parcours PAFI"],
  ["contrat_alliance", "Contrat d'alliance éducative"],
  ["convention_partenariat", "Convention de partenariat"],
  ["charte_deontologie", "Charte de déontologie"],
  ["compte_rendu_gpds", "Compte-rendu de séance du GPDS"],
  ["compte_rendu_alliance", "Compte-rendu d'alliance éducative"],
];

/** The roles of the case file's accounts, with what each may read and do. */
export const ROLES: Options<Role> = [
  ["referent", "Référent décrochage"],
  ["direction", "Direction"],
  ["cpe", "CPE"],
  ["psy_en", "Psy-EN"],
  ["medico_social", "Médico-social"],
  ["enseignant", "Enseignant"],
  ["lecture_seule", "Lecture seule"],
];

/** One line on each role, under the role field. */
export const ROLE_HINTS: Record<Role, string> = {
  referent: "Gère les comptes ; lit les notes « équipe » et « restreint ».",
  direction: "Lit et écrit ; ne lit pas les notes « restreint » des autres.",
  cpe: "Lit et écrit ; ne lit pas les notes « restreint » des autres.",
  psy_en: "Lit et écrit ; ne lit pas les notes « restreint » des autres.",
  medico_social: "Infirmière, assistante sociale, médecin : lit aussi les notes « restreint ».",
  enseignant: "Lit et écrit ; ne lit pas les notes « restreint » des autres.",
  lecture_seule: "Consulte le dossier sans rien modifier.",
};

export const BACKUP_KINDS: Options<BackupInfo["kind"]> = [
  ["daily", "Quotidienne"],
  ["weekly", "Hebdomadaire"],
  ["manual", "Manuelle"],
  ["pre_restore", "Avant restauration"],
  ["pre_migration", "Avant mise à jour"],
];

/** Journal entity names (as the core writes them) → French. Unknown names are shown as is. */
export const ENTITIES: Readonly<Record<string, string>> = {
  student: "Élève",
  students: "Élève",
  staff: "Personnel",
  partner: "Partenaire",
  partners: "Partenaire",
  establishment: "Établissement",
  case_file: "Dossier",
  casefile: "Dossier",
  backup: "Sauvegarde",
  import: "Import",
  import_undo: "Import annulé",
  flag: "Repérage",
  meeting: "Séance GPDS",
  agenda: "Ordre du jour",
  review: "Décision GPDS",
  followup: "Suivi",
  action: "Action",
  entretien: "Entretien de situation",
  mesure: "Mesure de responsabilisation",
  pafi: "PAFI",
  alliance: "Alliance éducative",
  alliance_member: "Membre d'une alliance",
  alliance_meeting: "Réunion d'alliance",
  bilan: "Bilan annuel",
  student_note: "Note",
  purge: "Purge RGPD",
};

export function labelOf<T extends string>(options: Options<T>, value: T | null | undefined): string {
  if (value == null) return "";
  return options.find(([v]) => v === value)?.[1] ?? value;
}

/** "1 élève", "0 élève", "3 élèves" (French uses the singular for 0 and 1). */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n <= 1 ? singular : pluralForm}`;
}

/** The five counts of a roster import, in the order they are shown, with their French words. */
export const IMPORT_COUNTS: ReadonlyArray<readonly [keyof ImportCounts, (n: number) => string]> = [
  ["new", (n) => plural(n, "nouveau", "nouveaux")],
  ["updated", (n) => `${n} mis à jour`],
  ["left", (n) => plural(n, "sorti")],
  ["unchanged", (n) => plural(n, "inchangé")],
  ["skipped", (n) => plural(n, "ignoré")],
];

/** "12 nouveaux, 0 mis à jour, 1 sorti, 0 inchangé, 2 ignorés". */
export function importCountsText(counts: ImportCounts): string {
  return IMPORT_COUNTS.map(([key, words]) => words(counts[key])).join(", ");
}

/** 2026 → "2026-2027". */
export function schoolYearLabel(start: number): string {
  return `${start}-${start + 1}`;
}

/**
 * When a backup was made: "22/11/2026 à 14:05" when its file name carries the time (manual
 * backups and those made before a restore or an update), "22/11/2026" for the daily ones.
 */
export function backupWhen(b: Pick<BackupInfo, "date" | "fileName">): string {
  const time = /_\d{4}-\d{2}-\d{2}_(\d{2})(\d{2})\d{2}_[a-z-]+\.accroche$/.exec(b.fileName);
  return time ? `${isoToFr(b.date)} à ${time[1]}:${time[2]}` : isoToFr(b.date);
}

/** Bytes → "820 Ko", "1,4 Mo". */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} Ko`;
  const mo = bytes / (1024 * 1024);
  return `${mo.toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}

/** « de » before a name, elided before a vowel or a mute h: « d'Evan », « de Léa ». */
export function deName(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöùûüœæ]/i.test(name.trim()) ? `d'${name}` : `de ${name}`;
}
