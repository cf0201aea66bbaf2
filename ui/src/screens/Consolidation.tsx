// « Consolider des bilans »: for the coordinators (MLDS, correspondant académique) who gather the
// anonymous JSON bilans of several schools for one school year. No case file is needed: the screen
// is reached from the Accueil and from the Bilan screen of an open case file. The shell reads the
// files, refuses what cannot be merged (another year, another schema, the same school twice, a file
// that is not a bilan) with a French message naming the files or UAIs, and writes the consolidation
// as a workbook (.xlsx) or as JSON.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import {
  bilanMerge, bilanMergeExport, toApiError,
  type BilanConsolidated, type ConsolidatedDistribution, type ConsolidatedSchool, type ConsolidatedSection,
} from "../api";
import { pickBilanFile, pickBilanFiles } from "../api/dialogs";
import { isoToFr } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { SelectField, TextArea, TextField } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { dirname, joinPath } from "../paths";

type OutFormat = "xlsx" | "json";

const FORMATS: ReadonlyArray<readonly [OutFormat, string]> = [
  ["xlsx", "XLSX — classeur (LibreOffice, Excel)"],
  ["json", "JSON — les chiffres consolidés, pour un autre logiciel"],
];

const FORMAT_HINTS: Record<OutFormat, string> = {
  xlsx: "Un classeur : les établissements, puis une feuille par section avec une colonne par établissement et le total.",
  json: "Les mêmes chiffres en JSON, tels que les affiche cet écran.",
};

const NO_FILES = "Choisissez les fichiers JSON des bilans à consolider.";

/** The list typed or chosen, kept while the app runs: coming back finds it again. */
let remembered = "";

/** One path per line; blank lines dropped, the quotes of a pasted « Copier en tant que chemin » too. */
export function parsePaths(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^"(.*)"$/, "$1").trim())
    .filter((line) => line !== "");
}

function extOf(path: string): OutFormat | null {
  const m = /\.(xlsx|json)$/i.exec(path.trim());
  return m?.[1] ? (m[1].toLowerCase() as OutFormat) : null;
}

