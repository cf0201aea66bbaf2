// The bilan's two forms: the qualitative part of the year (four texts, anonymous), and the export
// (PDF, spreadsheet, CSV or anonymous JSON) that freezes the figures in the case file.

import { useEffect, useState } from "preact/hooks";
import {
  bilanExport, bilanSaveQualitative, pickBilanFile, toApiError,
  type BilanExported, type BilanQualitative, type ExportFormat, type Session,
} from "../api";
import { isoToFr } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { dirname, joinPath, slug } from "../paths";

const yearLabel = (start: number) => `${start}-${start + 1}`;

export const FORMAT_LABELS: Record<ExportFormat, string> = { pdf: "PDF", xlsx: "XLSX", csv: "CSV", json: "JSON" };

const FORMATS: ReadonlyArray<readonly [ExportFormat, string]> = [
  ["pdf", "PDF — rapport avec graphiques"],
  ["xlsx", "XLSX — classeur (LibreOffice, Excel)"],
  ["csv", "CSV — tableau des chiffres"],
  ["json", "JSON anonyme — pour la consolidation"],
];

const FORMAT_HINTS: Record<ExportFormat, string> = {
  pdf: "Le rapport à transmettre : les indicateurs, les répartitions en graphiques, leurs définitions et l'analyse qualitative.",
  xlsx: "Un classeur : une feuille par section, les définitions et l'analyse qualitative, pour retravailler les chiffres.",
  csv: "Les indicateurs et les répartitions, une ligne par chiffre, pour un tableur ou un autre logiciel.",
  json: "Les chiffres seuls, anonymes (sans l'analyse qualitative), que le coordonnateur consolide avec ceux des autres établissements.",
};

const MAX = 6000;

const PARTS: ReadonlyArray<readonly [keyof BilanQualitative, string, string]> = [
  ["apports", "Apports", "Ce que les dispositifs ont apporté aux élèves et à l'établissement."],
  ["difficultes", "Difficultés rencontrées", "Ce qui a freiné ou manqué."],
  ["leviers", "Leviers", "Ce qui a aidé : partenariats, organisation, outils…"],
  ["perspectives", "Perspectives", "Ce qui est prévu pour l'année prochaine."],
];

const same = (a: BilanQualitative, b: BilanQualitative) => PARTS.every(([k]) => a[k] === b[k]);

interface QualitativeProps {
  year: number;
  initial: BilanQualitative;
  readOnly: boolean;
  onDirty: (dirty: boolean) => void;
}

export function QualitativeCard({ year, initial, readOnly, onDirty }: QualitativeProps) {
  const [saved, setSaved] = useState<BilanQualitative>(initial);
  const [draft, setDraft] = useState<BilanQualitative>(initial);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("bilan-q");
  const dirty = !same(saved, draft);

  useEffect(() => onDirty(dirty), [dirty]);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || readOnly) return;
    form.clear();
    setNotice(null);
    const tooLong = PARTS.find(([k]) => draft[k].trim().length > MAX);
    if (tooLong) {
      form.setFields({ [tooLong[0]]: `${MAX} caractères au plus (il y en a ${draft[tooLong[0]].trim().length}).` });
      return;
    }
    setBusy("Enregistrement…");
    try {
      const stored = await bilanSaveQualitative(year, draft);
      setSaved(stored);
      setDraft(stored);
      setNotice(`Analyse qualitative ${yearLabel(year)} enregistrée.`);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="bilan-q-title" class="card bilan-qualitative" id="bilan-qualitative">
      <div class="section-head">
        <h2 id="bilan-q-title">Analyse qualitative</h2>
        {dirty && (
          <span class="badge badge-warning" id="bilan-q-dirty" role="status">Modifications non enregistrées</span>
        )}
      </div>
      <p class="hint" id="bilan-q-help">
        Imprimée dans le rapport PDF et dans le classeur, pas dans le JSON anonyme. Le bilan est anonyme : ne nommez
        aucun élève (ni nom, ni INE).
      </p>
      <form onSubmit={submit} noValidate id="bilan-q-form">
        <div class="bilan-q-grid">
          {PARTS.map(([key, label, hint]) => (
            <TextArea
              key={key} {...form.bind(key)} label={label} hint={hint} rows={5} disabled={readOnly}
              value={draft[key]} onValue={(v) => { setDraft({ ...draft, [key]: v }); setNotice(null); }}
            />
          ))}
        </div>
        <ErrorBanner message={form.banner} />
        {!readOnly && (
          <div class="actions">
            <button type="submit" id="bilan-q-save" class="primary" disabled={!!busy}>
              Enregistrer l'analyse
            </button>
            {dirty && (
              <button
                type="button" id="bilan-q-revert" onClick={() => { setDraft(saved); form.clear(); }} disabled={!!busy}
              >
                Annuler les modifications
              </button>
            )}
            <Busy message={busy} />
          </div>
        )}
        <Notice message={notice} id="bilan-q-notice" />
      </form>
    </section>
  );
}

