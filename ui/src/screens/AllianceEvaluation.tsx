// Évaluation partagée and Documents of an alliance. The evaluation (made while the alliance is
// under way, required before « Clôturer »): the student's situation, details, what worked, and
// each response's final status and result. Documents: every PDF of the alliance — the contract,
// the conventions de partenariat, the chartes, the comptes-rendus.

import { useEffect, useState } from "preact/hooks";
import { allianceEvaluate, toApiError, type ResponseStatus, type Situation } from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { RESPONSE_STATUSES, SITUATIONS, THEMES, labelOf } from "../allianceLabels";
import { DocStateBadge, versionText } from "../components/DocumentParts";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { plural } from "../labels";
import type { AllianceSectionProps } from "./AlliancePage";
import { PafiSection } from "./PafiShared";
import { Fact, focusLater } from "./StudentShared";

export function AllianceEvaluation(p: AllianceSectionProps) {
  const a = p.alliance;
  const e = a.evaluation;
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const running = a.state === "running";
  const canEdit = p.editable && running;

  async function done(message: string | null) {
    setEditing(false);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("alliance-evaluation-title");
    } else focusLater("btn-alliance-evaluation");
  }

  return (
    <PafiSection
      id="alliance-evaluation" title="Évaluation partagée"
      actions={canEdit && !editing && (
        <button type="button" class="small" id="btn-alliance-evaluation" onClick={() => { setNotice(null); setEditing(true); }}>
          {e ? "Modifier l'évaluation" : "Faire l'évaluation partagée"}
        </button>
      )}
    >
      <Notice message={notice} id="alliance-evaluation-notice" />
      {!e && !editing && (
        <p class="muted" id="alliance-evaluation-empty">
          {running
            ? "Pas encore faite : elle est nécessaire pour clôturer l'alliance."
            : "L'évaluation partagée se fait quand l'alliance est en cours, avant de la clôturer."}
        </p>
      )}
      {e && !editing && (
        <>
          <dl class="facts" id="alliance-evaluation-facts">
            <Fact label="Faite le">{isoToFr(e.on)}</Fact>
            <Fact label="Situation de l'élève" id="alliance-evaluation-situation">{labelOf(SITUATIONS, e.situation)}</Fact>
            {e.situationDetails && <Fact label="Précisions" wide>{e.situationDetails}</Fact>}
            <Fact label="Ce qui a fonctionné (et ce qui n'a pas fonctionné)" wide>
              <span class="pre-line" id="alliance-evaluation-worked">{e.whatWorked}</span>
            </Fact>
          </dl>
          {a.responses.length > 0 && (
            <ul class="plain-list evaluation-results" id="alliance-evaluation-results">
              {a.responses.map((r) => (
                <li key={r.id}>
                  <span class="strong">{labelOf(THEMES, r.theme)}</span> — {r.action} :{" "}
                  <span class="strong">{labelOf(RESPONSE_STATUSES, r.status).toLowerCase()}</span>
                  {r.result && <> — {r.result}</>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {editing && <EvaluationForm {...p} onClose={done} />}
    </PafiSection>
  );
}

function EvaluationForm(p: AllianceSectionProps & { onClose: (m: string | null) => void }) {
  const a = p.alliance;
  const e = a.evaluation;
  const [on, setOn] = useState(isoToFr(e?.on ?? todayIso()));
  const [situation, setSituation] = useState<Situation | "">(e?.situation ?? "");
  const [details, setDetails] = useState(e?.situationDetails ?? "");
  const [worked, setWorked] = useState(e?.whatWorked ?? "");
  const [results, setResults] = useState(a.responses.map((r) => ({ responseId: r.id, status: r.status, result: r.result })));
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("alliance-eval");
  useEffect(() => focusLater("alliance-eval-situation"), []);

  function setResult(i: number, patch: Partial<{ status: ResponseStatus; result: string }>) {
    setResults(results.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  }

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    form.clear();
    const date = parseOptionalDate(on);
    if (date === undefined) {
      form.setFields({ on: DATE_INVALID });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await allianceEvaluate(a.id, {
        on: date, situation: situation || null, situationDetails: details, whatWorked: worked, results,
      });
      p.onClose(`Évaluation partagée du ${isoToFr(saved.evaluation?.on)} enregistrée : l'alliance peut être clôturée.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="alliance-eval-form" onSubmit={submit} noValidate aria-label="Évaluation partagée">
      <div class="grid-2">
        <SelectField
          {...form.bind("situation")} label="Situation de l'élève à l'issue" value={situation} options={SITUATIONS}
          empty="Choisir…" onValue={setSituation} required
        />
        <DateField {...form.bind("on")} label="Évaluation faite le" value={on} onValue={setOn} required />
      </div>
      <TextField {...form.bind("situationDetails")} label="Précisions sur la situation" value={details} onValue={setDetails} spellcheck />
      <TextArea
        {...form.bind("whatWorked")} label="Ce qui a fonctionné (et ce qui n'a pas fonctionné)" value={worked} onValue={setWorked}
        required rows={3} spellcheck
      />
      {a.responses.length > 0 && (
        <fieldset class="sub" id="alliance-eval-results">
          <legend>Résultat de chaque réponse</legend>
          {a.responses.map((r, i) => (
            <div class="grid-2 eval-result" key={r.id}>
              <SelectField
                id={`alliance-eval-results-${i}-status`} label={`${labelOf(THEMES, r.theme)} — ${r.action}`}
                value={results[i]?.status ?? r.status} options={RESPONSE_STATUSES}
                onValue={(v) => v && setResult(i, { status: v })} error={form.errors[`results[${i}]`]}
              />
              <TextField
                id={`alliance-eval-results-${i}-result`} label="Ce qu'elle a donné" value={results[i]?.result ?? ""}
                onValue={(v) => setResult(i, { result: v })} spellcheck
              />
            </div>
          ))}
        </fieldset>
      )}
      <ErrorBanner message={form.banner} id="alliance-eval-error" />
      <div class="actions">
        <button type="submit" id="alliance-eval-submit" class="primary" disabled={!!busy}>Enregistrer l'évaluation</button>
        <button type="button" id="alliance-eval-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

const KIND_NAMES: Partial<Record<string, string>> = {
  contrat_alliance: "Contrat d'alliance éducative",
  convention_partenariat: "Convention de partenariat",
  charte_deontologie: "Charte de déontologie",
  compte_rendu_alliance: "Compte-rendu de réunion",
};

export function AllianceDocuments(p: AllianceSectionProps) {
  const a = p.alliance;
  const rows = [...p.documents].sort((x, y) => y.createdAt.localeCompare(x.createdAt));
  /** Whom or what a document is about: the member, the partner, the meeting's day. */
  const about = (d: (typeof rows)[number]) => {
    if (d.recordEntity === "alliance_member") return a.members.find((m) => m.id === d.recordId)?.name ?? "";
    if (d.recordEntity === "partner") return a.partners.find((x) => x.partnerId === d.recordId)?.name ?? "";
    if (d.recordEntity === "alliance_meeting") {
      const m = a.meetings.find((x) => x.id === d.recordId);
      return m ? `réunion du ${isoToFr(m.heldOn)}` : "";
    }
    return "";
  };

  return (
    <PafiSection
      id="alliance-documents" title="Documents" count={rows.length ? plural(rows.length, "document") : undefined}
    >
      <p class="hint">
        Le contrat d'alliance se fait depuis la partie Famille ; chaque convention de partenariat depuis son partenaire,
        chaque charte depuis son membre, chaque compte-rendu depuis sa réunion. Un document signé n'est jamais modifié : le
        refaire crée une nouvelle version.
      </p>
      {rows.length === 0 ? (
        <p class="muted" id="alliance-documents-empty">Aucun document pour cette alliance.</p>
      ) : (
        <div class="table-wrap">
          <table class="data clickable" id="alliance-documents-table">
            <caption class="visually-hidden">Documents de l'alliance, le plus récent d'abord</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Référence</th>
                <th scope="col">Version</th>
                <th scope="col">État</th>
                <th scope="col">Fait le</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr
                  key={d.id} data-id={d.id} data-kind={d.kind} tabIndex={0} title={`Ouvrir ${d.reference}, version ${d.version}`}
                  class={d.state === "cancelled" || d.version !== d.latestVersion ? "archived" : ""}
                  onClick={() => p.go({ view: "document", id: d.id, allianceId: a.id })}
                  onKeyDown={(ev) => {
                    if (ev.key === "Enter") {
                      ev.preventDefault();
                      p.go({ view: "document", id: d.id, allianceId: a.id });
                    }
                  }}
                >
                  <td>
                    <span class="strong">{KIND_NAMES[d.kind] ?? d.title}</span>
                    {about(d) && <span class="muted"> — {about(d)}</span>}
                  </td>
                  <td class="nowrap">{d.reference}</td>
                  <td class="nowrap">{versionText(d)}</td>
                  <td class="nowrap"><DocStateBadge state={d.state} /></td>
                  <td class="nowrap">{isoToFr(d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PafiSection>
  );
}
