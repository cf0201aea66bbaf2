// Partenaires: outside services and their contact people.

import { useEffect, useState } from "preact/hooks";
import {
  partnerCreate, partnerGet, partnerSetArchived, partnerUpdate, partnersList, toApiError,
  type Contact, type Partner, type PartnerKind,
} from "../api";
import { Busy, ErrorBanner, Notice } from "../components/feedback";
import { Checkbox, RequiredNote, SelectField, TextArea, TextField, useFormErrors } from "../components/fields";
import { useFocusOnMount, useSearch } from "../components/hooks";
import { ConfirmDialog } from "../components/Modal";
import { SortableTable, type Column } from "../components/SortableTable";
import { PARTNER_KINDS, labelOf, plural } from "../labels";

const COLUMNS: Column<Partner>[] = [
  {
    key: "name", label: "Nom", sortValue: (p) => p.name,
    render: (p) => <><span class="strong">{p.name}</span>{p.archived && <span class="badge badge-muted">archivé</span>}</>,
  },
  { key: "kind", label: "Type", sortValue: (p) => labelOf(PARTNER_KINDS, p.kind) },
  { key: "phone", label: "Téléphone", sortValue: (p) => p.phone },
  { key: "contacts", label: "Nombre de contacts", sortValue: (p) => p.contacts.length },
];

export function PartnersSection({ readOnly, openId }: { readOnly: boolean; openId?: number }) {
  const [query, setQuery] = useState("");
  const [includeArchived, setIncludeArchived] = useState(false);
  const [editing, setEditing] = useState<number | "new" | null>(openId ?? null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const { rows, error } = useSearch(partnersList, query, includeArchived, reload);

  if (editing !== null) {
    return (
      <PartnerForm
        id={editing === "new" ? null : editing}
        readOnly={readOnly}
        onDone={(message) => {
          setEditing(null);
          setNotice(message);
          setReload((n) => n + 1);
        }}
      />
    );
  }
  return <PartnerList {...{ query, setQuery, includeArchived, setIncludeArchived, rows, error, notice, readOnly }} onOpen={setEditing} />;
}

interface ListProps {
  query: string;
  setQuery: (q: string) => void;
  includeArchived: boolean;
  setIncludeArchived: (v: boolean) => void;
  rows: Partner[] | null;
  error: string | null;
  notice: string | null;
  readOnly: boolean;
  onOpen: (id: number | "new") => void;
}

function PartnerList(p: ListProps) {
  const title = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section aria-labelledby="partners-title">
      <div class="view-head">
        <h1 id="partners-title" tabIndex={-1} ref={title}>Partenaires</h1>
        {!p.readOnly && <button type="button" id="btn-new-partner" class="primary" onClick={() => p.onOpen("new")}>Nouveau partenaire</button>}
      </div>
      <Notice message={p.notice} id="partner-notice" />
      <div class="toolbar" role="search">
        <div class="field search">
          <label for="partner-search">Rechercher un partenaire</label>
          <input id="partner-search" type="search" value={p.query} onInput={(e) => p.setQuery(e.currentTarget.value)} autoComplete="off" spellcheck={false} />
        </div>
        <Checkbox id="partner-archived" label="Afficher les partenaires archivés" checked={p.includeArchived} onValue={p.setIncludeArchived} />
      </div>
      <ErrorBanner message={p.error} />
      <p class="count" id="partners-count" role="status">{p.rows === null ? "Recherche…" : plural(p.rows.length, "partenaire")}</p>
      {p.rows && (
        <SortableTable
          id="partners-table" caption="Liste des partenaires" columns={COLUMNS} rows={p.rows} rowKey={(x) => x.id}
          onOpen={(x) => p.onOpen(x.id)} rowTitle={(x) => `${p.readOnly ? "Voir" : "Modifier"} ${x.name}`}
          rowClass={(x) => (x.archived ? "archived" : "")} empty="Aucun partenaire à afficher."
        />
      )}
    </section>
  );
}

interface Draft {
  name: string; kind: PartnerKind | ""; address: string; phone: string; email: string; contacts: Contact[];
}
const EMPTY: Draft = { name: "", kind: "", address: "", phone: "", email: "", contacts: [] };
const EMPTY_CONTACT: Contact = { lastName: "", firstName: "", function: "", phone: "", email: "" };

