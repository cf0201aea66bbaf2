// Importer la liste des élèves: choose an export (SIECLE, Pronote, ONDE), see what it would
// change before anything does, then apply it in one go; the last import can be undone.

import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";
import {
  pickNomenclatureFile, pickResponsablesFile, pickRosterFile, rosterApply, rosterPreview, toApiError,
  type ApiError, type Change, type ImportCounts, type ImportPreview,
} from "../api";
import { isoToFr } from "../api/dates";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { IMPORT_COUNTS, importCountsText } from "../labels";
import { basename } from "../paths";
import type { Route } from "./CaseShell";
import { LastImport } from "./LastImport";

interface Props {
  go: (route: Route) => void;
}

/** The preview, with the files it was made from (applying uses exactly these). */
interface Shown {
  preview: ImportPreview;
  path: string;
  nomenclaturePath: string | null;
  responsablesPath: string | null;
}

/** What each count means, after its number ("12 nouveaux — à ajouter au dossier"). */
const MEANING: Record<keyof ImportCounts, string> = {
  new: "élèves à ajouter au dossier",
  updated: "fiches dont des informations changent",
  left: "élèves à marquer comme sortis (rien n'est effacé)",
  unchanged: "élèves déjà à jour",
  skipped: "lignes du fichier qui ne seront pas utilisées",
};

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

/**
 * A file the shell could not read comes back as an internal error naming the path, with the
 * operating system's (English) reason: say it in French, next to the field of that file.
 */
function fileProblem(error: ApiError, path: string, nomenclaturePath: string | null): { field: string; message: string } | null {
  const aboutNomenclature = nomenclaturePath !== null && error.message.includes(nomenclaturePath);
  if (error.code === "format") {
    return { field: aboutNomenclature && !error.message.includes(path) ? "nomenclaturePath" : "path", message: error.message };
  }
  if (error.code === "internal" && error.message.startsWith("Erreur d'accès au fichier")) {
    const field = aboutNomenclature ? "nomenclaturePath" : "path";
    const file = field === "path" ? path : nomenclaturePath!;
    return {
      field,
      message: `Impossible de lire le fichier ${basename(file)} : vérifiez le chemin, que le fichier existe et que vous pouvez l'ouvrir.`,
    };
  }
  return null;
}

