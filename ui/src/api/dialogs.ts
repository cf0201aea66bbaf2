// Native file dialogs (tauri-plugin-dialog). They go through invoke too, hence live here.

import { open, save } from "@tauri-apps/plugin-dialog";
import { toApiError } from "./errors";

const CASE_FILE_FILTER = { name: "Dossier Accroche", extensions: ["accroche"] };

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
    const path = await open({ multiple: false, directory: false, filters: [CASE_FILE_FILTER] });
    return typeof path === "string" ? path : null;
  });
}

/** Asks where to create a case file; the ".accroche" extension is added if missing. */
export function pickNewCaseFile(defaultPath: string): Promise<string | null> {
  return guard(async () => {
    const path = await save({ defaultPath, filters: [CASE_FILE_FILTER] });
    if (!path) return null;
    return /\.accroche$/i.test(path) ? path : `${path}.accroche`;
  });
}

/** Lets the user pick a logo image (PNG or JPEG); null if cancelled. */
export function pickLogo(): Promise<string | null> {
  return guard(async () => {
    const path = await open({
      multiple: false,
      directory: false,
      filters: [{ name: "Image (PNG, JPEG)", extensions: ["png", "jpg", "jpeg"] }],
    });
    return typeof path === "string" ? path : null;
  });
}

/** Asks where to write the JSON export; ".json" is added if missing. */
export function pickExportFile(defaultPath: string): Promise<string | null> {
  return guard(async () => {
    const path = await save({ defaultPath, filters: [{ name: "JSON", extensions: ["json"] }] });
    if (!path) return null;
    return /\.json$/i.test(path) ? path : `${path}.json`;
  });
}
