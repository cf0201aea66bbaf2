// Activités of a PAFI: internships, service civique, MLDS or remobilisation modules, CFA
// discovery… each with its host from the partners' directory, who signs for it, the host's
// tutor, dates, hours a week, address and tasks. An activity at a host needs its convention
// d'accueil signed before the path starts: its badge says where it stands, and « Convention
// d'accueil (PDF) » makes it.

import { useEffect, useState } from "preact/hooks";
import {
  documentPafiConvention, pafiRemoveActivity, pafiSaveActivity, toApiError,
  type Activity, type ActivityInput, type ActivityKind, type Partner,
} from "../api";
import { DATE_INVALID, isoToFr, parseOptionalDate } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, RequiredNote, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { ConfirmDialog } from "../components/Modal";
import { plural } from "../labels";
import { ACTIVITY_KINDS, CONVENTION_STATES, atHost, labelOf } from "../pafiLabels";
import { latestOf, useDocumentMaker } from "./PafiDocuments";
import type { PafiSectionProps } from "./PafiPage";
import { PafiSection, decimalFr, linesOf, parseDecimal } from "./PafiShared";
import { focusLater } from "./StudentShared";

type Editing = "new" | number | null;

/** The badge of an activity's convention. */
function ConventionBadge({ a }: { a: Activity }) {
  if (!a.needsConvention) return <span class="badge badge-muted" id={`pafi-activity-${a.id}-convention-state`}>Sans convention</span>;
  const state = a.conventionState;
  const signed = state === "signed" || state === "sealed";
  return (
    <span
      class={`badge ${signed ? "badge-ok" : "badge-warning-small"}`} id={`pafi-activity-${a.id}-convention-state`}
      data-state={state ?? "none"}
    >
      {state ? CONVENTION_STATES[state] ?? state : "Convention à faire"}
    </span>
  );
}