function extOf(path: string): ExportFormat | null {
  const m = /\.(pdf|xlsx|csv|json)$/i.exec(path.trim());
  return m?.[1] ? (m[1].toLowerCase() as ExportFormat) : null;
}

function defaultPath(session: Session, start: number, format: ExportFormat): string {
  const stem = slug(session.establishment.name) || "dossier";
  return joinPath(dirname(session.path), `${stem}-bilan-${yearLabel(start)}.${format}`);
}

/** What the export did to the frozen figures, in one sentence. */
function outcome(done: BilanExported): string {
  if (!done.frozen) return "Dossier en lecture seule : les chiffres n'ont pas été figés dans le dossier.";
  if (!done.previous) return "Premier export de l'année : les chiffres sont figés dans le dossier.";
  const on = isoToFr(done.previous.exportedOn);
  const n = done.changes.length;
  if (n === 0) return `Chiffres inchangés depuis l'export du ${on}.`;
  return n === 1
    ? `1 chiffre a changé depuis l'export du ${on} ; les nouveaux chiffres sont figés.`
    : `${n} chiffres ont changé depuis l'export du ${on} ; les nouveaux chiffres sont figés.`;
}

interface ExportProps {
  session: Session;
  year: number;
  onExported: () => void;
}

export function BilanExportCard({ session, year, onExported }: ExportProps) {
  const [format, setFormat] = useState<ExportFormat>("json");
  const [path, setPath] = useState(() => defaultPath(session, year, "json"));
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors("bilan-export");

  function chooseFormat(next: ExportFormat) {
    setFormat(next);
    setNotice(null);
    form.clear();
    // The file follows the format when it still has one of ours as its extension.
    if (extOf(path)) setPath(path.trim().replace(/\.(pdf|xlsx|csv|json)$/i, `.${next}`));
  }

  async function browse() {
    try {
      const chosen = await pickBilanFile(path, format);
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
      const done = await bilanExport(year, format, target);
      setNotice(`Bilan ${yearLabel(year)} exporté (${FORMAT_LABELS[format]}) dans ${target}. ${outcome(done)}`);
      onExported();
      setTimeout(() => document.getElementById("bilan-export-notice")?.scrollIntoView({ block: "nearest" }), 0);
    } catch (reason) {
      form.report(toApiError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="bilan-export-title" class="card" id="bilan-export">
      <h2 id="bilan-export-title">Exporter le bilan {yearLabel(year)}</h2>
      <p class="hint">
        Chaque export fige les chiffres dans le dossier, avec sa date : vous verrez ensuite ce qui a changé depuis.
      </p>
      <form onSubmit={submit} noValidate id="bilan-export-form">
        <SelectField
          {...form.bind("format")} label="Format" class="bilan-format" value={format} options={FORMATS}
          hint={FORMAT_HINTS[format]} onValue={(v) => v && chooseFormat(v)}
        />
        <div class="field-with-button">
          <TextField {...form.bind("path")} label="Fichier d'export" value={path} onValue={setPath} class="grow" />
          <button type="button" id="bilan-export-browse" onClick={browse}>Parcourir…</button>
        </div>
        <ErrorBanner message={form.banner} id="bilan-export-error" />
        <div class="actions">
          <button type="submit" id="bilan-export-submit" class="primary" disabled={!!busy}>Exporter</button>
          <Busy message={busy} />
        </div>
        <Notice message={notice} id="bilan-export-notice" />
      </form>
    </section>
  );
}
