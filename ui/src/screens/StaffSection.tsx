// Personnels: the school's staff the référent works with.

import { useState } from "preact/hooks";
import {
  staffCreate, staffList, staffSetArchived, staffUpdate, toApiError,
  type Staff, type StaffRole,
} from "../api";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { Checkbox, RequiredNote, SelectField, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount, useSearch } from "../components/hooks";
import { ConfirmDialog } from "../components/Modal";
import { SortableTable, type Column } from "../components/SortableTable";
import { STAFF_ROLES, labelOf, plural } from "../labels";

const COLUMNS: Column<Staff>[] = [
  {
    key: "lastName", label: "Nom", sortValue: (s) => s.lastName,
    render: (s) => <><span class="strong">{s.lastName}</span>{s.archived && <span class="badge badge-muted">archivé</span>}</>,
  },
  { key: "firstName", label: "Prénom", sortValue: (s) => s.firstName },
  { key: "role", label: "Fonction", sortValue: (s) => labelOf(STAFF_ROLES, s.role) },
  { key: "email", label: "Courriel", sortValue: (s) => s.email },
  { key: "phone", label: "Téléphone", sortValue: (s) => s.phone },
];

export function StaffSection({ readOnly }: { readOnly: boolean }) {
  const [query, setQuery] = useState("");
  const [includeArchived, setIncludeArchived] = useState(false);
  const [editing, setEditing] = useState<Staff | "new" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const { rows, error } = useSearch(staffList, query, includeArchived, reload);

  if (editing) {
    return (
      <StaffForm
        staff={editing === "new" ? null : editing}
        readOnly={readOnly}
        onDone={(message) => {
          setEditing(null);
          setNotice(message);
          setReload((n) => n + 1);
        }}
      />
    );
  }
  return <StaffList {...{ query, setQuery, includeArchived, setIncludeArchived, rows, error, notice, readOnly }} onOpen={setEditing} />;
}

interface ListProps {
  query: string;
  setQuery: (q: string) => void;
  includeArchived: boolean;
  setIncludeArchived: (v: boolean) => void;
  rows: Staff[] | null;
  error: string | null;
  notice: string | null;
  readOnly: boolean;
  onOpen: (s: Staff | "new") => void;
}

function StaffList(p: ListProps) {
  const title = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section aria-labelledby="staff-title">
      <div class="view-head">
        <h1 id="staff-title" tabIndex={-1} ref={title}>Personnels</h1>
        {!p.readOnly && <button type="button" id="btn-new-staff" class="primary" onClick={() => p.onOpen("new")}>Nouveau membre du personnel</button>}
      </div>
      <Notice message={p.notice} id="staff-notice" />
      <div class="toolbar" role="search">
        <div class="field search">
          <label for="staff-search">Rechercher un membre du personnel (nom ou prénom)</label>
          <input id="staff-search" type="search" value={p.query} onInput={(e) => p.setQuery(e.currentTarget.value)} autoComplete="off" spellcheck={false} />
        </div>
        <Checkbox id="staff-archived" label="Afficher les personnes archivées" checked={p.includeArchived} onValue={p.setIncludeArchived} />
      </div>
      <ErrorBanner message={p.error} />
      <p class="count" id="staff-count" role="status">{p.rows === null ? "Recherche…" : plural(p.rows.length, "personne")}</p>
      {p.rows && (
        <SortableTable
          id="staff-table" caption="Liste des personnels" columns={COLUMNS} rows={p.rows} rowKey={(s) => s.id}
          onOpen={p.onOpen} rowTitle={(s) => `${p.readOnly ? "Voir" : "Modifier"} ${s.firstName} ${s.lastName}`}
          rowClass={(s) => (s.archived ? "archived" : "")} empty="Aucune personne à afficher."
        />
      )}
    </section>
  );
}

function StaffForm({ staff, readOnly, onDone }: { staff: Staff | null; readOnly: boolean; onDone: (notice: string | null) => void }) {
  const [d, setD] = useState({
    lastName: staff?.lastName ?? "", firstName: staff?.firstName ?? "",
    role: (staff?.role ?? "") as StaffRole | "", email: staff?.email ?? "", phone: staff?.phone ?? "",
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const form = useFormErrors("staff");
  const title = useFocusOnMount<HTMLHeadingElement>();
  const set = <K extends keyof typeof d>(key: K) => (v: (typeof d)[K]) => setD({ ...d, [key]: v });

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || readOnly) return;
    form.clear();
    if (d.role === "") {
      form.setFields({ role: "Choisissez la fonction." });
      return;
    }
    const input = { lastName: d.lastName.trim(), firstName: d.firstName.trim(), role: d.role, email: d.email.trim(), phone: d.phone.trim() };
    setBusy("Enregistrement…");
    try {
      if (staff) await staffUpdate(staff.id, input);
      else await staffCreate(input);
      onDone("Enregistré.");
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  const heading = staff ? `${staff.firstName} ${staff.lastName}` : "Nouveau membre du personnel";
  return (
    <section aria-labelledby="staff-form-title">
      <p><button type="button" class="link" onClick={() => onDone(null)}>← Liste des personnels</button></p>
      <h1 id="staff-form-title" tabIndex={-1} ref={title}>
        {heading}{staff?.archived && <span class="badge badge-muted">archivé</span>}
      </h1>
      <form class="card narrow-form" id="staff-form" onSubmit={submit} noValidate>
        <fieldset disabled={readOnly} class="plain">
          {!readOnly && <RequiredNote />}
          <div class="grid-2">
            <TextField {...form.bind("lastName")} label="Nom" value={d.lastName} onValue={set("lastName")} required />
            <TextField {...form.bind("firstName")} label="Prénom" value={d.firstName} onValue={set("firstName")} required />
          </div>
          <SelectField {...form.bind("role")} label="Fonction" value={d.role} options={STAFF_ROLES} empty="Choisir…" onValue={set("role")} required />
          <div class="grid-2">
            <TextField {...form.bind("email")} label="Courriel" type="email" value={d.email} onValue={set("email")} />
            <TextField {...form.bind("phone")} label="Téléphone" type="tel" value={d.phone} onValue={set("phone")} />
          </div>
        </fieldset>
        <ErrorBanner message={form.banner} id="staff-error" />
        {!readOnly && (
          <div class="actions">
            <button type="submit" id="staff-submit" class="primary" disabled={!!busy}>Enregistrer</button>
            <button type="button" onClick={() => onDone(null)} disabled={!!busy}>Annuler</button>
            {staff && (
              <button type="button" id="btn-archive-staff" class="push-right" onClick={() => setConfirming(true)} disabled={!!busy}>
                {staff.archived ? "Désarchiver" : "Archiver"}
              </button>
            )}
            <Busy message={busy} />
          </div>
        )}
      </form>
      {confirming && staff && (
        <ConfirmDialog
          id="confirm-archive-staff"
          title={staff.archived ? "Désarchiver cette personne ?" : "Archiver cette personne ?"}
          confirmLabel={staff.archived ? "Désarchiver" : "Archiver"}
          busyLabel="Enregistrement…"
          onConfirm={async () => {
            await staffSetArchived(staff.id, !staff.archived);
            onDone(staff.archived ? "Désarchivé." : "Archivé.");
          }}
          onClose={() => setConfirming(false)}
        >
          <p>
            {staff.archived
              ? `${staff.firstName} ${staff.lastName} réapparaîtra dans la liste des personnels.`
              : `${staff.firstName} ${staff.lastName} n'apparaîtra plus dans la liste, sauf en affichant les personnes archivées. Rien n'est effacé.`}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
