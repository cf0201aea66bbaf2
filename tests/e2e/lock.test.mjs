// Verrouillage: idle for the set time, the window hides everything and asks the passphrase of the
// same file again; Ctrl+Maj+L and the « Verrouiller » button lock at once; Paramètres sets the
// idle time (1 to 60 minutes). The app is started with `--auto-lock-seconds=4` for the idle test.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { REAL_APP, SLOW, cli, scratchDir, screenshots, settled, startApp, unlock } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

const CONTROL = "\uE009";

async function chord(driver, keys) {
  const actions = [...keys.map((value) => ({ type: "keyDown", value })), ...[...keys].reverse().map((value) => ({ type: "keyUp", value }))];
  await driver.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  await driver.cmd("DELETE", "/actions");
}

test("idle, the window locks the case file; Ctrl+Maj+L and « Verrouiller » lock at once; the idle time is set in Paramètres", { skip: !REAL_APP, timeout: 180_000 }, async () => {
  const dir = scratchDir("lock");
  const path = join(dir, "demo.accroche");
  cli("demo", path);
  const driver = await startApp({ openedPath: path, extraArgs: ["--auto-lock-seconds=4"] });
  const shot = screenshots(driver, "lock");
  try {
    await unlock(driver);
    await driver.waitFor("#dashboard-title", { timeout: SLOW });
    // Nothing touched for 4 seconds: locked, nothing of the case file left on screen.
    await driver.waitFor("#unlock-notice", { timeout: 20_000, text: "Dossier verrouillé après 4 secondes d'inactivité" });
    const shown = await driver.executeScript("return document.body.innerText;");
    assert.ok(!/Tableau de bord|Élèves suivis/.test(shown), `nothing of the case file stays on screen: ${shown.slice(0, 200)}`);
    assert.equal(await driver.getProperty("#unlock-passphrase", "value"), "", "the passphrase is asked again");
    await shot("01-verrouille-inactivite");
    await unlock(driver);
    await driver.waitFor("#dashboard-title", { timeout: SLOW });

    // Ctrl+Maj+L: at once.
    await chord(driver, [CONTROL, Keys.SHIFT, "L"]);
    await driver.waitFor("#unlock-notice", { timeout: SLOW, text: "Dossier verrouillé : saisissez la phrase de passe pour le rouvrir." });
    await unlock(driver);
    await driver.waitFor("#btn-lock", { timeout: SLOW });
    await driver.click("#btn-lock");
    await driver.waitFor("#unlock-notice", { timeout: SLOW, text: "Dossier verrouillé" });
    await shot("02-verrouille-bouton");
  } finally {
    await driver.deleteSession();
  }
});

test("Paramètres → Verrouillage refuses 0 minutes and keeps 5 for the next opening", { skip: !REAL_APP }, async () => {
  const dir = scratchDir("lock-settings");
  const path = join(dir, "demo.accroche");
  cli("demo", path);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "lock");
  try {
    await unlock(driver);
    await driver.waitFor("#nav-settings", { timeout: SLOW });
    await driver.click("#nav-settings");
    await driver.waitFor("#autolock-minutes", { timeout: SLOW });
    await settled(driver);
    assert.equal(await driver.getProperty("#autolock-minutes", "value"), "10", "10 minutes by default");
    await driver.fill("#autolock-minutes", "0");
    await driver.click("#autolock-save");
    await driver.waitFor("#autolock-minutes-error", { timeout: SLOW, text: "Choisissez un délai de 1 à 60 minutes." });
    await driver.fill("#autolock-minutes", "5");
    await driver.click("#autolock-save");
    await driver.waitFor("#autolock-notice", { timeout: SLOW, text: "après 5 minutes sans activité" });
    await driver.executeScript("document.getElementById('settings-lock').scrollIntoView({ block: 'center' });");
    await shot("03-parametres-verrouillage");
    await driver.click("#btn-close-case");
    await driver.waitFor("#home-title, #unlock-passphrase, .home", { timeout: SLOW }).catch(() => undefined);
  } finally {
    await driver.deleteSession();
  }
  const journal = cli("journal", path, "list", "--limit", "5");
  assert.match(journal, /Verrouillage automatique après 5 minutes d'inactivité/);
});