export function ImportRoster({ go }: Props) {
  const [path, setPath] = useState("");
  const [nomenclaturePath, setNomenclaturePath] = useState("");
  const [responsablesPath, setResponsablesPath] = useState("");
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const form = useFormErrors("import");
  const title = useFocusOnMount<HTMLHeadingElement>();
  const previewTitle = useRef<HTMLHeadingElement>(null);

  // Another file means another preview: the one shown no longer says what would happen.
  const editPath = (value: string) => {
    setPath(value);
    setShown(null);
  };
  const editNomenclature = (value: string) => {
    setNomenclaturePath(value);
    setShown(null);
  };
  const editResponsables = (value: string) => {
    setResponsablesPath(value);
    setShown(null);
  };

  function report(reason: unknown, file: string, nomenclature: string | null) {
    const error = toApiError(reason);
    const problem = fileProblem(error, file, nomenclature);
    if (problem) form.setFields({ [problem.field]: problem.message });
    else form.setBanner(error.message);
  }

  async function browse(kind: "path" | "nomenclaturePath" | "responsablesPath") {
    form.clear();
    try {
      const pick = { path: pickRosterFile, nomenclaturePath: pickNomenclatureFile, responsablesPath: pickResponsablesFile }[kind];
      const edit = { path: editPath, nomenclaturePath: editNomenclature, responsablesPath: editResponsables }[kind];
      const picked = await pick();
      if (picked) edit(picked);
    } catch (reason) {
      form.setBanner(toApiError(reason).message);
    }
  }

  async function preview(e: Event) {
    e.preventDefault();
    if (busy) return;
    form.clear();
    setNotice(null);
    const file = path.trim();
    if (file === "") {
      form.setFields({ path: "Indiquez le fichier à importer (bouton « Parcourir… » ou chemin complet)." });
      return;
    }
    const nomenclature = orNull(nomenclaturePath);
    const responsables = orNull(responsablesPath);
    setShown(null);
    setBusy("Lecture du fichier…");
    try {
      const result = await rosterPreview(file, nomenclature, responsables);
      setShown({ preview: result, path: file, nomenclaturePath: nomenclature, responsablesPath: responsables });
      setTimeout(() => {
        previewTitle.current?.focus();
        previewTitle.current?.closest("section")?.scrollIntoView({ block: "start" });
      }, 0);
    } catch (reason) {
      report(reason, file, nomenclature);
    } finally {
      setBusy(null);
    }
  }

  async function apply() {
    if (!shown || busy) return;
    form.clear();
    setBusy("Import en cours…");
    try {
      const done = await rosterApply(shown.path, shown.nomenclaturePath, shown.responsablesPath);
      go({ view: "students", flash: `Import terminé (${done.fileName}) : ${importCountsText(done.counts)}.` });
    } catch (reason) {
      setBusy(null);
      report(reason, shown.path, shown.nomenclaturePath);
    }
  }

  const p = shown?.preview;
  const toApply = p ? p.counts.new + p.counts.updated + p.counts.left : 0;

  return (
    <section aria-labelledby="import-title" class="import">
      <p>
        <button type="button" class="link" id="btn-back-students" onClick={() => go({ view: "students" })} disabled={!!busy}>
          ← Liste des élèves
        </button>
      </p>
      <h1 id="import-title" tabIndex={-1} ref={title}>Importer la liste des élèves</h1>
      <Notice message={notice} id="import-notice" />

      <form class="card" id="import-form" onSubmit={preview} noValidate aria-labelledby="import-step1">
        <h2 id="import-step1">1. Choisir le fichier</h2>
        <div class="import-help" id="import-help">
          <p>Un export de la base élèves, tel quel :</p>
          <ul>
            <li>
              <span class="strong">SIECLE</span> : Base élèves établissement → Exportations → En XML → Élèves sans
              adresses (le fichier <span class="file">ExportXML_ElevesSansAdresses.zip</span>, inutile de le décompresser) ;
            </li>
            <li>
              <span class="strong">Pronote</span> : Fichier → Autres imports/exports → Exporter un fichier texte (liste des
              élèves, en gardant la ligne des titres de colonnes) ;
            </li>
            <li>
              <span class="strong">ONDE</span> (premier degré) : le fichier <span class="file">CSVExtraction.csv</span>.
            </li>
          </ul>
        </div>
        <div class="field-with-button">
          <TextField
            {...form.bind("path")} class="grow" label="Fichier d'export (SIECLE .xml ou .zip, Pronote ou ONDE .csv)"
            value={path} onValue={editPath} required disabled={!!busy}
          />
          <button type="button" id="btn-import-browse" onClick={() => browse("path")} disabled={!!busy}>
            Parcourir…<span class="visually-hidden"> (fichier d'export)</span>
          </button>
        </div>
        <div class="field-with-button">
          <TextField
            {...form.bind("nomenclaturePath")} class="grow" label="Nomenclature.xml (facultatif)"
            hint="Export SIECLE « Nomenclatures » : donne le libellé des formations (sinon, seul le code MEF est connu)."
            value={nomenclaturePath} onValue={editNomenclature} disabled={!!busy}
          />
          <button type="button" id="btn-import-browse-nomenclature" onClick={() => browse("nomenclaturePath")} disabled={!!busy}>
            Parcourir…<span class="visually-hidden"> (Nomenclature.xml)</span>
          </button>
        </div>
        <div class="field-with-button">
          <TextField
            {...form.bind("responsablesPath")} class="grow" label="ResponsablesAvecAdresses.xml (facultatif)"
            hint="Export SIECLE « Responsables avec adresses » : donne les responsables légaux (sinon, ceux du dossier ne changent pas)."
            value={responsablesPath} onValue={editResponsables} disabled={!!busy}
          />
          <button type="button" id="btn-import-browse-responsables" onClick={() => browse("responsablesPath")} disabled={!!busy}>
            Parcourir…<span class="visually-hidden"> (ResponsablesAvecAdresses.xml)</span>
          </button>
        </div>
        <ErrorBanner message={form.banner} id="import-error" />
        <div class="actions">
          <button type="submit" id="btn-import-preview" class={p ? "" : "primary"} disabled={!!busy}>
            Voir l'aperçu
          </button>
          {!p && <Busy message={busy} id="import-busy" />}
        </div>
      </form>

      {p && shown && (
        <section class="card" id="import-preview" aria-labelledby="import-step2">
          <h2 id="import-step2" tabIndex={-1} ref={previewTitle}>2. Vérifier l'aperçu</h2>
          <p class="import-source" id="import-source">
            <span class="strong">{p.source}</span> — fichier <span class="file">{p.fileName}</span>
            {shown.nomenclaturePath && <> (libellés : <span class="file">{basename(shown.nomenclaturePath)}</span>)</>}
          </p>
          {p.warnings.length > 0 && (
            <div role="alert" class="banner banner-warning" id="import-warnings">
              <p class="strong">À vérifier avant d'importer :</p>
              <ul>
                {p.warnings.map((w, i) => <li key={i}>{w}</li>)}
              </ul>
            </div>
          )}
          <p class="banner banner-note" id="import-nothing-yet">
            <span class="strong">Rien n'a encore été modifié.</span>{" "}
            {toApply > 0
              ? "Vérifiez ce que l'import ferait, puis cliquez sur « Importer »."
              : "Cet import ne changerait rien : le dossier est déjà à jour avec ce fichier."}
          </p>

          <ul class="import-counts" id="import-counts">
            {IMPORT_COUNTS.map(([key, words]) => (
              <CountRow key={key} kind={key} n={p.counts[key]} words={words(p.counts[key])} list={countList(p, key)} />
            ))}
          </ul>

          <div class="actions">
            {toApply > 0 && (
              <button type="button" id="btn-import-apply" class="primary" onClick={apply} disabled={!!busy}>
                Importer
              </button>
            )}
            <button type="button" id="btn-import-cancel" onClick={() => go({ view: "students" })} disabled={!!busy}>
              {toApply > 0 ? "Ne pas importer" : "Retour à la liste"}
            </button>
            <Busy message={busy} id="import-busy" />
          </div>
        </section>
      )}

      <LastImport
        refresh={refresh}
        disabled={!!busy}
        onUndone={() => {
          setShown(null);
          setNotice("Import annulé.");
          setRefresh((n) => n + 1);
        }}
      />
    </section>
  );
}

function CountRow({ kind, n, words, list }: { kind: string; n: number; words: string; list: ComponentChildren | null }) {
  const main = (
    <>
      <span class="count-main" id={`import-count-${kind}`} data-count={n}>
        <span class="count-n">{n}</span> {words.replace(/^\d+ /, "")}
      </span>{" "}
      <span class="count-meaning">— {MEANING[kind as keyof ImportCounts]}</span>
    </>
  );
  if (n === 0 || list === null) {
    return (
      <li class={`count-row count-plain count-${kind}${n === 0 ? " count-zero" : ""}`}>
        <span class="count-toggle" aria-hidden="true" />
        {main}
      </li>
    );
  }
  return (
    <li class={`count-row count-${kind}`}>
      <details id={`import-details-${kind}`}>
        <summary>
          <span class="count-toggle" aria-hidden="true" />
          {main} <span class="count-open">voir la liste</span><span class="count-close">masquer la liste</span>
        </summary>
        <div class="count-list">{list}</div>
      </details>
    </li>
  );
}

/** The list behind a count, or null when the preview has none (the unchanged students). */
function countList(p: ImportPreview, kind: keyof ImportCounts): ComponentChildren | null {
  switch (kind) {
    case "new":
      return (
        <table class="data compact" id="import-list-new">
          <caption class="visually-hidden">Élèves à ajouter</caption>
          <thead>
            <tr><th scope="col">Élève</th><th scope="col">Classe</th><th scope="col">Dans le fichier</th></tr>
          </thead>
          <tbody>
            {p.new.map((s, i) => (
              <tr key={i}><td class="strong">{s.name}</td><td>{s.className}</td><td class="muted">{s.location}</td></tr>
            ))}
          </tbody>
        </table>
      );
    case "updated":
      return (
        <ul class="import-list" id="import-list-updated">
          {p.updated.map((u) => (
            <li key={u.studentId}>
              <p class="strong">{u.name}</p>
              <ul class="changes">
                {u.changes.map((c, i) => (
                  <li key={`c${i}`}><ChangeText change={c} /></li>
                ))}
                {u.conflicts.map((c, i) => (
                  <li key={`k${i}`} class="conflict">
                    <span class="change-field">{c.field}</span> : <span class="change-value">{valueText(c.before)}</span>{" "}
                    — <span class="conflict-mark">modifié dans Accroche : gardé</span> (le fichier indique{" "}
                    <span class="change-value">{valueText(c.after)}</span>)
                  </li>
                ))}
                {u.changes.length === 0 && u.conflicts.length === 0 && <li>de retour dans l'établissement</li>}
              </ul>
            </li>
          ))}
        </ul>
      );
    case "left":
      return (
        <ul class="import-list" id="import-list-left">
          {p.left.map((l) => (
            <li key={l.studentId}>
              <span class="strong">{l.name}</span> — sorti le {isoToFr(l.exitDate)} <span class="muted">({l.reason})</span>
            </li>
          ))}
        </ul>
      );
    case "skipped":
      return (
        <table class="data compact" id="import-list-skipped">
          <caption class="visually-hidden">Lignes ignorées et pourquoi</caption>
          <thead>
            <tr><th scope="col">Dans le fichier</th><th scope="col">Élève</th><th scope="col">Raison</th></tr>
          </thead>
          <tbody>
            {p.skipped.map((s, i) => (
              <tr key={i}>
                <td class="muted">{s.location}</td>
                <td>{s.name || <span class="muted">—</span>}</td>
                <td>{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case "unchanged":
      return null;
  }
}

function valueText(value: string | null): string {
  return value === null || value === "" ? "(vide)" : value;
}

function ChangeText({ change }: { change: Change }) {
  return (
    <>
      <span class="change-field">{change.field}</span> : <span class="change-value">{valueText(change.before)}</span> →{" "}
      <span class="change-value">{valueText(change.after)}</span>
    </>
  );
}
