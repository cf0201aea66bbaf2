// Journal: every change made to the case file, newest first.

import { useEffect, useState } from "preact/hooks";
import { journalList, toApiError, type JournalEntry } from "../api";
import { formatDateTime } from "../api/dates";
import { ErrorBanner } from "../components/feedback";
import { useFocusOnMount } from "../components/hooks";
import { ENTITIES } from "../labels";

const LIMIT = 200;

export function Journal() {
  const [entries, setEntries] = useState<JournalEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    journalList(LIMIT).then(setEntries, (reason) => setError(toApiError(reason).message));
  }, []);

  return (
    <section aria-labelledby="journal-title">
      <h1 id="journal-title" tabIndex={-1} ref={title}>Journal</h1>
      <p class="lead">Toutes les modifications du dossier, des plus récentes aux plus anciennes ({LIMIT} au plus).</p>
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
              {entries.length === 0 && <tr class="empty"><td colSpan={4}>Le journal est vide.</td></tr>}
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
