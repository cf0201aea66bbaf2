// Bilan: the yearly indicators the académie asks for, by school year (1 September – 31 August),
// each with its definition and the records it counts (named, in the app only); the distributions
// as tables with bars and, over the years, as stacked bars; the exports and their frozen figures
// (what changed since); the qualitative part; the export in PDF, XLSX, CSV or anonymous JSON.

import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  bilanHistory, bilanOverview, toApiError,
  type AnnualBilan, type BilanChange, type BilanExport, type BilanOverview, type Distribution, type Section,
  type Session,
} from "../api";
import { isoToFr } from "../api/dates";
import { ErrorBanner } from "../components/feedback";
import { SelectField } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { Modal } from "../components/Modal";
import type { Route } from "./CaseShell";
import { BilanExportCard, FORMAT_LABELS, QualitativeCard } from "./BilanForms";
import { HistoryChart } from "./BilanChart";
import { RecordsModal, type RecordsTarget } from "./BilanRecords";

/** "2026-2027" for the year starting in September 2026. */
export const yearLabel = (start: number) => `${start}-${start + 1}`;

/** The year last looked at, per case file: coming back from a record finds it again. */
const lastYear = new Map<string, number>();

interface Props {
  session: Session;
  go: (route: Route) => void;
}

export function Bilan({ session, go }: Props) {
  const current = session.establishment.schoolYearStart;
  const years = [0, 1, 2, 3, 4].map((n) => current - n);
  const [year, setYearNow] = useState(() => lastYear.get(session.path) ?? current);
  const [overview, setOverview] = useState<BilanOverview | null>(null);
  const [history, setHistory] = useState<AnnualBilan[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [showFrozen, setShowFrozen] = useState(false);
  const [records, setRecords] = useState<RecordsTarget | null>(null);
  const [dirty, setDirty] = useState(false);
  const [pendingYear, setPendingYear] = useState<number | null>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();

  function setYear(y: number) {
    lastYear.set(session.path, y);
    setDirty(false);
    setYearNow(y);
  }

  useEffect(() => {
    let live = true;
    setOverview(null);
    setError(null);
    setShowFrozen(false);
    bilanOverview(year).then(
      (o) => live && setOverview(o),
      (reason) => live && setError(toApiError(reason).message),
    );
    return () => {
      live = false;
    };
  }, [year]);

  useEffect(() => {
    // Only for the charts over the years: the screen works without it.
    bilanHistory().then(setHistory, () => setHistory([]));
  }, []);

  /** After an export: the exports, the frozen figures and the changes again, in place. */
  function refresh() {
    bilanOverview(year).then(setOverview, (reason) => setError(toApiError(reason).message));
    bilanHistory().then(setHistory, () => undefined);
  }

  const frozen = overview?.frozen ?? null;
  const latest = overview?.exports[0] ?? null;
  const shown = showFrozen && frozen ? frozen : overview?.bilan ?? null;
  const changed = new Map((overview?.changes ?? []).map((c) => [c.id, c]));
  const byYear = history.length > 1 ? history : [];

  return (
    <section aria-labelledby="bilan-title" class="bilan">
      <div class="view-head">
        <h1 id="bilan-title" tabIndex={-1} ref={title}>Bilan</h1>
        <div class="actions">
          <button type="button" id="bilan-consolidate" onClick={() => go({ view: "bilan-consolidate" })}>
            Consolider des bilans d'établissements…
          </button>
        </div>
      </div>
      <p class="lead">
        Les indicateurs de l'année scolaire (du 1er septembre au 31 août), chacun avec sa définition, calculés à la date
        de chaque fait. Chaque chiffre ouvre la liste des enregistrements qu'il compte.
      </p>
      <div class="bilan-toolbar">
        <SelectField
          id="bilan-year" label="Année scolaire" class="bilan-year"
          value={String(year)}
          options={years.map((y) => [String(y), yearLabel(y)] as const)}
          onValue={(v) => {
            if (!v || Number(v) === year) return;
            if (dirty) setPendingYear(Number(v));
            else setYear(Number(v));
          }}
        />
        {latest && <ExportStatus exports={overview?.exports ?? []} />}
      </div>
      {pendingYear !== null && (
        <Modal id="bilan-leave" title="Modifications non enregistrées" onClose={() => setPendingYear(null)}>
          <div class="modal-body">
            <p>L'analyse qualitative de {yearLabel(year)} a des modifications non enregistrées. Changer d'année les abandonne.</p>
          </div>
          <div class="actions">
            <button type="button" id="bilan-leave-stay" class="primary" onClick={() => setPendingYear(null)}>
              Rester sur {yearLabel(year)}
            </button>
            <button
              type="button" id="bilan-leave-confirm"
              onClick={() => { const y = pendingYear; setPendingYear(null); setYear(y); }}
            >
              Abandonner et passer à {yearLabel(pendingYear)}
            </button>
          </div>
        </Modal>
      )}
      <ErrorBanner message={error} />
      {overview === null && !error && <p role="status">Calcul du bilan…</p>}
      {overview && shown && (
        <>
          {latest && overview.changes.length > 0 && <ChangesBanner changes={overview.changes} latest={latest} />}
          {latest && frozen && (
            <div class="bilan-frozen-toggle">
              <button
                type="button" id="bilan-show-frozen" aria-pressed={showFrozen}
                onClick={() => setShowFrozen(!showFrozen)}
              >
                {showFrozen
                  ? "Revenir aux chiffres d'aujourd'hui"
                  : `Voir les chiffres exportés le ${isoToFr(latest.exportedOn)}`}
              </button>
            </div>
          )}
          {showFrozen && frozen && latest ? (
            <p class="banner banner-note" id="bilan-frozen-note">
              <strong>Chiffres exportés le {isoToFr(latest.exportedOn)}</strong> ({FORMAT_LABELS[latest.format]},{" "}
              {latest.fileName}), tels qu'ils ont été transmis — pas ceux d'aujourd'hui. Les listes d'enregistrements
              ne s'ouvrent que sur les chiffres d'aujourd'hui.
            </p>
          ) : null}
          <p class="muted" id="bilan-computed">
            Bilan {shown.schoolYear} de {shown.establishment} (UAI {shown.uai}),{" "}
            {showFrozen && frozen ? "figé à l'export du" : "calculé le"} {isoToFr(shown.computedOn)}.
          </p>
          {shown.sections.map((s) => (
            <SectionCard
              key={s.id} section={s} frozenView={showFrozen && !!frozen} changed={changed} history={byYear}
              currentYear={shown.schoolYear} onOpen={setRecords}
            />
          ))}
          <QualitativeCard
            key={year} year={year} initial={overview.qualitative} readOnly={session.readOnly} onDirty={setDirty}
          />
        </>
      )}
      <BilanExportCard key={year} session={session} year={year} onExported={refresh} />
      {records && (
        <RecordsModal
          year={year} target={records} onClose={() => setRecords(null)}
          onGo={(route) => { setRecords(null); go(route); }}
        />
      )}
    </section>
  );
}

/** « Bilan exporté le 20/09/2027 (PDF) », and every export of the year folded away. */
function ExportStatus({ exports }: { exports: BilanExport[] }) {
  const latest = exports[0];
  if (!latest) return null;
  return (
    <div class="bilan-exported">
      <p id="bilan-exported">
        <span class="badge badge-muted">Exporté</span>{" "}
        Bilan exporté le <strong>{isoToFr(latest.exportedOn)}</strong> ({FORMAT_LABELS[latest.format]})
      </p>
      <details id="bilan-exports" class="bilan-exports">
        <summary>{exports.length === 1 ? "Le fichier exporté" : `Les ${exports.length} exports de l'année`}</summary>
        <ul>
          {exports.map((e) => (
            <li key={String(e.id)}>
              {isoToFr(e.exportedOn)} — {FORMAT_LABELS[e.format]} — <span class="file-name">{e.fileName}</span>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function ChangesBanner({ changes, latest }: { changes: BilanChange[]; latest: BilanExport }) {
  return (
    <div class="banner banner-warning" id="bilan-changes" role="status">
      <p>
        <strong>Les chiffres ont changé depuis l'export du {isoToFr(latest.exportedOn)} :</strong>
      </p>
      <ul>
        {changes.map((c) => (
          <li key={c.id} data-id={c.id}>{c.label} : {c.before} → {c.after}</li>
        ))}
      </ul>
      <p class="hint">Exportez à nouveau pour transmettre les chiffres à jour.</p>
    </div>
  );
}

interface SectionProps {
  section: Section;
  frozenView: boolean;
  changed: Map<string, BilanChange>;
  history: AnnualBilan[];
  currentYear: string;
  onOpen: (target: RecordsTarget) => void;
}

function SectionCard({ section, frozenView, changed, history, currentYear, onOpen }: SectionProps) {
  const titleId = `bilan-section-${section.id}-title`;
  return (
    <section class="card" aria-labelledby={titleId} id={`bilan-section-${section.id}`}>
      <h2 id={titleId}>{section.title}</h2>
      {section.figures.length > 0 && (
        <div class="table-wrap">
          <table class="data bilan-table">
            <caption class="visually-hidden">{section.title} : indicateurs</caption>
            <thead>
              <tr>
                <th scope="col">Indicateur</th>
                <th scope="col" class="num">Valeur</th>
              </tr>
            </thead>
            <tbody>
              {section.figures.map((f) => {
                const change = frozenView ? undefined : changed.get(f.id);
                return (
                  <tr key={f.id} data-id={f.id}>
                    <th scope="row">
                      {f.label}
                      {change && <ChangedMark change={change} />}
                      <p class="definition">{f.definition}</p>
                    </th>
                    <td class="num" id={`bilan-figure-${f.id}`}>
                      <CountButton
                        id={`bilan-open-${f.id}`} value={f.value} frozenView={frozenView} label={f.label}
                        onOpen={() => onOpen({ figureId: f.id, key: null, label: f.label, count: f.value })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {section.distributions.map((d) => (
        <Fragment key={d.id}>
          <DistributionTable distribution={d} frozenView={frozenView} changed={changed} onOpen={onOpen} />
          {history.length > 1 && !frozenView && <HistoryChart distribution={d} history={history} currentYear={currentYear} />}
        </Fragment>
      ))}
    </section>
  );
}

function ChangedMark({ change }: { change: BilanChange }) {
  return (
    <span class="badge badge-warning bilan-changed" title="Valeur exportée → valeur d'aujourd'hui">
      exporté : {change.before}
    </span>
  );
}

/** The value as a button that opens its records; a plain 0 (nothing to list) otherwise. */
function CountButton(p: { id?: string; value: number; frozenView: boolean; label: string; onOpen: () => void }) {
  if (p.frozenView) return <span class="bilan-count">{p.value}</span>;
  if (p.value === 0) {
    return (
      <button type="button" id={p.id} class="bilan-open link" disabled title="Aucun enregistrement">
        {p.value}
      </button>
    );
  }
  return (
    <button
      type="button" id={p.id} class="bilan-open link" onClick={p.onOpen}
      aria-label={`${p.value} — voir les enregistrements : ${p.label}`}
      title="Voir les enregistrements comptés"
    >
      {p.value}
    </button>
  );
}

interface DistributionProps {
  distribution: Distribution;
  frozenView: boolean;
  changed: Map<string, BilanChange>;
  onOpen: (target: RecordsTarget) => void;
}

function DistributionTable({ distribution: d, frozenView, changed, onOpen }: DistributionProps) {
  const total = d.rows.reduce((sum, r) => sum + r.count, 0);
  const titleId = `bilan-distribution-${d.id}-title`;
  return (
    <div class="bilan-distribution" id={`bilan-distribution-${d.id}`}>
      <h3 id={titleId}>{d.label}</h3>
      <p class="definition muted">{d.definition}</p>
      <div class="table-wrap">
        <table class="data bilan-table compact" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">Catégorie</th>
              <th scope="col" class="num">Effectif</th>
              <th scope="col" class="num">Part</th>
              <th scope="col"><span class="visually-hidden">Graphique</span></th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => {
              const change = frozenView ? undefined : changed.get(`${d.id}/${r.key}`);
              const label = `${d.label} — ${r.label}`;
              return (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">
                    {r.label}
                    {change && <ChangedMark change={change} />}
                  </th>
                  <td class="num">
                    <CountButton
                      value={r.count} frozenView={frozenView} label={label}
                      onOpen={() => onOpen({ figureId: d.id, key: r.key, label, count: r.count })}
                    />
                  </td>
                  <td class="num">{total > 0 ? `${Math.round((100 * r.count) / total)} %` : "—"}</td>
                  <td class="bar-cell" aria-hidden="true">
                    <div class="bilan-bar">
                      <div style={{ width: `${total > 0 ? (100 * r.count) / total : 0}%` }} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td class="num">{total}</td>
              <td />
              <td aria-hidden="true" />
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
