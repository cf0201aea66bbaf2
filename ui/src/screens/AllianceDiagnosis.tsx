// Diagnostic partagé and Proposition of an alliance. The diagnosis: potentialities and
// difficulties by domain, each dated and attributed to a member; an entry from a médico-social
// member or a partner may be « restreint » or « auteur seul », with a résumé utile every member
// reads. The text of a restricted entry is never in the alliance as loaded: « Lire » asks for
// it (the reading is journaled), and whoever may not read it sees its stub. The
// proposition: the responses, each with its theme, what is done, the member responsible
// (required), dates, rhythm and status; « Proposer un PAFI » opens the PAFI mechanism.

import { useEffect, useState } from "preact/hooks";
import {
  allianceAddDiagnosis, allianceReadDiagnosis, allianceSaveResponse, toApiError,
  type AllianceMember, type AllianceResponse, type DiagnosisEntry, type Domain, type Polarity, type ResponseStatus,
  type Sensitivity, type Theme,
} from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { DOMAINS, POLARITIES, RESPONSE_STATUSES, RESTRICTING_ROLES, THEMES, labelOf } from "../allianceLabels";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { plural } from "../labels";
import { SENSITIVITIES, SENSITIVITY_HELP, SUMMARY_HINT } from "../notesLabels";
import type { AllianceSectionProps } from "./AlliancePage";
import { MemberName, RadioGroup, memberOptions } from "./AllianceShared";
import { PafiSection } from "./PafiShared";
import { focusLater, idOrNull } from "./StudentShared";

/** Whether a member may restrict their entries (as the core decides). */
export function mayRestrict(m: AllianceMember | undefined): boolean {
  return !!m && (m.partnerId !== null || (m.staffRole !== null && RESTRICTING_ROLES.includes(m.staffRole)));
}

export function AllianceDiagnosis(p: AllianceSectionProps) {
  const a = p.alliance;
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Texts read with « Lire », by entry id. */
  const [read, setRead] = useState<Map<number, DiagnosisEntry>>(new Map());
  const domains = DOMAINS.filter(([d]) => a.diagnosis.some((x) => x.domain === d));

  async function readEntry(x: DiagnosisEntry) {
    setError(null);
    try {
      const full = await allianceReadDiagnosis(a.id, x.id);
      setRead(new Map(read).set(x.id, full));
      focusLater(`alliance-diagnosis-${x.id}-text`);
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }

  async function done(message: string | null) {
    setAdding(false);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("alliance-diagnosis-title");
    } else focusLater("btn-add-diagnosis");
  }

  return (
    <PafiSection
      id="alliance-diagnosis" title="Diagnostic partagé"
      count={a.diagnosis.length ? plural(a.diagnosis.length, "élément") : undefined}
      actions={p.editable && !adding && (
        <button type="button" class="small" id="btn-add-diagnosis" onClick={() => { setNotice(null); setAdding(true); }}>
          Ajouter un élément
        </button>
      )}
    >
      <Notice message={notice} id="alliance-diagnosis-notice" />
      <ErrorBanner message={error} id="alliance-diagnosis-error" />
      <p class="hint">
        Les regards croisés de l'équipe : ce sur quoi l'élève peut s'appuyer, et ce qui lui fait difficulté. Seulement ce qui
        est utile à l'accompagnement. Un élément « restreint » n'est lu que par les personnels médico-sociaux, le référent
        décrochage et son auteur (chaque lecture est inscrite au journal) ; son résumé utile est lu par toute l'équipe.
      </p>
      {adding && <DiagnosisForm {...p} onClose={done} />}
      {a.diagnosis.length === 0 ? (
        <p class="muted" id="alliance-diagnosis-empty">Aucun élément de diagnostic pour l'instant.</p>
      ) : (
        <div class="diagnosis" id="alliance-diagnosis-list">
          {domains.map(([domain, label]) => (
            <div class="diagnosis-domain" key={domain} data-domain={domain}>
              <h3>{label}</h3>
              <div class="diagnosis-columns">
                {POLARITIES.map(([polarity]) => {
                  const entries = a.diagnosis.filter((x) => x.domain === domain && x.polarity === polarity);
                  return (
                    <div class={`diagnosis-column diagnosis-${polarity}`} key={polarity}>
                      <h4>{polarity === "strength" ? "Potentialités" : "Difficultés"}</h4>
                      {entries.length === 0 ? (
                        <p class="muted">—</p>
                      ) : (
                        <ul class="plain-list">
                          {entries.map((x) => {
                            const restricted = x.sensitivity !== "equipe";
                            const text = restricted ? (read.get(x.id)?.text ?? null) : x.text;
                            return (
                              <li key={x.id} id={`alliance-diagnosis-${x.id}`} class="diagnosis-entry" data-polarity={polarity} data-sensitivity={x.sensitivity}>
                                {restricted && (
                                  <p class="diagnosis-entry-badge">
                                    <span class={`badge badge-sensitivity badge-sensitivity-${x.sensitivity}`} title={SENSITIVITY_HELP[x.sensitivity]}>
                                      {labelOf(SENSITIVITIES, x.sensitivity)}
                                    </span>
                                  </p>
                                )}
                                {text !== null ? (
                                  <p class="pre-line" id={`alliance-diagnosis-${x.id}-text`} tabIndex={-1}>{text}</p>
                                ) : (
                                  <p class="note-stub" id={`alliance-diagnosis-${x.id}-stub`}>{x.stub}</p>
                                )}
                                {x.summary && (
                                  <p class="note-summary" id={`alliance-diagnosis-${x.id}-summary`}><span class="strong">Résumé utile : </span>{x.summary}</p>
                                )}
                                <p class="gpds-item-meta">
                                  <span>Notée le {isoToFr(x.notedOn)}</span>
                                  <span>par <MemberName members={a.members} id={x.memberId} fallback={x.author} /></span>
                                </p>
                                {text === null && x.readable && (
                                  <div class="actions item-actions">
                                    <button type="button" class="small" id={`alliance-diagnosis-${x.id}-read`} onClick={() => void readEntry(x)}>
                                      Lire<span class="visually-hidden"> l'élément restreint du {isoToFr(x.notedOn)}</span>
                                    </button>
                                  </div>
                                )}
                              </li>
                            );
                          })}
                        </ul>
                      )}
                    </div>
                  );
                })}
              </div>
            </div>
          ))}
        </div>
      )}
    </PafiSection>
  );
}

