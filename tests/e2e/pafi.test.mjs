// PAFI, from a GPDS proposal to « terminé »: in Paramètres the académie's validating authority is
// set to the CSAIO; a student of 16 with his mother as legal representative, a tutor, and a host
// company made in Partenaires; at a GPDS meeting held today the review's action « Proposer un
// PAFI » makes a proposal, which the tableau de bord turns into a path (« Préparer le PAFI »). Its
// frame starts 20 days ago and lasts about three months: the national recommendation is recalled
// and confirmed. A host activity is added (its signatory and tutor come from the partner's
// contacts), a schedule grid is saved; the path goes « en préparation », « en attente de
// validation », « validé » (by the CSAIO, the default); « en cours » is not offered yet and says
// why (contract and convention unsigned). The contract PDF and the convention PDF are made,
// prepared and signed on paper by every signatory on the document page; a copy of the contract,
// saved through a typed path, is read back (pdftotext): the student's accented name, the dates in
// dd/mm/yyyy, every signatory. Then « en cours », a final bilan, « terminé »; the student's
// chronology shows the PAFI events.
//
// The app uses the real clock: every date is computed from today. The case file is made with the
// command line; everything else through the window.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Keys } from "./webdriver.mjs";
import { REAL_APP, SLOW, cli, scratchDir, screenshots, startApp, unlock } from "./app.mjs";

const SKIP = REAL_APP ? false : "needs the real app and the accroche command line";
const SCHOOL = "Lycée Jean-Moulin d'Essai";
const HEAD = "Mme Claire Martin";
const CONTROL = "\uE009";
const ALT = "\uE00A";

/** A day `offset` days from today, as the UI writes it (dd/mm/yyyy). */
function day(offset, years = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  d.setFullYear(d.getFullYear() + years);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** The school year running today (it starts in September). */
function schoolYearStart() {
  const d = new Date();
  return d.getMonth() >= 7 ? d.getFullYear() : d.getFullYear() - 1;
}

function makeCaseFile(dir) {
  const path = join(dir, "lycee-essai.accroche");
  cli(
    "init", path, "--uai", "0750654D", "--name", SCHOOL, "--kind", "lp", "--academie", "Paris",
    "--head", HEAD, "--referent", "M. Karim Benali", "--year", String(schoolYearStart()),
  );
  return path;
}

/** Presses `key` with `modifier` held (Ctrl+Entrée, Alt+1), where the focus is. */
async function chord(driver, modifier, key) {
  const actions = [
    { type: "keyDown", value: modifier }, { type: "keyDown", value: key },
    { type: "keyUp", value: key }, { type: "keyUp", value: modifier },
  ];
  await driver.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  await driver.cmd("DELETE", "/actions");
}

async function addStaff(driver, { lastName, firstName, role }) {
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
      "return [...document.querySelectorAll(arguments[0] + ' option')].find((o) => o.text.includes(arguments[1]))?.value ?? null;",
      [select, text],
    ),
    { timeout: SLOW, what: `${select} to offer ${text}` },
  );
}

/** Clicks once the element takes clicks (a modal's buttons, right after it opens). */
function clickWhenReady(driver, css) {
  return driver.waitUntil(() => driver.click(css).then(() => true), { timeout: SLOW, what: `${css} to take a click` });
}

async function textOf(driver, css) {
  return (await driver.getText(css)).replace(/\s+/g, " ").trim();
}

function scrollTo(driver, css, block = "start") {
  return driver.executeScript("document.querySelector(arguments[0]).scrollIntoView({ block: arguments[1] });", [css, block]);
}

/** The PAFI's state, as its badge says (data-state). */
function pafiState(driver) {
  return driver.getAttribute("#pafi-state", "data-state");
}

/** Takes the next step `to` from the PAFI page: its button, the date (today), Enregistrer. */
async function step(driver, to, fill = async () => {}) {
  await scrollTo(driver, "#pafi-progress");
  await driver.waitUntil(async () => !(await driver.getProperty(`#pafi-step-${to}`, "disabled")), { timeout: SLOW, what: `${to} offered` });
  await clickWhenReady(driver, `#pafi-step-${to}`);
  await driver.waitFor("#pafi-state-form");
  assert.equal(await driver.getProperty("#pafi-state-on", "value"), day(0), "a change of state is dated today by default");
  await fill();
  await clickWhenReady(driver, "#pafi-state-submit");
  await driver.waitUntil(async () => (await pafiState(driver)) === to, { timeout: SLOW, what: `the PAFI « ${to} »` });
  await driver.waitFor("#pafi-notice", { timeout: SLOW, text: "Le PAFI est maintenant" });
}

