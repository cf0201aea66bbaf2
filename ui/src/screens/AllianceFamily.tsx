// Famille: where the family stands with the contrat d'alliance éducative — proposé, signé, refusé
// (with the family's own words), non proposé (with the reason). A refusal never stops the
// alliance: it is recorded and counted in the bilan. « Contrat d'alliance (PDF) » makes the
// contract to sign.

import { useEffect, useState } from "preact/hooks";
import { allianceSetFamily, documentAllianceContract, toApiError, type FamilyContract } from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { FAMILY_CONTRACTS, labelOf } from "../allianceLabels";
import { DocStateBadge } from "../components/DocumentParts";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, SelectField, TextArea, useFormErrors } from "../components/fields";
import type { AllianceSectionProps } from "./AlliancePage";
import { PafiSection } from "./PafiShared";
import { latestOf, useDocumentMaker } from "./PafiDocuments";
import { Fact, focusLater } from "./StudentShared";

export function AllianceFamily(p: AllianceSectionProps) {
  const a = p.alliance;
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, make, busy, error] = useDocumentMaker({ allianceId: a.id }, p.go);
  const contract = latestOf(p.documents, "contrat_alliance", "alliance", a.id);

  async function done(message: string | null) {
    setEditing(false);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("alliance-family-title");
    } else focusLater("btn-alliance-family");
  }

  return (
    <PafiSection
      id="alliance-family" title="Famille"
      actions={!p.readOnly && (
        <>
          {p.editable && !editing && (
            <button type="button" class="small" id="btn-alliance-family" onClick={() => { setNotice(null); setEditing(true); }}>
              Noter la réponse de la famille
            </button>
          )}
          <button
            type="button" class="small" id="btn-alliance-contract" disabled={!!busy}
            onClick={() => make("Contrat d'alliance éducative", contract, () => documentAllianceContract(a.id))}
          >
            Contrat d'alliance (PDF)
          </button>
        </>
      )}
    >
      <Notice message={notice} id="alliance-family-notice" />
      <p class="hint" id="alliance-family-principle">
        Le contrat d'alliance engage la famille, l'élève et l'établissement. Une famille peut refuser de le signer :
        ce refus ne remet en aucun cas en cause l'accompagnement de l'élève. Notez-le avec ses mots ; il est compté dans le bilan.
      </p>
      <dl class="facts" id="alliance-family-facts">
        <Fact label="Contrat avec la famille" id="alliance-family-status">
          <span class={`badge ${a.family === "signed" ? "badge-ok" : a.family === "refused" ? "badge-warning-small" : "badge-muted"}`} data-family={a.family}>
            {labelOf(FAMILY_CONTRACTS, a.family)}
          </span>
          {a.familyOn && <> <span class="nowrap">le {isoToFr(a.familyOn)}</span></>}
        </Fact>
        {contract && (
          <Fact label="Contrat (PDF)" id="alliance-contract-doc">
            {contract.reference} <DocStateBadge state={contract.state} />
          </Fact>
        )}
        {a.familyReason && (
          <Fact label={a.family === "refused" ? "Ce que dit la famille" : "Pourquoi"} id="alliance-family-reason" wide>
            <span class="pre-line">{a.family === "refused" ? `« ${a.familyReason} »` : a.familyReason}</span>
          </Fact>
        )}
      </dl>
      {editing && <FamilyForm {...p} onClose={done} />}
      <Busy message={busy} />
      <ErrorBanner message={error} id="alliance-family-error" />
      {dialog}
    </PafiSection>
  );
}

function FamilyForm(p: AllianceSectionProps & { onClose: (m: string | null) => void }) {
  const a = p.alliance;
  const [status, setStatus] = useState<FamilyContract | "">(a.family);
  const [on, setOn] = useState(isoToFr(a.familyOn ?? todayIso()));
  const [reason, setReason] = useState(a.familyReason);
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("alliance-fam");
  useEffect(() => focusLater("alliance-fam-status"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    if (status === "") return;
    const date = parseOptionalDate(on);
    if (date === undefined) {
      form.setFields({ on: DATE_INVALID });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await allianceSetFamily(a.id, {
        status, on: status === "pending" ? null : date, reason: status === "refused" || status === "not_proposed" ? reason : "",
      });
      p.onClose(saved.family === "refused"
        ? "Refus de la famille noté : l'alliance continue."
        : `${labelOf(FAMILY_CONTRACTS, saved.family)}${saved.familyOn ? ` le ${isoToFr(saved.familyOn)}` : ""}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="alliance-family-form" onSubmit={submit} noValidate aria-label="Réponse de la famille">
      <div class="grid-2">
        <SelectField
          {...form.bind("status")} label="Où en est le contrat" value={status} options={FAMILY_CONTRACTS}
          onValue={setStatus} required
        />
        {status !== "pending" && <DateField {...form.bind("on")} label="Le" value={on} onValue={setOn} required />}
      </div>
      {status === "refused" && (
        <TextArea
          {...form.bind("reason")} label="Ce que dit la famille (ses mots)" value={reason} onValue={setReason} required rows={3} spellcheck
          hint="Notez la raison telle que la famille l'a dite, entre guillemets si vous le souhaitez. L'accompagnement continue."
        />
      )}
      {status === "not_proposed" && (
        <TextArea
          {...form.bind("reason")} label="Pourquoi le contrat n'est pas proposé" value={reason} onValue={setReason} required rows={2} spellcheck
        />
      )}
      <ErrorBanner message={form.banner} id="alliance-family-form-error" />
      <div class="actions">
        <button type="submit" id="alliance-family-submit" class="primary" disabled={!!busy}>Enregistrer</button>
        <button type="button" id="alliance-family-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