function DiagnosisForm(p: AllianceSectionProps & { onClose: (m: string | null) => void }) {
  const a = p.alliance;
  const [domain, setDomain] = useState<Domain | "">("");
  const [polarity, setPolarity] = useState<Polarity | "">("");
  const [text, setText] = useState("");
  const [on, setOn] = useState(isoToFr(todayIso()));
  const [author, setAuthor] = useState("");
  const [sensitivity, setSensitivity] = useState<Sensitivity | "">("equipe");
  const [summary, setSummary] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("alliance-diag");
  useEffect(() => focusLater("alliance-diag-domain"), []);
  const chosen = a.members.find((m) => String(m.id) === author);
  const canRestrict = mayRestrict(chosen);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const notedOn = parseOptionalDate(on);
    if (notedOn === undefined) {
      form.setFields({ notedOn: DATE_INVALID });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await allianceAddDiagnosis(a.id, {
        domain: domain || null, polarity: polarity || null, text, notedOn, memberId: idOrNull(author),
        sensitivity: canRestrict && sensitivity ? sensitivity : "equipe", summary,
      });
      const kind = saved.sensitivity === "equipe" ? "" : ` (${labelOf(SENSITIVITIES, saved.sensitivity).toLowerCase()})`;
      p.onClose(`${labelOf(POLARITIES, saved.polarity)} (${labelOf(DOMAINS, saved.domain).toLowerCase()}) ajoutée au diagnostic${kind}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="alliance-diag-form" onSubmit={submit} noValidate aria-label="Nouvel élément du diagnostic partagé">
      <div class="grid-2">
        <SelectField {...form.bind("domain")} label="Domaine" value={domain} options={DOMAINS} empty="Choisir…" onValue={setDomain} required />
        <RadioGroup {...form.bind("polarity")} legend="C'est" value={polarity} onValue={setPolarity} options={POLARITIES} required />
      </div>
      <TextArea {...form.bind("text")} label="Ce qui est observé" value={text} onValue={setText} required rows={3} spellcheck />
      <div class="grid-2">
        <SelectField
          {...form.bind("memberId")} label="Apporté par" value={author} options={memberOptions(a.members)} empty="Choisir…"
          onValue={(v) => { setAuthor(v); setSensitivity("equipe"); }} required
        />
        <DateField {...form.bind("notedOn")} label="Le" value={on} onValue={setOn} required />
      </div>
      {canRestrict && (
        <SelectField
          {...form.bind("sensitivity")} label="Qui peut le lire" value={sensitivity} options={SENSITIVITIES}
          onValue={setSensitivity} required class="field-medium"
          hint={sensitivity ? SENSITIVITY_HELP[sensitivity] : undefined}
        />
      )}
      {chosen && !canRestrict && (
        <p class="hint" id="alliance-diag-no-restrict">
          Seuls les membres médico-sociaux (Psy-EN, infirmier, assistant social, médecin) et les partenaires peuvent restreindre un élément.
        </p>
      )}
      {canRestrict && sensitivity !== "equipe" && (
        <TextArea {...form.bind("summary")} label="Résumé utile" value={summary} onValue={setSummary} rows={2} spellcheck hint={SUMMARY_HINT} />
      )}
      <ErrorBanner message={form.banner} id="alliance-diag-error" />
      <div class="actions">
        <button type="submit" id="alliance-diag-submit" class="primary" disabled={!!busy}>Ajouter au diagnostic</button>
        <button type="button" id="alliance-diag-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

/** The formal proposal: the responses. */
export function AllianceResponses(p: AllianceSectionProps) {
  const a = p.alliance;
  const [open, setOpen] = useState<"add" | number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function done(message: string | null, opener: string) {
    setOpen(null);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("alliance-responses-title");
    } else focusLater(opener);
  }

  return (
    <PafiSection
      id="alliance-responses" title="Proposition"
      count={a.responses.length ? plural(a.responses.length, "réponse") : undefined}
      actions={p.editable && open !== "add" && (
        <button type="button" class="small" id="btn-add-response" onClick={() => { setNotice(null); setOpen("add"); }}>
          Ajouter une réponse
        </button>
      )}
    >
      <Notice message={notice} id="alliance-responses-notice" />
      <p class="hint">
        Les réponses proposées à l'élève et à sa famille, chacune confiée à un membre de l'équipe. « Proposer un PAFI » ouvre
        le PAFI : la proposition attend sur le tableau de bord (« Préparer le PAFI »).
      </p>
      {open === "add" && <ResponseForm {...p} response={null} onClose={(m) => done(m, "btn-add-response")} />}
      {a.responses.length === 0 ? (
        <p class="muted" id="alliance-responses-empty">Aucune réponse formalisée pour l'instant.</p>
      ) : (
        <ul class="gpds-list" id="alliance-response-list">
          {a.responses.map((r) => (
            <li key={r.id} class={`gpds-item status-${r.status}`} id={`alliance-response-${r.id}`}>
              <div class="gpds-item-head">
                <p class="gpds-item-title">
                  <span class="strong">{labelOf(THEMES, r.theme)}</span> — {r.action}
                </p>
                <p class="gpds-item-badges">
                  <span class={`badge ${r.status === "done" ? "badge-status-done" : r.status === "abandoned" ? "badge-muted" : "badge-status-todo"}`} data-status={r.status}>
                    {labelOf(RESPONSE_STATUSES, r.status)}
                  </span>
                  {r.theme === "pafi" && (
                    r.pafiId !== null ? (
                      <button type="button" class="link" id={`alliance-response-${r.id}-pafi`} onClick={() => p.go({ view: "pafi-path", id: r.pafiId! })}>
                        Ouvrir le PAFI
                      </button>
                    ) : <span class="badge badge-warning-small">PAFI proposé</span>
                  )}
                </p>
              </div>
              <p class="gpds-item-meta">
                <span>Responsable : <MemberName members={a.members} id={r.memberId} fallback={r.responsible} /></span>
                {(r.startOn || r.endOn) && (
                  <span>
                    {r.startOn && <>du {isoToFr(r.startOn)}</>}{r.startOn && r.endOn && " "}{r.endOn && <>au {isoToFr(r.endOn)}</>}
                  </span>
                )}
                {r.rhythm && <span>{r.rhythm}</span>}
              </p>
              {r.result && <p class="pre-line"><span class="strong">Résultat : </span>{r.result}</p>}
              {p.editable && open !== r.id && (
                <div class="actions item-actions">
                  <button type="button" class="small" id={`alliance-response-${r.id}-edit`} onClick={() => { setNotice(null); setOpen(r.id); }}>
                    Modifier<span class="visually-hidden"> la réponse : {r.action}</span>
                  </button>
                </div>
              )}
              {open === r.id && <ResponseForm {...p} response={r} onClose={(m) => done(m, `alliance-response-${r.id}-edit`)} />}
            </li>
          ))}
        </ul>
      )}
    </PafiSection>
  );
}

function ResponseForm(p: AllianceSectionProps & { response: AllianceResponse | null; onClose: (m: string | null) => void }) {
  const r = p.response;
  const prefix = r ? `alliance-response-${r.id}-form` : "alliance-resp";
  const [theme, setTheme] = useState<Theme | "">(r?.theme ?? "");
  const [action, setAction] = useState(r?.action ?? "");
  const [member, setMember] = useState(r ? String(r.memberId) : "");
  const [startOn, setStartOn] = useState(isoToFr(r?.startOn));
  const [endOn, setEndOn] = useState(isoToFr(r?.endOn));
  const [rhythm, setRhythm] = useState(r?.rhythm ?? "");
  const [status, setStatus] = useState<ResponseStatus | "">(r?.status ?? "planned");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors(prefix);
  useEffect(() => focusLater(`${prefix}-theme`), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const start = parseOptionalDate(startOn);
    const end = parseOptionalDate(endOn);
    const errors: Record<string, string> = {};
    if (start === undefined) errors.startOn = DATE_INVALID;
    if (end === undefined) errors.endOn = DATE_INVALID;
    if (Object.keys(errors).length > 0 || start === undefined || end === undefined) {
      form.setFields(errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await allianceSaveResponse(p.alliance.id, r?.id ?? null, {
        theme: theme || null, action, memberId: idOrNull(member), startOn: start, endOn: end, rhythm,
        status: status || "planned",
      });
      p.onClose(`Réponse « ${saved.action} » ${r ? "modifiée" : "ajoutée"}${saved.theme === "pafi" && r?.theme !== "pafi" ? " : un PAFI est proposé (tableau de bord)" : ""}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id={`${prefix}-form`} onSubmit={submit} noValidate aria-label={r ? "Modifier la réponse" : "Nouvelle réponse"}>
      <div class="grid-2">
        <SelectField {...form.bind("theme")} label="Thème" value={theme} options={THEMES} empty="Choisir…" onValue={setTheme} required />
        <SelectField
          {...form.bind("memberId")} label="Membre responsable" value={member} options={memberOptions(p.alliance.members)}
          empty="Choisir…" onValue={setMember} required
        />
      </div>
      <TextArea
        {...form.bind("action")} label="La réponse" value={action} onValue={setAction} required rows={2} spellcheck
        hint={theme === "pafi"
          ? "Un PAFI sera proposé pour l'élève : il se prépare ensuite depuis le tableau de bord."
          : "Ce qui est fait, par qui, comment. Par exemple : tutorat hebdomadaire en français."}
      />
      <div class="grid-4">
        <DateField {...form.bind("startOn")} label="Du" value={startOn} onValue={setStartOn} />
        <DateField {...form.bind("endOn")} label="Au" value={endOn} onValue={setEndOn} />
        <TextField {...form.bind("rhythm")} label="Rythme" value={rhythm} onValue={setRhythm} spellcheck hint="Par exemple : chaque mardi." />
        <SelectField {...form.bind("status")} label="Où en est-elle" value={status} options={RESPONSE_STATUSES} onValue={setStatus} />
      </div>
      <ErrorBanner message={form.banner} id={`${prefix}-error`} />
      <div class="actions">
        <button type="submit" id={`${prefix}-submit`} class="primary" disabled={!!busy}>{r ? "Enregistrer" : "Ajouter la réponse"}</button>
        <button type="button" id={`${prefix}-cancel`} onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
