// Comptes: the référent creates accounts for the staff who use the same case file; each signs in
// with their own passphrase and is named in the header and the journal; a « lecture seule » or
// teacher account does not manage accounts; the recovery key opens the file and hands it over to
// a new référent.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REAL_APP, SLOW, runCli, scratchDir, screenshots, settled, signIn, startApp } from "./app.mjs";

const NURSE = "infirmière du lycée 2026";
const TEACHER = "professeur principal 2nde";

/** Opens Paramètres and waits for the accounts card. */
async function openSettings(driver) {
  await driver.waitFor("#nav-settings", { timeout: SLOW });
  await driver.click("#nav-settings");
  await driver.waitFor("#settings-accounts", { timeout: SLOW });
  await settled(driver);
}

/** Waits for a <dialog> to be open (it is rendered closed, then shown once mounted). */
async function dialogOpen(driver, css) {
  await driver.waitUntil(
    () => driver.executeScript("const d = document.querySelector(arguments[0]); return !!(d && d.open);", [css]),
    { timeout: SLOW, what: `${css} open` },
  );
}

async function addAccount(driver, name, role, passphrase) {
  await driver.click("#account-add");
  await dialogOpen(driver, "#account-new");
  await driver.fill("#account-name", name);
  await driver.select("#account-role", role);
  await driver.fill("#account-passphrase", passphrase);
  await driver.fill("#account-confirm", passphrase);
  await driver.click("#account-new-save");
  await driver.waitFor("#accounts-notice", { timeout: SLOW, text: `Compte créé : ${name}` });
}

async function lock(driver) {
  await driver.click("#btn-lock");
  await driver.waitFor("#unlock-notice", { timeout: SLOW, text: "Dossier verrouillé" });
}

test("the référent creates accounts; each person signs in with their own passphrase; the recovery key hands the file over", { skip: !REAL_APP, timeout: 240_000 }, async () => {
  const dir = scratchDir("accounts");
  const path = join(dir, "lycee.accroche");
  const made = runCli("init", path, "--uai", "0750654D", "--name", "Lycée Jean-Moulin d'Essai", "--referent", "Karim Benali", "--academie", "Paris", "--head", "Claire Martin");
  assert.equal(made.status, 0, made.stderr);
  const recovery = /Clé de secours du dossier : ([0-9A-Z-]{39})/.exec(made.stderr)?.[1];
  assert.ok(recovery, `init tells the recovery key: ${made.stderr}`);

  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "comptes");
  try {
    // One account: it is chosen already.
    await driver.waitFor("#unlock-account", { timeout: SLOW });
    const chosen = await driver.executeScript("const s = document.getElementById('unlock-account'); return s.options[s.selectedIndex].textContent;");
    assert.equal(chosen, "Karim Benali", "the only account is chosen already");
    await signIn(driver, "Karim Benali", "correct cheval batterie agrafe");
    await driver.waitFor("#case-user", { timeout: SLOW, text: "Karim Benali" });
    assert.match(await driver.getText("#case-user"), /Référent décrochage/);

    // Paramètres → Comptes: two accounts; a short passphrase is refused next to its field.
    await openSettings(driver);
    await driver.click("#account-add");
    await dialogOpen(driver, "#account-new");
    await driver.fill("#account-name", "Sophie Lambert");
    await driver.select("#account-role", "medico_social");
    await driver.fill("#account-passphrase", "court");
    await driver.fill("#account-confirm", "court");
    await driver.click("#account-new-save");
    await driver.waitFor("#account-passphrase-error", { timeout: SLOW, text: "La phrase de passe est trop courte (5 caractères)" });
    await driver.fill("#account-passphrase", NURSE);
    await driver.fill("#account-confirm", NURSE);
    await driver.click("#account-new-save");
    await driver.waitFor("#accounts-notice", { timeout: SLOW, text: "Compte créé : Sophie Lambert (Médico-social)" });
    await addAccount(driver, "Paul Girard", "enseignant", TEACHER);
    const rows = await driver.executeScript("return [...document.querySelectorAll('#accounts-table tbody tr')].map((r) => r.dataset.account);");
    assert.deepEqual(rows.sort(), ["Karim Benali", "Paul Girard", "Sophie Lambert"]);
    await driver.executeScript("document.getElementById('settings-accounts').scrollIntoView();");
    await shot("01-comptes");

    // The recovery key's sheet, written where the user chose.
    const sheet = join(dir, "cle-de-secours.pdf");
    await driver.fill("#sheet-path", sheet);
    await driver.click("#sheet-save");
    await driver.waitFor("#sheet-notice", { timeout: SLOW, text: "Fiche enregistrée" });
    assert.ok(existsSync(sheet), "the sheet is written");

    // Sophie signs in with her own passphrase: the header names her; she manages no account.
    await lock(driver);
    await signIn(driver, "Sophie Lambert", TEACHER);
    await driver.waitFor("#unlock-passphrase-error", { timeout: SLOW, text: "Phrase de passe incorrecte." });
    await signIn(driver, "Sophie Lambert", NURSE);
    await driver.waitFor("#case-user", { timeout: SLOW, text: "Sophie Lambert" });
    assert.match(await driver.getText("#case-user"), /Médico-social/);
    await openSettings(driver);
    assert.equal((await driver.findElements("#accounts-table")).length, 0, "only the référent manages accounts");
    assert.ok(await driver.findElement("#own-passphrase-open"), "she may change her own passphrase");
    await shot("02-connectee-infirmiere");

    // The recovery key opens the file; the new référent creates her account.
    await lock(driver);
    await signIn(driver, "Clé de secours", recovery.toLowerCase());
    await driver.waitFor("#takeover-name", { timeout: SLOW });
    await driver.fill("#takeover-name", "Inès Moreau");
    await driver.fill("#takeover-passphrase", "la phrase de la nouvelle référente");
    await driver.fill("#takeover-confirm", "la phrase de la nouvelle référente");
    await shot("03-reprendre");
    await driver.click("#takeover-submit");
    await driver.waitFor("#case-user", { timeout: SLOW, text: "Inès Moreau" });
    assert.match(await driver.getText("#case-user"), /Référent décrochage/);
    await driver.click("#nav-journal");
    await driver.waitFor("#journal-table", { timeout: SLOW, text: "Dossier repris avec la clé de secours par Inès Moreau" });
    const journal = await driver.getText("#journal-table");
    assert.match(journal, /Compte créé : Sophie Lambert \(Médico-social\)/);
    await shot("04-journal");
  } finally {
    await driver.deleteSession();
  }
});