export function PafiActivities(p: PafiSectionProps) {
  const path = p.pafi;
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Activity | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, make, busy, error] = useDocumentMaker({ pafiId: path.id }, p.go);
  const closed = path.state === "finished" || path.state === "interrupted";
  const list = path.activities;

  function show(next: Editing) {
    setNotice(null);
    setEditing(next);
  }
  async function closedForm(message: string | null, opener: string) {
    setEditing(null);
    if (message) {
      await p.reload();
      setNotice(message);
      focusLater("pafi-activities-title");
    } else focusLater(opener);
  }

  return (
    <PafiSection
      id="pafi-activities" title="Activités" count={list.length ? plural(list.length, "activité") : undefined}
      actions={!p.readOnly && !closed && editing !== "new" && (
        <button type="button" id="btn-add-activity" onClick={() => show("new")}>Ajouter une activité</button>
      )}
    >
      <Notice message={notice} id="pafi-activities-notice" />
      <Busy message={busy} />
      <ErrorBanner message={error} id="pafi-activities-error" />
      {editing === "new" && <ActivityForm {...p} activity={null} onClose={(m) => closedForm(m, "btn-add-activity")} />}
      {list.length === 0 && editing !== "new" && (
        <p class="muted" id="pafi-activities-empty">
          Aucune activité. Une structure d'accueil se choisit dans l'annuaire des partenaires (ajoutez-la d'abord dans Partenaires).
        </p>
      )}
      {list.length > 0 && (
        <ul class="gpds-list pafi-activity-list" id="pafi-activity-list">
          {list.map((a) => (
            <li key={a.id} id={`pafi-activity-${a.id}`} class="gpds-item" data-kind={a.kind}>
              <div class="gpds-item-head">
                <p class="gpds-item-title">
                  {labelOf(ACTIVITY_KINDS, a.kind)} <span class="gpds-item-detail">— {a.title}</span>
                </p>
                <p class="gpds-item-badges"><ConventionBadge a={a} /></p>
              </div>
              <p class="gpds-item-meta">
                {a.hostName && <span>Accueil : <span class="strong">{a.hostName}</span></span>}
                <span>Du <span class="strong">{isoToFr(a.startOn)}</span> au <span class="strong">{isoToFr(a.endOn)}</span></span>
                <span>{decimalFr(a.hoursPerWeek)} h par semaine</span>
              </p>
              {(a.hostRepresentative || a.hostTutor) && (
                <p class="gpds-item-meta">
                  {a.hostRepresentative && (
                    <span>Signe la convention : {a.hostRepresentative}{a.hostRepresentativeRole && `, ${a.hostRepresentativeRole}`}</span>
                  )}
                  {a.hostTutor && (
                    <span>
                      Tuteur d'accueil : {a.hostTutor}{a.hostTutorRole && `, ${a.hostTutorRole}`}{a.hostTutorPhone && ` (${a.hostTutorPhone})`}
                    </span>
                  )}
                </p>
              )}
              {a.address && <p class="gpds-item-meta pre-line">Lieu : {a.address}</p>}
              {a.tasks.length > 0 && (
                <div class="pafi-tasks">
                  <p class="strong">Tâches confiées</p>
                  <ul>{a.tasks.map((t, i) => <li key={i}>{t}</li>)}</ul>
                </div>
              )}
              {a.realisation && <p class="gpds-item-outcome"><span class="strong">Réalisé :</span> {a.realisation}</p>}
              {!p.readOnly && editing !== a.id && (
                <div class="actions item-actions">
                  {a.needsConvention && (
                    <button
                      type="button" class="small" id={`pafi-activity-${a.id}-convention`} disabled={!!busy}
                      onClick={() => make(
                        `Convention d'accueil (${a.title})`,
                        latestOf(p.documents, "convention_stage", "pafi_activity", a.id),
                        () => documentPafiConvention(a.id),
                      )}
                    >
                      Convention d'accueil (PDF)<span class="visually-hidden"> : {a.title}</span>
                    </button>
                  )}
                  <button type="button" class="small" id={`pafi-activity-${a.id}-edit`} onClick={() => show(a.id)}>
                    Modifier<span class="visually-hidden"> {a.title}</span>
                  </button>
                  {!closed && path.state !== "running" && (
                    <button type="button" class="small" id={`pafi-activity-${a.id}-remove`} onClick={() => setRemoving(a)}>
                      Retirer<span class="visually-hidden"> {a.title}</span>
                    </button>
                  )}
                </div>
              )}
              {editing === a.id && <ActivityForm {...p} activity={a} onClose={(m) => closedForm(m, `pafi-activity-${a.id}-edit`)} />}
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <ConfirmDialog
          id="pafi-remove-activity" title="Retirer l'activité ?" confirmLabel="Retirer l'activité" busyLabel="Retrait…" danger
          onConfirm={async () => {
            await pafiRemoveActivity(path.id, removing.id);
            await p.reload();
            setNotice(`Activité retirée : ${removing.title}.`);
          }}
          onClose={() => { setRemoving(null); focusLater("pafi-activities-title"); }}
        >
          <p>« {removing.title} » sera retirée du parcours ; ses demi-journées de l'emploi du temps deviendront libres.</p>
        </ConfirmDialog>
      )}
      {dialog}
    </PafiSection>
  );
}

interface Draft {
  kind: ActivityKind | "";
  title: string;
  partnerId: string;
  hostRepresentative: string;
  hostRepresentativeRole: string;
  hostTutor: string;
  hostTutorRole: string;
  hostTutorPhone: string;
  startOn: string;
  endOn: string;
  hoursPerWeek: string;
  address: string;
  tasks: string;
  realisation: string;
}

function draftOf(a: Activity | null, startOn: string | null, endOn: string | null): Draft {
  if (!a) {
    return {
      kind: "", title: "", partnerId: "", hostRepresentative: "", hostRepresentativeRole: "", hostTutor: "",
      hostTutorRole: "", hostTutorPhone: "", startOn: isoToFr(startOn), endOn: isoToFr(endOn), hoursPerWeek: "",
      address: "", tasks: "", realisation: "",
    };
  }
  return {
    kind: a.kind, title: a.title, partnerId: a.partnerId === null ? "" : String(a.partnerId),
    hostRepresentative: a.hostRepresentative, hostRepresentativeRole: a.hostRepresentativeRole, hostTutor: a.hostTutor,
    hostTutorRole: a.hostTutorRole, hostTutorPhone: a.hostTutorPhone, startOn: isoToFr(a.startOn), endOn: isoToFr(a.endOn),
    hoursPerWeek: decimalFr(a.hoursPerWeek), address: a.address, tasks: a.tasks.join("\n"), realisation: a.realisation,
  };
}

function partnerOptions(partners: Partner[], current: Activity | null): ReadonlyArray<readonly [string, string]> {
  const options = partners.map((x) => [String(x.id), x.name] as const);
  // A host archived since keeps its place in the activity.
  if (current?.partnerId != null && !partners.some((x) => x.id === current.partnerId)) {
    return [[String(current.partnerId), `${current.hostName} (archivé)`] as const, ...options];
  }
  return options;
}

function ActivityForm(p: PafiSectionProps & { activity: Activity | null; onClose: (notice: string | null) => void }) {
  const path = p.pafi;
  const a = p.activity;
  const prefix = a ? `pafi-activity-${a.id}-form` : "pafi-activity";
  const [d, setD] = useState<Draft>(() => draftOf(a, path.startOn, path.endOn));
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors(prefix);
  const set = <K extends keyof Draft>(key: K) => (v: Draft[K]) => setD((now) => ({ ...now, [key]: v }));
  useEffect(() => focusLater(`${prefix}-kind`), []);
  const host = atHost(d.kind);
  const running = path.state === "running" || path.state === "finished" || path.state === "interrupted";

  /** A host chosen: who signs for it and its tutor, from its contact people, when still empty. */
  function choosePartner(id: string) {
    const partner = p.partners.find((x) => String(x.id) === id);
    const [first, second] = partner?.contacts ?? [];
    setD((now) => ({
      ...now,
      partnerId: id,
      hostRepresentative: now.hostRepresentative || (first ? `${first.firstName} ${first.lastName}`.trim() : ""),
      hostRepresentativeRole: now.hostRepresentativeRole || (first?.function ?? ""),
      hostTutor: now.hostTutor || (second ? `${second.firstName} ${second.lastName}`.trim() : ""),
      hostTutorRole: now.hostTutorRole || (second?.function ?? ""),
      hostTutorPhone: now.hostTutorPhone || (second?.phone ?? ""),
    }));
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const errors: Record<string, string> = {};
    const startOn = parseOptionalDate(d.startOn);
    const endOn = parseOptionalDate(d.endOn);
    const hours = parseDecimal(d.hoursPerWeek);
    if (startOn === undefined) errors.startOn = DATE_INVALID;
    if (endOn === undefined) errors.endOn = DATE_INVALID;
    if (hours === undefined) errors.hoursPerWeek = "Indiquez un nombre d'heures, par exemple 12 ou 17,5.";
    if (Object.keys(errors).length > 0 || startOn === undefined || endOn === undefined || hours === undefined) {
      form.setFields(errors);
      return;
    }
    const input: ActivityInput = {
      kind: d.kind === "" ? null : d.kind,
      title: d.title.trim(),
      partnerId: d.partnerId === "" ? null : Number(d.partnerId),
      hostRepresentative: d.hostRepresentative.trim(),
      hostRepresentativeRole: d.hostRepresentativeRole.trim(),
      hostTutor: d.hostTutor.trim(),
      hostTutorRole: d.hostTutorRole.trim(),
      hostTutorPhone: d.hostTutorPhone.trim(),
      startOn,
      endOn,
      hoursPerWeek: hours,
      address: d.address.trim(),
      tasks: linesOf(d.tasks),
      realisation: d.realisation.trim(),
    };
    setBusy("Enregistrement…");
    try {
      const saved = await pafiSaveActivity(path.id, a?.id ?? null, input);
      p.onClose(a ? `Activité modifiée : ${saved.title}.` : `Activité ajoutée : ${saved.title}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id={`${prefix}-form`} onSubmit={submit} noValidate aria-labelledby={`${prefix}-heading`}>
      <h3 id={`${prefix}-heading`}>{a ? `Modifier l'activité « ${a.title} »` : "Nouvelle activité"}</h3>
      <RequiredNote />
      <div class="grid-2">
        <SelectField {...form.bind("kind")} label="Type d'activité" value={d.kind} options={ACTIVITY_KINDS} empty="Choisir…" onValue={set("kind")} required />
        <TextField
          {...form.bind("title")} label="Intitulé" value={d.title} onValue={set("title")} required spellcheck
          hint="Par exemple : Stage en boulangerie : vente et accueil."
        />
      </div>
      <fieldset class="sub">
        <legend>Structure d'accueil</legend>
        <SelectField
          {...form.bind("partnerId")} label="Structure (annuaire des partenaires)" value={d.partnerId}
          options={partnerOptions(p.partners, a)} empty={host ? "Choisir…" : "Aucune"} onValue={choosePartner} required={host}
          hint="Absente de la liste ? Ajoutez-la d'abord dans Partenaires."
        />
        <div class="grid-2">
          <TextField
            {...form.bind("hostRepresentative")} label="Qui signe la convention pour la structure" value={d.hostRepresentative}
            onValue={set("hostRepresentative")} required={host}
          />
          <TextField {...form.bind("hostRepresentativeRole")} label="Sa fonction" value={d.hostRepresentativeRole} onValue={set("hostRepresentativeRole")} />
          <TextField {...form.bind("hostTutor")} label="Tuteur dans la structure" value={d.hostTutor} onValue={set("hostTutor")} required={host} />
          <TextField {...form.bind("hostTutorRole")} label="Sa fonction" value={d.hostTutorRole} onValue={set("hostTutorRole")} />
          <TextField {...form.bind("hostTutorPhone")} label="Son téléphone" type="tel" value={d.hostTutorPhone} onValue={set("hostTutorPhone")} />
        </div>
        <TextArea
          {...form.bind("address")} label="Lieu de l'activité" value={d.address} onValue={set("address")} rows={2}
          hint="Si ce n'est pas l'adresse de la structure."
        />
      </fieldset>
      <div class="grid-3">
        <DateField {...form.bind("startOn")} label="Premier jour" value={d.startOn} onValue={set("startOn")} required />
        <DateField {...form.bind("endOn")} label="Dernier jour" value={d.endOn} onValue={set("endOn")} required />
        <TextField
          {...form.bind("hoursPerWeek")} label="Heures par semaine" value={d.hoursPerWeek} onValue={set("hoursPerWeek")}
          required inputMode="numeric" maxLength={5} hint="35 au plus."
        />
      </div>
      <TextArea
        {...form.bind("tasks")} label="Tâches confiées" value={d.tasks} onValue={set("tasks")} rows={3}
        hint="Une tâche par ligne ; elles figurent dans la convention."
      />
      {(a !== null || running) && (
        <TextArea
          {...form.bind("realisation")} label="Ce qui a été réalisé" value={d.realisation} onValue={set("realisation")} rows={2}
          hint="À écrire au bilan."
        />
      )}
      <ErrorBanner message={form.banner} id={`${prefix}-error`} />
      <div class="actions">
        <button type="submit" id={`${prefix}-submit`} class="primary" disabled={!!busy}>Enregistrer l'activité</button>
        <button type="button" id={`${prefix}-cancel`} onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
