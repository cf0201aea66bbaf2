// Bilan: the yearly indicators the académie asks for, by school year (1 September – 31 August),
// each with its definition; the distributions as tables with bars; the anonymous JSON export.

import { useEffect, useState } from "preact/hooks";
import {
  bilanCompute, bilanExport, pickBilanFile, toApiError,
  type AnnualBilan, type Distribution, type Section, type Session,
} from "../api";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { SelectField, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { dirname, joinPath, slug } from "../paths";

/** "2026-2027" for the year starting in September 2026. */
const yearLabel = (start: number) => `${start}-${start + 1}`;

function defaultPath(session: Session, start: number): string {
  const stem = slug(session.establishment.name) || "dossier";
  return joinPath(dirname(session.path), `${stem}-bilan-${yearLabel(start)}.json`);
}

export function Bilan({ session }: { session: Session }) {
  const current = session.establishment.schoolYearStart;
  const years = [0, 1, 2, 3, 4].map((n) => current - n);
  const [year, setYear] = useState(current);
  const [bilan, setBilan] = useState<AnnualBilan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    let live = true;
    setBilan(null);
    setError(null);
    bilanCompute(year).then(
      (b) => live && setBilan(b),
      (reason) => live && setError(toApiError(reason).message),
    );
    return () => {
      live = false;
    };
  }, [year]);

  return (
    <section aria-labelledby="bilan-title" class="bilan">
      <h1 id="bilan-title" tabIndex={-1} ref={title}>Bilan</h1>
      <p class="lead">
        Les indicateurs de l'année scolaire (du 1er septembre au 31 août), chacun avec sa définition, calculés à la date
        de chaque fait.
      </p>
      <SelectField
        id="bilan-year" label="Année scolaire" class="bilan-year"
        value={String(year)}
        options={years.map((y) => [String(y), yearLabel(y)] as const)}
        onValue={(v) => v && setYear(Number(v))}
      />
      <ErrorBanner message={error} />
      {bilan === null && !error && <p role="status">Calcul du bilan…</p>}
      {bilan && (
        <>
          <p class="muted" id="bilan-computed">
            Bilan {bilan.schoolYear} de {bilan.establishment} (UAI {bilan.uai}), calculé le{" "}
            {bilan.computedOn.split("-").reverse().join("/")}.
          </p>
          {bilan.sections.map((s) => <SectionCard key={s.id} section={s} />)}
        </>
      )}
      <ExportForm key={year} session={session} year={year} />
    </section>
  );
}

function SectionCard({ section }: { section: Section }) {
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
              {section.figures.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    {f.label}
                    <p class="definition">{f.definition}</p>
                  </th>
                  <td class="num" id={`bilan-figure-${f.id}`}>{f.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {section.distributions.map((d) => <DistributionTable key={d.id} distribution={d} />)}
    </section>
  );
}

function DistributionTable({ distribution: d }: { distribution: Distribution }) {
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
            {d.rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <th scope="row">{r.label}</th>
                <td class="num">{r.count}</td>
                <td class="num">{total > 0 ? `${Math.round((100 * r.count) / total)} %` : "—"}</td>
                <td class="bar-cell" aria-hidden="true">
                  <div class="bilan-bar">
                    <div style={{ width: `${total > 0 ? (100 * r.count) / total : 0}%` }} />
                  </div>
                </td>
              </tr>
            ))}
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

function ExportForm({ session, year }: { session: Session; year: number }) {
  const [path, setPath] = useState(() => defaultPath(session, year));
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("bilan-export");

  async function browse() {
    try {
      const chosen = await pickBilanFile(path);
      if (chosen) setPath(chosen);
    } catch (reason) {
      form.setBanner(toApiError(reason).message);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    setNotice(null);
    const target = path.trim();
    if (target === "") {
      form.setFields({ path: "Indiquez le fichier à créer." });
      return;
    }
    setBusy("Export en cours…");
    try {
      await bilanExport(year, "json", target);
      setNotice(`Bilan ${yearLabel(year)} exporté dans ${target}.`);
      setTimeout(() => document.getElementById("bilan-export-notice")?.scrollIntoView({ block: "nearest" }), 0);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="bilan-export-title" class="card">
      <h2 id="bilan-export-title">Exporter (JSON anonyme)</h2>
      <p class="hint">
        Un fichier JSON avec les indicateurs et les répartitions de l'année {yearLabel(year)}, et leurs définitions, que
        d'autres logiciels peuvent lire.
      </p>
      <form onSubmit={submit} noValidate id="bilan-export-form">
        <div class="field-with-button">
          <TextField {...form.bind("path")} label="Fichier d'export" value={path} onValue={setPath} class="grow" />
          <button type="button" id="bilan-export-browse" onClick={browse}>Parcourir…</button>
        </div>
        <ErrorBanner message={form.banner} />
        <div class="actions">
          <button type="submit" id="bilan-export-submit" disabled={!!busy}>Exporter</button>
          <Busy message={busy} />
        </div>
        <Notice message={notice} id="bilan-export-notice" />
      </form>
    </section>
  );
}
