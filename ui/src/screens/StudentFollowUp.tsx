// The "Suivi GPDS" panel at the top of the student page: in follow-up or not, since when, who is
// in charge (a clear warning when nobody is), the next review, the next meeting whose agenda holds
// the student, the last flag, and the PAFI / alliance proposals waiting for their mechanism (an
// open PAFI proposal is prepared from here: « Préparer le PAFI »; an open alliance proposal
// opens the alliance: « Ouvrir l'alliance »).

import { useEffect, useState } from "preact/hooks";
import { followupSetInCharge, toApiError, type FollowUp, type Proposal, type Student } from "../api";
import { isoToFr, todayIso } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { SelectField, useFormErrors } from "../components/fields";
import { CLOSE_REASONS, SIGNAL_KINDS, labelOf } from "../gpdsLabels";
import { plural } from "../labels";
import { Fact, focusLater, idOrNull, staffOptions, type SectionProps, useNotice } from "./StudentShared";

const PROPOSAL_KINDS: Record<string, string> = {
  pafi: "Parcours aménagé de formation initiale (PAFI)",
  alliance: "Alliance éducative",
};

const PROPOSAL_STATUSES: Record<string, string> = {
  open: "en attente",
  taken: "reprise",
  dropped: "abandonnée",
};

/** Nobody in charge of an open follow-up: nobody named, or the person named left the school. */
export function nobodyInCharge(f: FollowUp | null): boolean {
  return !!f?.open && (f.inCharge === null || f.inChargeArchived);
}

