// Native file dialogs (tauri-plugin-dialog). They go through invoke too, hence live here.

import { open, save } from "@tauri-apps/plugin-dialog";
import { toApiError } from "./errors";
import { joinPath } from "../paths";

const CASE_FILE_FILTER = { name: "Dossier Accroche", extensions: ["accroche"] };

/** Where dialogs start (AppInfo.documentsDir, set once at start). Without it, a dialog given
 *  no folder opens in the process's working folder — inside the AppImage, the app's own. */
let startFolder: string | undefined;

export function setDialogFolder(folder: string) {
  startFolder = folder || undefined;
}

function isAbsolute(path: string): boolean {
  return path.startsWith("/") || path.startsWith("\\\\") || /^[A-Za-z]:[\\/]/.test(path);
}

/** A proposed path made absolute against the start folder. */
function startingAt(path?: string): string | undefined {
  if (!path) return startFolder;
  return isAbsolute(path) || !startFolder ? path : joinPath(startFolder, path);
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (reason) {
    throw toApiError(reason);
  }
}

/** Lets the user pick an existing case file; null if cancelled. */
export function pickCaseFile(): Promise<string | null> {
  return guard(async () => {
    const path = await open({ defaultPath: startingAt(), multiple: false, directory: false, filters: [CASE_FILE_FILTER] });
    return typeof path === "string" ? path : null;
  });
}

/** Asks where to create a case file; the ".accroche" extension is added if missing. */
export function pickNewCaseFile(defaultPath: string): Promise<string | null> {
  return guard(async () => {
    const path = await save({ defaultPath: startingAt(defaultPath), filters: [CASE_FILE_FILTER] });
    if (!path) return null;
    return /\.accroche$/i.test(path) ? path : `${path}.accroche`;
  });
}

/** Lets the user pick a logo image (PNG or JPEG); null if cancelled. */
export function pickLogo(): Promise<string | null> {
  return guard(async () => {
    const path = await open({
      defaultPath: startingAt(),
      multiple: false,
      directory: false,
      filters: [{ name: "Image (PNG, JPEG)", extensions: ["png", "jpg", "jpeg"] }],
    });
    return typeof path === "string" ? path : null;
  });
}

/** Lets the user pick a roster export (SIECLE XML or zip, Pronote or ONDE CSV); null if cancelled. */
export function pickRosterFile(): Promise<string | null> {
  return guard(async () => {
    const path = await open({
      defaultPath: startingAt(),
      multiple: false,
      directory: false,
      filters: [{ name: "Export SIECLE ou CSV", extensions: ["xml", "zip", "csv", "txt"] }],
    });
    return typeof path === "string" ? path : null;
  });
}

/** Lets the user pick SIECLE's Nomenclature.xml; null if cancelled. */
/** SIECLE's ResponsablesAvecAdresses.xml (or its zip): the legal representatives. */
export function pickResponsablesFile(): Promise<string | null> {
  return guard(async () => {
    const path = await open({
      defaultPath: startingAt(),
      multiple: false,
      directory: false,
      filters: [{ name: "Responsables SIECLE (XML ou ZIP)", extensions: ["xml", "zip"] }],
    });
    return typeof path === "string" ? path : null;
  });
}

export function pickNomenclatureFile(): Promise<string | null> {
  return guard(async () => {
    const path = await open({
      defaultPath: startingAt(),
      multiple: false,
      directory: false,
      filters: [{ name: "Nomenclature SIECLE (XML)", extensions: ["xml"] }],
    });
    return typeof path === "string" ? path : null;
  });
}

/** Asks where to write the JSON export; ".json" is added if missing. */
export function pickExportFile(defaultPath: string): Promise<string | null> {
  return guard(async () => {
    const path = await save({ defaultPath: startingAt(defaultPath), filters: [{ name: "JSON", extensions: ["json"] }] });
    if (!path) return null;
    return /\.json$/i.test(path) ? path : `${path}.json`;
  });
}

type Filter = { name: string; extensions: string[] };
const JSON_FILTER: Filter = { name: "JSON", extensions: ["json"] };
const BILAN_FILTERS: Record<string, Filter> = {
  pdf: { name: "Document PDF", extensions: ["pdf"] },
  xlsx: { name: "Classeur (LibreOffice, Excel)", extensions: ["xlsx"] },
  csv: { name: "CSV", extensions: ["csv"] },
  json: { name: "JSON", extensions: ["json"] },
};

/** Lets the user choose where to write the bilan in `format` (pdf, xlsx, csv, json); the
 * extension is added if missing; null if cancelled. */
export function pickBilanFile(defaultPath: string, format = "json"): Promise<string | null> {
  const filter = BILAN_FILTERS[format] ?? JSON_FILTER;
  return guard(async () => {
    const path = await save({ defaultPath: startingAt(defaultPath), filters: [filter] });
    if (!path) return null;
    return path.toLowerCase().endsWith(`.${format}`) ? path : `${path}.${format}`;
  });
}

/** Lets the user pick schools' anonymous bilan files (JSON) to consolidate; [] if cancelled. */
export function pickBilanFiles(): Promise<string[]> {
  return guard(async () => {
    const picked = await open({ defaultPath: startingAt(), multiple: true, directory: false, filters: [JSON_FILTER] });
    if (!picked) return [];
    return Array.isArray(picked) ? picked : [picked];
  });
}

const PDF_FILTER = { name: "Document PDF", extensions: ["pdf"] };

/** Lets the user pick the scan of a document signed on paper (PDF, PNG or JPEG); null if cancelled. */
export function pickScanFile(): Promise<string | null> {
  return guard(async () => {
    const path = await open({
      defaultPath: startingAt(),
      multiple: false,
      directory: false,
      filters: [{ name: "Scan (PDF, PNG, JPEG)", extensions: ["pdf", "png", "jpg", "jpeg"] }],
    });
    return typeof path === "string" ? path : null;
  });
}

/** Lets the user pick a PDF to check; null if cancelled. */
export function pickPdfToVerify(): Promise<string | null> {
  return guard(async () => {
    const path = await open({ defaultPath: startingAt(), multiple: false, directory: false, filters: [PDF_FILTER] });
    return typeof path === "string" ? path : null;
  });
}

/** Asks where to save a copy of a document; ".pdf" is added if missing. */
export function pickDocumentSaveFile(defaultPath: string): Promise<string | null> {
  return guard(async () => {
    const path = await save({ defaultPath: startingAt(defaultPath), filters: [PDF_FILTER] });
    if (!path) return null;
    return /\.pdf$/i.test(path) ? path : `${path}.pdf`;
  });
}

/** Asks where to write the seal's authority certificate; ".pem" is added if missing. */
export function pickCertificateFile(defaultPath: string): Promise<string | null> {
  return guard(async () => {
    const path = await save({ defaultPath: startingAt(defaultPath), filters: [{ name: "Certificat (PEM)", extensions: ["pem", "crt"] }] });
    if (!path) return null;
    return /\.(pem|crt)$/i.test(path) ? path : `${path}.pem`;
  });
}
