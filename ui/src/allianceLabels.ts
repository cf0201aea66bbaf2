// French labels of the alliance enumerations (same words as the core's), in the order offered.

import type {
  AllianceKind, AllianceState, Domain, FamilyContract, Formalisation, Polarity, ResponseStatus, Situation, StaffRole, Theme,
} from "./api";
import type { Options } from "./labels";

export { labelOf } from "./labels";

export const ALLIANCE_KINDS: Options<AllianceKind> = [
  ["interne", "Alliance interne"],
  ["externe", "Alliance externe"],
];

/** What each kind means, next to the choice. */
export const KIND_HINTS: Record<AllianceKind, string> = {
  interne: "personnels de l'établissement seulement",
  externe: "avec des partenaires (CMPP, ASE, PJJ, mission locale, associations…)",
};

/** The states, in the order of the path (« abandonnée » last: it may end any step). */
export const ALLIANCE_STATES: Options<AllianceState> = [
  ["proposed", "Proposée"],
  ["diagnosis", "Diagnostic partagé"],
  ["proposal", "Proposition formalisée"],
  ["running", "En cours"],
  ["closed", "Clôturée"],
  ["abandoned", "Abandonnée"],
];

/** What the button that moves an alliance to a state says. */
export const ALLIANCE_STATE_ACTIONS: Record<AllianceState, string> = {
  proposed: "Proposer",
  diagnosis: "Passer au diagnostic partagé",
  proposal: "Formaliser la proposition",
  running: "Mettre en œuvre",
  closed: "Clôturer l'alliance",
  abandoned: "Abandonner l'alliance",
};

export function isClosed(state: AllianceState): boolean {
  return state === "closed" || state === "abandoned";
}

export const FAMILY_CONTRACTS: Options<FamilyContract> = [
  ["pending", "Contrat pas encore proposé"],
  ["proposed", "Contrat proposé à la famille"],
  ["signed", "Contrat signé par la famille"],
  ["refused", "Contrat refusé par la famille"],
  ["not_proposed", "Contrat non proposé"],
];

/** The family's answer in a list's cell. */
export const FAMILY_SHORT: Record<FamilyContract, string> = {
  pending: "Pas encore proposé",
  proposed: "Proposé",
  signed: "Signé",
  refused: "Refusé",
  not_proposed: "Non proposé",
};

export const FORMALISATIONS: Options<Formalisation> = [
  ["pending", "À formaliser"],
  ["convention", "Convention de partenariat"],
  ["informal", "Collaboration informelle"],
  ["refused", "Refus de formaliser"],
];

export const DOMAINS: Options<Domain> = [
  ["scolarite", "Scolarité"],
  ["vie_scolaire", "Vie scolaire"],
  ["sante", "Santé"],
  ["famille_social", "Famille et social"],
  ["justice", "Justice"],
  ["orientation", "Orientation"],
];

export const POLARITIES: Options<Polarity> = [
  ["strength", "Potentialité"],
  ["difficulty", "Difficulté"],
];

export const THEMES: Options<Theme> = [
  ["sante", "Santé"],
  ["justice", "Accompagnement dans une mesure de justice"],
  ["social", "Aide sociale et familiale"],
  ["coeducation", "Co-éducation et lien parents-école"],
  ["harcelement", "Harcèlement"],
  ["remediation", "Remédiation scolaire (FLE, tutorat)"],
  ["temps_scolaire", "Aménagement du temps scolaire"],
  ["internat", "Internat"],
  ["pafi", "Proposer un PAFI"],
  ["cas_particulier", "Cas particulier"],
  ["autre", "Autre"],
];

export const RESPONSE_STATUSES: Options<ResponseStatus> = [
  ["planned", "Prévue"],
  ["running", "En cours"],
  ["done", "Réalisée"],
  ["adjust", "À ajuster"],
  ["abandoned", "Abandonnée"],
];

export const SITUATIONS: Options<Situation> = [
  ["in_school", "Toujours scolarisé dans l'établissement"],
  ["in_training", "En formation (autre établissement, apprentissage…)"],
  ["reoriented", "Réorienté"],
  ["pafi", "En PAFI"],
  ["no_solution", "Sorti sans solution"],
  ["other", "Autre"],
];

export const CHARTE_METHODS: Options<"paper" | "screen"> = [
  ["paper", "Sur papier"],
  ["screen", "À l'écran"],
];

/** The staff roles that may restrict a diagnosis entry (as the core decides), with partners. */
export const RESTRICTING_ROLES: ReadonlyArray<StaffRole> = ["psy_en", "infirmier", "assistant_social", "medecin"];