export function StudentFollowUp(p: SectionProps & {
  student: Student;
  onPreparePafi?: (proposal: Proposal) => Promise<void>;
  /** « Ouvrir l'alliance » of an open alliance proposal. */
  onOpenAlliance?: (proposal: Proposal) => void;
}) {
  const f = p.gpds.followup;
  const next = p.gpds.nextMeeting;
  const lastFlag = p.gpds.flags[0];
  const [changing, setChanging] = useState(false);
  const [notice, setNotice] = useNotice(p.version);

  const status = !f ? "Pas de suivi" : f.open ? "En suivi" : "Suivi terminé";
  const changeLabel = nobodyInCharge(f) ? "Nommer la personne chargée du suivi" : "Changer la personne chargée du suivi";
  const overdue = f?.open && f.nextReview !== null && f.nextReview < todayIso();
  const proposals = p.gpds.proposals;
  const openProposals = proposals.filter((x) => x.status === "open").length;

  return (
    <section aria-labelledby="followup-title" class="card followup-panel" id="followup-panel">
      <div class="section-head">
        <h2 id="followup-title" tabIndex={-1}>
          Suivi GPDS
          <span class={`badge ${f?.open ? "badge-followup" : "badge-muted"}`} id="followup-status">{status}</span>
        </h2>
        {f?.open && !p.readOnly && !changing && (
          <div class="actions">
            <button type="button" id="btn-change-in-charge" onClick={() => { setNotice(null); setChanging(true); }}>
              {changeLabel}
            </button>
          </div>
        )}
      </div>
      <Notice message={notice} id="followup-notice" />

      {nobodyInCharge(f) && f && (
        <p class="banner banner-warning" id="followup-nobody">
          <span class="strong">Personne n'est chargé du suivi.</span>{" "}
          {f.inChargeArchived && f.inChargeName
            ? `${f.inChargeName} a quitté l'établissement (fiche archivée) : nommez une autre personne.`
            : `Nommez la personne chargée du suivi individuel de ${p.student.firstName}.`}
        </p>
      )}

      {changing && f && (
        <InChargeForm
          {...p}
          current={f}
          onClose={(message) => {
            setChanging(false);
            if (message) {
              setNotice(message);
              p.onChanged();
              focusLater("followup-title");
            } else focusLater("btn-change-in-charge");
          }}
        />
      )}

      <dl class="facts followup-facts" id="followup-facts">
        {!f && (
          <Fact label="Suivi">
            <span id="followup-state">{p.student.firstName} n'est pas suivi·e par le GPDS.</span>
          </Fact>
        )}
        {f?.open && (
          <Fact label="Suivi">
            <span id="followup-state">En suivi depuis le {isoToFr(f.openedOn)}</span>
          </Fact>
        )}
        {f && !f.open && (
          <Fact label="Suivi">
            <span id="followup-state">
              Terminé le {isoToFr(f.closedOn)}
              {f.closeReason && <> ({labelOf(CLOSE_REASONS, f.closeReason).toLowerCase()})</>}
              <span class="muted"> — suivi ouvert le {isoToFr(f.openedOn)}</span>
            </span>
          </Fact>
        )}
        {f?.open && (
          <Fact label="Personne chargée du suivi" id="followup-in-charge">
            {f.inChargeName && !f.inChargeArchived && f.inChargeName}
            {f.inChargeName && f.inChargeArchived && (
              <><s>{f.inChargeName}</s> <span class="badge badge-late">a quitté l'établissement</span></>
            )}
            {!f.inChargeName && <span class="text-warning strong">Personne</span>}
          </Fact>
        )}
        {f?.open && (
          <Fact label="Prochain point de suivi" id="followup-next-review">
            {f.nextReview && (
              <>{isoToFr(f.nextReview)}{overdue && <span class="badge badge-late">date passée</span>}</>
            )}
          </Fact>
        )}
        <Fact label="Prochaine séance" id="followup-next-meeting">
          {next ? (
            <>
              À l'ordre du jour de la{" "}
              <button type="button" class="link" id="followup-meeting-link" onClick={() => p.openMeeting(next.id)}>
                séance du {isoToFr(next.date)} à {next.time.replace(":", " h ")}
              </button>
              {next.place && <span class="muted"> ({next.place})</span>}
            </>
          ) : (
            <span class="muted">Pas à l'ordre du jour d'une séance prévue</span>
          )}
        </Fact>
        <Fact label="Repérage" id="followup-flag" wide={!!f?.open}>
          {lastFlag ? (
            <>
              Le {isoToFr(lastFlag.flaggedOn)}
              {lastFlag.raisedByName && <> par {lastFlag.raisedByName}</>}
              {" : "}
              {lastFlag.signals.map((s) => labelOf(SIGNAL_KINDS, s.kind).toLowerCase()).join(", ")}
              {lastFlag.reviewed
                ? <span class="muted"> — examiné en GPDS</span>
                : <span class="badge badge-warning-small">pas encore examiné</span>}
              {p.gpds.flags.length > 1 && <span class="muted"> ({plural(p.gpds.flags.length, "repérage")} en tout)</span>}
            </>
          ) : (
            <span class="muted">Aucun repérage</span>
          )}
        </Fact>
      </dl>

      {proposals.length > 0 && (
        <div class="proposals">
          <h3 id="proposals-title">
            Propositions{openProposals > 0 && <span class="section-count"> · {plural(openProposals, "en attente", "en attente")}</span>}
          </h3>
          <ul class="proposal-list" id="proposals" aria-labelledby="proposals-title">
            {proposals.map((x) => (
              <ProposalLine
                key={x.id} proposal={x} onPrepare={p.readOnly ? undefined : p.onPreparePafi}
                onOpenAlliance={p.readOnly ? undefined : p.onOpenAlliance}
              />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function ProposalLine({ proposal: x, onPrepare, onOpenAlliance }: {
  proposal: Proposal;
  onPrepare?: (proposal: Proposal) => Promise<void>;
  onOpenAlliance?: (proposal: Proposal) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function prepare() {
    if (!onPrepare) return;
    setBusy(true);
    setError(null);
    try {
      await onPrepare(x);
    } catch (reason) {
      setBusy(false);
      setError(toApiError(reason).message);
    }
  }
  return (
    <li id={`proposal-${x.id}`} class={x.status === "open" ? "" : "muted"}>
      <span class="strong">{PROPOSAL_KINDS[x.kind] ?? x.kind}</span>, proposé le {isoToFr(x.proposedOn)} :{" "}
      <span class={x.status === "open" ? "badge badge-warning-small" : "badge badge-muted"}>{PROPOSAL_STATUSES[x.status] ?? x.status}</span>
      {onPrepare && x.kind === "pafi" && x.status === "open" && (
        <button type="button" class="small proposal-action" id={`proposal-${x.id}-prepare`} onClick={prepare} disabled={busy}>
          {busy ? "Création du PAFI…" : "Préparer le PAFI"}
        </button>
      )}
      {onOpenAlliance && x.kind === "alliance" && x.status === "open" && (
        <button type="button" class="small proposal-action" id={`proposal-${x.id}-open-alliance`} onClick={() => onOpenAlliance(x)}>
          Ouvrir l'alliance
        </button>
      )}
      {error && <span class="field-error" role="alert"> {error}</span>}
    </li>
  );
}

function InChargeForm(p: SectionProps & { current: FollowUp; onClose: (notice: string | null) => void }) {
  const initial = p.current.inCharge !== null && !p.current.inChargeArchived ? String(p.current.inCharge) : "";
  const [who, setWho] = useState(initial);
  const [busy, setBusy] = useState<string | null>(null);
  const form = useFormErrors("followup");
  useEffect(() => focusLater("followup-inCharge"), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    const staffId = idOrNull(who);
    if (staffId === null) {
      form.setFields({ inCharge: "Choisissez la personne chargée du suivi." });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const saved = await followupSetInCharge(p.studentId, staffId);
      p.onClose(`Suivi confié à ${saved.inChargeName ?? "la personne choisie"}.`);
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <form class="inline-form" id="followup-form" onSubmit={submit} noValidate>
      <SelectField
        {...form.bind("inCharge")} label="Personne chargée du suivi" value={who} options={staffOptions(p.staff)}
        empty="Choisir…" onValue={setWho} required class="field-medium"
        hint="Elle suit l'élève entre deux séances et fait le point au GPDS."
      />
      <ErrorBanner message={form.banner} id="followup-error" />
      <div class="actions">
        <button type="submit" id="followup-submit" class="primary" disabled={!!busy}>Enregistrer</button>
        <button type="button" id="followup-close" onClick={() => p.onClose(null)} disabled={!!busy}>Annuler</button>
        <Busy message={busy} />
      </div>
    </form>
  );
}