/** On a document page: prepared for signature, then signed on paper by every signatory today. */
async function signOnPaper(driver) {
  await driver.waitFor("#document-state", { timeout: SLOW });
  assert.equal(await driver.getAttribute("#document-state", "data-state"), "draft");
  assert.equal((await driver.findElements("#document-missing")).length, 0, "nothing is missing before signing");
  await clickWhenReady(driver, "#btn-document-prepare");
  await driver.waitUntil(async () => (await driver.getAttribute("#document-state", "data-state")) === "to_sign", { timeout: SLOW, what: "à signer" });
  await clickWhenReady(driver, "#btn-document-paper");
  await driver.waitFor("#paper");
  const boxes = await driver.findElements("#paper-positions input[type=checkbox]");
  assert.ok(boxes.length >= 3, `several signatories sign (${boxes.length})`);
  for (const box of boxes) await driver.clickElement(box);
  await clickWhenReady(driver, "#paper-confirm");
  await driver.waitForAbsent("#paper", { timeout: SLOW });
  await driver.waitFor("#document-notice", { timeout: SLOW, text: "Signature sur papier enregistrée." });
  assert.equal(await driver.getAttribute("#document-state", "data-state"), "signed");
}

/** Back from a document page to its PAFI. */
async function backToPafi(driver) {
  await clickWhenReady(driver, "#btn-back-pafi-document");
  await driver.waitFor("#pafi-state", { timeout: SLOW });
}

function pdftotext() {
  return spawnSync("pdftotext", ["-v"]).error === undefined;
}

