// Créer un dossier: the establishment, where the file goes, and its passphrase.

import { useEffect, useRef, useState } from "preact/hooks";
import { checkPassphrase, createCaseFile, pickNewCaseFile, toApiError, type AppInfo, type Session } from "../api";
import { Busy, ErrorBanner } from "../components/feedback";
import { RequiredNote, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { joinPath, slug } from "../paths";
import { EstablishmentFields, LogoField, emptyEstablishment, isInput, toEstablishmentInput } from "./EstablishmentFields";

interface Props {
  info: AppInfo;
  onCreated: (session: Session) => void;
  onBack: () => void;
}

/** Shown when the shell does not give its own wording of the rule. */
const DEFAULT_RULE = "Au moins 12 caractères, ou 4 mots.";

export function CreateCaseFile({ info, onCreated, onBack }: Props) {
  const [draft, setDraft] = useState(() => emptyEstablishment(info.suggestedSchoolYearStart));
  const [logo, setLogo] = useState<string | null>(null);
  const [path, setPath] = useState(() => proposedPath(info.defaultDir, ""));
  const [pathEdited, setPathEdited] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [confirmation, setConfirmation] = useState("");
  // undefined: not checked yet; null: the rule is met; a string: why it is not.
  const [ruleProblem, setRuleProblem] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("create");
  const title = useFocusOnMount<HTMLHeadingElement>();
  const checkTicket = useRef(0);

  // The proposed location follows the name until the user chooses one.
  useEffect(() => {
    if (!pathEdited) setPath(proposedPath(info.defaultDir, draft.name));
  }, [draft.name, pathEdited]);

  // Tell whether the passphrase meets the rule as it is typed (the shell owns the rule).
  useEffect(() => {
    setRuleProblem(undefined);
    if (passphrase === "") return;
    const ticket = ++checkTicket.current;
    const timer = setTimeout(() => {
      checkPassphrase(passphrase).then(
        (problem) => ticket === checkTicket.current && setRuleProblem(problem),
        () => undefined,
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [passphrase]);

  async function browse() {
    try {
      const chosen = await pickNewCaseFile(path);
      if (chosen) {
        setPath(chosen);
        setPathEdited(true);
      }
    } catch (reason) {
      form.setBanner(toApiError(reason).message);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const input = toEstablishmentInput(draft);
    const errors: Record<string, string> = isInput(input) ? {} : { ...input };
    if (path.trim() === "") errors.path = "Indiquez où enregistrer le dossier.";
    if (passphrase === "") errors.passphrase = "Choisissez une phrase de passe.";
    else if (confirmation !== passphrase) errors.passphraseConfirm = "Les deux phrases de passe ne sont pas identiques.";
    if (Object.keys(errors).length > 0 || !isInput(input)) {
      form.setFields(errors);
      return;
    }
    setBusy("Création du dossier…");
    try {
      onCreated(await createCaseFile(path.trim(), passphrase, input, logo));
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  const ruleId = "create-passphrase-rule";
  return (
    <main class="centered wide" id="main">
      <p><button type="button" class="link" id="btn-back" onClick={onBack}>← Accueil</button></p>
      <h1 tabIndex={-1} ref={title}>Créer le dossier de l'établissement</h1>
      <p class="lead">Le dossier est un fichier chiffré qui contient tout le suivi. Il reste sur cet ordinateur.</p>
      <form class="card" onSubmit={submit} noValidate id="create-form">
        <RequiredNote />
        <fieldset>
          <legend>Établissement</legend>
          <EstablishmentFields value={draft} onChange={setDraft} form={form} suggestedYear={info.suggestedSchoolYearStart} />
          <LogoField id="create-logo" path={logo} onPath={setLogo} form={form} />
        </fieldset>

        <fieldset>
          <legend>Fichier du dossier</legend>
          <div class="field-with-button">
            <TextField
              {...form.bind("path")} label="Emplacement du fichier" value={path}
              onValue={(v) => {
                setPath(v);
                setPathEdited(true);
              }}
              hint="Chemin complet du fichier .accroche à créer." required class="grow"
            />
            <button type="button" id="create-browse" onClick={browse}>Parcourir…</button>
          </div>
        </fieldset>

        <fieldset>
          <legend>Phrase de passe</legend>
          <p class="hint">
            Elle ouvre votre compte de référent : le dossier est chiffré, et personne ne peut le lire sans une phrase de
            passe de l'un de ses comptes. Une clé de secours, affichée une seule fois juste après la création, le
            rouvre si toutes les phrases de passe sont perdues.
          </p>
          <div class="grid-2">
            <TextField
              {...form.bind("passphrase")} label="Phrase de passe" type="password" value={passphrase}
              onValue={setPassphrase} autoComplete="new-password" required
              hint={<RuleStatus id={ruleId} rule={info.passphraseRule || DEFAULT_RULE} problem={ruleProblem} />}
            />
            <TextField
              {...form.bind("passphraseConfirm")} label="Confirmation de la phrase de passe" type="password"
              value={confirmation} onValue={setConfirmation} autoComplete="new-password" required
            />
          </div>
        </fieldset>

        <ErrorBanner message={form.banner} id="create-error" />
        <div class="actions">
          <button type="submit" id="create-submit" class="primary" disabled={!!busy}>Créer le dossier</button>
          <button type="button" onClick={onBack} disabled={!!busy}>Annuler</button>
        </div>
        <Busy message={busy} id="create-busy" />
      </form>
    </main>
  );
}

function RuleStatus({ id, rule, problem }: { id: string; rule: string; problem: string | null | undefined }) {
  if (problem === undefined) return <span id={id} aria-live="polite">{rule}</span>;
  if (problem) {
    return (
      <span id={id} aria-live="polite" class="rule-unmet">
        <span aria-hidden="true">✗ </span>{problem}
      </span>
    );
  }
  return (
    <span id={id} aria-live="polite" class="rule-met">
      <span aria-hidden="true">✓ </span>{rule} Règle respectée.
    </span>
  );
}

function proposedPath(dir: string, name: string): string {
  return joinPath(dir, `${slug(name) || "etablissement"}.accroche`);
}
