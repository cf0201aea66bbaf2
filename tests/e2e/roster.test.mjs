// Roster import: Élèves → Importer la liste des élèves with a SIECLE export. The preview shows
// the counts before anything changes, Importer fills the list, importing the same file again
// changes nothing, Annuler le dernier import empties the list again; a file that is not an
// export is refused next to the path field, in French, and changes nothing.
//
// Each flow makes its own case file with the command line (`accroche init`, for the fixture's
// school and year) and starts the app on it, so the flows need the real app: they are skipped
// against the mock preview.

import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Keys } from "./webdriver.mjs";
import { REAL_APP, SLOW, cli, scratchDir, screenshots, startApp, tableRows, unlock } from "./app.mjs";

const SKIP = REAL_APP ? false : "needs the real app and the accroche command line";
const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const SCHOOL = "Lycée Jean-Moulin d'Essai";
const FIXTURE = join(REPO, "tests", "fixtures", "siecle", "ElevesSansAdresses.xml");

// What ElevesSansAdresses.xml gives an empty case file, from tests/fixtures/siecle/README.md: the
// parser reads 12 students and skips 3 records; of the 12, 4505 (CŒUR Anaïs) left on 10/09/2026
// and 4507 (BENALI Yasmine) has no class, so the preview skips them too (they are not added).
const EXPECTED = { new: 10, updated: 0, left: 0, unchanged: 0, skipped: 5 };
/** The skipped records: the README's three, in its order, then the two the merge does not add. */
const SKIPPED = [
  ["ELENOET 1513", "ni INE ni ELEVE_ID"],
  ["ELEVE_ID 4514", "date de naissance « 31/02/2010 » impossible"],
  ["ELEVE_ID 4515", "code MEF « 200100101 » de 9 caractères au lieu de 11"],
  ["ELEVE_ID 4505", /sorti le 10\/09\/2026/],
  ["ELEVE_ID 4507", /aucune classe/],
];

/** The French words of each count, as the preview writes them (0 and 1 take the singular). */
const WORDS = {
  new: (n) => `${n} ${n <= 1 ? "nouveau" : "nouveaux"}`,
  updated: (n) => `${n} mis à jour`,
  left: (n) => `${n} ${n <= 1 ? "sorti" : "sortis"}`,
  unchanged: (n) => `${n} ${n <= 1 ? "inchangé" : "inchangés"}`,
  skipped: (n) => `${n} ${n <= 1 ? "ignoré" : "ignorés"}`,
};

/** A new case file for the fixture's establishment (UAI 0750654D) and school year (2026-2027). */
function makeCaseFile(flow) {
  const path = join(scratchDir(flow), "lycee-essai.accroche");
  cli(
    "init", path, "--uai", "0750654D", "--name", SCHOOL, "--kind", "lp", "--academie", "Paris",
    "--head", "Mme Claire Martin", "--referent", "M. Karim Benali", "--year", "2026",
  );
  return path;
}

/** Starts the app on `openedPath`, unlocks it, runs `body`, saves the last view whatever happened. */
async function withApp(flow, openedPath, body) {
  const driver = await startApp({ openedPath });
  const shot = screenshots(driver, flow);
  try {
    await unlock(driver);
    await driver.waitFor("#case-title", { timeout: SLOW, text: SCHOOL });
    await driver.click("#nav-students");
    await driver.waitFor("#students-count", { text: "élève" });
    await body(driver, shot);
  } finally {
    await shot("zz-derniere-vue").catch(() => undefined);
    await driver.deleteSession().catch(() => undefined);
  }
}

/** Élèves → Importer la liste des élèves. */
async function openImport(driver) {
  await driver.click("#nav-students");
  await driver.waitFor("#btn-import-students");
  await driver.click("#btn-import-students");
  await driver.waitFor("#import-path");
}

/** The five counts of the preview on screen: their number and the words shown. */
async function shownCounts(driver) {
  const counts = {};
  for (const kind of Object.keys(WORDS)) {
    counts[kind] = {
      n: Number(await driver.getAttribute(`#import-count-${kind}`, "data-count")),
      text: (await driver.getText(`#import-count-${kind}`)).replace(/\s+/g, " ").trim(),
    };
  }
  return counts;
}

