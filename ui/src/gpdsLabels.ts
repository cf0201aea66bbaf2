// French labels of the GPDS enumerations (same words as the core's), in the order offered.

import type {
  ActionKind, ActionStatus, AgendaReasonKind, ChronologyKind, CloseReason, Decision,
  EntretienOutcome, MeetingStatus, MesureStatus, SignalKind,
} from "./api";
import type { Options } from "./labels";

export { labelOf } from "./labels";

export const SIGNAL_KINDS: Options<SignalKind> = [
  ["absences", "Absences"],
  ["resultats", "Baisse des résultats"],
  ["comportement", "Comportement"],
  ["retrait", "Retrait, décrochage silencieux"],
  ["exclusions", "Exclusions répétées"],
  ["sante", "Santé"],
  ["famille", "Situation familiale"],
  ["questionnaire", "Questionnaire de repérage (type LYCAM)"],
  ["autre", "Autre"],
];

export const DECISIONS: Options<Decision> = [
  ["enter", "Entrée en suivi"],
  ["keep", "Suivi maintenu"],
  ["close", "Fin du suivi"],
  ["not_examined", "Non examiné"],
];

export const CLOSE_REASONS: Options<CloseReason> = [
  ["resolved", "Situation rétablie"],
  ["relay", "Relais par un dispositif ou un partenaire"],
  ["left", "Départ de l'établissement"],
  ["refusal", "Refus de l'élève ou de la famille"],
  ["no_need", "Pas de suivi nécessaire"],
  ["other", "Autre motif"],
];

export const ACTION_KINDS: Options<ActionKind> = [
  ["entretien_famille", "Entretien avec la famille"],
  ["entretien_situation", "Entretien de situation (Psy-EN)"],
  ["tutorat", "Tutorat"],
  ["emploi_du_temps", "Emploi du temps aménagé"],
  ["remobilisation", "Module de remobilisation"],
  ["orientation", "Changement d'orientation"],
  ["partenaire", "Orientation vers un partenaire"],
  ["responsabilisation", "Mesure de responsabilisation"],
  ["internat", "Internat"],
  ["mlds", "Action de la MLDS"],
  ["proposer_pafi", "Proposer un PAFI"],
  ["proposer_alliance", "Proposer une alliance éducative"],
  ["autre", "Autre"],
];

export const ACTION_STATUSES: Options<ActionStatus> = [
  ["todo", "À faire"],
  ["done", "Faite"],
  ["cancelled", "Annulée"],
];

export const MEETING_STATUSES: Options<MeetingStatus> = [
  ["planned", "Prévue"],
  ["open", "En cours"],
  ["held", "Tenue"],
  ["cancelled", "Annulée"],
];

export const AGENDA_REASONS: Options<AgendaReasonKind> = [
  ["flagged", "Repéré"],
  ["review_due", "Point de suivi prévu"],
  ["late_actions", "Actions en retard"],
  ["added", "Ajouté à l'ordre du jour"],
];

export const ENTRETIEN_OUTCOMES: Options<EntretienOutcome> = [
  ["solution", "Solution trouvée"],
  ["none", "Pas de solution à ce jour"],
];

export const MESURE_STATUSES: Options<MesureStatus> = [
  ["planned", "Prévue"],
  ["done", "Effectuée"],
  ["not_done", "Non effectuée"],
];

export const CHRONOLOGY_KINDS: Options<ChronologyKind> = [
  ["registre", "Fiche élève"],
  ["reperage", "Repérages"],
  ["gpds", "Décisions du GPDS"],
  ["action", "Actions"],
  ["entretien", "Entretiens de situation"],
  ["mesure", "Mesures de responsabilisation"],
  ["pafi", "PAFI"],
  ["alliance", "Alliances"],
  ["note", "Notes"],
];
