// The foundation flow: create the establishment's case file, add a student, close, reopen
// (wrong then right passphrase), find the student again.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Keys } from "./webdriver.mjs";
import { REAL_APP, SLOW, fillCreateForm, passRecoveryKey, scratchDir, screenshots, startApp, tableRows } from "./app.mjs";

const PASSPHRASE = "correct cheval batterie agrafe";
let driver;
let shot;

before(async () => {
  driver = await startApp();
  shot = screenshots(driver, "foundation");
});

after(async () => {
  // The last state of the window, whatever happened: the first thing to look at when a step fails.
  await shot?.("zz-derniere-vue").catch(() => undefined);
  await driver?.deleteSession();
});

test("create a case file, add a student, close, reopen and find the student", { timeout: 180_000 }, async () => {
  const path = join(scratchDir("foundation"), "lycee-essai.accroche");

  // Accueil
  await driver.waitFor("#btn-create", { timeout: SLOW });
  await shot("01-accueil");

  // Créer le dossier
  await driver.click("#btn-create");
  await driver.waitFor("#create-uai");
  assert.match(await driver.getText("#create-passphrase-hint"), /Au moins 12 caractères, ou 4 mots\./, "the passphrase rule is shown before typing");
  assert.equal(await driver.getProperty("#create-schoolYearStart", "value") !== "", true, "a school year is chosen by default");
  await fillCreateForm(driver, { uai: "0750654D", path });
  await driver.waitFor("#create-passphrase-rule.rule-met", { text: "Règle respectée" });
  await shot("02-creation");
  await driver.click("#create-submit");
  if (REAL_APP) {
    await driver.waitFor("#recovery-key", { timeout: SLOW });
    await shot("02b-cle-de-secours");
  }
  await passRecoveryKey(driver);

  // The case file is open
  await driver.waitFor("#case-title", { timeout: SLOW, text: "Lycée Jean-Moulin d'Essai" });
  if (REAL_APP) assert.ok(existsSync(path), `the case file was written at ${path}`);
  await shot("03-dossier-ouvert");

  // Nouvel élève
  await driver.click("#nav-students");
  await driver.waitFor("#btn-new-student");
  await driver.click("#btn-new-student");
  await driver.waitFor("#student-lastName");
  await driver.fill("#student-lastName", "Dubois-Lefèvre");
  await driver.fill("#student-firstName", "Léa");
  await driver.fill("#student-birthDate", "14/03/2010");
  await driver.fill("#student-className", "2NDE3");
  await driver.click("#btn-add-rep");
  await driver.waitFor("#student-legalReps-0-lastName");
  await driver.fill("#student-legalReps-0-lastName", "Dubois");
  await driver.fill("#student-legalReps-0-firstName", "Sophie");
  await driver.select("#student-legalReps-0-relationship", "mere");
  await driver.fill("#student-legalReps-0-phone", "06 12 34 56 78");
  await driver.fill("#student-legalReps-0-email", "sophie.dubois@example.org");
  await shot("04-nouvel-eleve");
  await driver.click("#student-submit");

  // Fiche élève
  await driver.waitFor("#student-notice", { text: "Enregistré." });
  // The notice shows at once; the student's details arrive just after it.
  await driver.waitFor("#student-name", { text: "Dubois-Lefèvre" });
  await driver.waitFor("#student-reps", { text: "Sophie Dubois" });
  const name = await driver.getText("#student-name");
  assert.match(name, /Léa/, "the student page shows the first name");
  assert.match(name, /Dubois-Lefèvre/, "the student page shows the last name");
  assert.match(await driver.getText("#student-reps"), /Sophie Dubois/, "the legal representative was saved");
  await driver.waitFor("#chronology li");
  assert.ok((await driver.findElements("#chronology li")).length >= 1, "the chronology has an entry for the creation");
  await shot("05-fiche-eleve");

  // Fermer le dossier → Accueil lists it in Dossiers récents
  await driver.click("#btn-close-case");
  await driver.waitFor("#recent-list", { timeout: SLOW });
  const recent = await driver.executeScript(
    "return [...document.querySelectorAll('#recent-list .recent-item')].map((li) => li.dataset.path);",
  );
  assert.ok(recent.includes(path), `the case file is in Dossiers récents (${recent.join(", ")})`);
  await shot("06-dossiers-recents");

  // Reopen: wrong passphrase first
  const item = await driver.executeScript(
    "return [...document.querySelectorAll('#recent-list .recent-item')].find((li) => li.dataset.path === arguments[0]).querySelector('button.recent-open');",
    [path],
  );
  await driver.clickElement(Object.values(item)[0]);
  await driver.waitFor("#unlock-passphrase");
  assert.match(await driver.getText("#unlock-path"), /lycee-essai\.accroche/, "the unlock screen names the file");
  await driver.fill("#unlock-passphrase", "une phrase de passe fausse");
  await driver.sendKeys("#unlock-passphrase", Keys.ENTER);
  await driver.waitFor("#unlock-passphrase-error", { timeout: SLOW, text: "Phrase de passe incorrecte." });
  assert.equal(await driver.getAttribute("#unlock-passphrase", "aria-invalid"), "true", "the passphrase field is marked invalid");
  await shot("07-phrase-incorrecte");

  // Then the right one
  await driver.fill("#unlock-passphrase", PASSPHRASE);
  await driver.click("#unlock-submit");
  await driver.waitFor("#case-title", { timeout: SLOW, text: "Lycée Jean-Moulin d'Essai" });

  // Search "dub" finds the student (the case file opens on the tableau de bord)
  await driver.click("#nav-students");
  await driver.waitFor("#student-search");
  await driver.fill("#student-search", "dub");
  const rows = await driver.waitUntil(
    async () => {
      const found = await tableRows(driver, "#students-table");
      return found.length === 1 && found[0].includes("Dubois-Lefèvre") ? found : null;
    },
    { what: "the search to find Dubois-Lefèvre only" },
  );
  assert.match(rows[0], /Léa/);
  await driver.waitFor("#students-count", { text: "1 élève" });
  await shot("08-recherche");

  // A click on a cell (WebKit does not click a <tr> itself) opens the row.
  await driver.click("#students-table tbody tr[data-id] td");
  await driver.waitFor("#student-name", { text: "Dubois-Lefèvre" });
  assert.match(await driver.getText("#student-identity"), /14\/03\/2010/, "the birth date is shown dd/mm/yyyy");
  await shot("09-fiche-rouverte");
});