test("a PAFI from a GPDS proposal: frame, host activity, schedule, validation, contract and convention signed on paper, bilan, terminé", { skip: SKIP, timeout: 600_000 }, async () => {
  const dir = scratchDir("pafi");
  const path = makeCaseFile(dir);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "pafi");
  const out = resolve(process.env.ACCROCHE_E2E_OUT ?? join(process.cwd(), "target", "e2e-screenshots"), "pafi");
  try {
    await unlock(driver);
    await driver.waitFor("#dashboard-title", { timeout: SLOW });
    const nav = await driver.executeScript("return [...document.querySelectorAll('.sidebar button')].map((b) => b.innerText.trim());");
    assert.equal(nav[nav.indexOf("GPDS") + 1], "PAFI", `PAFI comes right after GPDS (DESIGN.md): ${nav.join(", ")}`);

    // Paramètres → PAFI: the académie's authority is the CSAIO.
    await driver.click("#nav-settings");
    await driver.waitFor("#settings-pafi-authority", { timeout: SLOW });
    await driver.waitUntil(async () => (await driver.getProperty("#settings-pafi-authority", "value")) === "dasen", { what: "DASEN by default" });
    assert.match(await textOf(driver, "#settings-pafi"), /moins de 16 ans .* DSDEN/, "the under-16 rule is recalled");
    await driver.select("#settings-pafi-authority", "csaio");
    await driver.click("#settings-pafi-submit");
    await driver.waitFor("#settings-pafi-notice", { timeout: SLOW, text: "CSAIO" });

    // The people: a tutor (CPE), a student of 16 with his mother, a host company with two contacts.
    await addStaff(driver, { lastName: "Lambert", firstName: "Sophie", role: "cpe" });
    await driver.click("#nav-students");
    await driver.waitFor("#btn-new-student");
    await driver.click("#btn-new-student");
    await driver.waitFor("#student-lastName");
    await driver.fill("#student-lastName", "Hervé-Lefèvre");
    await driver.fill("#student-firstName", "Maël");
    // 16 on the path's first day (20 days ago), and a few months more.
    await driver.fill("#student-birthDate", day(-120, -16));
    await driver.fill("#student-className", "2MRC1");
    await driver.click("#btn-add-rep");
    await driver.waitFor("#student-legalReps-0-lastName");
    await driver.fill("#student-legalReps-0-lastName", "Hervé");
    await driver.fill("#student-legalReps-0-firstName", "Nathalie");
    await driver.select("#student-legalReps-0-relationship", "mere");
    await driver.fill("#student-legalReps-0-phone", "06 12 34 56 78");
    await driver.click("#student-submit");
    await driver.waitFor("#student-notice", { timeout: SLOW, text: "Enregistré." });

    await driver.click("#nav-partners");
    await driver.waitFor("#btn-new-partner");
    await driver.click("#btn-new-partner");
    await driver.waitFor("#partner-name");
    await driver.fill("#partner-name", "Boulangerie Le Fournil d'Émile");
    await driver.select("#partner-kind", "entreprise");
    await driver.fill("#partner-address", "4 place du Marché\n75005 Paris");
    await driver.click("#btn-add-contact");
    await driver.waitFor("#partner-contacts-0-lastName");
    await driver.fill("#partner-contacts-0-lastName", "Durand");
    await driver.fill("#partner-contacts-0-firstName", "Émile");
    await driver.fill("#partner-contacts-0-function", "gérant");
    await driver.click("#btn-add-contact");
    await driver.waitFor("#partner-contacts-1-lastName");
    await driver.fill("#partner-contacts-1-lastName", "Martin");
    await driver.fill("#partner-contacts-1-firstName", "Julie");
    await driver.fill("#partner-contacts-1-function", "responsable de boutique");
    await driver.fill("#partner-contacts-1-phone", "01 43 21 65 87");
    await driver.click("#partner-submit");
    await driver.waitFor("#partner-notice", { timeout: SLOW, text: "Enregistré." });

    // A GPDS meeting today: the student enters follow-up, with the action « Proposer un PAFI ».
    await driver.click("#nav-gpds");
    await driver.waitFor("#btn-plan-meeting");
    await driver.click("#btn-plan-meeting");
    await driver.waitFor("#meeting-date");
    await driver.fill("#meeting-date", day(0));
    await driver.fill("#meeting-time", "16:00");
    await driver.click("#meeting-submit");
    await driver.waitFor("#meeting-notice", { timeout: SLOW, text: "Séance planifiée." });
    await driver.waitFor("#agenda-add", { timeout: SLOW });
    await driver.fill("#agenda-add", "Hervé");
    await driver.waitFor("#agenda-add-results button", { timeout: SLOW, text: "Hervé-Lefèvre" });
    await driver.press(Keys.ENTER);
    await driver.waitFor("#agenda", { timeout: SLOW, text: "Hervé-Lefèvre" });
    await driver.click("#btn-open-meeting");
    await driver.waitFor("#mode-student-name", { timeout: SLOW, text: "Hervé-Lefèvre" });
    await driver.waitUntil(() => driver.click("#review-situation").then(() => true), { timeout: SLOW, what: "the situation field" });
    await driver.sendKeys("#review-situation", "Décrochage en atelier ; veut découvrir la boulangerie.");
    await chord(driver, ALT, "1");
    await driver.waitUntil(() => driver.getProperty("#review-decision-enter", "checked"), { what: "Alt+1" });
    await driver.waitFor("#review-inCharge");
    await driver.select("#review-inCharge", await optionValue(driver, "#review-inCharge", "Sophie Lambert"));
    await driver.fill("#review-nextReview", day(30));
    await driver.click("#review-add-action");
    await driver.waitFor("#review-actions-0-kind");
    await driver.select("#review-actions-0-kind", "proposer_pafi");
    await driver.fill("#review-actions-0-dueOn", day(14));
    await driver.click("#review-situation");
    await chord(driver, CONTROL, Keys.ENTER);
    await driver.waitFor("#mode-notice", { timeout: SLOW, text: "Décision enregistrée pour Maël Hervé-Lefèvre" });
    await driver.click("#btn-close-meeting");
    await driver.waitFor("#close-meeting");
    await clickWhenReady(driver, "#close-meeting-confirm");
    await driver.waitFor("#minutes-version", { timeout: SLOW, text: "Version 1" });

    // The tableau de bord: the proposal waits; « Préparer le PAFI » makes the path and opens it.
    await driver.click("#nav-dashboard");
    await driver.waitFor("#dash-proposals", { timeout: SLOW, text: "Hervé-Lefèvre" });
    assert.match(await textOf(driver, "#dash-proposals"), /PAFI proposé le/);
    assert.match(await textOf(driver, "#dash-pafi"), /^0 rappel sur les PAFI/, "no PAFI yet, nothing to recall");
    await scrollTo(driver, "#dash-proposals", "center");
    await shot("00-tableau-de-bord-proposition");
    await clickWhenReady(driver, "#dash-proposals button[id^='dash-prepare-pafi-']");
    await driver.waitFor("#pafi-title", { timeout: SLOW, text: "Maël Hervé-Lefèvre" });
    assert.equal(await pafiState(driver), "proposed");
    assert.match(await textOf(driver, "#pafi-notice"), /créé à partir de la proposition du GPDS/);
    assert.match(await textOf(driver, "#pafi-sub"), /Proposé le .* par le GPDS/);
    assert.equal(await driver.getAttribute("#pafi-steps li[data-state='proposed']", "aria-current"), "step");
    assert.equal(await driver.getProperty("#pafi-frame-diagnosisOn", "value"), day(0), "the GPDS's day is the diagnosis");
    assert.equal(await driver.getAttribute("#nav-pafi", "aria-current"), "page", "the sidebar shows PAFI");

    // Cadre: three months from 20 days ago — longer than two months: confirmed.
    await driver.fill("#pafi-frame-startOn", day(-20));
    await driver.fill("#pafi-frame-endOn", day(70));
    await driver.select("#pafi-frame-tutorId", await optionValue(driver, "#pafi-frame-tutorId", "Sophie Lambert"));
    await driver.fill("#pafi-frame-mldsCoordinator", "Mme Anne Roche, coordonnatrice MLDS du bassin");
    await driver.click("#pafi-objective-remobilisation");
    await driver.click("#pafi-objective-decouverte_metiers");
    await driver.fill("#pafi-frame-objectivesText", "Retrouver le goût du travail en atelier.");
    await driver.fill("#pafi-frame-bilanDueOn", day(66));
    await driver.fill("#pafi-frame-returnOn", day(71));
    await driver.fill("#pafi-frame-returnTerms", "Retour en 2MRC1 avec un point hebdomadaire avec la tutrice.");
    assert.equal((await driver.findElements("#pafi-frame-familySigns")).length, 0, "a minor's family always signs: nothing to ask");
    await driver.click("#pafi-frame-submit");
    await driver.waitFor("#confirm-retry[open]", { timeout: SLOW });
    const question = await textOf(driver, "#confirm-retry-message");
    assert.match(question, /plus de deux mois/, question);
    assert.ok(question.includes(day(-20)) && question.includes(day(70)), `the question names the dates: ${question}`);
    await shot("01-confirmer-duree");
    await clickWhenReady(driver, "#confirm-retry-yes");
    await driver.waitFor("#pafi-frame-notice", { timeout: SLOW, text: "Cadre du parcours enregistré." });
    assert.match(await textOf(driver, "#pafi-dates"), new RegExp(`Du ${day(-20)} au ${day(70)}`.replaceAll("/", "\\/")));
    assert.match(await textOf(driver, "#pafi-age"), /^16 ans au premier jour/);

    // En préparation; « en attente de validation » needs an activity first.
    await step(driver, "preparing");
    assert.equal(await driver.getProperty("#pafi-step-awaiting_validation", "disabled"), true);
    assert.match(await textOf(driver, "#pafi-step-awaiting_validation-missing"), /Ajoutez au moins une activité/);

    // A host activity: its signatory and tutor come from the partner's contacts.
    await scrollTo(driver, "#pafi-activities");
    await clickWhenReady(driver, "#btn-add-activity");
    await driver.waitFor("#pafi-activity-kind");
    await driver.select("#pafi-activity-kind", "stage_entreprise");
    await driver.fill("#pafi-activity-title", "Stage en boulangerie : fabrication et vente");
    await driver.select("#pafi-activity-partnerId", await optionValue(driver, "#pafi-activity-partnerId", "Fournil"));
    assert.equal(await driver.getProperty("#pafi-activity-hostRepresentative", "value"), "Émile Durand");
    assert.equal(await driver.getProperty("#pafi-activity-hostTutor", "value"), "Julie Martin");
    assert.equal(await driver.getProperty("#pafi-activity-startOn", "value"), day(-20), "the path's dates by default");
    await driver.fill("#pafi-activity-hoursPerWeek", "12,5");
    await driver.fill("#pafi-activity-tasks", "Accueillir les clients\nPréparer les viennoiseries");
    await driver.click("#pafi-activity-submit");
    await driver.waitFor("#pafi-activities-notice", { timeout: SLOW, text: "Activité ajoutée" });
    const activity = await driver.getAttribute("#pafi-activity-list > li", "id");
    const activityId = activity.replace("pafi-activity-", "");
    assert.match(await textOf(driver, `#${activity}`), /12,5 h par semaine/);
    assert.equal(await driver.getAttribute(`#${activity}-convention-state`, "data-state"), "none");

    // The schedule: one period, Monday and Tuesday morning at the bakery, the rest in class.
    await scrollTo(driver, "#pafi-schedule");
    await clickWhenReady(driver, "#btn-add-period");
    await driver.waitFor("#schedule-0-cell-0-0");
    assert.equal(await driver.getProperty("#schedule-periods-0-startOn", "value"), day(-20));
    const atBakery = await optionValue(driver, "#schedule-0-cell-0-0", "Boulangerie");
    for (const cell of ["0-0", "0-1", "1-0"]) await driver.select(`#schedule-0-cell-${cell}`, atBakery);
    await driver.fill("#schedule-0-label-1-1", "2MRC1 — français, maths");
    await driver.click("#schedule-submit");
    await driver.waitFor("#schedule-notice", { timeout: SLOW, text: "Emploi du temps enregistré : 1 période." });
    assert.equal(await driver.getAttribute("#schedule-periods-0-slots td[data-day='0'][data-half='0']", "data-kind"), "activity");
    assert.equal(await driver.getProperty("#schedule-0-label-1-1", "value"), "2MRC1 — français, maths");
    assert.match(await textOf(driver, "#schedule-periods-0-summary"), /3 demi-journées en activité, 6 demi-journées en classe/);
    await scrollTo(driver, "#pafi-schedule");
    await shot("02-emploi-du-temps");

    // En attente de validation, then validé by the CSAIO (the case file's authority, by default).
    await step(driver, "awaiting_validation");
    await step(driver, "validated", async () => {
      assert.equal(await driver.getProperty("#pafi-state-authority", "value"), "csaio");
      await driver.fill("#pafi-state-note", "CSAIO-2026-118");
    });
    assert.match(await textOf(driver, "#pafi-validation"), new RegExp(`CSAIO, le ${day(0).replaceAll("/", "\\/")} — décision CSAIO-2026-118`));

    // « En cours » is not offered yet: the missing signatures are said next to it.
    assert.equal(await driver.getProperty("#pafi-step-running", "disabled"), true);
    const missing = await textOf(driver, "#pafi-step-running-missing");
    assert.match(missing, /Avant de passer à « En cours »/);
    assert.match(missing, /contrat PAFI/, missing);
    assert.match(missing, /convention d'accueil de l'activité « Stage en boulangerie : fabrication et vente »/, missing);
    await scrollTo(driver, "#pafi-title");
    await shot("03-pafi-valide-manques");

    // The contract: made, prepared, signed on paper by everybody; a copy saved and read back.
    await scrollTo(driver, "#pafi-documents");
    await clickWhenReady(driver, "#btn-pafi-contract");
    await driver.waitFor("#document-title", { timeout: SLOW, text: "PAFI" });
    const signatories = await textOf(driver, "#document-signatories");
    for (const who of ["Maël Hervé-Lefèvre", "Nathalie Hervé", HEAD, "Sophie Lambert", "Émile Durand"]) {
      assert.ok(signatories.includes(who), `${who} signs the contract: ${signatories}`);
    }
    await shot("04-contrat-brouillon");
    await signOnPaper(driver);
    const reference = await textOf(driver, "#document-reference");
    const copy = join(dir, `${reference}.pdf`);
    await driver.click("#btn-document-save");
    await driver.waitFor("#save-copy-path");
    await driver.waitUntil(async () => (await driver.getProperty("#save-copy-path", "value")).endsWith(".pdf"), { what: "the default name" });
    await driver.fill("#save-copy-path", copy);
    await clickWhenReady(driver, "#save-copy-confirm");
    await driver.waitFor("#document-notice", { timeout: SLOW, text: "Copie enregistrée" });
    assert.ok(existsSync(copy), "the copy is written where typed");
    if (pdftotext()) {
      const text = spawnSync("pdftotext", ["-layout", copy, "-"], { encoding: "utf8" });
      assert.equal(text.status, 0, `pdftotext reads the contract: ${text.stderr}`);
      const flat = text.stdout.replace(/\s+/g, " ");
      assert.ok(flat.includes("Maël Hervé-Lefèvre") || flat.includes("Maël HERVÉ-LEFÈVRE"), "the student's name with its accents");
      for (const date of [day(-20), day(70)]) assert.ok(flat.includes(date), `the contract prints ${date} (dd/mm/yyyy)`);
      for (const who of ["Nathalie Hervé", "Claire Martin", "Sophie Lambert", "Émile Durand", "Boulangerie Le Fournil d'Émile"]) {
        assert.ok(flat.includes(who), `the contract names ${who}`);
      }
      assert.ok(flat.includes(reference), "and its reference");
      mkdirSync(out, { recursive: true });
      spawnSync("pdftoppm", ["-png", "-r", "60", copy, join(out, "contrat-page")]);
    }
    await backToPafi(driver);
    assert.match(await textOf(driver, "#pafi-documents-table"), /Contrat PAFI .* Signé/);

    // The convention of the host activity, signed on paper too.
    await scrollTo(driver, "#pafi-activities");
    await clickWhenReady(driver, `#pafi-activity-${activityId}-convention`);
    await driver.waitFor("#document-title", { timeout: SLOW, text: "onvention" });
    await signOnPaper(driver);
    await backToPafi(driver);
    assert.equal(await driver.getAttribute(`#pafi-activity-${activityId}-convention-state`, "data-state"), "signed");
    await scrollTo(driver, "#pafi-activities");
    await shot("04b-activite-convention-signee");

    // En cours, then the final bilan and « terminé ».
    await step(driver, "running");
    assert.equal(await driver.getAttribute("#pafi-steps li[data-state='running']", "aria-current"), "step");
    assert.equal(await driver.getProperty("#pafi-step-finished", "disabled"), true);
    assert.match(await textOf(driver, "#pafi-step-finished-missing"), /bilan final/);
    await scrollTo(driver, "#pafi-bilan");
    await driver.waitFor("#pafi-bilan-heldOn");
    await driver.fill("#pafi-bilan-participants", "Sophie Lambert, CPE\nJulie Martin, tutrice d'accueil");
    await driver.fill("#pafi-bilan-plannedHalfDays", "30");
    await driver.fill("#pafi-bilan-absentHalfDays", "2");
    await driver.fill("#pafi-bilan-justifiedHalfDays", "1");
    await driver.fill("#pafi-bilan-skills-0-skill", "Accueillir un client et répondre à sa demande");
    await driver.select("#pafi-bilan-skills-0-level", "acquise");
    await driver.select("#pafi-bilan-skills-0-evidence", "hors_scolaire");
    await driver.click("#pafi-bilan-skills-0-validated");
    await driver.fill("#pafi-bilan-studentView", "J'ai aimé travailler tôt le matin.");
    await driver.select("#pafi-bilan-outcome", "retour_classe");
    await driver.click("#pafi-bilan-submit");
    await driver.waitFor("#pafi-bilan-notice", { timeout: SLOW, text: "Bilan final enregistré : retour en classe ordinaire." });
    await step(driver, "finished");
    assert.equal((await driver.findElements("#pafi-next-steps")).length, 0, "a finished path has no next step");
    await scrollTo(driver, "#pafi-title");
    await shot("05-pafi-termine");

    // The list, the student's page (proposal taken, the path, the chronology's PAFI filter).
    await driver.click("#nav-pafi");
    await driver.waitFor("#pafi-count", { timeout: SLOW, text: "1 parcours" });
    const row = await textOf(driver, "#pafi-table tbody tr[data-id]");
    assert.match(row, /Maël Hervé-Lefèvre 2MRC1 Terminé/, row);
    assert.match(row, /Sophie Lambert Retour en classe ordinaire$/, row);
    await driver.select("#pafi-filter", "running");
    await driver.waitFor("#pafi-count", { text: "0 parcours" });
    await driver.select("#pafi-filter", "finished");
    await driver.waitFor("#pafi-count", { text: "1 parcours" });
    await shot("06-liste");
    await driver.click("#pafi-table tbody tr[data-id] td");
    await driver.waitFor("#btn-pafi-student", { timeout: SLOW });
    await driver.click("#btn-pafi-student");
    await driver.waitFor("#student-pafi-list", { timeout: SLOW, text: "Terminé" });
    assert.match(await textOf(driver, "#proposals"), /reprise/, "the GPDS proposal was taken");
    await scrollTo(driver, "#chronology-section");
    await driver.click("#chrono-filter-pafi");
    const kinds = () => driver.executeScript("return [...document.querySelectorAll('#chronology li')].map((li) => li.dataset.kind);");
    await driver.waitUntil(async () => (await kinds()).every((k) => k === "pafi"), { timeout: SLOW, what: "the chronology filtered" });
    const events = await kinds();
    assert.ok(events.length >= 7, `every change of state and the final bilan: ${events.length} events`);
    assert.match(await textOf(driver, "#chronology"), /Début du PAFI/);
    await shot("07-chronologie");
  } finally {
    await shot("zz-derniere-vue").catch(() => undefined);
    await driver.deleteSession().catch(() => undefined);
  }
});

