// Élèves: search as you type, sortable table, open a student.

import { useEffect, useState } from "preact/hooks";
import { studentsLeavers, studentsList, type Leaver, type StudentRow } from "../api";
import { isoToFr } from "../api/dates";
import { ErrorBanner, Notice } from "../components/feedback";
import { Checkbox } from "../components/fields";
import { useFocusOnMount, useSearch } from "../components/hooks";
import { SortableTable, type Column } from "../components/SortableTable";
import { deName, plural } from "../labels";
import type { Route, StudentSearch } from "./CaseShell";
import { LastImport } from "./LastImport";

interface Props {
  search: StudentSearch;
  onSearch: (search: StudentSearch) => void;
  readOnly: boolean;
  /** A message to show on arrival ("Import terminé : …"). */
  flash?: string;
  go: (route: Route) => void;
}

const COLUMNS: Column<StudentRow>[] = [
  {
    key: "lastName", label: "Nom", sortValue: (s) => s.lastName,
    render: (s) => (
      <>
        <span class="strong">{s.lastName}</span>
        {s.archived && <span class="badge badge-muted">archivé</span>}
      </>
    ),
  },
  { key: "firstName", label: "Prénom", sortValue: (s) => s.firstName },
  { key: "className", label: "Classe", sortValue: (s) => s.className },
  { key: "birthDate", label: "Date de naissance", sortValue: (s) => s.birthDate, render: (s) => isoToFr(s.birthDate) },
  { key: "ine", label: "INE", sortValue: (s) => s.ine ?? "" },
];

export function StudentsList({ search, onSearch, readOnly, flash, go }: Props) {
  const title = useFocusOnMount<HTMLHeadingElement>();
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<string | null>(flash ?? null);
  const { rows, error } = useSearch(studentsList, search.query, search.includeArchived, reload);
  const [leavers, setLeavers] = useState<Leaver[]>([]);
  useEffect(() => {
    studentsLeavers().then(setLeavers, () => setLeavers([]));
  }, [reload]);

  return (
    <section aria-labelledby="students-title">
      <div class="view-head">
        <h1 id="students-title" tabIndex={-1} ref={title}>Élèves</h1>
        {!readOnly && (
          <div class="actions">
            <button type="button" id="btn-import-students" onClick={() => go({ view: "students-import" })}>
              Importer la liste des élèves
            </button>
            <button type="button" id="btn-new-student" class="primary" onClick={() => go({ view: "student-new" })}>
              Nouvel élève
            </button>
          </div>
        )}
      </div>
      <Notice message={notice} id="students-notice" />
      {!readOnly && (
        <LastImport
          onUndone={() => {
            setNotice("Import annulé.");
            setReload((n) => n + 1);
          }}
        />
      )}
      {leavers.length > 0 && (
        <details class="card leavers" id="students-leavers">
          <summary>
            <span class="strong">Élèves sortis à suivre (devenir N+1)</span> — {plural(leavers.length, "élève")} sorti{leavers.length > 1 ? "s" : ""} cette année scolaire
          </summary>
          <p class="hint">Le chef d'établissement doit savoir ce que deviennent les élèves sortis l'année suivante. Les fiches restent dans le dossier.</p>
          <ul id="students-leavers-list">
            {leavers.map((l) => (
              <li key={l.id}>
                <button type="button" class="link" onClick={() => go({ view: "student", id: l.id })}>
                  {l.firstName} {l.lastName}
                </button>{" "}
                ({l.className}) — sorti·e le {isoToFr(l.exitDate)}{l.exitReason ? `, motif ${l.exitReason}` : ""}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div class="toolbar" role="search">
        <div class="field search">
          <label for="student-search">Rechercher un élève (nom ou prénom)</label>
          <input
            id="student-search"
            type="search"
            value={search.query}
            onInput={(e) => onSearch({ ...search, query: e.currentTarget.value })}
            autoComplete="off"
            spellcheck={false}
          />
        </div>
        <Checkbox
          id="student-archived"
          label="Afficher les élèves archivés"
          checked={search.includeArchived}
          onValue={(includeArchived) => onSearch({ ...search, includeArchived })}
        />
      </div>
      <ErrorBanner message={error} />
      <p class="count" id="students-count" role="status">
        {rows === null ? "Recherche…" : plural(rows.length, "élève")}
      </p>
      {rows && (
        <SortableTable
          id="students-table"
          caption="Liste des élèves"
          columns={COLUMNS}
          rows={rows}
          rowKey={(s) => s.id}
          onOpen={(s) => go({ view: "student", id: s.id })}
          rowTitle={(s) => `Ouvrir la fiche ${deName(`${s.firstName} ${s.lastName}`)}`}
          rowClass={(s) => (s.archived ? "archived" : "")}
          empty={search.query ? "Aucun élève ne correspond à cette recherche." : "Aucun élève pour l'instant."}
        />
      )}
    </section>
  );
}
