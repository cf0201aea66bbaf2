// Planifier (or modifier) a GPDS meeting: day, time, place, the staff invited (the usual
// members pre-checked) and partners invited for given students.

import { useEffect, useState } from "preact/hooks";
import {
  meetingGet, meetingPlan, meetingSuggestedMembers, meetingUpdate, partnersList, staffList, toApiError,
  type Meeting, type MeetingInput, type Partner, type Staff,
} from "../api";
import { DATE_INVALID, frToIso, isoToFr } from "../api/dates";
import { Busy, ErrorBanner } from "../components/feedback";
import { DateField, RequiredNote, SelectField, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { STAFF_ROLES, labelOf, type Options } from "../labels";
import type { Route } from "./CaseShell";
import { StudentPicker } from "./FlagForm";
import { longDate } from "./Meetings";

interface GuestDraft {
  partnerId: string;
  contact: string;
  students: { id: number; name: string }[];
}

interface Draft {
  date: string;
  time: string;
  place: string;
  members: number[];
  guests: GuestDraft[];
}

interface Props {
  id: number | null;
  go: (route: Route) => void;
}

/** Someone who may be invited: present staff, and anyone already invited (who may have left). */
interface Invitee {
  id: number;
  name: string;
  role: Staff["role"];
  left: boolean;
}

export function MeetingForm({ id, go }: Props) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [invitees, setInvitees] = useState<Invitee[]>([]);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const form = useFormErrors("meeting");
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    (async () => {
      try {
        const [staff, found] = await Promise.all([staffList("", false), partnersList("", false)]);
        const people: Invitee[] = staff.map((s) => ({ id: s.id, name: `${s.firstName} ${s.lastName}`, role: s.role, left: false }));
        setPartners(found);
        if (id === null) {
          const suggested = await meetingSuggestedMembers();
          setInvitees(people);
          setDraft({ date: "", time: "", place: "", members: suggested, guests: [] });
        } else {
          const m = await meetingGet(id);
          for (const x of m.members) {
            if (!people.some((p) => p.id === x.staffId)) people.push({ id: x.staffId, name: x.name, role: x.role, left: true });
          }
          setInvitees(people);
          setMeeting(m);
          setDraft({
            date: isoToFr(m.date), time: m.time, place: m.place, members: m.members.map((x) => x.staffId),
            guests: m.guests.map((g) => ({
              partnerId: String(g.partnerId), contact: g.contact,
              students: g.students.map((s, i) => ({ id: s, name: g.studentNames[i] ?? "" })),
            })),
          });
        }
      } catch (reason) {
        setLoadError(toApiError(reason).message);
      }
    })();
  }, [id]);

  const back = () => go(id === null ? { view: "gpds" } : { view: "meeting", id });
  const heading = id === null ? "Planifier une séance du GPDS" : meeting ? `Modifier la séance du ${longDate(meeting.date)}` : "Modifier la séance";

  if (!draft) {
    return (
      <section aria-labelledby="meeting-form-title">
        <p><button type="button" class="link" onClick={back}>← {id === null ? "Séances du GPDS" : "La séance"}</button></p>
        <h1 id="meeting-form-title" tabIndex={-1} ref={title}>{heading}</h1>
        {loadError ? <ErrorBanner message={loadError} /> : <p role="status">Chargement…</p>}
      </section>
    );
  }

  const d = draft;
  const update = (next: Draft) => {
    setDraft(next);
    setDirty(true);
  };
  const setGuest = (i: number, patch: Partial<GuestDraft>) =>
    update({ ...d, guests: d.guests.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
  const toggleMember = (staffId: number, on: boolean) =>
    update({ ...d, members: on ? [...d.members, staffId] : d.members.filter((m) => m !== staffId) });

  function addGuest() {
    const index = d.guests.length;
    update({ ...d, guests: [...d.guests, { partnerId: "", contact: "", students: [] }] });
    setTimeout(() => document.getElementById(`meeting-guests-${index}-partnerId`)?.focus(), 0);
  }
  function removeGuest(i: number) {
    update({ ...d, guests: d.guests.filter((_, j) => j !== i) });
    setTimeout(() => document.getElementById("btn-add-guest")?.focus(), 0);
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const errors: Record<string, string> = {};
    const date = frToIso(d.date);
    if (!date) errors.date = d.date.trim() === "" ? "Indiquez le jour de la séance." : DATE_INVALID;
    d.guests.forEach((g, i) => {
      if (g.partnerId === "") errors[`guests[${i}].partnerId`] = "Choisissez le partenaire invité.";
    });
    if (Object.keys(errors).length > 0 || !date) {
      form.setFields(errors);
      return;
    }
    const input: MeetingInput = {
      date, time: d.time.trim(), place: d.place.trim(),
      members: invitees.filter((p) => d.members.includes(p.id)).map((p) => p.id),
      guests: d.guests.map((g) => ({ partnerId: Number(g.partnerId), contact: g.contact, students: g.students.map((s) => s.id) })),
    };
    setBusy(true);
    try {
      const saved = id === null ? await meetingPlan(input) : await meetingUpdate(id, input);
      go({ view: "meeting", id: saved.id, flash: id === null ? "Séance planifiée." : "Séance modifiée." });
    } catch (reason) {
      setBusy(false);
      form.report(toApiError(reason));
    }
  }

  const partnerOptions: Options<string> = partners.map((p) => [String(p.id), p.name] as const);
  const membersError = form.errors.members;
  return (
    <section aria-labelledby="meeting-form-title">
      <p><button type="button" class="link" onClick={back}>← {id === null ? "Séances du GPDS" : "La séance"}</button></p>
      <h1 id="meeting-form-title" tabIndex={-1} ref={title}>{heading}</h1>
      <form class="card" id="meeting-form" onSubmit={submit} noValidate>
        <RequiredNote />
        <div class="grid-3">
          <DateField {...form.bind("date")} label="Date" value={d.date} onValue={(date) => update({ ...d, date })} required />
          <TextField
            {...form.bind("time")} label="Heure" value={d.time} onValue={(time) => update({ ...d, time })} required
            hint="HH:MM, par exemple 14:30" inputMode="numeric" maxLength={5}
          />
          <TextField {...form.bind("place")} label="Lieu" value={d.place} onValue={(place) => update({ ...d, place })} hint="ex. Salle du conseil" spellcheck />
        </div>

        <fieldset
          id="meeting-members" tabIndex={-1} class={membersError ? "field-invalid" : undefined}
          aria-describedby={membersError ? "meeting-members-error" : "meeting-members-hint"}
        >
          <legend>Membres invités<span class="required" aria-hidden="true"> *</span></legend>
          <p class="hint" id="meeting-members-hint">
            {id === null
              ? "Les fonctions qui siègent habituellement au GPDS sont cochées : ajustez selon la séance."
              : "Les personnes cochées sont invitées."}
          </p>
          {membersError && <p id="meeting-members-error" class="field-error"><span aria-hidden="true">⚠ </span>{membersError}</p>}
          {invitees.length === 0 && (
            <p class="muted">Aucun membre du personnel dans le dossier : ajoutez-les d'abord (section Personnels).</p>
          )}
          <ul class="check-grid">
            {invitees.map((p) => (
              <li key={p.id} class="checkbox">
                <input
                  id={`meeting-member-${p.id}`} type="checkbox" checked={d.members.includes(p.id)}
                  onChange={(e) => toggleMember(p.id, e.currentTarget.checked)}
                />
                <label for={`meeting-member-${p.id}`}>
                  {p.name} <span class="muted">— {labelOf(STAFF_ROLES, p.role)}{p.left ? " (a quitté l'établissement)" : ""}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>

        <fieldset id="meeting-guests">
          <legend>Partenaires invités</legend>
          <p class="hint">Un partenaire extérieur est invité pour des élèves précis : il n'assiste qu'à leur examen.</p>
          {d.guests.map((g, i) => {
            const partner = partners.find((p) => String(p.id) === g.partnerId);
            const contacts: (readonly [string, string])[] = (partner?.contacts ?? []).map((c) => {
              const name = `${c.firstName} ${c.lastName}`.trim();
              return [name, c.function ? `${name} — ${c.function}` : name] as const;
            });
            if (g.contact && !contacts.some(([v]) => v === g.contact)) contacts.push([g.contact, g.contact]);
            return (
              <fieldset class="sub" key={i} id={`meeting-guest-${i}`}>
                <legend>Partenaire invité {i + 1}</legend>
                <div class="grid-2">
                  <SelectField
                    {...form.bind(`guests[${i}].partnerId`)} label="Partenaire" value={g.partnerId} options={partnerOptions}
                    empty="Choisir…" onValue={(partnerId) => setGuest(i, { partnerId, contact: "" })} required
                    hint={partners.length === 0 ? "L'annuaire des partenaires est vide (section Partenaires)." : undefined}
                  />
                  <SelectField
                    {...form.bind(`guests[${i}].contact`)} label="Qui vient" value={g.contact} options={contacts}
                    empty="Non précisé" onValue={(contact) => setGuest(i, { contact })} disabled={!partner}
                  />
                </div>
                <div class="guest-students">
                  <p class="label strong" id={`meeting-guest-${i}-students-label`}>Invité pour</p>
                  {g.students.length === 0
                    ? <p class="muted">Aucun élève choisi.</p>
                    : (
                      <ul class="chips" aria-labelledby={`meeting-guest-${i}-students-label`}>
                        {g.students.map((s) => (
                          <li key={s.id} class="chip">
                            {s.name}
                            <button
                              type="button" class="link" title={`Retirer ${s.name}`}
                              onClick={() => setGuest(i, { students: g.students.filter((x) => x.id !== s.id) })}
                            >
                              <span aria-hidden="true">×</span><span class="visually-hidden">Retirer {s.name}</span>
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                  <StudentPicker
                    id={`meeting-guests-${i}-students`} label="Ajouter un élève" clearOnPick
                    error={form.errors[`guests[${i}].students`]} exclude={g.students.map((s) => s.id)}
                    onPick={(s) => setGuest(i, { students: [...g.students, { id: s.id, name: `${s.firstName} ${s.lastName}` }] })}
                  />
                </div>
                <button type="button" class="link danger-link" id={`btn-remove-guest-${i}`} onClick={() => removeGuest(i)}>
                  Retirer<span class="visually-hidden"> le partenaire invité {i + 1}</span>
                </button>
              </fieldset>
            );
          })}
          <button type="button" id="btn-add-guest" onClick={addGuest}>Inviter un partenaire</button>
        </fieldset>

        <ErrorBanner message={form.banner} id="meeting-error" />
        <div class="actions">
          <button type="submit" id="meeting-submit" class="primary" disabled={busy}>
            {id === null ? "Planifier la séance" : "Enregistrer"}
          </button>
          <button type="button" onClick={back} disabled={busy}>Annuler</button>
          <Busy message={busy ? "Enregistrement…" : null} />
          <p class="save-state" id="meeting-save-state" role="status">
            {Object.keys(form.errors).length > 0 || form.banner ? "Non enregistré : corrigez ce qui est signalé." : dirty ? "Modifications non enregistrées." : ""}
          </p>
        </div>
      </form>
    </section>
  );
}