test("the demo school's PAFI: the list shows what `accroche pafi list` prints; a path under way reads well and its grid is keyboard-usable", { skip: SKIP, timeout: 240_000 }, async () => {
  const path = join(scratchDir("pafi-demo"), "demo.accroche");
  cli("demo", path);
  const expected = JSON.parse(cli("pafi", path, "list", "--json"));
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "pafi-demo");
  try {
    await unlock(driver);
    await driver.waitFor("#dashboard-title", { timeout: SLOW });
    await driver.click("#nav-pafi");
    await driver.waitFor("#pafi-count", { timeout: SLOW, text: "parcours" });
    const ids = await driver.executeScript("return [...document.querySelectorAll('#pafi-table tbody tr[data-id]')].map((tr) => Number(tr.dataset.id));");
    assert.deepEqual(ids, expected.map((r) => r.id), "the same paths, in the same order (the latest first)");
    await shot("01-liste");
    // Sorting by student, then searching by a part of a name without its accents.
    await driver.click("#pafi-table th button[data-sort='student']");
    assert.equal(await driver.getAttribute("#pafi-table th[aria-sort]", "aria-sort"), "ascending");
    if (expected.length === 0) return;
    const chosen = expected.find((r) => r.state === "running") ?? expected[0];
    const folded = chosen.studentName.split(" ").pop().normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().slice(0, 4);
    await driver.fill("#pafi-search", folded);
    await driver.waitFor(`#pafi-table tbody tr[data-id='${chosen.id}']`);

    // The path: Entrée on its row opens it.
    await driver.executeScript("document.querySelector(arguments[0]).focus();", [`#pafi-table tbody tr[data-id='${chosen.id}']`]);
    await driver.press(Keys.ENTER);
    await driver.waitFor("#pafi-title", { timeout: SLOW, text: chosen.studentName });
    assert.equal(await driver.getAttribute("#pafi-state", "data-state"), chosen.state);
    await shot("02-parcours");
    await driver.click("#toc-pafi-schedule");
    await driver.waitUntil(
      () => driver.executeScript("return document.activeElement?.id;").then((id) => id === "pafi-schedule-title"),
      { what: "the table of contents to move the focus" },
    );
    await shot("03-emploi-du-temps");
    // A long activity title stays in its cell: the grid does not scroll sideways.
    const [scroll, client] = await driver.executeScript(
      "const w = document.querySelector('.schedule-wrap'); return w ? [w.scrollWidth, w.clientWidth] : [0, 0];",
    );
    assert.ok(scroll <= client, `the grid fits its box on a 1280-pixel window (${scroll} > ${client})`);
    if ((await driver.findElements("#schedule-0-cell-0-0")).length > 0 && !(await driver.getProperty("#schedule-0-cell-0-0", "disabled"))) {
      // Tab goes through the grid in reading order, each control named by its day and half-day.
      await driver.executeScript("document.getElementById('schedule-0-cell-0-0').focus();");
      assert.equal(await driver.getAttribute("#schedule-0-cell-0-0", "aria-label"), "Lundi matin");
      await driver.press(Keys.TAB);
      const next = await driver.executeScript("return document.activeElement?.getAttribute('aria-label');");
      assert.match(next, /^(Lundi matin : classe ou matières|Mardi matin)$/, `the next control in the grid: ${next}`);
    }
    await driver.click("#toc-pafi-followup");
    await shot("04-suivi");
    await driver.click("#toc-pafi-bilan");
    await shot("05-bilan-final");
    await driver.click("#toc-pafi-documents");
    await shot("06-documents");
  } finally {
    await shot("zz-derniere-vue").catch(() => undefined);
    await driver.deleteSession().catch(() => undefined);
  }
});
