// Journal: every change made to the case file, newest first, filtered by student, author, kind
// of record and dates.

import { useEffect, useState } from "preact/hooks";
import { journalFacets, journalSearch, toApiError, type JournalEntry, type JournalFacets } from "../api";
import { formatDateTime, frToIso } from "../api/dates";
import { ErrorBanner } from "../components/feedback";
import { DateField, SelectField, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount } from "../components/hooks";
import { ENTITIES } from "../labels";

const LIMIT = 200;

export function Journal() {
  const [entries, setEntries] = useState<JournalEntry[] | null>(null);
  const [facets, setFacets] = useState<JournalFacets>({ authors: [], entities: [] });
  const [student, setStudent] = useState("");
  const [author, setAuthor] = useState("");
  const [entity, setEntity] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  const form = useFormErrors("journal");
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    journalFacets().then(setFacets, () => undefined);
  }, []);

  // Filters apply as they change (the student's name after a short pause).
  useEffect(() => {
    let live = true;
    // A date filter applies once it is a whole date (jj/mm/aaaa); a wrong one is said under it.
    const asIso = (text: string, field: string): string | null | undefined => {
      const t = text.trim();
      if (t === "") return null;
      const iso = frToIso(t);
      if (iso) return iso;
      if (t.length >= 10) form.setFields({ [field]: "Date invalide : écrivez-la jj/mm/aaaa." });
      return undefined;
    };
    const timer = window.setTimeout(() => {
      form.clear();
      const fromIso = asIso(from, "from");
      const toIso = asIso(to, "to");
      if (fromIso === undefined || toIso === undefined) return;
      journalSearch({ student, author, entity, from: fromIso, to: toIso, limit: LIMIT }).then(
        (found) => {
          if (!live) return;
          setEntries(found);
          setError(null);
        },
        (reason) => {
          if (!live) return;
          const e = toApiError(reason);
          if (e.field) form.report(e);
          else setError(e.message);
        },
      );
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [student, author, entity, from, to]);

  const filtered = student !== "" || author !== "" || entity !== "" || from !== "" || to !== "";
  return (
    <section aria-labelledby="journal-title">
      <h1 id="journal-title" tabIndex={-1} ref={title}>Journal</h1>
      <p class="lead">Toutes les modifications du dossier, des plus récentes aux plus anciennes ({LIMIT} au plus).</p>
      <form class="journal-filters" id="journal-filters" onSubmit={(e) => e.preventDefault()} noValidate>
        <TextField {...form.bind("student")} label="Élève" value={student} onValue={setStudent} hint="Une partie du nom" />
        <SelectField
          {...form.bind("author")} label="Auteur" value={author} onValue={setAuthor}
          options={[["", "Tous"] as const, ...facets.authors.map((a) => [a, a] as const)]}
        />
        <SelectField
          {...form.bind("entity")} label="Objet" value={entity} onValue={setEntity}
          options={[["", "Tous"] as const, ...facets.entities.map((k) => [k, ENTITIES[k] ?? k] as const)]}
        />
        <DateField {...form.bind("from")} label="Du" value={from} onValue={setFrom} />
        <DateField {...form.bind("to")} label="Au" value={to} onValue={setTo} />
        {filtered && (
          <button
            type="button" id="journal-filters-clear" class="link"
            onClick={() => { setStudent(""); setAuthor(""); setEntity(""); setFrom(""); setTo(""); }}
          >
            Effacer les filtres
          </button>
        )}
      </form>
      <ErrorBanner message={error} />
      {entries === null && !error && <p role="status">Chargement…</p>}
      {entries && (
        <div class="table-wrap">
          <table class="data journal" id="journal-table">
            <caption class="visually-hidden">Journal des modifications</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Auteur</th>
                <th scope="col">Objet</th>
                <th scope="col">Résumé</th>
              </tr>
            </thead>
            <tbody>
              {entries.length === 0 && (
                <tr class="empty"><td colSpan={4}>{filtered ? "Aucune entrée ne répond à ces filtres." : "Le journal est vide."}</td></tr>
              )}
              {entries.map((entry) => (
                <tr key={entry.id} data-entity={entry.entity}>
                  <td class="nowrap"><time dateTime={entry.at}>{formatDateTime(entry.at)}</time></td>
                  <td>{entry.author}</td>
                  <td>
                    {ENTITIES[entry.entity] ?? entry.entity}
                    {entry.entityId !== null && <span class="muted"> n° {entry.entityId}</span>}
                  </td>
                  <td>
                    <p>{entry.summary}</p>
                    {entry.changes.length > 0 && (
                      <ul class="changes">
                        {entry.changes.map((c, i) => (
                          <li key={i}>
                            <span class="change-field">{c.field}</span> : <Value v={c.before} />
                            <span aria-hidden="true"> → </span><span class="visually-hidden"> devient </span>
                            <Value v={c.after} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Value({ v }: { v: string | null }) {
  return v === null || v === "" ? <span class="muted">(vide)</span> : <span class="change-value">{v}</span>;
}
