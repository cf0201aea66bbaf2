// Validation: errors are French, shown next to their field, and nothing is saved.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REAL_APP, SLOW, fillCreateForm, passRecoveryKey, scratchDir, screenshots, startApp, tableRows } from "./app.mjs";

let driver;
let shot;

before(async () => {
  driver = await startApp();
  shot = screenshots(driver, "validation");
});

after(async () => {
  // The last state of the window, whatever happened: the first thing to look at when a step fails.
  await shot?.("zz-derniere-vue").catch(() => undefined);
  await driver?.deleteSession();
});

/** Asserts a field shows an error next to it, wired for assistive technology; returns the message. */
async function fieldError(css) {
  await driver.waitFor(`${css}-error`, { timeout: SLOW });
  const message = (await driver.getText(`${css}-error`)).replace(/^⚠\s*/, "").trim();
  assert.ok(message.length > 0, `${css} has an error message`);
  assert.equal(await driver.getAttribute(css, "aria-invalid"), "true", `${css} is marked aria-invalid`);
  const describedBy = (await driver.getAttribute(css, "aria-describedby")) ?? "";
  assert.ok(describedBy.split(" ").includes(`${css.slice(1)}-error`), `${css} is described by its error`);
  return message;
}

test("an invalid UAI is refused next to the field and creates no file", { timeout: 180_000 }, async () => {
  const path = join(scratchDir("validation"), "uai-invalide.accroche");
  await driver.waitFor("#btn-create", { timeout: SLOW });
  await driver.click("#btn-create");
  await driver.waitFor("#create-uai");

  // The confirmation must match before anything is sent.
  await fillCreateForm(driver, { uai: "0750654X", path });
  await driver.fill("#create-passphraseConfirm", "autre chose entièrement");
  await driver.click("#create-submit");
  assert.equal(await fieldError("#create-passphraseConfirm"), "Les deux phrases de passe ne sont pas identiques.");
  await shot("01-confirmation-differente");

  await driver.fill("#create-passphraseConfirm", "correct cheval batterie agrafe");
  await driver.click("#create-submit");
  const message = await fieldError("#create-uai");
  assert.match(message, /UAI/, `the message is about the UAI: ${message}`);
  assert.doesNotMatch(message, /\b(invalid|must|error)\b/i, `the message is in French: ${message}`);
  assert.ok(await driver.findElement("#create-submit"), "the form is still shown");
  if (REAL_APP) assert.ok(!existsSync(path), "no case file was created");
  await shot("02-uai-invalide");

  // Fixed, the case file is created.
  await driver.fill("#create-uai", "0750654D");
  await driver.click("#create-submit");
  await passRecoveryKey(driver);
  await driver.waitFor("#case-title", { timeout: SLOW, text: "Lycée Jean-Moulin d'Essai" });
  if (REAL_APP) assert.ok(existsSync(path), "the case file exists once the UAI is valid");
});

test("an impossible or future birth date is refused next to the field and nothing is saved", { timeout: 120_000 }, async () => {
  await driver.click("#nav-students");
  await driver.waitFor("#btn-new-student");
  await driver.click("#btn-new-student");
  await driver.waitFor("#student-lastName");
  await driver.fill("#student-lastName", "Futur");
  await driver.fill("#student-firstName", "Néo");
  await driver.fill("#student-className", "2NDE1");

  // Not a calendar date: caught by the UI before any call.
  await driver.fill("#student-birthDate", "31/02/2010");
  await driver.click("#student-submit");
  assert.match(await fieldError("#student-birthDate"), /date/i);
  await shot("03-date-impossible");

  // A real date, but in the future: refused by the core.
  const nextYear = new Date().getFullYear() + 1;
  await driver.fill("#student-birthDate", `14/03/${nextYear}`);
  await driver.click("#student-submit");
  await driver.waitUntil(
    async () => !(await driver.getText("#student-birthDate-error")).includes("jj/mm/aaaa"),
    { timeout: SLOW, what: "the core's message about the future birth date" },
  );
  const message = await fieldError("#student-birthDate");
  assert.ok(message.length > 5, `a French message explains the problem: ${message}`);
  assert.match(await driver.getText("#student-save-state"), /Non enregistré/, "the form says it was not saved");
  assert.equal((await driver.findElements("#student-notice")).length, 0, "nothing claims it was saved");
  await shot("04-date-future");

  // The list is still empty.
  await driver.click("#nav-students");
  await driver.waitFor("#students-count", { text: "0 élève" });
  assert.deepEqual(await tableRows(driver, "#students-table"), [], "no student was saved");
  await shot("05-liste-vide");
});
