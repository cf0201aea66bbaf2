// The establishment's fields, shared by "Créer un dossier" and "Paramètres".

import { useState } from "preact/hooks";
import { pickLogo, toApiError, type Establishment, type EstablishmentInput, type EstablishmentKind } from "../api";
import { SelectField, TextArea, TextField, type FormErrors } from "../components/fields";
import { ESTABLISHMENT_KINDS, schoolYearLabel } from "../labels";
import { basename } from "../paths";

export interface EstablishmentDraft {
  uai: string;
  name: string;
  kind: EstablishmentKind | "";
  academie: string;
  address: string;
  headName: string;
  referentName: string;
  schoolYearStart: number;
}

export function emptyEstablishment(schoolYearStart: number): EstablishmentDraft {
  return { uai: "", name: "", kind: "", academie: "", address: "", headName: "", referentName: "", schoolYearStart };
}

export function draftOf(e: Establishment): EstablishmentDraft {
  return {
    uai: e.uai, name: e.name, kind: e.kind, academie: e.academie, address: e.address,
    headName: e.headName, referentName: e.referentName, schoolYearStart: e.schoolYearStart,
  };
}

/** Checks what the UI can check alone; returns field errors, or the input to send. */
export function toEstablishmentInput(d: EstablishmentDraft): EstablishmentInput | Record<string, string> {
  if (d.kind === "") return { kind: "Choisissez le type d'établissement." };
  return {
    uai: d.uai.trim().toUpperCase(), name: d.name.trim(), kind: d.kind, academie: d.academie.trim(),
    address: d.address.trim(), headName: d.headName.trim(), referentName: d.referentName.trim(),
    schoolYearStart: d.schoolYearStart,
  };
}

export function isInput(x: EstablishmentInput | Record<string, string>): x is EstablishmentInput {
  return typeof (x as EstablishmentInput).schoolYearStart === "number";
}

interface Props {
  value: EstablishmentDraft;
  onChange: (next: EstablishmentDraft) => void;
  form: FormErrors;
  suggestedYear: number;
  disabled?: boolean;
}

export function EstablishmentFields({ value, onChange, form, suggestedYear, disabled }: Props) {
  const set = <K extends keyof EstablishmentDraft>(key: K) => (v: EstablishmentDraft[K]) => onChange({ ...value, [key]: v });
  const years = [suggestedYear - 2, suggestedYear - 1, suggestedYear, suggestedYear + 1];
  if (!years.includes(value.schoolYearStart)) years.push(value.schoolYearStart);
  years.sort((a, b) => a - b);
  const yearOptions = years.map((y) => [String(y), schoolYearLabel(y)] as const);

  return (
    <>
      <div class="grid-2">
        <TextField
          {...form.bind("uai")} label="UAI (code de l'établissement)" value={value.uai} onValue={set("uai")}
          hint="7 chiffres et une lettre, ex. 0750654D" maxLength={8} required disabled={disabled}
        />
        <SelectField
          {...form.bind("kind")} label="Type d'établissement" value={value.kind} options={ESTABLISHMENT_KINDS}
          onValue={set("kind")} empty="Choisir…" required disabled={disabled}
        />
      </div>
      <TextField {...form.bind("name")} label="Nom de l'établissement" value={value.name} onValue={set("name")} required disabled={disabled} spellcheck />
      <div class="grid-2">
        <TextField {...form.bind("academie")} label="Académie" value={value.academie} onValue={set("academie")} required disabled={disabled} />
        <SelectField
          {...form.bind("schoolYearStart")} label="Année scolaire" value={String(value.schoolYearStart)}
          options={yearOptions} onValue={(v) => onChange({ ...value, schoolYearStart: Number(v) })} disabled={disabled}
        />
      </div>
      <TextArea {...form.bind("address")} label="Adresse" value={value.address} onValue={set("address")} rows={3} disabled={disabled} />
      <div class="grid-2">
        <TextField {...form.bind("headName")} label="Chef d'établissement" value={value.headName} onValue={set("headName")} required disabled={disabled} />
        <TextField {...form.bind("referentName")} label="Référent décrochage" value={value.referentName} onValue={set("referentName")} required disabled={disabled} />
      </div>
    </>
  );
}

interface LogoProps {
  id: string;
  path: string | null;
  onPath: (path: string | null) => void;
  form: FormErrors;
  /** Shown when no new logo is chosen (e.g. "Un logo est enregistré."). */
  current?: string;
  disabled?: boolean;
}

/** "Logo (facultatif)": a native image picker; the chosen file can be removed before saving. */
export function LogoField({ id, path, onPath, form, current, disabled }: LogoProps) {
  const [error, setError] = useState<string | null>(null);
  const bound = form.bind("logo");
  const message = bound.error ?? error;
  async function choose() {
    setError(null);
    try {
      const picked = await pickLogo();
      if (picked) onPath(picked);
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  }
  return (
    <div class="field" role="group" aria-labelledby={`${id}-label`}>
      <p class="label" id={`${id}-label`}>Logo <span class="muted">(facultatif, PNG ou JPEG)</span></p>
      <div class="logo-row">
        <button type="button" id={bound.id} onClick={choose} disabled={disabled} aria-describedby={`${id}-chosen${message ? ` ${id}-error` : ""}`}>
          Choisir une image…
        </button>
        <span id={`${id}-chosen`} class="muted">
          {path ? basename(path) : current ?? "Aucune image choisie."}
        </span>
        {path && (
          <button type="button" class="link" id={`${id}-remove`} onClick={() => onPath(null)} disabled={disabled}>
            Retirer<span class="visually-hidden"> l'image {basename(path)}</span>
          </button>
        )}
      </div>
      {message && <p id={`${id}-error`} class="field-error"><span aria-hidden="true">⚠ </span>{message}</p>}
    </div>
  );
}
