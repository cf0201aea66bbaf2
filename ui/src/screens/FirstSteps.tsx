// « Premiers pas »: a short help page, reachable from every screen (F1, or the « Premiers pas »
// buttons), in the order a référent meets things in the first weeks.

import { Modal } from "../components/Modal";

/** Asks the app to show « Premiers pas » (F1 does the same). */
export function openHelp() {
  window.dispatchEvent(new Event("accroche-help"));
}

export function FirstSteps({ onClose }: { onClose: () => void }) {
  return (
    <Modal id="help" title="Premiers pas" onClose={onClose}>
      <div class="help-body" id="help-body">
        {/* First, so that the dialog opens on its top (it focuses its first button). */}
        <p class="help-close-row">
          <button type="button" id="help-close" onClick={onClose}>Fermer <kbd aria-hidden="true">Échap</kbd></button>
        </p>
        <p>
          Accroche tient le dossier de prévention du décrochage de l'établissement dans un seul fichier chiffré, sur cet
          ordinateur. Rien n'en sort sans que vous l'exportiez. <kbd>F1</kbd> rouvre cette page à tout moment.
        </p>
        <h3>1. Le dossier de l'établissement</h3>
        <ul>
          <li>« Créer le dossier de mon établissement » : UAI, nom, type, académie, chef d'établissement, référent, année scolaire, votre phrase de passe.</li>
          <li>La <strong>clé de secours</strong> s'affiche une seule fois juste après : enregistrez sa fiche, imprimez-la, confiez-la au chef d'établissement (coffre).</li>
          <li>Pour essayer sans rien risquer : « Découvrir avec un dossier de démonstration » (élèves inventés).</li>
        </ul>
        <h3>2. Les comptes</h3>
        <ul>
          <li>Paramètres → Comptes : un compte par personne (CPE, infirmière, direction…), chacun avec sa phrase de passe et un rôle.</li>
          <li>Chaque note dit qui peut la lire : « Équipe », « Restreint » (médico-social, référent, auteur) ou « Auteur seul ». Le résumé utile est partagé avec tous.</li>
        </ul>
        <h3>3. Les élèves</h3>
        <ul>
          <li>Élèves → « Importer » : l'export SIECLE (.xml ou .zip), Pronote ou ONDE (.csv), avec un aperçu avant d'écrire et une annulation.</li>
        </ul>
        <h3>4. Le GPDS</h3>
        <ul>
          <li>Un repérage sur la fiche de l'élève l'inscrit à l'ordre du jour de la prochaine séance (GPDS → séances).</li>
          <li>En séance, le mode réunion : <kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>4</kbd> pour la décision, <kbd>Ctrl</kbd>+<kbd>Entrée</kbd> pour enregistrer et passer au suivant.</li>
          <li>Le tableau de bord rappelle les actions en retard et les élèves à revoir.</li>
        </ul>
        <h3>5. PAFI et alliances éducatives</h3>
        <ul>
          <li>Depuis une décision du GPDS ou directement : les étapes, les règles (âge, durée, validations) et les documents à signer, sur papier ou à l'écran.</li>
        </ul>
        <h3>6. Le bilan annuel</h3>
        <ul>
          <li>Bilan : chaque indicateur avec sa définition ; export PDF, tableur ou JSON anonyme pour l'académie.</li>
        </ul>
        <h3>7. Protéger le dossier</h3>
        <ul>
          <li>« Verrouiller » (<kbd>Ctrl</kbd>+<kbd>Maj</kbd>+<kbd>L</kbd>) masque tout ; le dossier se verrouille seul après 10 minutes sans activité.</li>
          <li>Une sauvegarde chiffrée est faite chaque jour dans le dossier « Sauvegardes » à côté du fichier ; Paramètres → Sauvegardes restaure.</li>
          <li>Le journal garde la trace de chaque écriture et de chaque lecture d'une note restreinte.</li>
        </ul>
      </div>
    </Modal>
  );
}
