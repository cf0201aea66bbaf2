// Notes on a student's page, across accounts: the référent writes an « équipe » note; a
// médico-social account signs in and writes a « restreint » note with its résumé utile; an
// enseignant signs in and sees only that it exists (« 1 note restreinte — Médico-social,
// dd/mm/yyyy ») and its résumé, in the panel and in the chronology, with no « Lire »; the
// référent's « Lire » gives its text; the Journal shows both writes, each by its author, and the
// reading — never the restricted text.
//
// The case file is made with the command line (`accroche init`), the student through the window;
// the flow needs the real app and is skipped against the mock preview.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { REAL_APP, SLOW, addStudent, cli, scratchDir, screenshots, settled, signIn, startApp } from "./app.mjs";

const SKIP = REAL_APP ? false : "needs the real app and the accroche command line";
const SCHOOL = "Lycée Jean-Moulin d'Essai";
const TEAM = "Très investie en atelier cette semaine ; elle a aidé deux camarades.";
const SECRET = "Suivie au CMP depuis septembre : angoisses le matin, traitement en cours.";
const SUMMARY = "Éviter les évaluations en première heure le lundi.";
const REFERENT = ["M. Karim Benali", "correct cheval batterie agrafe"];
const NURSE = ["Sophie Lambert", "infirmière du lycée 2026"];
const TEACHER = ["Paul Girard", "professeur principal 2nde"];

/** Today as typed and shown in the window: dd/mm/yyyy. */
function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

function schoolYearStart() {
  const d = new Date();
  return d.getMonth() >= 7 ? d.getFullYear() : d.getFullYear() - 1;
}

function scrollTo(driver, css) {
  return driver.executeScript("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });", [css]);
}

/** The notes as shown: [{id, sensitivity, text}]. */
function notes(driver) {
  return driver.executeScript(
    "return [...document.querySelectorAll('#notes-list > li')].map((li) => ({ id: li.id, sensitivity: li.dataset.sensitivity, text: li.innerText }));",
  );
}

async function writeNote(driver, { sensitivity, text, summary = "", shot }) {
  await scrollTo(driver, "#notes-section");
  await driver.click("#btn-add-note");
  await driver.waitFor("#note-form");
  assert.equal(await driver.getProperty("#note-writtenOn", "value"), today(), "dated today by default");
  const offered = await driver.executeScript(
    "return [...document.querySelectorAll('#note-sensitivity option')].map((o) => o.value);",
  );
  assert.deepEqual(offered, ["equipe", "restreint", "auteur"], "a personal account may keep a note for itself");
  await driver.select("#note-sensitivity", sensitivity);
  await driver.fill("#note-text", text);
  if (summary) await driver.fill("#note-summary", summary);
  if (shot) {
    await scrollTo(driver, "#note-form");
    await shot();
  }
  await driver.click("#note-submit");
}

/** Locks the window, then signs in as `[name, passphrase]` and opens Léa's page. */
async function switchTo(driver, [name, passphrase]) {
  await driver.click("#btn-lock");
  await signIn(driver, name, passphrase);
  await driver.waitFor("#case-user", { timeout: SLOW, text: name });
  await driver.click("#nav-students");
  await driver.waitFor("#students-table tbody tr[data-id]", { timeout: SLOW });
  await driver.click("#students-table tbody tr[data-id] td");
  await driver.waitFor("#student-name", { timeout: SLOW, text: "Dubois" });
  await driver.waitFor("#notes-section", { timeout: SLOW });
  await settled(driver);
}

