// Starting the app for a test, and the small helpers every flow uses.
//
// Environment:
//   ACCROCHE_APP            absolute path of the built app binary (required)
//   ACCROCHE_E2E_OUT        where screenshots go (default: <repo>/target/e2e-screenshots)
//   ACCROCHE_E2E_TMP        where tests put the case files they create (default: the OS temp dir)
//   ACCROCHE_WEBDRIVER_URL  tauri-driver's address (default: http://127.0.0.1:4444)
//   ACCROCHE_CLI            the `accroche` command line (default: beside ACCROCHE_APP)
// For UI work without the Rust build: ACCROCHE_E2E_PREVIEW_URL=http://127.0.0.1:5173/ drives the
// mock preview (ui: npm run preview:mock) in WebKit's MiniBrowser through a plain WebKitWebDriver
// listening at ACCROCHE_WEBDRIVER_URL; checks on real files are then skipped.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
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

/** The passphrase of the case files the flows create. */
export const PASSPHRASE = "correct cheval batterie agrafe";

/**
 * Starts the app. `openedPath` is given on the command line, as the file association does: the
 * app then starts on the unlock screen of that case file.
 */
export async function startApp({ openedPath, extraArgs = [] } = {}) {
  if (PREVIEW_URL) {
    const driver = await WebDriver.newSession(DRIVER_URL, {
      "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
    });
    await driver.setWindowSize(1280, 800);
    const url = new URL(PREVIEW_URL);
    if (openedPath) url.searchParams.set("opened", openedPath);
    await driver.navigate(url.href);
    return driver;
  }
  const application = process.env.ACCROCHE_APP;
  if (!application) throw new Error("ACCROCHE_APP must be the absolute path of the built app (see tests/e2e/run.sh).");
  const args = [...extraArgs, ...(openedPath ? [openedPath] : [])];
  const driver = await WebDriver.newSession(DRIVER_URL, { "tauri:options": { application, args } });
  await driver.setWindowSize(1280, 800);
  return driver;
}

/**
 * Runs the `accroche` command line (real app only) with the flows' passphrase in its
 * environment; returns `{ status, stdout, stderr }`.
 */
export function runCli(...args) {
  const app = process.env.ACCROCHE_APP;
  const command = process.env.ACCROCHE_CLI ?? (app ? join(dirname(app), "accroche") : "accroche");
  if (process.env.ACCROCHE_CLI === undefined && app && !existsSync(command)) {
    throw new Error(`the accroche command line is not beside the app (${command}); set ACCROCHE_CLI`);
  }
  const run = spawnSync(command, args, {
    encoding: "utf8",
    env: { ...process.env, ACCROCHE_PASSPHRASE: PASSPHRASE },
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  return run;
}

/** Runs the command line and returns its output; throws with its French message if it fails. */
export function cli(...args) {
  const run = runCli(...args);
  if (run.status !== 0) throw new Error(`accroche ${args.join(" ")} exited with ${run.status}: ${run.stderr.trim()}`);
  return run.stdout;
}

/** Types the passphrase on the unlock screen (it must be shown) and submits it. */
export async function unlock(driver, passphrase = PASSPHRASE) {
  await driver.waitFor("#unlock-passphrase", { timeout: SLOW });
  await driver.fill("#unlock-passphrase", passphrase);
  await driver.click("#unlock-submit");
}

/**
 * After creating a case file, the real app shows its recovery key once: checks it looks like
 * one, ticks « J'ai imprimé ou noté la clé » and continues to the case file. Returns the key
 * (null with the preview mock, which makes none).
 */
export async function passRecoveryKey(driver) {
  await driver.waitFor("#recovery-key, #case-title", { timeout: SLOW });
  if ((await driver.findElements("#recovery-key")).length === 0) return null;
  const key = await driver.getText("#recovery-key");
  if (!/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/.test(key)) throw new Error(`not a recovery key: ${key}`);
  await driver.click("#recovery-kept");
  await driver.click("#recovery-continue");
  return key;
}

/**
 * Signs in on the unlock screen (it must be shown) as the account named `name` — or with the
 * recovery key when `name` is « Clé de secours » — and submits.
 */
export async function signIn(driver, name, secret) {
  await driver.waitFor("#unlock-account", { timeout: SLOW });
  const value = await driver.executeScript(
    "const o = [...document.querySelectorAll('#unlock-account option')].find((o) => o.textContent.startsWith(arguments[0])); return o ? o.value : null;",
    [name],
  );
  if (value === null) throw new Error(`no account « ${name} » on the unlock screen`);
  await driver.select("#unlock-account", value);
  await driver.fill("#unlock-passphrase", secret);
  await driver.click("#unlock-submit");
}

/** Adds a student from Élèves → Nouvel élève and waits for the student page. */
export async function addStudent(driver, { lastName, firstName, birthDate = "14/03/2010", className = "2NDE3" }) {
  await driver.click("#nav-students");
  await driver.waitFor("#btn-new-student");
  await driver.click("#btn-new-student");
  await driver.waitFor("#student-lastName");
  await driver.fill("#student-lastName", lastName);
  await driver.fill("#student-firstName", firstName);
  await driver.fill("#student-birthDate", birthDate);
  await driver.fill("#student-className", className);
  await driver.click("#student-submit");
  await driver.waitFor("#student-notice", { timeout: SLOW, text: "Enregistré." });
  await driver.waitFor("#student-name", { text: lastName });
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

/** Waits until the page stops growing (a screen that loads its sections one by one), so that a
 * click lands where the element stays. */
export async function settled(driver, { timeout = 15_000 } = {}) {
  const height = () => driver.executeScript("return document.documentElement.scrollHeight;");
  const end = Date.now() + timeout;
  let last = await height();
  let stable = 0;
  while (Date.now() < end && stable < 3) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await height();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}
