// Signing on the screen, the whole window for the signatory in front of the laptop: who signs
// (those who have not yet), the whole document given or shown to them first, the consent
// sentence they tick, how their identity was checked and which staff member witnesses, then
// their signature drawn in the pad. After each signature, who remains; once everyone required
// has signed, the document is sealed by the establishment and can be printed or saved.

import { useEffect, useRef, useState } from "preact/hooks";
import {
  documentGet, documentOpen, documentSignScreen, staffList, toApiError,
  type Document, type Signatory, type Staff,
} from "../api";
import { DocStateBadge, SaveCopyDialog } from "../components/DocumentParts";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { SelectField, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { SignaturePad, type PadHandle } from "../components/SignaturePad";
import { STAFF_ROLES, labelOf, type Options } from "../labels";
import type { Route } from "./CaseShell";
import { SignatoriesTable, signatoryName } from "./DocumentPage";

interface Props {
  id: number;
  go: (route: Route) => void;
}

type IdentityWay = "piece" | "connu" | "autre";

const IDENTITY_WAYS: Options<IdentityWay> = [
  ["piece", "Pièce d'identité présentée"],
  ["connu", "Personne connue du témoin"],
  ["autre", "Autre (préciser)"],
];

/** The consent sentence, word for word as the core stores it. */
export function consentSentence(title: string): string {
  return `J'ai lu l'intégralité du document « ${title} », j'en accepte les termes et je le signe de ma main sur cet écran.`;
}

const staffName = (s: Staff) => `${s.firstName} ${s.lastName}`;

/** Lower case without accents nor civility, to compare a witness with a signatory. */
function bare(name: string): string {
  return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/\b(m|mme|mlle|monsieur|madame)\b\.?/g, "").replace(/\s+/g, " ").trim();
}