test("a médico-social account's restricted note: an enseignant sees that it exists, never its text; the journal shows both writes and the reading", { skip: SKIP, timeout: 300_000 }, async () => {
  const path = join(scratchDir("notes"), "lycee-essai.accroche");
  cli(
    "init", path, "--uai", "0750654D", "--name", SCHOOL, "--kind", "lp", "--academie", "Paris",
    "--head", "Mme Claire Martin", "--referent", REFERENT[0], "--year", String(schoolYearStart()),
  );
  for (const [[name, passphrase], role] of [[NURSE, "medico_social"], [TEACHER, "enseignant"]]) {
    process.env.ACCROCHE_NOUVELLE_PHRASE = passphrase;
    cli("comptes", path, "ajouter", "--nom", name, "--role", role);
  }
  delete process.env.ACCROCHE_NOUVELLE_PHRASE;
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "notes");
  try {
    // 1. The référent: the student, an empty note refused, a note for the whole team.
    await signIn(driver, ...REFERENT);
    await driver.waitFor("#case-title", { timeout: SLOW, text: SCHOOL });
    await addStudent(driver, { lastName: "Dubois", firstName: "Léa" });
    await driver.waitFor("#notes-empty", { timeout: SLOW, text: "Aucune note." });
    await scrollTo(driver, "#notes-section");
    await driver.click("#btn-add-note");
    await driver.waitFor("#note-form");
    await driver.click("#note-submit");
    await driver.waitFor("#note-text-error", { timeout: SLOW, text: "Écrivez la note" });
    await driver.click("#note-cancel");
    await driver.waitForAbsent("#note-form");
    await writeNote(driver, { sensitivity: "equipe", text: TEAM });
    await driver.waitFor("#notes-notice", { timeout: SLOW, text: `Note du ${today()} enregistrée.` });

    // 2. The infirmière signs in and writes a restricted note with its résumé utile; she reads it.
    await switchTo(driver, NURSE);
    await writeNote(driver, { sensitivity: "restreint", text: SECRET, summary: SUMMARY, shot: () => shot("00-formulaire-note-restreinte") });
    await driver.waitFor("#notes-notice", { timeout: SLOW, text: `Note du ${today()} enregistrée (restreint).` });
    await settled(driver);

    // 3. The enseignant: that it exists, by whom and when, and its résumé — never its text.
    await switchTo(driver, TEACHER);
    const shown = await notes(driver);
    assert.equal(shown.length, 2, JSON.stringify(shown));
    const team = shown.find((n) => n.sensitivity === "equipe");
    const restricted = shown.find((n) => n.sensitivity === "restreint");
    assert.ok(team.text.includes(TEAM), team.text);
    assert.ok(restricted.text.includes(`1 note restreinte — Médico-social, ${today()}`), restricted.text);
    assert.ok(restricted.text.includes(`Résumé utile : ${SUMMARY}`), restricted.text);
    assert.equal((await driver.findElements(`#${restricted.id}-read`)).length, 0, "no « Lire » for an enseignant");
    const body = await driver.executeScript("return document.body.innerText;");
    assert.ok(!body.includes("angoisses"), "nowhere on the page, the chronology included");
    const chrono = await driver.executeScript(
      "return [...document.querySelectorAll('#chronology > li[data-kind=note]')].map((li) => li.innerText);",
    );
    assert.equal(chrono.length, 2, JSON.stringify(chrono));
    assert.ok(chrono.some((c) => c.includes("1 note restreinte") && c.includes(SUMMARY)), JSON.stringify(chrono));
    await scrollTo(driver, "#notes-section");
    await shot("01-notes-restreinte-vue-par-enseignant");

    // 4. The référent may read it: « Lire », journaled.
    await switchTo(driver, REFERENT);
    const again = (await notes(driver)).find((n) => n.sensitivity === "restreint");
    assert.ok(!again.text.includes("angoisses"), "the list leaves the text out for the référent too");
    await driver.click(`#${again.id}-read`);
    await driver.waitFor(`#${again.id}-text`, { timeout: SLOW, text: "angoisses le matin" });
    await scrollTo(driver, "#notes-section");
    await shot("02-notes-restreinte-lue");
    await driver.click(`#${again.id}-hide`);
    await driver.waitFor(`#${again.id}-stub`, { timeout: SLOW, text: "1 note restreinte" });

    // 5. The journal: both writes, each by its author, and the reading; never the text.
    await driver.click("#nav-journal");
    await driver.waitFor("#journal-table tbody tr", { timeout: SLOW });
    await driver.waitUntil(
      async () => (await driver.executeScript("return [...document.querySelectorAll('#journal-entity option')].map((o) => o.value);")).includes("student_note"),
      { timeout: SLOW, what: "the notes among the kinds of record" },
    );
    await driver.select("#journal-entity", "student_note");
    let rows = [];
    await driver.waitUntil(
      async () => {
        rows = await driver.executeScript(
          "return [...document.querySelectorAll('#journal-table tbody tr')].map((tr) => ({ entity: tr.dataset.entity, text: tr.innerText }));",
        );
        return rows.length === 3 && rows.every((r) => r.entity === "student_note");
      },
      { timeout: SLOW, what: "the notes' three entries" },
    );
    const line = (re) => rows.find((r) => re.test(r.text))?.text ?? "";
    assert.match(line(/Note d'équipe ajoutée au dossier de Léa Dubois/), /Karim Benali/);
    assert.match(line(/Note restreinte ajoutée au dossier de Léa Dubois/), /Sophie Lambert/);
    assert.match(line(/Lecture d'une note restreinte de Léa Dubois/), /Karim Benali/);
    const text = rows.map((r) => r.text).join("\n");
    assert.ok(text.includes(SUMMARY), "the résumé utile is journaled");
    assert.ok(text.includes("texte non reproduit"), text);
    assert.ok(!text.includes("angoisses"), `never the restricted text: ${text}`);
    await shot("03-journal-notes");
  } finally {
    await driver.deleteSession();
  }
});