function PartnerForm({ id, readOnly, onDone }: { id: number | null; readOnly: boolean; onDone: (notice: string | null) => void }) {
  const [partner, setPartner] = useState<Partner | null>(null);
  const [d, setD] = useState<Draft | null>(id === null ? EMPTY : null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const form = useFormErrors("partner");
  const title = useFocusOnMount<HTMLHeadingElement>();

  useEffect(() => {
    if (id === null) return;
    partnerGet(id).then(
      (p) => {
        setPartner(p);
        setD({ name: p.name, kind: p.kind, address: p.address, phone: p.phone, email: p.email, contacts: p.contacts.map((c) => ({ ...c })) });
      },
      (reason) => setLoadError(toApiError(reason).message),
    );
  }, [id]);

  const back = <p><button type="button" class="link" onClick={() => onDone(null)}>← Liste des partenaires</button></p>;
  if (!d) {
    return (
      <section>
        {back}
        <h1 tabIndex={-1} ref={title}>Partenaire</h1>
        {loadError ? <ErrorBanner message={loadError} /> : <p role="status">Chargement…</p>}
      </section>
    );
  }

  const draft = d;
  const set = <K extends keyof Draft>(key: K) => (v: Draft[K]) => setD({ ...draft, [key]: v });
  const setContact = (i: number, patch: Partial<Contact>) =>
    setD({ ...draft, contacts: draft.contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  function addContact() {
    const index = draft.contacts.length;
    setD({ ...draft, contacts: [...draft.contacts, { ...EMPTY_CONTACT }] });
    setTimeout(() => document.getElementById(`partner-contacts-${index}-lastName`)?.focus(), 0);
  }
  function removeContact(i: number) {
    setD({ ...draft, contacts: draft.contacts.filter((_, j) => j !== i) });
    setTimeout(() => document.getElementById("btn-add-contact")?.focus(), 0);
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || readOnly) return;
    form.clear();
    if (draft.kind === "") {
      form.setFields({ kind: "Choisissez le type de partenaire." });
      return;
    }
    const trim = (c: Contact): Contact => ({
      lastName: c.lastName.trim(), firstName: c.firstName.trim(), function: c.function.trim(), phone: c.phone.trim(), email: c.email.trim(),
    });
    const input = {
      name: draft.name.trim(), kind: draft.kind, address: draft.address.trim(), phone: draft.phone.trim(),
      email: draft.email.trim(), contacts: draft.contacts.map(trim),
    };
    setBusy("Enregistrement…");
    try {
      if (id === null) await partnerCreate(input);
      else await partnerUpdate(id, input);
      onDone("Enregistré.");
    } catch (reason) {
      setBusy(null);
      form.report(toApiError(reason));
    }
  }

  return (
    <section aria-labelledby="partner-form-title">
      {back}
      <h1 id="partner-form-title" tabIndex={-1} ref={title}>
        {partner ? partner.name : "Nouveau partenaire"}
        {partner?.archived && <span class="badge badge-muted">archivé</span>}
      </h1>
      <form class="card" id="partner-form" onSubmit={submit} noValidate>
        <fieldset disabled={readOnly} class="plain">
          {!readOnly && <RequiredNote />}
          <div class="grid-2">
            <TextField {...form.bind("name")} label="Nom" value={draft.name} onValue={set("name")} required />
            <SelectField {...form.bind("kind")} label="Type" value={draft.kind} options={PARTNER_KINDS} empty="Choisir…" onValue={set("kind")} required />
          </div>
          <TextArea {...form.bind("address")} label="Adresse" value={draft.address} onValue={set("address")} rows={2} />
          <div class="grid-2">
            <TextField {...form.bind("phone")} label="Téléphone" type="tel" value={draft.phone} onValue={set("phone")} />
            <TextField {...form.bind("email")} label="Courriel" type="email" value={draft.email} onValue={set("email")} />
          </div>
          <fieldset>
            <legend>Personnes contacts</legend>
            {draft.contacts.length === 0 && <p class="muted">Aucune personne contact.</p>}
            {draft.contacts.map((c, i) => (
              <fieldset class="sub" key={i} id={`partner-contact-${i}`}>
                <legend>Contact {i + 1}</legend>
                <div class="grid-3">
                  <TextField {...form.bind(`contacts[${i}].lastName`)} label="Nom" value={c.lastName} onValue={(v) => setContact(i, { lastName: v })} />
                  <TextField {...form.bind(`contacts[${i}].firstName`)} label="Prénom" value={c.firstName} onValue={(v) => setContact(i, { firstName: v })} />
                  <TextField {...form.bind(`contacts[${i}].function`)} label="Fonction" value={c.function} onValue={(v) => setContact(i, { function: v })} />
                  <TextField {...form.bind(`contacts[${i}].phone`)} label="Téléphone" type="tel" value={c.phone} onValue={(v) => setContact(i, { phone: v })} />
                  <TextField {...form.bind(`contacts[${i}].email`)} label="Courriel" type="email" value={c.email} onValue={(v) => setContact(i, { email: v })} />
                </div>
                {!readOnly && (
                  <button type="button" class="link danger-link" id={`btn-remove-contact-${i}`} onClick={() => removeContact(i)}>
                    Retirer<span class="visually-hidden"> le contact {i + 1}</span>
                  </button>
                )}
              </fieldset>
            ))}
            {!readOnly && <button type="button" id="btn-add-contact" onClick={addContact}>Ajouter une personne contact</button>}
          </fieldset>
        </fieldset>
        <ErrorBanner message={form.banner} id="partner-error" />
        {!readOnly && (
          <div class="actions">
            <button type="submit" id="partner-submit" class="primary" disabled={!!busy}>Enregistrer</button>
            <button type="button" onClick={() => onDone(null)} disabled={!!busy}>Annuler</button>
            {partner && (
              <button type="button" id="btn-archive-partner" class="push-right" onClick={() => setConfirming(true)} disabled={!!busy}>
                {partner.archived ? "Désarchiver" : "Archiver"}
              </button>
            )}
            <Busy message={busy} />
          </div>
        )}
      </form>
      {confirming && partner && (
        <ConfirmDialog
          id="confirm-archive-partner"
          title={partner.archived ? "Désarchiver ce partenaire ?" : "Archiver ce partenaire ?"}
          confirmLabel={partner.archived ? "Désarchiver" : "Archiver"}
          busyLabel="Enregistrement…"
          onConfirm={async () => {
            await partnerSetArchived(partner.id, !partner.archived);
            onDone(partner.archived ? "Désarchivé." : "Archivé.");
          }}
          onClose={() => setConfirming(false)}
        >
          <p>
            {partner.archived
              ? `${partner.name} réapparaîtra dans la liste des partenaires.`
              : `${partner.name} n'apparaîtra plus dans la liste, sauf en affichant les partenaires archivés. Rien n'est effacé.`}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
