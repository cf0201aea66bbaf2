// Starting the app for a test, and the small helpers every flow uses.
//
// Environment:
//   ACCROCHE_APP            absolute path of the built app binary (required)
//   ACCROCHE_E2E_OUT        where screenshots go (default: <repo>/target/e2e-screenshots)
//   ACCROCHE_E2E_TMP        where tests put the case files they create (default: the OS temp dir)
//   ACCROCHE_WEBDRIVER_URL  tauri-driver's address (default: http://127.0.0.1:4444)
// For UI work without the Rust build: ACCROCHE_E2E_PREVIEW_URL=http://127.0.0.1:5173/ drives the
// mock preview (ui: npm run preview:mock) in WebKit's MiniBrowser through a plain WebKitWebDriver
// listening at ACCROCHE_WEBDRIVER_URL; checks on real files are then skipped.

import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WebDriver } from "./webdriver.mjs";

const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const DRIVER_URL = process.env.ACCROCHE_WEBDRIVER_URL ?? "http://127.0.0.1:4444";
const PREVIEW_URL = process.env.ACCROCHE_E2E_PREVIEW_URL;
const MINIBROWSER = process.env.ACCROCHE_E2E_MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/** True when the real app runs (not the mock preview): files on disk can be checked. */
export const REAL_APP = !PREVIEW_URL;

/** Opening or creating a case file derives a key (about a second); give it room on a slow CI. */
export const SLOW = 30_000;

export async function startApp() {
  if (PREVIEW_URL) {
    const driver = await WebDriver.newSession(DRIVER_URL, {
      "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
    });
    await driver.setWindowSize(1280, 800);
    await driver.navigate(PREVIEW_URL);
    return driver;
  }
  const application = process.env.ACCROCHE_APP;
  if (!application) throw new Error("ACCROCHE_APP must be the absolute path of the built app (see tests/e2e/run.sh).");
  const driver = await WebDriver.newSession(DRIVER_URL, { "tauri:options": { application, args: [] } });
  await driver.setWindowSize(1280, 800);
  return driver;
}

/** A fresh directory for the case files of one test. */
export function scratchDir(name) {
  const base = process.env.ACCROCHE_E2E_TMP ?? tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${name}-`));
}

/** Returns `shot(name)`, saving `<out>/<flow>/<name>.png`. */
export function screenshots(driver, flow) {
  const out = resolve(process.env.ACCROCHE_E2E_OUT ?? join(REPO, "target", "e2e-screenshots"), flow);
  return (name) => driver.screenshot(join(out, `${name}.png`));
}

/** Fills the "Créer le dossier" form (the screen must be shown). */
export async function fillCreateForm(driver, { uai, path, passphrase = "correct cheval batterie agrafe" }) {
  await driver.fill("#create-uai", uai);
  await driver.fill("#create-name", "Lycée Jean-Moulin d'Essai");
  await driver.select("#create-kind", "lp");
  await driver.fill("#create-academie", "Paris");
  await driver.fill("#create-address", "12 rue des Écoles\n75005 Paris");
  await driver.fill("#create-headName", "Mme Claire Martin");
  await driver.fill("#create-referentName", "M. Karim Benali");
  await driver.fill("#create-path", path);
  await driver.fill("#create-passphrase", passphrase);
  await driver.fill("#create-passphraseConfirm", passphrase);
}

/** The text of every row of a table body, e.g. to find a student in the list. */
export async function tableRows(driver, tableCss) {
  return driver.executeScript(
    "return [...document.querySelectorAll(arguments[0] + ' tbody tr[data-id]')].map((tr) => tr.innerText);",
    [tableCss],
  );
}