/** `consolidation-2026-2027.xlsx` in the folder of the first file. */
function defaultOut(first: string | undefined, year: string, format: OutFormat): string {
  const name = `consolidation-${year}.${format}`;
  if (!first || !/[\\/]/.test(first)) return name;
  return joinPath(dirname(first), name);
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

interface Props {
  /** The way back: « ← Accueil » or « ← Bilan ». */
  backLabel: string;
  onBack: () => void;
}

export function Consolidation({ backLabel, onBack }: Props) {
  const [text, setTextNow] = useState(remembered);
  const [pathsError, setPathsError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<BilanConsolidated | null>(null);
  /** The files behind `result`: the export writes what is shown. */
  const [merged, setMerged] = useState<string[]>([]);
  const title = useFocusOnMount<HTMLHeadingElement>();

  function setText(value: string) {
    remembered = value;
    setTextNow(value);
    setPathsError(null);
  }

  async function browse() {
    setError(null);
    try {
      const picked = await pickBilanFiles();
      if (picked.length === 0) return;
      const listed = parsePaths(text);
      const added = picked.filter((p) => !listed.includes(p));
      setText([...listed, ...added].join("\n"));
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    // Nothing of the previous consolidation stays on screen while (or after) this one runs.
    setError(null);
    setPathsError(null);
    setResult(null);
    setMerged([]);
    const paths = parsePaths(text);
    // The list as it is read: one path per line, nothing else.
    if (paths.length > 0) setText(paths.join("\n"));
    if (paths.length === 0) {
      setPathsError(NO_FILES);
      setTimeout(() => document.getElementById("consolidate-paths")?.focus(), 0);
      return;
    }
    setBusy("Consolidation en cours…");
    try {
      const done = await bilanMerge(paths);
      setResult(done);
      setMerged(paths);
    } catch (reason) {
      const err = toApiError(reason);
      if (err.field === "paths") {
        setPathsError(err.message);
        setTimeout(() => document.getElementById("consolidate-paths")?.focus(), 0);
      } else {
        setError(err.message);
      }
    } finally {
      setBusy(null);
    }
  }

  const changed = result !== null && parsePaths(text).join("\n") !== merged.join("\n");

  return (
    <section aria-labelledby="consolidate-title" class="consolidate" id="consolidate">
      <p>
        <button type="button" class="link" id="consolidate-back" onClick={onBack}>← {backLabel}</button>
      </p>
      <div class="view-head">
        <h1 id="consolidate-title" tabIndex={-1} ref={title}>Consolider des bilans d'établissements</h1>
      </div>
      <p class="lead">
        Pour les coordonnateurs (MLDS, correspondant académique) : réunissez les bilans anonymes (JSON) que les
        établissements ont exportés pour une même année scolaire. Chaque chiffre est donné par établissement, avec le
        total. Aucun dossier n'est ouvert ni modifié.
      </p>

      <section class="card" aria-labelledby="consolidate-files-title">
        <h2 id="consolidate-files-title">Fichiers des établissements</h2>
        <form onSubmit={submit} noValidate id="consolidate-form">
          <TextArea
            id="consolidate-paths" label="Bilans JSON à consolider" rows={5} value={text} onValue={setText}
            error={pathsError ?? undefined} class="consolidate-paths"
            hint="Un chemin complet par ligne (par exemple /home/coordo/bilans/0751234A-bilan-2026-2027.json), ou « Choisir des fichiers… »."
          />
          <div class="actions">
            <button type="button" id="consolidate-browse" onClick={browse} disabled={!!busy}>Choisir des fichiers…</button>
            <button type="submit" id="consolidate-submit" class="primary" disabled={!!busy}>Consolider</button>
            <Busy message={busy} id="consolidate-busy" />
          </div>
        </form>
      </section>

      <ErrorBanner message={error} id="consolidate-error">
        <p class="hint">Corrigez la liste des fichiers, puis consolidez de nouveau.</p>
      </ErrorBanner>

      {result && (
        <Result
          key={merged.join("\n")} result={result} paths={merged} changed={changed}
          onExported={(c) => setResult(c)}
        />
      )}
    </section>
  );
}

interface ResultProps {
  result: BilanConsolidated;
  paths: string[];
  /** The list was edited since: the tables are those of the previous list. */
  changed: boolean;
  onExported: (c: BilanConsolidated) => void;
}

function Result({ result, paths, changed, onExported }: ResultProps) {
  const { schools } = result;
  return (
    <>
      <section class="card" aria-labelledby="consolidated-title" id="consolidated">
        <h2 id="consolidated-title">Consolidation</h2>
        <p id="consolidated-summary" role="status" class="consolidated-summary">
          Année scolaire <strong id="consolidated-year">{result.schoolYear}</strong> —{" "}
          <strong id="consolidated-count">{plural(schools.length, "établissement", "établissements")}</strong>
        </p>
        {changed && (
          <p class="banner banner-warning" id="consolidate-changed">
            La liste des fichiers a changé depuis cette consolidation : cliquez sur « Consolider » pour mettre les
            tableaux à jour. L'export porte sur les tableaux affichés.
          </p>
        )}
        <h3 id="consolidated-schools-title">Établissements</h3>
        <div class="table-wrap">
          <table class="data compact" id="consolidated-schools" aria-labelledby="consolidated-schools-title">
            <thead>
              <tr>
                <th scope="col">UAI</th>
                <th scope="col">Établissement</th>
                <th scope="col">Chiffres du</th>
              </tr>
            </thead>
            <tbody>
              {schools.map((s) => (
                <tr key={s.uai} data-uai={s.uai}>
                  <td class="nowrap">{s.uai}</td>
                  <td>{s.establishment}</td>
                  <td class="nowrap">{isoToFr(s.computedOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <ExportCard result={result} paths={paths} onExported={onExported} />

      {result.sections.map((s) => <SectionCard key={s.id} section={s} schools={schools} />)}
    </>
  );
}

/** A school's column head: its UAI, its name in the tooltip and for screen readers. */
function SchoolHead({ school }: { school: ConsolidatedSchool }) {
  return (
    <th scope="col" class="num school">
      <abbr title={school.establishment}>{school.uai}</abbr>
      <span class="visually-hidden"> — {school.establishment}</span>
    </th>
  );
}

/** A wide table scrolls inside its card; focusable so that the keyboard scrolls it too. */
function Scroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap consolidated-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

function SectionCard({ section, schools }: { section: ConsolidatedSection; schools: ConsolidatedSchool[] }) {
  const titleId = `consolidated-section-${section.id}-title`;
  return (
    <section class="card" aria-labelledby={titleId} id={`consolidated-section-${section.id}`}>
      <h2 id={titleId}>{section.title}</h2>
      {section.figures.length > 0 && (
        <Scroll label={`${section.title} : indicateurs par établissement`}>
          <table class="data bilan-table consolidated-table">
            <caption class="visually-hidden">{section.title} : indicateurs par établissement</caption>
            <thead>
              <tr>
                <th scope="col">Indicateur</th>
                {schools.map((s) => <SchoolHead key={s.uai} school={s} />)}
                <th scope="col" class="num total">Total</th>
              </tr>
            </thead>
            <tbody>
              {section.figures.map((f) => (
                <tr key={f.id} data-id={f.id} id={`consolidated-figure-${f.id}`}>
                  <th scope="row">
                    {f.label}
                    <p class="definition">{f.definition}</p>
                    {f.percent && (
                      <p class="definition">Total : taux recalculé sur l'ensemble des établissements, pas une somme.</p>
                    )}
                  </th>
                  {f.values.map((v, i) => <td key={schools[i]?.uai ?? i} class="num">{v}</td>)}
                  <td class="num total">{f.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {section.distributions.map((d) => <DistributionTable key={d.id} distribution={d} schools={schools} />)}
    </section>
  );
}

function DistributionTable({ distribution: d, schools }: { distribution: ConsolidatedDistribution; schools: ConsolidatedSchool[] }) {
  const total = d.rows.reduce((sum, r) => sum + r.total, 0);
  const bySchool = schools.map((_, i) => d.rows.reduce((sum, r) => sum + (r.counts[i] ?? 0), 0));
  const titleId = `consolidated-distribution-${d.id}-title`;
  const share = (n: number) => (total > 0 ? (100 * n) / total : 0);
  return (
    <div class="bilan-distribution" id={`consolidated-distribution-${d.id}`}>
      <h3 id={titleId}>{d.label}</h3>
      <p class="definition muted">{d.definition}</p>
      <Scroll label={`${d.label} : répartition par établissement`}>
        <table class="data bilan-table compact consolidated-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">Catégorie</th>
              {schools.map((s) => <SchoolHead key={s.uai} school={s} />)}
              <th scope="col" class="num total">Total</th>
              <th scope="col" class="num">Part</th>
              <th scope="col" class="bar-head"><span class="visually-hidden">Graphique de la part</span></th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <th scope="row">{r.label}</th>
                {r.counts.map((n, i) => <td key={schools[i]?.uai ?? i} class="num">{n}</td>)}
                <td class="num total">{r.total}</td>
                <td class="num">{total > 0 ? `${Math.round(share(r.total))} %` : "—"}</td>
                <td class="bar-cell" aria-hidden="true">
                  <div class="bilan-bar">
                    <div style={{ width: `${share(r.total)}%` }} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {bySchool.map((n, i) => <td key={schools[i]?.uai ?? i} class="num">{n}</td>)}
              <td class="num total">{total}</td>
              <td />
              <td aria-hidden="true" />
            </tr>
          </tfoot>
        </table>
      </Scroll>
    </div>
  );
}

interface ExportProps {
  result: BilanConsolidated;
  paths: string[];
  onExported: (c: BilanConsolidated) => void;
}

function ExportCard({ result, paths, onExported }: ExportProps) {
  const [format, setFormat] = useState<OutFormat>("xlsx");
  const [out, setOutNow] = useState(() => defaultOut(paths[0], result.schoolYear, "xlsx"));
  const [outError, setOutError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function setOut(value: string) {
    setOutNow(value);
    setOutError(null);
    setNotice(null);
    // The format follows the extension typed.
    const ext = extOf(value);
    if (ext) setFormat(ext);
  }

  function chooseFormat(next: OutFormat) {
    setFormat(next);
    setNotice(null);
    setOutError(null);
    const trimmed = out.trim();
    if (extOf(trimmed)) setOutNow(trimmed.replace(/\.(xlsx|json)$/i, `.${next}`));
    else if (trimmed !== "" && !/\.[A-Za-z0-9]{1,5}$/.test(trimmed)) setOutNow(`${trimmed}.${next}`);
  }

  async function browse() {
    setError(null);
    try {
      const chosen = await pickBilanFile(out, format);
      if (chosen) setOut(chosen);
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setOutError(null);
    setError(null);
    setNotice(null);
    const target = out.trim();
    if (target === "") {
      setOutError("Indiquez le fichier à créer (.xlsx ou .json).");
      setTimeout(() => document.getElementById("consolidate-out")?.focus(), 0);
      return;
    }
    setBusy("Export en cours…");
    try {
      const done = await bilanMergeExport(paths, target);
      onExported(done);
      const n = plural(done.schools.length, "établissement", "établissements");
      setNotice(`Consolidation ${done.schoolYear} (${n}) écrite dans ${target}.`);
    } catch (reason) {
      const err = toApiError(reason);
      if (err.field === "path") {
        setOutError(err.message);
        setTimeout(() => document.getElementById("consolidate-out")?.focus(), 0);
      } else {
        setError(err.message);
      }
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="card" aria-labelledby="consolidate-export-title" id="consolidate-export-card">
      <h2 id="consolidate-export-title">Exporter la consolidation</h2>
      <form onSubmit={submit} noValidate id="consolidate-export-form">
        <SelectField
          id="consolidate-format" label="Format" class="bilan-format" value={format} options={FORMATS}
          hint={FORMAT_HINTS[format]} onValue={(v) => v && chooseFormat(v)}
        />
        <div class="field-with-button">
          <TextField
            id="consolidate-out" label="Fichier à créer" value={out} onValue={setOut} class="grow"
            error={outError ?? undefined} hint="Le format suit l'extension : .xlsx ou .json."
          />
          <button type="button" id="consolidate-out-browse" onClick={browse}>Parcourir…</button>
        </div>
        <ErrorBanner message={error} id="consolidate-export-error" />
        <div class="actions">
          <button type="submit" id="consolidate-export" class="primary" disabled={!!busy}>Exporter</button>
          <Busy message={busy} />
        </div>
        <Notice message={notice} id="consolidate-notice" />
      </form>
    </section>
  );
}