/** Asserts the preview shows `expected` ({new, updated, …}), number and French words. */
async function assertCounts(driver, expected, what) {
  const counts = await shownCounts(driver);
  for (const [kind, n] of Object.entries(expected)) {
    assert.equal(counts[kind].n, n, `${what}: ${kind} is ${n}`);
    assert.equal(counts[kind].text, WORDS[kind](n), `${what}: the ${kind} count reads « ${WORDS[kind](n)} »`);
  }
}

/** Opens the list behind a count (a <details>), if it is not open yet. */
async function expand(driver, kind) {
  if (!(await driver.getProperty(`#import-details-${kind}`, "open"))) await driver.click(`#import-details-${kind} summary`);
  await driver.waitUntil(() => driver.getProperty(`#import-details-${kind}`, "open"), { what: `the ${kind} list to open` });
}

function scrollTo(driver, css) {
  return driver.executeScript("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });", [css]);
}

test("a SIECLE export is previewed, imported, re-imported without change, and undone", { skip: SKIP, timeout: 240_000 }, async () => {
  const path = makeCaseFile("import");
  // The command line's dry run says the same as the window (and changes nothing either).
  const dryRun = JSON.parse(cli("import", path, FIXTURE, "--dry-run", "--json"));
  assert.deepEqual(dryRun, EXPECTED, "accroche import --dry-run --json gives the README's counts");

  await withApp("import", path, async (driver, shot) => {
    assert.match(await driver.getText("#students-count"), /^0 élève$/, "the case file starts empty");
    assert.equal((await driver.findElements("#last-import")).length, 0, "no import to undo yet");

    // 1. Choose the file, 2. see the preview.
    await openImport(driver);
    assert.match(await driver.getText("#import-help"), /Base élèves établissement → Exportations → En XML → Élèves sans adresses/);
    await driver.fill("#import-path", FIXTURE);
    await driver.click("#btn-import-preview");
    await driver.waitFor("#import-counts", { timeout: SLOW });
    assert.match(await driver.getText("#import-source"), /SIECLE/, "the preview names the source");
    assert.match(await driver.getText("#import-source"), /ElevesSansAdresses\.xml/, "and the file");
    assert.equal((await driver.findElements("#import-warnings")).length, 0, "no warning: same UAI, same school year");
    assert.match(await driver.getText("#import-nothing-yet"), /Rien n'a encore été modifié\./);
    await assertCounts(driver, EXPECTED, "first preview");
    await scrollTo(driver, "#import-preview");
    await shot("01-apercu");

    await expand(driver, "new");
    assert.equal(
      await driver.executeScript("return document.querySelectorAll('#import-list-new tbody tr').length;"),
      EXPECTED.new,
      "the list of new students has one row per new student",
    );
    const newText = await driver.getText("#import-list-new");
    assert.match(newText, /Lœtitia ŒUVRAY/, `names are read from ISO-8859-15 with œ and trimmed: ${newText}`);
    assert.match(newText, /2NDE3/, "the class is shown");
    await expand(driver, "skipped");
    const skipped = await driver.executeScript(
      "return [...document.querySelectorAll('#import-list-skipped tbody tr')].map((tr) => [...tr.cells].map((td) => td.innerText.trim()));",
    );
    assert.equal(skipped.length, EXPECTED.skipped, `one row per skipped record: ${JSON.stringify(skipped)}`);
    assert.deepEqual(skipped.map(([location]) => location), SKIPPED.map(([location]) => location), "the skipped records, in order");
    skipped.forEach(([location, , reason], i) => {
      const expected = SKIPPED[i][1];
      if (typeof expected === "string") assert.equal(reason, expected, `the reason for ${location}`);
      else assert.match(reason, expected, `the reason for ${location}`);
    });
    await scrollTo(driver, "#import-details-skipped");
    await shot("01b-apercu-ignores");

    // 3. Importer.
    await driver.click("#btn-import-apply");
    await driver.waitFor("#students-notice", { timeout: SLOW, text: "Import terminé" });
    assert.match(await driver.getText("#students-notice"), new RegExp(WORDS.new(EXPECTED.new)), "the notice gives the counts");
    await driver.waitFor("#students-count", { text: `${EXPECTED.new} élèves` });
    const rows = await tableRows(driver, "#students-table");
    assert.equal(rows.length, EXPECTED.new, `the list shows the imported students: ${rows.join(" | ")}`);
    assert.ok(rows.some((r) => /ŒUVRAY/.test(r) && /Lœtitia/.test(r)), "Lœtitia ŒUVRAY is in the list");
    assert.match(await driver.getText("#last-import-file"), /ElevesSansAdresses\.xml/, "the last import is offered for undo");
    assert.match(await driver.getText("#last-import-when"), /^importé le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}$/);
    await shot("02-liste-importee");

    // The student page shows what the import brought: groups and training.
    await driver.executeScript(
      "[...document.querySelectorAll('#students-table tbody tr[data-id]')].find((tr) => tr.innerText.includes('ŒUVRAY')).click();",
    );
    await driver.waitFor("#student-name", { text: "ŒUVRAY" });
    const identity = await driver.getText("#student-identity");
    assert.match(identity, /Groupes\s+2NDE_ESP1, 2NDE_AP2/, `the groups are shown: ${identity}`);
    assert.match(identity, /Formation\s+\S/, `the training is shown: ${identity}`);
    assert.equal((await driver.findElements("#student-left")).length, 0, "a present student is not shown as left");
    await shot("03-fiche-importee");

    // The same file again: nothing new, everyone unchanged (Enter in the field starts the preview).
    await openImport(driver);
    await driver.fill("#import-path", FIXTURE);
    await driver.press(Keys.ENTER);
    await driver.waitFor("#import-counts", { timeout: SLOW });
    await assertCounts(driver, { new: 0, updated: 0, left: 0, unchanged: EXPECTED.new, skipped: EXPECTED.skipped }, "second preview");
    assert.match(await driver.getText("#import-nothing-yet"), /ne changerait rien/, "the preview says there is nothing to import");
    assert.equal((await driver.findElements("#btn-import-apply")).length, 0, "no Importer button when nothing would change");
    await scrollTo(driver, "#import-preview");
    await shot("04-reimport-inchange");

    // Annuler le dernier import, from the import screen, after confirmation.
    await driver.waitFor("#btn-undo-import");
    assert.equal(await driver.getProperty("#btn-undo-import", "disabled"), false, "the import can be undone");
    await driver.click("#btn-undo-import");
    await driver.waitFor("#confirm-undo-import");
    assert.match(await driver.getText("#confirm-undo-import"), new RegExp(`${EXPECTED.new} élèves ajoutés seront retirés`));
    await shot("05-confirmer-annulation");
    await driver.click("#confirm-undo-import-confirm");
    await driver.waitFor("#import-notice", { timeout: SLOW, text: "Import annulé." });
    await driver.waitForAbsent("#confirm-undo-import");
    await driver.waitForAbsent("#last-import");
    await driver.click("#nav-students");
    await driver.waitFor("#students-count", { text: "0 élève" });
    assert.deepEqual(await tableRows(driver, "#students-table"), [], "the list is empty again");
    assert.equal((await driver.findElements("#last-import")).length, 0, "nothing left to undo");
    await shot("06-import-annule");
  });

  assert.deepEqual(JSON.parse(cli("students", path, "list", "--json")), [], "the case file holds no student after the undo");
});

