// Mesures de responsabilisation (at most 20 hours, outside teaching hours), hosted in the school
// or by a partner: the list, a form to record or correct one, and « effectuée » / « non effectuée ».

import { useEffect, useState } from "preact/hooks";
import { mesureRecord, mesureSetStatus, toApiError, type Mesure, type MesureStatus, type Partner } from "../api";
import { DATE_INVALID, formatDateTime, isoToFr, parseOptionalDate } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { DateField, RequiredNote, SelectField, TextField, useFormErrors } from "../components/fields";
import { MESURE_STATUSES, labelOf } from "../gpdsLabels";
import { plural } from "../labels";
import { SectionHead, focusLater, type SectionProps, useNotice } from "./StudentShared";

/** The most hours a mesure may last (the core checks it too). */
export const MESURE_MAX_HOURS = 20;
const SCHOOL = "school";

type Editing = "new" | number | null;

export function StudentMesures(p: SectionProps & { partners: Partner[] }) {
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useNotice(p.version);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const list = p.gpds.mesures;

  function show(next: Editing) {
    setNotice(null);
    setError(null);
    setEditing(next);
  }
  function closed(message: string | null, opener: string) {
    setEditing(null);
    if (message) {
      setNotice(message);
      p.onChanged();
      focusLater("mesures-title");
    } else focusLater(opener);
  }
  async function setStatus(m: Mesure, status: MesureStatus) {
    setNotice(null);
    setError(null);
    setBusyId(m.id);
    try {
      const saved = await mesureSetStatus(m.id, status);
      setNotice(`Mesure de ${saved.hours} h : ${labelOf(MESURE_STATUSES, saved.status).toLowerCase()}.`);
      p.onChanged();
      focusLater("mesures-title");
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section aria-labelledby="mesures-title" class="card" id="mesures-section">
      <SectionHead id="mesures-title" title="Mesures de responsabilisation" count={list.length ? plural(list.length, "mesure") : undefined}>
        {!p.readOnly && editing !== "new" && (
          <button type="button" id="btn-add-mesure" onClick={() => show("new")}>Enregistrer une mesure</button>
        )}
      </SectionHead>
      <Notice message={notice} id="mesures-notice" />
      <ErrorBanner message={error} id="mesures-error" />
      {editing === "new" && <MesureForm {...p} mesure={null} onClose={(m) => closed(m, "btn-add-mesure")} />}
      {list.length === 0 && editing !== "new" && <p class="muted" id="mesures-empty">Aucune mesure de responsabilisation.</p>}
      {list.length > 0 && (
        <ul class="gpds-list" id="mesures-list">
          {list.map((m) => (
            <li key={m.id} id={`mesure-item-${m.id}`} class={`gpds-item status-${m.status}`} data-status={m.status}>
              {editing === m.id ? (
                <MesureForm {...p} mesure={m} onClose={(msg) => closed(msg, `mesure-${m.id}-edit`)} />
              ) : (
                <>
                  <div class="gpds-item-head">
                    <p class="gpds-item-title" title={`Enregistrée le ${formatDateTime(m.createdAt)}`}>
                      {m.hours} h — {m.hostName}
                      {m.hostDetail && <span class="gpds-item-detail"> ({m.hostDetail})</span>}
                    </p>
                    <p class="gpds-item-badges">
                      <span class={`badge badge-mesure-${m.status}`}>{labelOf(MESURE_STATUSES, m.status)}</span>
                    </p>
                  </div>
                  <p class="gpds-item-meta">
                    <span>Du {isoToFr(m.startOn)} au {isoToFr(m.endOn)}</span>
                  </p>
                  {!p.readOnly && (
                    <div class="actions item-actions">
                      {m.status === "planned" && (
                        <>
                          <button type="button" class="small" id={`mesure-${m.id}-done`} onClick={() => setStatus(m, "done")} disabled={busyId === m.id}>
                            Marquer effectuée
                          </button>
                          <button type="button" class="small" id={`mesure-${m.id}-not-done`} onClick={() => setStatus(m, "not_done")} disabled={busyId === m.id}>
                            Marquer non effectuée
                          </button>
                        </>
                      )}
                      <button type="button" class="small" id={`mesure-${m.id}-edit`} onClick={() => show(m.id)} disabled={busyId === m.id}>
                        Modifier
                      </button>
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface Draft {
  hours: string;
  host: string;
  hostDetail: string;
  startOn: string;
  endOn: string;
  status: MesureStatus | "";
}

function MesureForm(p: SectionProps & { partners: Partner[]; mesure: Mesure | null; onClose: (notice: string | null) => void }) {
  const m = p.mesure;
  const [d, setD] = useState<Draft>(
    m
      ? {
        hours: String(m.hours), host: m.partnerId === null ? SCHOOL : String(m.partnerId), hostDetail: m.hostDetail,
        startOn: isoToFr(m.startOn), endOn: isoToFr(m.endOn), status: m.status,
      }
      : { hours: "", host: SCHOOL, hostDetail: "", startOn: "", endOn: "", status: "planned" },
  );
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("mesure");
  const set = <K extends keyof Draft>(key: K) => (v: Draft[K]) => setD({ ...d, [key]: v });
  // The host: the school, or a partner of the directory (plus the recorded one if archived since).
  const partners = m?.partnerId != null && !p.partners.some((x) => x.id === m.partnerId)
    ? [[String(m.partnerId), m.hostName] as const]
    : [];
  const hosts = [[SCHOOL, "Dans l'établissement"] as const, ...partners, ...p.partners.map((x) => [String(x.id), x.name] as const)];
  const inSchool = d.host === SCHOOL;
  useEffect(() => focusLater("mesure-hours"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const errors: Record<string, string> = {};
    const text = d.hours.trim();
    if (text !== "" && !/^\d{1,3}$/.test(text)) {
      errors.hours = `Indiquez un nombre entier d'heures, de 1 à ${MESURE_MAX_HOURS}.`;
    } else if (text !== "" && Number(text) === 0) {
      errors.hours = "Indiquez une durée d'au moins 1 heure.";
    }
    const startOn = parseOptionalDate(d.startOn);
    if (startOn === undefined) errors.startOn = DATE_INVALID;
    const endOn = parseOptionalDate(d.endOn);
    if (endOn === undefined) errors.endOn = DATE_INVALID;
    if (d.status === "") errors.status = "Choisissez où en est la mesure.";
    if (Object.keys(errors).length > 0 || startOn === undefined || endOn === undefined || d.status === "") {
      form.setFields(errors);
      return;
    }
    const input = {
      studentId: p.studentId, hours: text === "" ? null : Number(text), partnerId: inSchool ? null : Number(d.host),
      hostDetail: d.hostDetail.trim(), startOn, endOn, status: d.status,
    };
    setBusy("Enregistrement…");
    try {
      const saved = await mesureRecord(m?.id ?? null, input);
      p.onClose(m ? "Mesure modifiée." : `Mesure de ${saved.hours} h enregistrée (${saved.hostName}).`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="mesure-form" onSubmit={submit} noValidate aria-labelledby="mesure-form-title">
      <h3 id="mesure-form-title">{m ? "Modifier la mesure" : "Nouvelle mesure de responsabilisation"}</h3>
      <RequiredNote />
      <div class="grid-2">
        <TextField
          {...form.bind("hours")} label="Durée (heures)" value={d.hours} onValue={set("hours")} required inputMode="numeric" maxLength={3}
          hint={`Au plus ${MESURE_MAX_HOURS} heures, hors temps d'enseignement.`}
        />
        <SelectField {...form.bind("status")} label="Où en est-elle" value={d.status} options={MESURE_STATUSES} onValue={set("status")} required />
      </div>
      <div class="grid-2">
        <SelectField
          {...form.bind("partnerId")} label="Accueil" value={d.host} options={hosts} onValue={set("host")} required
          hint={p.partners.length === 0 ? "Pour un accueil chez un partenaire, ajoutez-le d'abord dans Partenaires." : "Dans l'établissement, ou chez un partenaire (sous convention)."}
        />
        <TextField
          {...form.bind("hostDetail")} label={inSchool ? "Lieu et encadrement" : "Précision"} value={d.hostDetail} onValue={set("hostDetail")}
          required={inSchool} spellcheck
          hint={inSchool ? "Par exemple : CDI, avec la documentaliste." : "Par exemple : avec qui, quelles tâches."}
        />
      </div>
      <div class="grid-2">
        <DateField {...form.bind("startOn")} label="Premier jour" value={d.startOn} onValue={set("startOn")} required />
        <DateField {...form.bind("endOn")} label="Dernier jour" value={d.endOn} onValue={set("endOn")} required />
      </div>
      <ErrorBanner message={form.banner} id="mesure-error" />
      <div class="actions">
        <button type="submit" id="mesure-submit" class="primary" disabled={!!busy}>Enregistrer la mesure</button>
        <button type="button" id="mesure-close" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
