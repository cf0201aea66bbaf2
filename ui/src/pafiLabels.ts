// French labels of the PAFI enumerations (same words as the core's), in the order offered.

import type {
  ActivityKind, Objective, Outcome, PafiState, ReminderKind, SkillEvidence, SkillLevel, SlotKind, ValidationAuthority,
} from "./api";
import type { Options } from "./labels";

export { labelOf } from "./labels";

/** The states, in the order of the path (« interrompu » last: it may end any step). */
export const PAFI_STATES: Options<PafiState> = [
  ["proposed", "Proposé"],
  ["preparing", "En préparation"],
  ["awaiting_validation", "En attente de validation"],
  ["validated", "Validé"],
  ["running", "En cours"],
  ["finished", "Terminé"],
  ["interrupted", "Interrompu"],
];

/** What the button that moves a path to a state says. */
export const STATE_ACTIONS: Record<PafiState, string> = {
  proposed: "Proposer",
  preparing: "Passer en préparation",
  awaiting_validation: "Transmettre pour validation",
  validated: "Enregistrer la validation",
  running: "Commencer le parcours",
  finished: "Terminer le parcours",
  interrupted: "Interrompre le parcours",
};

export const VALIDATION_AUTHORITIES: Options<ValidationAuthority> = [
  ["dasen", "DASEN (DSDEN)"],
  ["ien_io", "IEN-IO"],
  ["csaio", "CSAIO"],
  ["foquale", "Responsable du réseau FOQUALE"],
];

export const OBJECTIVES: Options<Objective> = [
  ["remobilisation", "Se remobiliser"],
  ["assiduite", "Retrouver une assiduité régulière"],
  ["projet", "Construire un projet personnel et professionnel"],
  ["decouverte_metiers", "Découvrir des métiers"],
  ["reorientation", "Préparer une réorientation"],
  ["confiance", "Reprendre confiance en ses capacités"],
  ["retour", "Préparer le retour en classe"],
];

export const ACTIVITY_KINDS: Options<ActivityKind> = [
  ["stage_entreprise", "Stage en entreprise"],
  ["stage_association", "Stage en association"],
  ["service_civique", "Service civique"],
  ["module_mlds", "Module MLDS"],
  ["module_remobilisation", "Module de remobilisation"],
  ["decouverte_cfa", "Découverte en CFA"],
  ["mission_locale", "Mission locale"],
  ["autre", "Autre"],
];

/** Kinds that take place at a host, which then needs a convention (as the core decides). */
export function atHost(kind: ActivityKind | ""): boolean {
  return kind !== "" && kind !== "module_mlds" && kind !== "mission_locale";
}

export const SLOT_KINDS: Options<SlotKind> = [
  ["school", "Classe"],
  ["activity", "Activité"],
  ["free", "Libre"],
];

export const SKILL_LEVELS: Options<SkillLevel> = [
  ["acquise", "Acquise"],
  ["en_cours", "En cours d'acquisition"],
  ["non_acquise", "Non acquise"],
];

export const SKILL_EVIDENCE: Options<SkillEvidence> = [
  ["scolaire", "Scolaire"],
  ["hors_scolaire", "Hors de l'école"],
];

export const OUTCOMES: Options<Outcome> = [
  ["retour_classe", "Retour en classe ordinaire"],
  ["poursuite_etudes", "Poursuite d'études"],
  ["reorientation", "Réorientation"],
  ["apprentissage", "Contrat d'apprentissage"],
  ["formation_mlds", "Formation MLDS"],
  ["emploi", "Emploi"],
  ["sans_solution", "Sans solution"],
  ["autre", "Autre"],
];

export const REMINDER_KINDS: Options<ReminderKind> = [
  ["overdue", "Parcours échu sans bilan"],
  ["checkpoint_due", "Bilan intermédiaire à faire"],
  ["ending_soon", "Fin de parcours proche"],
  ["validation_pending", "Validation en attente"],
];

/** The days of the schedule grid (0 = lundi … 5 = samedi). */
export const DAYS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"] as const;
/** The halves of a day (0 = matin). */
export const HALVES = ["Matin", "Après-midi"] as const;

/** The document states a convention may be in, in words (`convention_state` of an activity). */
export const CONVENTION_STATES: Record<string, string> = {
  draft: "Convention en brouillon",
  to_sign: "Convention à signer",
  signed: "Convention signée",
  sealed: "Convention signée",
  cancelled: "Convention annulée",
};
