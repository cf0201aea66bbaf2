// Every rejection from the shell goes through `toApiError`, so the screens only ever see
// `{ code, message, field }` with a French message they can show as is.

export type ErrorCode =
  | "validation"
  | "confirm"
  | "not_found"
  | "conflict"
  | "locked"
  | "wrong_passphrase"
  | "newer_schema"
  | "corrupt"
  | "read_only"
  | "format"
  | "no_case_file"
  | "internal";

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** The input the error is about (camelCase, e.g. "birthDate", "legalReps[0].email"), if any. */
  field: string | null;
  /** Technical details for support (e.g. SQLite's integrity report), shown folded, if any. */
  detail?: string | null;
}

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "validation", "confirm", "not_found", "conflict", "locked", "wrong_passphrase",
  "newer_schema", "corrupt", "read_only", "format", "no_case_file", "internal",
]);

const FALLBACK = "Une erreur inattendue s'est produite. Réessayez ; si elle persiste, fermez et rouvrez Accroche.";

/** Builds an error raised by the UI itself (e.g. an unparseable date), shaped like the shell's. */
export function uiError(message: string, field: string | null = null): ApiError {
  return { code: field ? "validation" : "internal", message, field };
}

/** Normalises whatever `invoke` (or our own code) rejected with. Idempotent. */
export function toApiError(reason: unknown): ApiError {
  if (reason && typeof reason === "object") {
    const r = reason as Record<string, unknown>;
    const message = typeof r.message === "string" && r.message.trim() !== "" ? r.message : null;
    if (typeof r.code === "string" && message) {
      const code = (CODES.has(r.code) ? r.code : "internal") as ErrorCode;
      const detail = typeof r.detail === "string" && r.detail.trim() !== "" ? r.detail : null;
      return { code, message, field: normaliseField(r.field), detail };
    }
    if (reason instanceof Error) {
      console.error(reason);
      return { code: "internal", message: FALLBACK, field: null };
    }
  }
  if (typeof reason === "string" && reason.trim() !== "") {
    // Tauri itself rejects with a bare (English) string, e.g. for an unknown command.
    console.error(reason);
    return { code: "internal", message: `${FALLBACK} (${reason})`, field: null };
  }
  console.error(reason);
  return { code: "internal", message: FALLBACK, field: null };
}

/** "input.legalReps[0].email" → "legalReps[0].email"; "" → null. */
function normaliseField(field: unknown): string | null {
  if (typeof field !== "string" || field === "") return null;
  return field.replace(/^(input|establishment)\./, "");
}
