// The GPDS on a student's page: an action added outside a meeting with a due date before today
// asks for confirmation (declined: nothing saved; accepted: saved, marked « en retard »), is marked
// done with a result and shows in the chronology; a mesure de responsabilisation of 25 hours is
// refused next to its field in French, 12 hours is saved; an entretien de situation for a student
// under 16 asks for confirmation; a flag raised from the page shows in the follow-up panel; the
// chronology filtered on « Actions » keeps only actions.
//
// The case file is made with the command line (`accroche init`), the staff and the student
// through the window; the flow needs the real app and is skipped against the mock preview.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { REAL_APP, SLOW, addStudent, cli, scratchDir, screenshots, startApp, unlock } from "./app.mjs";

const SKIP = REAL_APP ? false : "needs the real app and the accroche command line";
const SCHOOL = "Lycée Jean-Moulin d'Essai";

/** A day as typed and shown in the window: dd/mm/yyyy, `offset` days from today. */
function frDay(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const p = (n) => String(n).padStart(2, "0");
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** The school year running today (it starts in September). */
function schoolYearStart() {
  const d = new Date();
  return d.getMonth() >= 7 ? d.getFullYear() : d.getFullYear() - 1;
}

function makeCaseFile(flow) {
  const path = join(scratchDir(flow), "lycee-essai.accroche");
  cli(
    "init", path, "--uai", "0750654D", "--name", SCHOOL, "--kind", "lp", "--academie", "Paris",
    "--head", "Mme Claire Martin", "--referent", "M. Karim Benali", "--year", String(schoolYearStart()),
  );
  return path;
}

async function addStaff(driver, lastName, firstName, role) {
  await driver.click("#nav-staff");
  await driver.waitFor("#btn-new-staff");
  await driver.click("#btn-new-staff");
  await driver.waitFor("#staff-lastName");
  await driver.fill("#staff-lastName", lastName);
  await driver.fill("#staff-firstName", firstName);
  await driver.select("#staff-role", role);
  await driver.click("#staff-submit");
  await driver.waitFor("#staff-notice", { timeout: SLOW, text: "Enregistré." });
}

/** The value of the <option> of `select` whose label contains `text` (once the list is loaded). */
function optionValue(driver, select, text) {
  return driver.waitUntil(
    () => driver.executeScript(
      "const o = [...document.querySelectorAll(arguments[0] + ' option')].find((o) => o.textContent.includes(arguments[1]));"
        + " return o ? o.value : null;",
      [select, text],
    ),
    { what: `${select} to offer « ${text} »` },
  );
}

/** Asserts a field shows an error next to it, wired for assistive technology; returns the message. */
async function fieldError(driver, css) {
  await driver.waitFor(`${css}-error`, { timeout: SLOW });
  const message = (await driver.getText(`${css}-error`)).replace(/^⚠\s*/, "").trim();
  assert.equal(await driver.getAttribute(css, "aria-invalid"), "true", `${css} is marked aria-invalid`);
  const describedBy = (await driver.getAttribute(css, "aria-describedby")) ?? "";
  assert.ok(describedBy.split(" ").includes(`${css.slice(1)}-error`), `${css} is described by its error`);
  return message;
}

/** The items of a list on the page: [{id, status, text}]. */
function items(driver, list) {
  return driver.executeScript(
    "return [...document.querySelectorAll(arguments[0] + ' > li')].map((li) => ({ id: li.id, status: li.dataset.status ?? null, text: li.innerText }));",
    [list],
  );
}

/** The chronology's entries as shown: [{kind, text}]. */
function chronology(driver) {
  return driver.executeScript(
    "return [...document.querySelectorAll('#chronology > li')].map((li) => ({ kind: li.dataset.kind, text: li.innerText }));",
  );
}

function scrollTo(driver, css) {
  return driver.executeScript("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });", [css]);
}

test("a student's GPDS follow-up: actions, mesure, entretien de situation, chronology", { skip: SKIP, timeout: 300_000 }, async () => {
  const path = makeCaseFile("suivi-eleve");
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "suivi-eleve");
  try {
    await unlock(driver);
    await driver.waitFor("#case-title", { timeout: SLOW, text: SCHOOL });

    await addStaff(driver, "Rousseau-Diallo", "Aïcha", "psy_en");
    await addStaff(driver, "Roux", "Nadia", "cpe");
    // 14 years old: under 16.
    const birthYear = new Date().getFullYear() - 14;
    await addStudent(driver, { lastName: "Lemoine", firstName: "Inès", birthDate: `02/01/${birthYear}`, className: "3E2" });
    await driver.waitFor("#followup-panel", { timeout: SLOW });
    assert.match(await driver.getText("#followup-state"), /Inès n'est pas suivi·e par le GPDS/, "no follow-up yet");
    assert.match(await driver.getText("#actions-empty"), /Aucune action/);
    await shot("01-fiche-sans-suivi");

    // 1. An action due yesterday: the shell asks first. Declined: nothing is saved.
    const yesterday = frDay(-1);
    await driver.click("#btn-add-action");
    await driver.waitFor("#action-new-form");
    await driver.select("#action-new-kind", "entretien_famille");
    await driver.fill("#action-new-detail", "avec la mère");
    await driver.select("#action-new-owner", await optionValue(driver, "#action-new-owner", "Nadia Roux"));
    await driver.fill("#action-new-dueOn", yesterday);
    await driver.click("#action-new-submit");
    await driver.waitFor("#confirm-retry[open]", { timeout: SLOW });
    const question = await driver.getText("#confirm-retry-message");
    assert.match(question, new RegExp(`${yesterday.replaceAll("/", "\\/")}.*précède aujourd'hui`), `the question names the date: ${question}`);
    assert.match(question, /Confirmez-vous cette date \?/);
    await shot("02-confirmation-echeance");
    await driver.click("#confirm-retry-no");
    await driver.waitForAbsent("#confirm-retry");
    assert.ok(await driver.findElement("#action-new-form"), "the form stays open to correct the date");
    assert.equal(await driver.getProperty("#action-new-dueOn", "value"), yesterday, "what was typed is kept");
    assert.equal((await driver.findElements("#actions-list")).length, 0, "declined: no action was saved");
    assert.ok((await chronology(driver)).every((c) => c.kind !== "action"), "declined: nothing in the chronology");

    // Accepted: saved, to do, late.
    await driver.click("#action-new-submit");
    await driver.waitFor("#confirm-retry[open]", { timeout: SLOW });
    await driver.click("#confirm-retry-yes");
    await driver.waitFor("#actions-notice", { timeout: SLOW, text: "Action ajoutée" });
    await driver.waitFor("#actions-list");
    let actions = await items(driver, "#actions-list");
    assert.equal(actions.length, 1, "one action");
    const action = actions[0];
    assert.equal(action.status, "todo");
    assert.match(action.text, /Entretien avec la famille — avec la mère/);
    assert.match(action.text, /Responsable : Nadia Roux/);
    assert.match(action.text, new RegExp(`Échéance : ${yesterday.replaceAll("/", "\\/")}`));
    assert.match(action.text, /en retard/, "due yesterday and not done: late");
    assert.match(action.text, /Ajoutée hors séance/, "no meeting decided it");
    assert.match(await driver.getText("#actions-title"), /1 action, 1 à faire, 1 en retard/, "the heading counts it");
    await scrollTo(driver, "#followup-panel");
    await shot("03-action-en-retard");

    // 2. Marked done: the result is required, then the action shows done, and the chronology says so.
    const actionId = action.id.replace("action-item-", "");
    await driver.click(`#action-${actionId}-done`);
    await driver.waitFor("#action-done-form");
    assert.equal(await driver.getProperty("#action-done-doneOn", "value"), frDay(0), "done today by default");
    await driver.click("#action-done-submit");
    assert.match(await fieldError(driver, "#action-done-result"), /Indiquez en quelques mots ce qui en est ressorti/);
    await driver.fill("#action-done-result", "Famille reçue, accord pour un tutorat");
    await shot("04-marquer-faite");
    await driver.click("#action-done-submit");
    await driver.waitFor("#actions-notice", { timeout: SLOW, text: "Action marquée faite" });
    // Done, it leaves the actions to do for the done or cancelled ones.
    await driver.waitUntil(async () => (await items(driver, "#actions-settled-list"))[0]?.status === "done", { what: "the action to show done" });
    assert.equal((await driver.findElements("#actions-list")).length, 0, "nothing left to do");
    assert.match(await driver.getText("#actions-none-todo"), /Aucune action à faire/);
    assert.equal(await driver.getProperty("#actions-settled", "open"), true, "one done action: shown unfolded");
    actions = await items(driver, "#actions-settled-list");
    assert.match(actions[0].text, new RegExp(`Faite le ${frDay(0).replaceAll("/", "\\/")} : Famille reçue, accord pour un tutorat`));
    assert.doesNotMatch(actions[0].text, /en retard/, "a done action is not late");
    assert.ok(await driver.findElement(`#action-${actionId}-reopen`), "a done action can be reopened");
    const done = await driver.waitUntil(
      async () => (await chronology(driver)).find((c) => c.text.includes("Action faite : Entretien avec la famille — avec la mère")),
      { what: "« Action faite… » in the chronology" },
    );
    assert.equal(done.kind, "action");
    assert.match(done.text, /Famille reçue, accord pour un tutorat/, "the result is the entry's detail");
    assert.match(done.text, /Nadia Roux/, "and its author");

    // 3. A mesure de responsabilisation of 25 hours: refused next to the hours, in French; 12: saved.
    await driver.click("#btn-add-mesure");
    await driver.waitFor("#mesure-form");
    assert.match(await driver.getText("#mesure-hours-hint"), /au plus 20 heures, hors temps d'enseignement/i);
    await driver.fill("#mesure-hours", "25");
    await driver.fill("#mesure-hostDetail", "CDI, avec la documentaliste");
    await driver.fill("#mesure-startOn", frDay(1));
    await driver.fill("#mesure-endOn", frDay(8));
    await driver.click("#mesure-submit");
    const tooLong = await fieldError(driver, "#mesure-hours");
    assert.match(tooLong, /au plus 20 heures/, `the message says the limit: ${tooLong}`);
    assert.doesNotMatch(tooLong, /\b(must|invalid|error|hours)\b/i, `the message is French: ${tooLong}`);
    assert.equal((await driver.findElements("#mesures-list")).length, 0, "25 hours: nothing saved");
    await scrollTo(driver, "#mesures-section");
    await shot("05-mesure-25-heures");
    await driver.fill("#mesure-hours", "12");
    await driver.click("#mesure-submit");
    await driver.waitFor("#mesures-notice", { timeout: SLOW, text: "Mesure de 12 h enregistrée" });
    const mesures = await items(driver, "#mesures-list");
    assert.equal(mesures.length, 1, "one mesure");
    assert.match(mesures[0].text, /12 h — Dans l'établissement \(CDI, avec la documentaliste\)/);
    assert.match(mesures[0].text, new RegExp(`Du ${frDay(1).replaceAll("/", "\\/")} au ${frDay(8).replaceAll("/", "\\/")}`));
    assert.equal(mesures[0].status, "planned");

    // 4. An entretien de situation for a student under 16: the shell asks first.
    await driver.click("#btn-add-entretien");
    await driver.waitFor("#entretien-form");
    assert.equal(
      await driver.getProperty("#entretien-staffId", "value"),
      await optionValue(driver, "#entretien-staffId", "Aïcha Rousseau-Diallo"),
      "led by the Psy-EN by default",
    );
    await driver.fill("#entretien-diagnosis", "Absences répétées le lundi, perte de sens des apprentissages.");
    await driver.select("#entretien-outcome", "none");
    await driver.fill("#entretien-nextStep", "Rencontre avec le CIO en décembre.");
    await driver.click("#entretien-submit");
    await driver.waitFor("#confirm-retry[open]", { timeout: SLOW });
    assert.match(await driver.getText("#confirm-retry-message"), /Inès Lemoine avait 14 ans .* 16 ans et plus/);
    await shot("06-confirmation-age");
    await driver.click("#confirm-retry-yes");
    await driver.waitFor("#entretiens-notice", { timeout: SLOW, text: "enregistré" });
    const entretiens = await items(driver, "#entretiens-list");
    assert.equal(entretiens.length, 1, "one entretien");
    assert.match(entretiens[0].text, new RegExp(`Le ${frDay(0).replaceAll("/", "\\/")}, avec Aïcha Rousseau-Diallo`));
    assert.match(entretiens[0].text, /Pas de solution à ce jour/);
    assert.match(entretiens[0].text, /Rencontre avec le CIO en décembre\./);
    await scrollTo(driver, "#actions-section");
    await shot("07-fiche-complete");

    // 5. Signaler, from the page: the flag shows in the follow-up panel and the chronology.
    await scrollTo(driver, "#student-name");
    await driver.click("#btn-flag-student");
    await driver.waitFor("#flag-modal");
    await driver.select("#flag-raised-by", await optionValue(driver, "#flag-raised-by", "Nadia Roux"));
    await driver.click("#signal-comportement");
    await driver.click("#flag-save");
    await driver.waitFor("#student-notice", { timeout: SLOW, text: `Repérage du ${frDay(0)} enregistré.` });
    await driver.waitForAbsent("#flag-modal");
    const flag = await driver.waitFor("#followup-flag", { text: "Nadia Roux" }).then(() => driver.getText("#followup-flag"));
    assert.match(flag, new RegExp(`Le ${frDay(0).replaceAll("/", "\\/")} par Nadia Roux : comportement`), `the panel shows the flag: ${flag}`);
    assert.match(flag, /pas encore examiné/);
    await shot("08-signale");

    // 6. The chronology holds every kind; filtered on « Actions », only actions remain.
    const all = await driver.waitUntil(async () => {
      const entries = await chronology(driver);
      return ["entretien", "mesure", "reperage"].every((kind) => entries.some((c) => c.kind === kind)) ? entries : null;
    }, { what: "the entretien, the mesure and the flag in the chronology" });
    assert.ok(all.some((c) => c.kind === "registre"), "the student's record is in the chronology");
    await driver.click("#chrono-filter-action");
    const onlyActions = await driver.waitUntil(async () => {
      const entries = await chronology(driver);
      return entries.length > 0 && entries.every((c) => c.kind === "action") ? entries : null;
    }, { what: "only actions in the chronology" });
    assert.equal(onlyActions.length, 2, `decided and done: ${JSON.stringify(onlyActions)}`);
    assert.match(onlyActions[0].text, /Action faite/, "newest first: done, then decided");
    assert.match(onlyActions[1].text, /Action décidée : Entretien avec la famille — avec la mère/);
    assert.equal(await driver.getAttribute("#chrono-filter-action", "aria-pressed"), "true");
    assert.equal(await driver.getAttribute("#chrono-filter-all", "aria-pressed"), "false");
    assert.match(await driver.getText("#chronology-count"), /^2 événements \(filtrés\)$/);
    await shot("09-chronologie-actions");

    // Back to everything.
    await driver.click("#chrono-filter-all");
    await driver.waitUntil(async () => (await chronology(driver)).length === all.length, { what: "the whole chronology again" });
  } finally {
    await shot("zz-derniere-vue").catch(() => undefined);
    await driver.deleteSession().catch(() => undefined);
  }
});
