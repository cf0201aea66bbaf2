// Suivi and Journal des partages of an alliance. Follow-up meetings: date, time, place, who was
// there, notes, decisions, and their compte-rendu as a PDF. The sharing log: what was shared with
// whom, when and why, and whether the family was informed beforehand; sharing with a member who
// has not signed the charte (or without informing the family) asks for a confirmation, and the
// entry then says so.

import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { allianceRecordMeeting, allianceRecordShare, documentAllianceMeeting, toApiError } from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate, todayIso } from "../api/dates";
import { DocStateBadge } from "../components/DocumentParts";
import { useConfirmRetry } from "../components/confirm";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { Checkbox, DateField, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { plural } from "../labels";
import type { AllianceSectionProps } from "./AlliancePage";
import { CharteBadge, MemberName, memberLabel, memberOptions } from "./AllianceShared";
import { PafiSection, linesOf } from "./PafiShared";
import { latestOf, useDocumentMaker } from "./PafiDocuments";
import { focusLater, idOrNull } from "./StudentShared";

export function AllianceMeetings(p: AllianceSectionProps) {
  const a = p.alliance;
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, make, busy, error] = useDocumentMaker({ allianceId: a.id }, p.go);

  async function done(message: string | null) {
    setAdding(false);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("alliance-meetings-title");
    } else focusLater("btn-add-alliance-meeting");
  }

  return (
    <PafiSection
      id="alliance-meetings" title="Suivi"
      count={a.meetings.length ? plural(a.meetings.length, "réunion") : undefined}
      actions={p.editable && !adding && (
        <button type="button" class="small" id="btn-add-alliance-meeting" onClick={() => { setNotice(null); setAdding(true); }}>
          Noter une réunion de suivi
        </button>
      )}
    >
      <Notice message={notice} id="alliance-meetings-notice" />
      {a.rhythm && <p class="hint">Rythme prévu : {a.rhythm}.</p>}
      {adding && <MeetingForm {...p} onClose={done} />}
      <Busy message={busy} />
      <ErrorBanner message={error} id="alliance-meetings-error" />
      {a.meetings.length === 0 ? (
        <p class="muted" id="alliance-meetings-empty">Aucune réunion de suivi pour l'instant.</p>
      ) : (
        <ul class="gpds-list" id="alliance-meeting-list">
          {a.meetings.map((m) => {
            const report = latestOf(p.documents, "compte_rendu_alliance", "alliance_meeting", m.id);
            return (
              <li key={m.id} class="gpds-item" id={`alliance-meeting-${m.id}`} data-meeting-id={m.id}>
                <div class="gpds-item-head">
                  <p class="gpds-item-title strong">
                    Réunion du {isoToFr(m.heldOn)}{m.time && <> à {m.time.replace(":", " h ")}</>}
                    {m.place && <span class="muted"> — {m.place}</span>}
                  </p>
                  {report && <p class="gpds-item-badges">{report.reference} <DocStateBadge state={report.state} /></p>}
                </div>
                <p class="gpds-item-meta">
                  <span>
                    Présents :{" "}
                    {m.present.map((id, i) => <Fragment key={id}>{i > 0 && ", "}<MemberName members={a.members} id={id} /></Fragment>)}
                  </span>
                  {m.absent.length > 0 && (
                    <span>Absents : {m.absent.map((id) => a.members.find((x) => x.id === id)?.name ?? "").join(", ")}</span>
                  )}
                </p>
                {m.notes && <p class="pre-line">{m.notes}</p>}
                {m.decisions.length > 0 && (
                  <div class="pafi-tasks">
                    <p class="strong">Décisions</p>
                    <ul>{m.decisions.map((d, i) => <li key={i}>{d}</li>)}</ul>
                  </div>
                )}
                {!p.readOnly && (
                  <div class="actions item-actions">
                    <button
                      type="button" class="small" id={`alliance-meeting-${m.id}-report`} disabled={!!busy}
                      onClick={() => make(`Compte-rendu de la réunion du ${isoToFr(m.heldOn)}`, report, () => documentAllianceMeeting(a.id, m.id))}
                    >
                      Compte-rendu (PDF)<span class="visually-hidden"> de la réunion du {isoToFr(m.heldOn)}</span>
                    </button>
                  </div>
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

function MeetingForm(p: AllianceSectionProps & { onClose: (m: string | null) => void }) {
  const team = p.alliance.members.filter((m) => m.leftOn === null);
  const [on, setOn] = useState(isoToFr(todayIso()));
  const [time, setTime] = useState("");
  const [place, setPlace] = useState("");
  const [present, setPresent] = useState<number[]>(team.map((m) => m.id));
  const [notes, setNotes] = useState("");
  const [decisions, setDecisions] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("alliance-mtg");
  useEffect(() => focusLater("alliance-mtg-heldOn"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const heldOn = parseOptionalDate(on);
    if (heldOn === undefined) {
      form.setFields({ heldOn: DATE_INVALID });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await allianceRecordMeeting(p.alliance.id, {
        heldOn, time, place, present, notes, decisions: linesOf(decisions),
      });
      p.onClose(`Réunion de suivi du ${isoToFr(saved.heldOn)} enregistrée.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  const presentError = form.errors.present;
  return (
    <form class="inline-form" id="alliance-mtg-form" onSubmit={submit} noValidate aria-label="Nouvelle réunion de suivi">
      <div class="grid-3">
        <DateField {...form.bind("heldOn")} label="Date" value={on} onValue={setOn} required />
        <TextField {...form.bind("time")} label="Heure" value={time} onValue={setTime} hint="hh:mm, par exemple 17:30" maxLength={5} inputMode="numeric" />
        <TextField {...form.bind("place")} label="Lieu" value={place} onValue={setPlace} spellcheck />
      </div>
      <fieldset
        class={`field${presentError ? " field-invalid" : ""}`} id="alliance-mtg-present" tabIndex={-1}
        aria-describedby={presentError ? "alliance-mtg-present-error" : undefined}
      >
        <legend>Présents<span class="required" aria-hidden="true"> *</span></legend>
        <ul class="check-grid">
          {team.map((m) => (
            <li key={m.id}>
              <Checkbox
                id={`alliance-mtg-present-${m.id}`} label={`${memberLabel(m)}${m.charteOn ? "" : " — charte non signée"}`}
                checked={present.includes(m.id)}
                onValue={(v) => setPresent(v ? [...present, m.id] : present.filter((x) => x !== m.id))}
              />
            </li>
          ))}
        </ul>
        {presentError && <p class="field-error" id="alliance-mtg-present-error"><span aria-hidden="true">⚠ </span>{presentError}</p>}
      </fieldset>
      <TextArea {...form.bind("notes")} label="Notes" value={notes} onValue={setNotes} rows={3} spellcheck />
      <TextArea
        {...form.bind("decisions")} label="Décisions" value={decisions} onValue={setDecisions} rows={3} spellcheck
        hint="Une décision par ligne."
      />
      <ErrorBanner message={form.banner} id="alliance-mtg-error" />
      <div class="actions">
        <button type="submit" id="alliance-mtg-submit" class="primary" disabled={!!busy}>Enregistrer la réunion</button>
        <button type="button" id="alliance-mtg-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}

export function AllianceShares(p: AllianceSectionProps) {
  const a = p.alliance;
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  async function done(message: string | null) {
    setAdding(false);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("alliance-shares-title");
    } else focusLater("btn-add-share");
  }

  return (
    <PafiSection
      id="alliance-shares" title="Journal des partages"
      count={a.shares.length ? plural(a.shares.length, "partage") : undefined}
      actions={p.editable && !adding && (
        <button type="button" class="small" id="btn-add-share" onClick={() => { setNotice(null); setAdding(true); }}>
          Noter un partage d'information
        </button>
      )}
    >
      <Notice message={notice} id="alliance-shares-notice" />
      <p class="hint">
        Secret partagé : seulement ce qui est nécessaire, seulement à ceux qui en ont besoin, la famille informée au préalable,
        avec des membres engagés par la charte de déontologie.
      </p>
      {adding && <ShareForm {...p} onClose={done} />}
      {a.shares.length === 0 ? (
        <p class="muted" id="alliance-shares-empty">Aucun partage d'information consigné.</p>
      ) : (
        <div class="table-wrap">
          <table class="data" id="alliance-share-table">
            <caption class="visually-hidden">Informations partagées, la plus récente d'abord</caption>
            <thead>
              <tr>
                <th scope="col">Le</th>
                <th scope="col">Avec</th>
                <th scope="col">Quoi</th>
                <th scope="col">Pourquoi</th>
                <th scope="col">Famille informée</th>
              </tr>
            </thead>
            <tbody>
              {a.shares.map((s) => (
                <tr key={s.id} id={`alliance-share-${s.id}`} data-id={s.id} class={s.charteUnsigned || !s.familyInformed ? "share-warned" : ""}>
                  <td class="nowrap">{isoToFr(s.sharedOn)}</td>
                  <td>
                    {a.members.find((m) => m.id === s.memberId)?.name ?? s.recipient}
                    {s.charteUnsigned && (
                      <span class="share-warning" data-warning="charte"><span aria-hidden="true">⚠ </span>Charte non signée au moment du partage</span>
                    )}
                  </td>
                  <td class="pre-line">{s.information}</td>
                  <td class="pre-line">{s.purpose}</td>
                  <td>
                    {s.familyInformed
                      ? "Oui"
                      : <span class="share-warning" data-warning="family"><span aria-hidden="true">⚠ </span>Non, pas au préalable</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PafiSection>
  );
}

function ShareForm(p: AllianceSectionProps & { onClose: (m: string | null) => void }) {
  const a = p.alliance;
  const [on, setOn] = useState(isoToFr(todayIso()));
  const [member, setMember] = useState("");
  const [information, setInformation] = useState("");
  const [purpose, setPurpose] = useState("");
  const [familyInformed, setFamilyInformed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDialog, runConfirmed] = useConfirmRetry();
  const form = useFormErrors("alliance-share");
  useEffect(() => focusLater("alliance-share-memberId"), []);
  const chosen = a.members.find((m) => String(m.id) === member);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const sharedOn = parseOptionalDate(on);
    if (sharedOn === undefined) {
      form.setFields({ sharedOn: DATE_INVALID });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await runConfirmed((confirm) => allianceRecordShare(a.id, {
        sharedOn, memberId: idOrNull(member), information, purpose, familyInformed, confirm,
      }));
      if (!saved) {
        setBusy(null);
        focusLater("alliance-share-submit");
        return;
      }
      const warned = saved.charteUnsigned || !saved.familyInformed;
      p.onClose(`Partage du ${isoToFr(saved.sharedOn)} avec ${saved.recipient} consigné${warned ? " (avec l'avertissement)" : ""}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="alliance-share-form" onSubmit={submit} noValidate aria-label="Nouveau partage d'information">
      <div class="grid-2">
        <SelectField
          {...form.bind("memberId")} label="Partagée avec" value={member} options={memberOptions(a.members)} empty="Choisir…"
          onValue={setMember} required
        />
        <DateField {...form.bind("sharedOn")} label="Le" value={on} onValue={setOn} required />
      </div>
      {chosen && !chosen.charteOn && (
        <p class="banner banner-warning" id="alliance-share-charte-warning">
          {chosen.name} <CharteBadge member={chosen} /> : l'enregistrement demandera une confirmation.
        </p>
      )}
      <TextArea
        {...form.bind("information")} label="Information partagée" value={information} onValue={setInformation} required rows={2} spellcheck
        hint="Seulement ce qui est nécessaire à l'accompagnement."
      />
      <TextArea {...form.bind("purpose")} label="Pourquoi" value={purpose} onValue={setPurpose} required rows={2} spellcheck />
      <Checkbox id="alliance-share-familyInformed" label="La famille en a été informée au préalable" checked={familyInformed} onValue={setFamilyInformed} />
      <ErrorBanner message={form.banner} id="alliance-share-error" />
      <div class="actions">
        <button type="submit" id="alliance-share-submit" class="primary" disabled={!!busy}>Consigner le partage</button>
        <button type="button" id="alliance-share-cancel" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
      {confirmDialog}
    </form>
  );
}
