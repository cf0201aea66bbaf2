// Équipe and Partenaires of an alliance. The team: members of staff and partners' contacts, each
// with their role in the alliance and their charte (signed when, on paper or on screen — or a
// visible « Charte non signée »), the charte's PDF and « Noter la signature de la charte »; the
// student's référent, chosen among the members of staff (never outsourced); adding a member (a
// partner's contacts from the directory prefill the name and function); taking one off the team.
// Partenaires: how each partner works with the school (convention, informal with its reason,
// refusal), dated, and its convention de partenariat as a PDF.

import { useEffect, useState } from "preact/hooks";
import {
  allianceAddMember, allianceRemoveMember, allianceSetCharte, allianceSetPartner, allianceSetReferent,
  documentAllianceCharte, documentAlliancePartnership, toApiError,
  type AllianceMember, type AlliancePartner, type Formalisation,
} from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { CHARTE_METHODS, FORMALISATIONS, labelOf } from "../allianceLabels";
import { DocStateBadge } from "../components/DocumentParts";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { Checkbox, DateField, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { STAFF_ROLES, plural } from "../labels";
import type { AllianceSectionProps } from "./AlliancePage";
import { CharteBadge, RadioGroup, memberLabel } from "./AllianceShared";
import { PafiSection } from "./PafiShared";
import { latestOf, useDocumentMaker } from "./PafiDocuments";
import { focusLater, idOrNull } from "./StudentShared";

type Open = "add" | "referent" | { charte: number } | { leave: number } | null;

export function AllianceTeam(p: AllianceSectionProps) {
  const a = p.alliance;
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, make, busy, error] = useDocumentMaker({ allianceId: a.id }, p.go);
  const team = a.members.filter((m) => m.leftOn === null);
  const former = a.members.filter((m) => m.leftOn !== null);
  const staffMembers = team.filter((m) => m.staffId !== null);
  const referent = team.find((m) => m.isReferent);
  const editable = p.editable;

  function show(next: Open) {
    setNotice(null);
    setOpen(next);
  }
  async function done(message: string | null, opener: string) {
    setOpen(null);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("alliance-team-title");
    } else focusLater(opener);
  }
  const isOpen = (kind: "charte" | "leave", id: number) =>
    typeof open === "object" && open !== null && kind in open && (open as Record<string, number>)[kind] === id;

  return (
    <PafiSection
      id="alliance-team" title="Équipe" count={team.length ? plural(team.length, "membre") : undefined}
      actions={editable && open !== "add" && (
        <>
          {staffMembers.length > 0 && open !== "referent" && (
            <button type="button" class="small" id="btn-alliance-referent" onClick={() => show("referent")}>
              {referent ? "Changer le référent de l'élève" : "Désigner le référent de l'élève"}
            </button>
          )}
          <button type="button" class="small" id="btn-add-member" onClick={() => show("add")}>Ajouter un membre</button>
        </>
      )}
    >
      <Notice message={notice} id="alliance-team-notice" />
      {!referent && (
        <p class="banner banner-warning" id="alliance-no-referent">
          <span class="strong">Pas de référent de l'élève dans l'établissement.</span> Désignez-le parmi les personnels de
          l'équipe : il garde le lien avec l'élève et sa famille (l'accompagnement ne s'externalise pas).
        </p>
      )}
      {open === "referent" && <ReferentForm {...p} onClose={(m) => done(m, "btn-alliance-referent")} />}
      {open === "add" && <MemberForm {...p} onClose={(m) => done(m, "btn-add-member")} />}
      <Busy message={busy} />
      <ErrorBanner message={error} id="alliance-team-error" />
      {team.length === 0 ? (
        <p class="muted" id="alliance-team-empty">Personne dans l'équipe pour l'instant.</p>
      ) : (
        <ul class="gpds-list member-list" id="alliance-member-list">
          {team.map((m) => {
            const charte = latestOf(p.documents, "charte_deontologie", "alliance_member", m.id);
            return (
              <li key={m.id} class={`gpds-item${m.charteOn ? "" : " is-late"}`} id={`alliance-member-${m.id}`} data-member-id={m.id}>
                <div class="gpds-item-head">
                  <p class="gpds-item-title">
                    <span class="strong member-name">{m.name}</span>
                    <span class="muted">, {m.function}{m.partnerName && <> — {m.partnerName}</>}</span>
                  </p>
                  <p class="gpds-item-badges">
                    {m.isReferent && <span class="badge badge-followup" id={`alliance-member-${m.id}-referent`}>Référent de l'élève</span>}
                    {m.partnerId !== null && <span class="badge badge-muted">Partenaire</span>}
                    <CharteBadge member={m} id={`alliance-member-${m.id}-charte`} />
                  </p>
                </div>
                <p class="gpds-item-meta">
                  {m.role ? <span>Rôle dans l'alliance : <span class="strong">{m.role}</span></span> : <span class="muted">Rôle à préciser</span>}
                  {charte && <span>Charte (PDF) : {charte.reference} <DocStateBadge state={charte.state} /></span>}
                </p>
                {!p.readOnly && (
                  <div class="actions item-actions">
                    <button
                      type="button" class="small" id={`alliance-member-${m.id}-charte-pdf`} disabled={!!busy}
                      onClick={() => make(`Charte de déontologie de ${m.name}`, charte, () => documentAllianceCharte(a.id, m.id))}
                    >
                      Charte (PDF)<span class="visually-hidden"> de {m.name}</span>
                    </button>
                    {editable && !isOpen("charte", m.id) && (
                      <button type="button" class="small" id={`alliance-member-${m.id}-charte-note`} onClick={() => show({ charte: m.id })}>
                        {m.charteOn ? "Corriger la signature de la charte" : "Noter la signature de la charte"}
                        <span class="visually-hidden"> de {m.name}</span>
                      </button>
                    )}
                    {editable && !m.isReferent && !isOpen("leave", m.id) && (
                      <button type="button" class="small" id={`alliance-member-${m.id}-leave`} onClick={() => show({ leave: m.id })}>
                        Retirer de l'équipe<span class="visually-hidden"> : {m.name}</span>
                      </button>
                    )}
                  </div>
                )}
                {isOpen("charte", m.id) && <CharteForm {...p} member={m} onClose={(msg) => done(msg, `alliance-member-${m.id}-charte-note`)} />}
                {isOpen("leave", m.id) && <LeaveForm {...p} member={m} onClose={(msg) => done(msg, `alliance-member-${m.id}-leave`)} />}
              </li>
            );
          })}
        </ul>
      )}
      {former.length > 0 && (
        <div class="pafi-sub" id="alliance-former-members">
          <h3>Ont quitté l'équipe</h3>
          <ul class="plain-list">
            {former.map((m) => (
              <li key={m.id} class="muted">{memberLabel(m)} — depuis le {isoToFr(m.leftOn)}</li>
            ))}
          </ul>
        </div>
      )}
      {dialog}
    </PafiSection>
  );
}

/** The student's référent: one of the members of staff. */
function ReferentForm(p: AllianceSectionProps & { onClose: (m: string | null) => void }) {
  const staffMembers = p.alliance.members.filter((m) => m.leftOn === null && m.staffId !== null);
  const current = staffMembers.find((m) => m.isReferent);
  const [who, setWho] = useState(current ? String(current.id) : "");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("alliance-referent");
  useEffect(() => focusLater(`alliance-referent-memberId-${who || staffMembers[0]?.id}`), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const memberId = idOrNull(who);
    if (memberId === null) {
      form.setFields({ memberId: "Choisissez le référent de l'élève." });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await allianceSetReferent(p.alliance.id, memberId);
      p.onClose(`${saved.name} est le référent de l'élève dans l'alliance.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="alliance-referent-form" onSubmit={submit} noValidate aria-label="Référent de l'élève">
      <RadioGroup
        {...form.bind("memberId")} legend="Référent de l'élève dans l'alliance" value={who} onValue={setWho} required row={false}
        options={staffMembers.map((m) => [String(m.id), <>{m.name}, {m.function}</>] as const)}
        hint="Un personnel de l'établissement : il garde le lien avec l'élève et sa famille."
      />
      <ErrorBanner message={form.banner} id="alliance-referent-error" />
      <div class="actions">
        <button type="submit" id="alliance-referent-submit" class="primary" disabled={!!busy}>Désigner le référent</button>
        <button type="button" id="alliance-referent-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

type Source = "staff" | "partner";

/** A member of staff, or a partner's contact (chosen from the directory or typed), with their role. */
function MemberForm(p: AllianceSectionProps & { onClose: (m: string | null) => void }) {
  const a = p.alliance;
  const team = a.members.filter((m) => m.leftOn === null);
  const hasReferent = team.some((m) => m.isReferent);
  const [source, setSource] = useState<Source>("staff");
  const [staffId, setStaffId] = useState("");
  const [partnerId, setPartnerId] = useState("");
  const [contact, setContact] = useState("");
  const [name, setName] = useState("");
  const [fn, setFn] = useState("");
  const [role, setRole] = useState("");
  const [isReferent, setIsReferent] = useState(!hasReferent);
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("alliance-member");
  useEffect(() => focusLater("alliance-member-source-staff"), []);

  const staffChoices = p.staff
    .filter((s) => !team.some((m) => m.staffId === s.id))
    .map((s) => [String(s.id), `${s.firstName} ${s.lastName} — ${labelOf(STAFF_ROLES, s.role)}`] as const);
  const partner = p.partners.find((x) => String(x.id) === partnerId);
  const contacts = partner?.contacts ?? [];

  function choosePartner(value: string) {
    setPartnerId(value);
    setContact("");
    const first = p.partners.find((x) => String(x.id) === value)?.contacts[0];
    // The partner's first contact by default: its name and function.
    if (first) {
      setContact("0");
      setName(`${first.firstName} ${first.lastName}`.trim());
      setFn(first.function);
    } else {
      setName("");
      setFn("");
    }
  }
  function chooseContact(value: string) {
    setContact(value);
    const c = value === "" ? undefined : contacts[Number(value)];
    setName(c ? `${c.firstName} ${c.lastName}`.trim() : "");
    setFn(c?.function ?? "");
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const errors: Record<string, string> = {};
    if (source === "staff" && staffId === "") errors.staffId = "Choisissez le personnel de l'établissement.";
    if (source === "partner" && partnerId === "") errors.partnerId = "Choisissez le partenaire dans l'annuaire.";
    if (Object.keys(errors).length > 0) {
      form.setFields(errors);
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await allianceAddMember(a.id, {
        staffId: source === "staff" ? idOrNull(staffId) : null,
        partnerId: source === "partner" ? idOrNull(partnerId) : null,
        contactName: source === "partner" ? name : "",
        contactFunction: source === "partner" ? fn : "",
        role,
        isReferent: source === "staff" && isReferent,
      });
      p.onClose(`${memberLabel(saved)} rejoint l'équipe${saved.isReferent ? " comme référent de l'élève" : ""}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  const internal = a.kind === "interne";
  return (
    <form class="inline-form" id="alliance-member-form" onSubmit={submit} noValidate aria-label="Nouveau membre de l'équipe">
      <RadioGroup
        id="alliance-member-source" legend="Qui rejoint l'équipe ?" value={source} onValue={setSource}
        options={[["staff", "Un personnel de l'établissement"], ["partner", "Un partenaire (contact de l'annuaire)"]]}
        disabled={(v) => v === "partner" && internal}
        hint={internal ? "Une alliance interne ne réunit que des personnels de l'établissement : passez-la en externe (Modifier le cadre) pour y associer un partenaire." : undefined}
      />
      {source === "staff" ? (
        <div class="grid-2">
          <SelectField
            {...form.bind("staffId")} label="Personnel" value={staffId} options={staffChoices} empty="Choisir…" onValue={setStaffId} required
            hint={staffChoices.length === 0 ? "Tous les personnels sont déjà dans l'équipe (ou aucun n'est enregistré dans Personnels)." : undefined}
          />
          <TextField
            {...form.bind("role")} label="Rôle dans l'alliance" value={role} onValue={setRole} spellcheck
            hint="Par exemple : suivi scolaire, lien avec la famille."
          />
        </div>
      ) : (
        <>
          <div class="grid-2">
            <SelectField
              {...form.bind("partnerId")} label="Partenaire" value={partnerId}
              options={p.partners.map((x) => [String(x.id), x.name] as const)} empty="Choisir…" onValue={choosePartner} required
              hint={p.partners.length === 0 ? "Aucun partenaire dans l'annuaire : ajoutez-le dans Partenaires." : undefined}
            />
            {contacts.length > 0 && (
              <SelectField
                id="alliance-member-contact" label="Contact de l'annuaire" value={contact}
                options={contacts.map((c, i) => [String(i), `${c.firstName} ${c.lastName}${c.function ? ` — ${c.function}` : ""}`] as const)}
                empty="Autre personne (saisir ci-dessous)" onValue={chooseContact}
              />
            )}
          </div>
          <div class="grid-3">
            <TextField {...form.bind("contactName")} label="Prénom et nom" value={name} onValue={setName} required />
            <TextField {...form.bind("contactFunction")} label="Fonction" value={fn} onValue={setFn} spellcheck hint="Par exemple : éducatrice, psychologue." />
            <TextField {...form.bind("role")} label="Rôle dans l'alliance" value={role} onValue={setRole} spellcheck />
          </div>
        </>
      )}
      {source === "staff" && (
        <Checkbox
          id="alliance-member-isReferent" label="Référent de l'élève dans l'alliance" checked={isReferent} onValue={setIsReferent}
        />
      )}
      {source === "staff" && isReferent && hasReferent && (
        <p class="hint">Il remplacera le référent actuel.</p>
      )}
      <ErrorBanner message={form.banner} id="alliance-member-error" />
      <div class="actions">
        <button type="submit" id="alliance-member-submit" class="primary" disabled={!!busy}>Ajouter à l'équipe</button>
        <button type="button" id="alliance-member-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

/** « Noter la signature de la charte »: the date and how (paper, screen). */
function CharteForm(p: AllianceSectionProps & { member: AllianceMember; onClose: (m: string | null) => void }) {
  const m = p.member;
  const prefix = `alliance-charte-${m.id}`;
  const [on, setOn] = useState(isoToFr(m.charteOn ?? todayIso()));
  const [method, setMethod] = useState<"paper" | "screen" | "">((m.charteMethod as "paper" | "screen" | null) ?? "paper");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors(prefix);
  useEffect(() => focusLater(`${prefix}-on`), []);

  async function save(date: string | null, how: "paper" | "screen" | null) {
    setBusy("Enregistrement…");
    try {
      const saved = await allianceSetCharte(p.alliance.id, m.id, date, how);
      p.onClose(saved.charteOn
        ? `Charte signée par ${saved.name} le ${isoToFr(saved.charteOn)} (${saved.charteMethod === "screen" ? "à l'écran" : "sur papier"}).`
        : `Charte de ${saved.name} notée non signée.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const date = parseOptionalDate(on);
    if (!date) {
      form.setFields({ on: date === undefined ? DATE_INVALID : "Indiquez la date de la signature." });
      return;
    }
    if (method === "") {
      form.setFields({ method: "Indiquez si la charte a été signée sur papier ou à l'écran." });
      return;
    }
    await save(date, method);
  }

  return (
    <form class="inline-form" id={`${prefix}-form`} onSubmit={submit} noValidate aria-label={`Signature de la charte par ${m.name}`}>
      <div class="grid-2">
        <DateField {...form.bind("on")} label="Signée le" value={on} onValue={setOn} required />
        <RadioGroup {...form.bind("method")} legend="Signée" value={method} onValue={setMethod} options={CHARTE_METHODS} required />
      </div>
      <ErrorBanner message={form.banner} id={`${prefix}-error`} />
      <div class="actions">
        <button type="submit" id={`${prefix}-submit`} class="primary" disabled={!!busy}>Enregistrer la signature</button>
        {m.charteOn && (
          <button type="button" id={`${prefix}-unsign`} onClick={() => save(null, null)} disabled={!!busy}>Finalement non signée</button>
        )}
        <button type="button" id={`${prefix}-cancel`} onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

/** « Retirer de l'équipe »: from when; what they wrote stays attributed to them. */
function LeaveForm(p: AllianceSectionProps & { member: AllianceMember; onClose: (m: string | null) => void }) {
  const m = p.member;
  const prefix = `alliance-leave-${m.id}`;
  const [on, setOn] = useState(isoToFr(todayIso()));
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors(prefix);
  useEffect(() => focusLater(`${prefix}-on`), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const date = parseOptionalDate(on);
    if (!date) {
      form.setFields({ on: date === undefined ? DATE_INVALID : "Indiquez la date." });
      return;
    }
    setBusy("Enregistrement…");
    try {
      await allianceRemoveMember(p.alliance.id, m.id, date);
      p.onClose(`${memberLabel(m)} a quitté l'équipe le ${isoToFr(date)}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id={`${prefix}-form`} onSubmit={submit} noValidate aria-label={`${m.name} quitte l'équipe`}>
      <DateField {...form.bind("on")} label="Quitte l'équipe le" value={on} onValue={setOn} required class="field-date" />
      <p class="hint">Ce que {m.name} a noté ou pris en charge lui reste attribué.</p>
      <ErrorBanner message={form.banner} id={`${prefix}-error`} />
      <div class="actions">
        <button type="submit" id={`${prefix}-submit`} class="danger" disabled={!!busy}>Retirer de l'équipe</button>
        <button type="button" id={`${prefix}-cancel`} onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

/** The partners of an alliance, how each works with the school, and their conventions. */
export function AlliancePartners(p: AllianceSectionProps) {
  const a = p.alliance;
  const [open, setOpen] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, make, busy, error] = useDocumentMaker({ allianceId: a.id }, p.go);

  async function done(message: string | null, opener: string) {
    setOpen(null);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("alliance-partners-title");
    } else focusLater(opener);
  }

  return (
    <PafiSection id="alliance-partners" title="Partenaires" count={a.partners.length ? plural(a.partners.length, "partenaire") : undefined}>
      <Notice message={notice} id="alliance-partners-notice" />
      <p class="hint">
        Une convention de partenariat est vivement souhaitable, mais certains partenaires (éducateurs de rue, CMPP…) travaillent
        de manière informelle ou refusent de formaliser : notez-le, avec la raison. L'alliance continue.
      </p>
      <Busy message={busy} />
      <ErrorBanner message={error} id="alliance-partners-error" />
      {a.partners.length === 0 ? (
        <p class="muted" id="alliance-partners-empty">
          {a.kind === "interne"
            ? "Alliance interne : seuls des personnels de l'établissement y participent."
            : "Aucun partenaire pour l'instant : ajoutez le contact d'un partenaire à l'équipe."}
        </p>
      ) : (
        <ul class="gpds-list" id="alliance-partner-list">
          {a.partners.map((x) => {
            const convention = latestOf(p.documents, "convention_partenariat", "partner", x.partnerId);
            const people = a.members.filter((m) => m.partnerId === x.partnerId && m.leftOn === null);
            return (
              <li key={x.partnerId} class="gpds-item" id={`alliance-partner-${x.partnerId}`} data-partner-id={x.partnerId}>
                <div class="gpds-item-head">
                  <p class="gpds-item-title strong">{x.name}</p>
                  <p class="gpds-item-badges">
                    <span
                      class={`badge ${x.formalisation === "convention" ? "badge-ok" : x.formalisation === "pending" ? "badge-muted" : "badge-warning-small"}`}
                      id={`alliance-partner-${x.partnerId}-formalisation`} data-formalisation={x.formalisation}
                    >
                      {labelOf(FORMALISATIONS, x.formalisation)}
                    </span>
                  </p>
                </div>
                <p class="gpds-item-meta">
                  {x.on && <span>Depuis le {isoToFr(x.on)}</span>}
                  {x.reason && <span id={`alliance-partner-${x.partnerId}-reason`}>Raison : {x.reason}</span>}
                  {convention && <span>Convention (PDF) : {convention.reference} <DocStateBadge state={convention.state} /></span>}
                </p>
                {people.length > 0 && (
                  <ul class="plain-list partner-people">
                    {people.map((m) => (
                      <li key={m.id}>{m.name}{m.function && <span class="muted">, {m.function}</span>} <CharteBadge member={m} /></li>
                    ))}
                  </ul>
                )}
                {!p.readOnly && (
                  <div class="actions item-actions">
                    {p.editable && open !== x.partnerId && (
                      <button type="button" class="small" id={`alliance-partner-${x.partnerId}-edit`} onClick={() => { setNotice(null); setOpen(x.partnerId); }}>
                        Noter la formalisation<span class="visually-hidden"> : {x.name}</span>
                      </button>
                    )}
                    <button
                      type="button" class="small" id={`alliance-partner-${x.partnerId}-convention`} disabled={!!busy}
                      onClick={() => make(`Convention de partenariat avec ${x.name}`, convention, () => documentAlliancePartnership(a.id, x.partnerId))}
                    >
                      Convention de partenariat (PDF)<span class="visually-hidden"> : {x.name}</span>
                    </button>
                  </div>
                )}
                {open === x.partnerId && (
                  <FormalisationForm {...p} partner={x} onClose={(m) => done(m, `alliance-partner-${x.partnerId}-edit`)} />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {dialog}
    </PafiSection>
  );
}

function FormalisationForm(p: AllianceSectionProps & { partner: AlliancePartner; onClose: (m: string | null) => void }) {
  const x = p.partner;
  const prefix = `alliance-formalisation-${x.partnerId}`;
  const [formalisation, setFormalisation] = useState<Formalisation | "">(x.formalisation);
  const [on, setOn] = useState(isoToFr(x.on ?? todayIso()));
  const [reason, setReason] = useState(x.reason);
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors(prefix);
  useEffect(() => focusLater(`${prefix}-formalisation`), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    if (formalisation === "") {
      form.setFields({ formalisation: "Choisissez comment le partenaire travaille avec l'établissement." });
      return;
    }
    const date = parseOptionalDate(on);
    if (date === undefined) {
      form.setFields({ on: DATE_INVALID });
      return;
    }
    setBusy("Enregistrement…");
    try {
      await allianceSetPartner(p.alliance.id, x.partnerId, formalisation, formalisation === "pending" ? null : date, reason);
      p.onClose(`${x.name} : ${labelOf(FORMALISATIONS, formalisation).toLowerCase()}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  const needsReason = formalisation === "informal" || formalisation === "refused";
  return (
    <form class="inline-form" id={`${prefix}-form`} onSubmit={submit} noValidate aria-label={`Formalisation avec ${x.name}`}>
      <div class="grid-2">
        <SelectField
          {...form.bind("formalisation")} label="Le partenaire travaille avec l'établissement" value={formalisation}
          options={FORMALISATIONS} onValue={setFormalisation} required
        />
        {formalisation !== "pending" && <DateField {...form.bind("on")} label="Depuis le" value={on} onValue={setOn} required />}
      </div>
      {needsReason && (
        <TextArea
          {...form.bind("reason")} label={formalisation === "informal" ? "Pourquoi une collaboration informelle" : "La raison donnée par le partenaire"}
          value={reason} onValue={setReason} required rows={2} spellcheck
          hint={formalisation === "informal" ? "Par exemple : un éducateur de rue qui garde la confiance du jeune." : undefined}
        />
      )}
      <ErrorBanner message={form.banner} id={`${prefix}-error`} />
      <div class="actions">
        <button type="submit" id={`${prefix}-submit`} class="primary" disabled={!!busy}>Enregistrer</button>
        <button type="button" id={`${prefix}-cancel`} onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