test("a file that is not an export is refused next to the path field and changes nothing", { skip: SKIP, timeout: 120_000 }, async () => {
  const path = makeCaseFile("import-invalide");
  const bad = join(scratchDir("import-invalide"), "x.xml");
  writeFileSync(bad, "bonjour\n");

  await withApp("import-invalide", path, async (driver, shot) => {
    await openImport(driver);

    // Nothing typed: said next to the field, before any call.
    await driver.click("#btn-import-preview");
    await driver.waitFor("#import-path-error");
    assert.match(await driver.getText("#import-path-error"), /Indiquez le fichier/);

    await driver.fill("#import-path", bad);
    await driver.click("#btn-import-preview");
    await driver.waitUntil(
      async () => !(await driver.getText("#import-path-error")).includes("Indiquez le fichier"),
      { timeout: SLOW, what: "the shell's message about x.xml" },
    );
    const message = (await driver.getText("#import-path-error")).replace(/^⚠\s*/, "").trim();
    assert.ok(message.length > 10, `a message explains the problem: ${message}`);
    assert.doesNotMatch(message, /\b(error|invalid|expected|failed|syntax|unexpected|os error)\b/i, `the message is French: ${message}`);
    assert.equal(await driver.getAttribute("#import-path", "aria-invalid"), "true", "the field is marked invalid");
    assert.ok(
      ((await driver.getAttribute("#import-path", "aria-describedby")) ?? "").split(" ").includes("import-path-error"),
      "the field is described by its error",
    );
    assert.equal((await driver.findElements("#import-preview")).length, 0, "no preview");
    assert.equal((await driver.findElements("#btn-import-apply")).length, 0, "nothing to import");
    await shot("01-fichier-invalide");

    await driver.click("#nav-students");
    await driver.waitFor("#students-count", { text: "0 élève" });
    assert.equal((await driver.findElements("#last-import")).length, 0, "no import was recorded");
  });

  assert.deepEqual(JSON.parse(cli("students", path, "list", "--json")), [], "the case file holds no student");
});

