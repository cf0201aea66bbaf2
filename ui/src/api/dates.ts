// Dates travel as ISO strings ("2010-03-14", "2026-11-22T14:05:00") and are shown and typed
// as dd/mm/yyyy everywhere in the UI.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/;
const FR_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** True when day/month/year name a day that exists in the calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** "2010-03-14" → "14/03/2010"; anything else → "" (or the input unchanged if not ISO). */
export function isoToFr(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** "14/03/2010" (also "14-3-2010", "14.03.2010") → "2010-03-14"; null if not a real date. */
export function frToIso(fr: string): string | null {
  const m = FR_DATE.exec(fr.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (!isRealDate(year, month, day)) return null;
  return `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}`;
}

/** "2026-11-22T14:05:00" → "22/11/2026 à 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = ISO_DATETIME.exec(iso);
  if (!m) return isoToFr(iso);
  return `${m[3]}/${m[2]}/${m[1]} à ${m[4]}:${m[5]}`;
}

/** Today as an ISO date, in local time. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export const DATE_HINT = "jj/mm/aaaa";
export const DATE_INVALID = "Date invalide : saisissez une date réelle au format jj/mm/aaaa.";

/**
 * Parses an optional date typed by the user: "" → null, a real date → its ISO form,
 * anything else → undefined (the caller shows DATE_INVALID next to the field).
 */
export function parseOptionalDate(fr: string): string | null | undefined {
  if (fr.trim() === "") return null;
  return frToIso(fr) ?? undefined;
}
