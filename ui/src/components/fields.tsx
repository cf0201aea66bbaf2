// Labelled form fields. Each input has a <label for>, an optional hint, and its error right
// below it, wired with aria-describedby and aria-invalid.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { ApiError } from "../api";
import { DATE_HINT } from "../api/dates";
import type { Options } from "../labels";

/** DOM id of a form input from the contract's field name: "legalReps[0].email" → "student-legalReps-0-email". */
export function fieldId(prefix: string, field: string): string {
  return `${prefix}-${field.replace(/[[\].]+/g, "-").replace(/-+$/, "")}`;
}

export interface FormErrors {
  /** Props for a field: its DOM id and current error. */
  bind(field: string): { id: string; error?: string };
  errors: Record<string, string>;
  banner: string | null;
  /** Shows an error next to its field when the form has it, otherwise in the banner. */
  report(error: ApiError): void;
  /** Sets field errors found by the UI itself and focuses the first one. */
  setFields(errors: Record<string, string>): void;
  setBanner(message: string | null): void;
  clear(): void;
}

export function useFormErrors(prefix: string): FormErrors {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);

  function focusField(field: string) {
    // After the re-render that shows the error, so aria-describedby already points at it.
    setTimeout(() => {
      const input = document.getElementById(fieldId(prefix, field));
      input?.focus();
      // Bring the label and the message into view too, not just the input.
      input?.closest(".field")?.scrollIntoView({ block: "center" });
    }, 0);
  }

  return {
    errors,
    banner,
    bind: (field) => ({ id: fieldId(prefix, field), error: errors[field] }),
    report(error) {
      if (error.code === "validation" && error.field && document.getElementById(fieldId(prefix, error.field))) {
        setErrors({ [error.field]: error.message });
        setBanner(null);
        focusField(error.field);
      } else {
        setErrors({});
        setBanner(error.message);
      }
    },
    setFields(next) {
      setErrors(next);
      const first = Object.keys(next)[0];
      if (first) focusField(first);
    },
    setBanner,
    clear() {
      setErrors({});
      setBanner(null);
    },
  };
}

interface FieldShellProps {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
  class?: string;
  children: ComponentChildren;
}

function FieldShell({ id, label, hint, error, required, children, class: cls }: FieldShellProps) {
  return (
    <div class={`field${error ? " field-invalid" : ""}${cls ? ` ${cls}` : ""}`}>
      <label for={id}>
        {label}
        {required && <span class="required" aria-hidden="true"> *</span>}
      </label>
      {children}
      {hint && <p id={`${id}-hint`} class="hint">{hint}</p>}
      {error && (
        <p id={`${id}-error`} class="field-error">
          <span aria-hidden="true">⚠ </span>{error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

interface InputProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
  type?: "text" | "email" | "tel" | "password";
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "tel" | "email";
  maxLength?: number;
  disabled?: boolean;
  class?: string;
  spellcheck?: boolean;
}

export function TextField(p: InputProps) {
  return (
    <FieldShell id={p.id} label={p.label} hint={p.hint} error={p.error} required={p.required} class={p.class}>
      <input
        id={p.id}
        name={p.id}
        // The union of input types does not narrow to one of Preact's per-type attribute sets.
        type={(p.type ?? "text") as "text"}
        value={p.value}
        onInput={(e) => p.onValue(e.currentTarget.value)}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        aria-invalid={p.error ? "true" : undefined}
        aria-required={p.required ? "true" : undefined}
        autoComplete={p.autoComplete ?? "off"}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        disabled={p.disabled}
        spellcheck={p.spellcheck ?? false}
      />
    </FieldShell>
  );
}

export function DateField(p: Omit<InputProps, "type" | "inputMode" | "hint"> & { hint?: string }) {
  return <TextField {...p} hint={p.hint ?? DATE_HINT} inputMode="numeric" maxLength={10} />;
}

export function TextArea(p: Omit<InputProps, "type" | "inputMode"> & { rows?: number }) {
  return (
    <FieldShell id={p.id} label={p.label} hint={p.hint} error={p.error} required={p.required} class={p.class}>
      <textarea
        id={p.id}
        name={p.id}
        rows={p.rows ?? 3}
        value={p.value}
        onInput={(e) => p.onValue(e.currentTarget.value)}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        aria-invalid={p.error ? "true" : undefined}
        aria-required={p.required ? "true" : undefined}
        disabled={p.disabled}
      />
    </FieldShell>
  );
}

interface SelectProps<T extends string> {
  id: string;
  label: string;
  value: T | "";
  options: Options<T>;
  onValue: (value: T | "") => void;
  /** Label of an empty first choice (e.g. "—"); none when absent. */
  empty?: string;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  class?: string;
}

export function SelectField<T extends string>(p: SelectProps<T>) {
  return (
    <FieldShell id={p.id} label={p.label} hint={p.hint} error={p.error} required={p.required} class={p.class}>
      <select
        id={p.id}
        name={p.id}
        value={p.value}
        onChange={(e) => p.onValue(e.currentTarget.value as T | "")}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        aria-invalid={p.error ? "true" : undefined}
        aria-required={p.required ? "true" : undefined}
        disabled={p.disabled}
      >
        {p.empty !== undefined && <option value="">{p.empty}</option>}
        {p.options.map(([value, label]) => (
          <option key={value} value={value}>{label}</option>
        ))}
      </select>
    </FieldShell>
  );
}

export function Checkbox(p: { id: string; label: string; checked: boolean; onValue: (v: boolean) => void }) {
  return (
    <div class="checkbox">
      <input id={p.id} type="checkbox" checked={p.checked} onChange={(e) => p.onValue(e.currentTarget.checked)} />
      <label for={p.id}>{p.label}</label>
    </div>
  );
}

export function RequiredNote() {
  return <p class="hint required-note">Les champs marqués d'un astérisque (*) sont obligatoires.</p>;
}