export function SignDocument({ id, go }: Props) {
  const [doc, setDoc] = useState<Document | null>(null);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [position, setPosition] = useState("");
  const [read, setRead] = useState(false);
  const [consent, setConsent] = useState(false);
  const [identity, setIdentity] = useState<IdentityWay | "">("");
  const [identityOther, setIdentityOther] = useState("");
  const [witness, setWitness] = useState("");
  const [saving, setSaving] = useState(false);
  /** The pad's own error: it goes as soon as the pad is cleared or drawn on again. */
  const [padError, setPadError] = useState<string | null>(null);
  const pad = useRef<PadHandle | null>(null);
  const sealedTitle = useRef<HTMLHeadingElement>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();
  const form = useFormErrors("sign");

  useEffect(() => {
    documentGet(id).then(
      (d) => {
        setDoc(d);
        const open = d.signatories.filter((s) => !s.signedAt);
        if (open.length === 1) setPosition(String(open[0]!.position));
      },
      (reason) => setError(toApiError(reason).message),
    );
    staffList("", false).then(setStaff, (reason) => setError(toApiError(reason).message));
  }, [id]);

  const open = doc?.signatories.filter((s) => !s.signedAt) ?? [];
  const who: Signatory | undefined = open.find((s) => String(s.position) === position);

  async function showDocument() {
    setBusy("Ouverture du document…");
    setError(null);
    try {
      await documentOpen(id);
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setBusy(null);
    }
  }

  /** What the UI can check alone, by field (the core checks again). */
  function check(): Record<string, string> {
    const errors: Record<string, string> = {};
    if (!who) errors.position = "Choisissez le signataire.";
    if (!read) errors.read = "Cochez cette case une fois que le signataire a pu lire tout le document.";
    if (!consent) errors.consent = "Le signataire doit cocher la phrase de consentement avant de signer.";
    if (identity === "") errors.identityCheck = "Indiquez comment l'identité du signataire a été vérifiée.";
    else if (identity === "autre" && identityOther.trim() === "") errors.identityOther = "Précisez comment l'identité a été vérifiée.";
    if (witness === "") errors.witness = "Indiquez le membre du personnel témoin de la signature.";
    else if (who && bare(who.name).includes(bare(witness))) errors.witness = "Le témoin doit être une autre personne que le signataire.";
    return errors;
  }

  async function sign(e: Event) {
    e.preventDefault();
    if (saving || !doc) return;
    form.clear();
    setNotice(null);
    setError(null);
    setPadError(null);
    const errors = check();
    const problem = read ? pad.current?.problem() ?? null : null;
    if (Object.keys(errors).length || !who) {
      form.setFields(errors);
      if (problem) setPadError(problem);
      return;
    }
    if (problem) {
      setPadError(problem);
      setTimeout(() => {
        const canvas = document.getElementById("sign-signature");
        canvas?.focus();
        canvas?.closest(".field")?.scrollIntoView({ block: "center" });
      }, 0);
      return;
    }
    const identityCheck = identity === "autre"
      ? `Autre : ${identityOther.trim()}`
      : labelOf(IDENTITY_WAYS, identity);
    setSaving(true);
    const last = open.filter((s) => s.required).every((s) => s.position === who.position);
    setBusy(last ? "Signature, puis scellement du document…" : "Enregistrement de la signature…");
    try {
      const saved = await documentSignScreen(doc.id, {
        position: who.position,
        pngBase64: pad.current!.pngBase64(),
        consent: true,
        identityCheck,
        witness,
      });
      setDoc(saved);
      // The next signatory starts from a clean form; the witness usually stays in the room.
      pad.current?.clear();
      setRead(false);
      setConsent(false);
      setIdentity("");
      setIdentityOther("");
      const next = saved.signatories.filter((s) => !s.signedAt);
      setPosition(next.length === 1 ? String(next[0]!.position) : "");
      if (saved.state === "sealed") {
        setTimeout(() => sealedTitle.current?.focus(), 0);
      } else {
        setNotice(`Signature de ${who.name} enregistrée.`);
        setTimeout(() => document.getElementById("sign-position")?.focus(), 0);
      }
    } catch (reason) {
      const error = toApiError(reason);
      if (error.field === "signature") {
        setPadError(error.message);
      } else {
        form.report(error);
        // The refusal shows beside the button just pressed.
        if (!(error.code === "validation" && error.field)) {
          setTimeout(() => document.getElementById("sign-error")?.scrollIntoView({ block: "nearest" }), 0);
        }
      }
    } finally {
      setSaving(false);
      setBusy(null);
    }
  }

  const sealed = doc?.state === "sealed";
  const required = doc?.signatories.filter((s) => s.required && !s.signedAt) ?? [];
  const witnesses: Options<string> = staff.map((s) => [staffName(s), `${staffName(s)} — ${labelOf(STAFF_ROLES, s.role)}`]);
  const canSign = doc?.state === "to_sign";
  return (
    <div class="sign-window">
      <header class="sign-head">
        <div>
          <h1 id="sign-title" tabIndex={-1} ref={title}>
            Signature à l'écran
            {doc && <DocStateBadge state={doc.state} id="sign-state" />}
          </h1>
          {doc && (
            <p class="sign-doc" id="sign-doc">
              <span class="strong">{doc.title}</span> — {doc.reference}, version {doc.version}
            </p>
          )}
        </div>
        <button type="button" id="sign-quit" onClick={() => go({ view: "document", id })} disabled={saving}>
          {sealed ? "Retour au document" : "Quitter la signature"}
        </button>
      </header>
      <div class="sign-body">
        <Busy message={busy} id="sign-busy" />
        <Notice message={notice} id="sign-notice" />
        <ErrorBanner message={error} id="sign-load-error" />
        {!doc && !error && <p role="status">Chargement…</p>}

        {doc && sealed && (
          <section class="card sign-sealed" id="sign-sealed" aria-labelledby="sign-sealed-title">
            <h2 id="sign-sealed-title" tabIndex={-1} ref={sealedTitle}>
              <span aria-hidden="true">✓ </span>Document signé par tous et scellé par l'établissement
            </h2>
            <p>Le document définitif porte les signatures et un « Certificat de signature ». Toute modification du fichier sera détectée.</p>
            <div class="actions">
              <button type="button" id="sign-print" class="primary" onClick={showDocument} disabled={!!busy}>Imprimer</button>
              <SaveButton doc={doc} onSaved={(path) => setNotice(`Copie enregistrée : ${path}`)} />
              <button type="button" id="sign-back" onClick={() => go({ view: "document", id })}>Voir le document</button>
            </div>
          </section>
        )}

        {doc && !sealed && !canSign && (
          <p class="banner banner-info" id="sign-not-to-sign">
            Ce document n'est pas « à signer » : il ne peut pas être signé à l'écran.
          </p>
        )}

        {doc && canSign && (
          <form onSubmit={sign} noValidate id="sign-form">
            <section class="card sign-step" aria-labelledby="sign-step-who">
              <h2 id="sign-step-who"><span class="step-n">1</span> Qui signe ?</h2>
              <SelectField
                {...form.bind("position")} label="Signataire" value={position} onValue={setPosition}
                options={open.map((s) => [String(s.position), signatoryName(s)] as const)}
                empty="— Choisir —" required
                hint={required.length > 0
                  ? `Reste à signer : ${required.map((s) => s.name).join(", ")}.`
                  : undefined}
              />
            </section>

            <section class="card sign-step" aria-labelledby="sign-step-read">
              <h2 id="sign-step-read"><span class="step-n">2</span> Lire le document en entier</h2>
              <div class="sign-read-box" id="sign-read-box">
                <p class="strong">Le document complet doit être remis ou affiché au signataire avant qu'il ne signe.</p>
                <p>
                  Remettez-lui l'exemplaire imprimé, ou ouvrez le PDF sur cet écran et laissez-le le parcourir jusqu'à la
                  dernière page.
                </p>
                <div class="actions">
                  <button type="button" id="sign-open-document" onClick={showDocument} disabled={!!busy}>Ouvrir le document</button>
                </div>
              </div>
              <InlineCheck
                id="sign-read" checked={read} onValue={setRead} error={form.errors.read}
                label="Le signataire a pu lire l'intégralité du document."
              />
            </section>

            <fieldset class="card sign-step" disabled={!read} aria-describedby={read ? undefined : "sign-locked"}>
              <legend class="visually-hidden">Consentement, vérification et signature</legend>
              <h2 id="sign-step-consent"><span class="step-n">3</span> Consentement et vérification</h2>
              {!read && <p class="hint" id="sign-locked">Cette étape s'ouvre quand le signataire a pu lire tout le document.</p>}
              <InlineCheck
                id="sign-consent" checked={consent} onValue={setConsent} error={form.errors.consent}
                label={consentSentence(doc.title)} class="consent"
              />
              <div class="grid-2">
                <div>
                  <SelectField
                    {...form.bind("identityCheck")} label="Vérification de l'identité" value={identity}
                    onValue={setIdentity} options={IDENTITY_WAYS} empty="— Choisir —" required
                  />
                  {identity === "autre" && (
                    <TextField {...form.bind("identityOther")} label="Précision" value={identityOther} onValue={setIdentityOther} required />
                  )}
                </div>
                <SelectField
                  {...form.bind("witness")} label="Témoin (membre du personnel)" value={witness} onValue={setWitness}
                  options={witnesses} empty={staff.length ? "— Choisir —" : "— Aucun personnel enregistré —"} required
                  hint={staff.length ? undefined : "Ajoutez les membres du personnel dans Personnels."}
                />
              </div>

              <h2 id="sign-step-pad"><span class="step-n">4</span> Signature</h2>
              <div class={`field sign-pad-field${padError ? " field-invalid" : ""}`}>
                <p class="label" id="sign-signature-label">
                  Signez dans le cadre{who ? <> — <span class="strong">{who.name}</span></> : ""}
                  <span class="required" aria-hidden="true"> *</span>
                </p>
                <div class="sign-pad-wrap">
                  <SignaturePad
                    id="sign-signature" handle={pad} disabled={!read || saving}
                    label="Cadre de signature : signez avec la souris, le doigt ou le stylet"
                    describedBy={`sign-pad-hint${padError ? " sign-signature-error" : ""}`}
                    invalid={!!padError}
                    onInk={() => setPadError(null)}
                  />
                  <span class="sign-pad-line" aria-hidden="true" />
                </div>
                <p class="hint" id="sign-pad-hint">
                  Seul le tracé est gardé, sous forme d'image : ni la vitesse, ni la pression.
                </p>
                {padError && (
                  <p id="sign-signature-error" class="field-error"><span aria-hidden="true">⚠ </span>{padError}</p>
                )}
                <div class="actions">
                  <button
                    type="button" id="sign-clear" disabled={!read || saving}
                    onClick={() => {
                      pad.current?.clear();
                      setPadError(null);
                    }}
                  >
                    Effacer
                  </button>
                </div>
              </div>
            </fieldset>

            <ErrorBanner message={form.banner} id="sign-error" />
            <div class="actions sign-submit">
              <button type="submit" id="sign-submit" class="primary" disabled={saving}>
                {saving ? "Signature…" : who ? `Signer pour ${who.name}` : "Signer"}
              </button>
            </div>
          </form>
        )}

        {doc && (
          <section class="card" aria-labelledby="sign-who-title" id="sign-progress">
            <h2 id="sign-who-title">Où en sont les signatures</h2>
            <p id="sign-remaining">
              {required.length === 0
                ? "Tous les signataires requis ont signé."
                : `Reste à signer : ${required.map((s) => s.name).join(", ")}.`}
            </p>
            <SignatoriesTable doc={doc} id="sign-signatories" />
          </section>
        )}
      </div>
    </div>
  );
}

/** A checkbox whose error is shown and announced next to it. */
function InlineCheck({ id, label, checked, onValue, error, class: cls }: {
  id: string; label: string; checked: boolean; onValue: (v: boolean) => void; error?: string; class?: string;
}) {
  return (
    <div class={`checkbox inline-check${cls ? ` ${cls}` : ""}${error ? " field-invalid" : ""}`}>
      <input
        id={id} type="checkbox" checked={checked} onChange={(e) => onValue(e.currentTarget.checked)}
        aria-invalid={error ? "true" : undefined} aria-describedby={error ? `${id}-error` : undefined}
      />
      <label for={id}>{label}</label>
      {error && <p id={`${id}-error`} class="field-error"><span aria-hidden="true">⚠ </span>{error}</p>}
    </div>
  );
}

function SaveButton({ doc, onSaved }: { doc: Document; onSaved: (path: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" id="sign-save" onClick={() => setOpen(true)}>Enregistrer sous…</button>
      {open && <SaveCopyDialog doc={doc} onClose={() => setOpen(false)} onSaved={onSaved} />}
    </>
  );
}