test("a change made in Accroche is kept against the next export, and the import can then no longer be undone", { skip: SKIP, timeout: 180_000 }, async () => {
  const path = makeCaseFile("import-conflit");
  const january = join(REPO, "tests", "fixtures", "siecle", "ElevesSansAdresses-janvier.xml");

  await withApp("import-conflit", path, async (driver, shot) => {
    await openImport(driver);
    await driver.fill("#import-path", FIXTURE);
    await driver.click("#btn-import-preview");
    await driver.waitFor("#btn-import-apply", { timeout: SLOW });
    await driver.click("#btn-import-apply");
    await driver.waitFor("#students-count", { timeout: SLOW, text: `${EXPECTED.new} élèves` });

    // The référent corrects a class by hand: Mathéo DUBOIS-LEFÈVRE is in 2MRC2, not 2MRC1.
    await driver.executeScript(
      "[...document.querySelectorAll('#students-table tbody tr[data-id]')].find((tr) => tr.innerText.includes('DUBOIS-LEFÈVRE')).click();",
    );
    await driver.waitFor("#btn-edit-student");
    await driver.click("#btn-edit-student");
    // The form mounts, then fills itself once the student is loaded: poll for the loaded value.
    await driver.waitUntil(
      async () => (await driver.findElements("#student-className")).length > 0
        && (await driver.getProperty("#student-className", "value").catch(() => "")) === "2MRC1",
      { what: "the edit form showing Mathéo's class 2MRC1" },
    );
    await driver.fill("#student-className", "2MRC2");
    await driver.click("#student-submit");
    await driver.waitFor("#student-notice", { timeout: SLOW, text: "Enregistré." });
    // The notice shows before the page has reloaded the student: wait for the new class.
    await driver.waitFor("#student-identity", { timeout: SLOW, text: "2MRC2" });
    assert.match(await driver.getText("#student-identity"), /Classe\s+2MRC2/);
    assert.equal((await driver.findElements("#student-left")).length, 0);

    // Written after the import: it can no longer be undone, and the list says why.
    await driver.click("#nav-students");
    await driver.waitFor("#btn-undo-import");
    assert.equal(await driver.getProperty("#btn-undo-import", "disabled"), true, "Annuler le dernier import is disabled");
    assert.match(await driver.getText("#last-import-why"), /ne peut plus être annulé/);
    assert.equal(await driver.getAttribute("#btn-undo-import", "aria-describedby"), "last-import-why", "the button points at the reason");
    await shot("01-plus-annulable");

    // January's export: one newcomer, Lœtitia changed class; Mathéo's class set by hand is kept.
    await openImport(driver);
    await driver.fill("#import-path", january);
    await driver.click("#btn-import-preview");
    await driver.waitFor("#import-counts", { timeout: SLOW });
    const counts = await shownCounts(driver);
    assert.equal(counts.new.n, 1, "Maëlys HOARAU is new");
    await expand(driver, "updated");
    const updated = await driver.getText("#import-list-updated");
    assert.match(updated, /Lœtitia ŒUVRAY\s+Classe : 2NDE3 → 2NDE1/, `the class change is shown before → after: ${updated}`);
    assert.match(
      updated,
      /Mathéo DUBOIS-LEFÈVRE\s+Classe : 2MRC2 — modifié dans Accroche : gardé \(le fichier indique 2MRC1\)/,
      `the class changed by hand is kept, and the conflict is shown: ${updated}`,
    );
    await scrollTo(driver, "#import-details-updated");
    await shot("02-apercu-janvier");
  });
});
