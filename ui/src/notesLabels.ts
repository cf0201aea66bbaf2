// The sensitivity of notes and diagnosis entries, and the roles of accounts, in French.

import type { Sensitivity } from "./api";
import type { Options } from "./labels";

export const SENSITIVITIES: Options<Sensitivity> = [
  ["equipe", "Équipe"],
  ["restreint", "Restreint"],
  ["auteur", "Auteur seul"],
];

/** One line under the choice: who reads it. */
export const SENSITIVITY_HELP: Record<Sensitivity, string> = {
  equipe: "Lue par tous les utilisateurs du dossier.",
  restreint: "Lue par les personnels médico-sociaux, le référent décrochage et son auteur ; chaque lecture est inscrite au journal.",
  auteur: "Lue par son auteur seulement.",
};

/** The accounts' roles (one list, in labels.ts). */
export { ROLES } from "./labels";

/** The hint under the résumé utile. */
export const SUMMARY_HINT = "Ce qui peut être partagé avec l'équipe : toute l'équipe le lit, même quand la note est restreinte.";
