// The Bilan screen on the demo school: the year 2026-2027 picked in the select shows, section by
// section, the figures `accroche bilan --year 2026-2027` prints (one implementation behind both);
// the anonymous JSON exported through a typed path is, byte for byte in meaning, the command
// line's output. The command line reads the file read-only while the window holds it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REAL_APP, SLOW, cli, scratchDir, screenshots, startApp, unlock } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

const YEAR = "2026-2027";

/** A fresh demo case file, the app open on its Bilan screen for 2026-2027. */
async function openBilan(name) {
  const dir = scratchDir(name);
  const path = join(dir, "demo.accroche");
  cli("demo", path);
  const driver = await startApp({ openedPath: path });
  await unlock(driver);
  await driver.waitFor("#nav-bilan", { timeout: SLOW });
  await driver.click("#nav-bilan");
  await driver.waitFor("#bilan-year", { timeout: SLOW });
  await driver.select("#bilan-year", "2026");
  await driver.waitFor("#bilan-computed", { timeout: SLOW, text: YEAR });
  return { driver, dir, path };
}

/** Back to the Bilan screen from elsewhere: the year last looked at is shown again. */
async function backToBilan(driver) {
  await driver.click("#nav-bilan");
  await driver.waitFor("#bilan-computed", { timeout: SLOW, text: YEAR });
}

/** The records dialog's lines: [kind, title, date, detail]. */
function recordLines(driver) {
  return driver.executeScript(
    `return [...document.querySelectorAll('#bilan-records tbody tr')].map((tr) => [
       tr.dataset.kind, tr.querySelector('button.bilan-record').innerText.trim(),
       tr.cells[1].innerText.trim(), tr.cells[2].innerText.trim()]);`,
  );
}

const activeId = (driver) => driver.executeScript("return document.activeElement && document.activeElement.id;");

const today = () => new Date().toLocaleDateString("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric" });

test("the Bilan screen shows and exports what `accroche bilan` prints", { skip: !REAL_APP }, async () => {
  const dir = scratchDir("bilan");
  const path = join(dir, "demo.accroche");
  cli("demo", path);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "bilan");
  try {
    await unlock(driver);
    await driver.waitFor("#nav-bilan", { timeout: SLOW });
    const nav = await driver.executeScript("return [...document.querySelectorAll('.sidebar button')].map((b) => b.innerText.trim());");
    assert.deepEqual(nav.slice(-5), ["Partenaires", "Documents", "Bilan", "Journal", "Paramètres"], `the sidebar order: ${nav.join(", ")}`);
    await driver.click("#nav-bilan");
    await driver.waitFor("#bilan-year", { timeout: SLOW });
    const options = await driver.executeScript("return [...document.querySelectorAll('#bilan-year option')].map((o) => o.innerText.trim());");
    assert.equal(options.length, 5, `the current year and the four before: ${options.join(", ")}`);
    assert.ok(options.includes(YEAR), `${YEAR} is offered: ${options.join(", ")}`);
    await driver.select("#bilan-year", "2026");
    await driver.waitFor("#bilan-computed", { timeout: SLOW, text: YEAR });

    const expected = JSON.parse(cli("bilan", path, "--year", YEAR));
    assert.equal(expected.schoolYear, YEAR);
    const figures = expected.sections.flatMap((s) => s.figures);
    assert.ok(figures.length > 10, "the bilan has its figures");
    for (const f of figures) {
      assert.equal(await driver.getText(`#bilan-figure-${f.id}`), String(f.value), `${f.id} (${f.label})`);
    }
    // Each distribution is a table with one row per category, the same counts.
    for (const d of expected.sections.flatMap((s) => s.distributions)) {
      const counts = await driver.executeScript(
        "return [...document.querySelectorAll(`#bilan-distribution-${arguments[0]} tbody tr`)].map((tr) => [tr.dataset.key, tr.querySelector('td').innerText.trim()]);",
        [d.id],
      );
      assert.deepEqual(counts, d.rows.map((r) => [r.key, String(r.count)]), d.id);
    }
    await shot("01-bilan");
    await driver.executeScript("document.getElementById('bilan-distribution-pafi_age').scrollIntoView({ block: 'start' });");
    await shot("02-bilan-repartitions");

    // The export: a typed path, a notice, a file equal to the command line's JSON.
    const out = join(dir, "bilan-typed.json");
    const suggested = await driver.getProperty("#bilan-export-path", "value");
    assert.match(suggested, /lycee-polyvalent-des-tilleuls-bilan-2026-2027\.json$/, "the default path names the school and the year");
    await driver.fill("#bilan-export-path", out);
    await driver.click("#bilan-export-submit");
    await driver.waitFor("#bilan-export-notice", { timeout: SLOW, text: out });
    const written = JSON.parse(readFileSync(out, "utf8"));
    assert.deepEqual(written, JSON.parse(cli("bilan", path, "--year", YEAR)));
    await shot("03-bilan-exporte");
  } finally {
    await driver.deleteSession();
  }
});

test("every figure of the bilan opens the records it counts, each opening its page", { skip: !REAL_APP }, async () => {
  const { driver, path } = await openBilan("bilan-records");
  const shot = screenshots(driver, "bilan");
  try {
    const expected = JSON.parse(cli("bilan", path, "--year", YEAR));
    const figures = new Map(expected.sections.flatMap((s) => s.figures).map((f) => [f.id, f]));
    const suivis = figures.get("eleves_suivis_gpds");
    assert.ok(suivis.value > 0, "the demo follows students in 2026-2027");

    // A figure's value is a button; the dialog lists as many records as the value says.
    await driver.click("#bilan-open-eleves_suivis_gpds");
    await driver.waitFor("#bilan-records tbody tr", { timeout: SLOW });
    assert.equal(
      await driver.getText("#bilan-records-title"),
      `${suivis.label} — ${suivis.value} enregistrement${suivis.value > 1 ? "s" : ""}`,
    );
    assert.match(await driver.getText("#bilan-records-note"), /nomme des élèves.*jamais exportée/);
    let lines = await recordLines(driver);
    assert.equal(lines.length, suivis.value, `one line per student followed: ${JSON.stringify(lines)}`);
    assert.ok(lines.every(([kind]) => kind === "student"), "students");
    assert.ok(lines.every(([, , date]) => date === "—" || /^\d{2}\/\d{2}\/\d{4}$/.test(date)), "dates as dd/mm/yyyy");
    await driver.waitUntil(
      () => driver.executeScript("return !!document.activeElement && document.activeElement.classList.contains('bilan-record');"),
      { timeout: SLOW, what: "the focus on the first record" },
    );
    await shot("04-bilan-enregistrements");

    // Escape closes the dialog and gives the focus back to the figure.
    await driver.press(Keys.ESCAPE);
    await driver.waitForAbsent("#bilan-records");
    await driver.waitUntil(
      async () => (await activeId(driver)) === "bilan-open-eleves_suivis_gpds",
      { timeout: SLOW, what: "the focus back on the figure" },
    );

    // Every non-zero figure lists as many records as its value; a zero opens nothing.
    for (const id of ["seances_gpds", "actions_decidees", "alliances_ouvertes", "partenaires_impliques", "pafi_proposes"]) {
      const f = figures.get(id);
      await driver.click(`#bilan-open-${id}`);
      await driver.waitFor("#bilan-records tbody tr", { timeout: SLOW });
      lines = await recordLines(driver);
      assert.equal(lines.length, f.value, `${id}: ${JSON.stringify(lines)}`);
      await driver.click("#bilan-records-close");
      await driver.waitForAbsent("#bilan-records");
    }
    assert.equal(figures.get("mesures").value, 0);
    assert.equal(await driver.getProperty("#bilan-open-mesures", "disabled"), true, "a zero has nothing to open");

    // A line opens the student's page.
    await driver.click("#bilan-open-eleves_suivis_gpds");
    await driver.waitFor("#bilan-records tbody tr", { timeout: SLOW });
    lines = await recordLines(driver);
    await driver.click("#bilan-records tbody tr:first-child button.bilan-record");
    await driver.waitFor("#student-name .last-name", { timeout: SLOW });
    const name = await driver.getText("#student-name");
    const [first, last] = [await driver.getText("#student-name .first-name"), await driver.getText("#student-name .last-name")];
    assert.ok(lines[0][1].includes(first) && lines[0][1].includes(last), `${lines[0][1]} opened ${name}`);

    // A distribution's row opens the paths it counts: the PAFI of a student of 15.
    await backToBilan(driver);
    await driver.click("#bilan-distribution-pafi_age tr[data-key='15'] button.bilan-open");
    await driver.waitFor("#bilan-records tbody tr", { timeout: SLOW });
    assert.match(await driver.getText("#bilan-records-title"), /— 15 ans — 1 enregistrement$/);
    lines = await recordLines(driver);
    assert.equal(lines.length, 1);
    assert.equal(lines[0][0], "pafi");
    await shot("05-bilan-enregistrements-pafi");
    await driver.click("#bilan-records tbody tr:first-child button.bilan-record");
    await driver.waitFor("#pafi-student-name", { timeout: SLOW });
    assert.ok(lines[0][1].includes(await driver.getText("#pafi-student-name")), `${lines[0][1]} opened the PAFI`);

    // A partner involved opens the partner's page.
    await backToBilan(driver);
    await driver.click("#bilan-open-partenaires_impliques");
    await driver.waitFor("#bilan-records tbody tr", { timeout: SLOW });
    lines = await recordLines(driver);
    assert.equal(lines[0][0], "partner");
    await driver.click("#bilan-records tbody tr:first-child button.bilan-record");
    await driver.waitUntil(
      async () => (await driver.executeScript("return document.querySelector('#main input')?.value ?? '';")) !== "",
      { timeout: SLOW, what: "the partner's form" },
    );
    const partnerName = await driver.executeScript("return [...document.querySelectorAll('#main input')].map((i) => i.value).join(' | ');");
    assert.ok(partnerName.includes(lines[0][1].split(" (")[0]), `${lines[0][1]} opened: ${partnerName}`);
  } finally {
    await driver.deleteSession();
  }
});

test("the bilan charts each distribution over the years as stacked bars, with the numbers as a table", { skip: !REAL_APP }, async () => {
  const { driver, path } = await openBilan("bilan-charts");
  const shot = screenshots(driver, "bilan");
  try {
    const previous = JSON.parse(cli("bilan", path, "--year", "2025-2026"));
    const partners = (b) => b.sections.flatMap((s) => s.distributions).find((d) => d.id === "partenaires_par_type");
    assert.ok(partners(previous).rows.some((r) => r.count > 0), "the demo has partners in 2025-2026 too");
    const current = JSON.parse(cli("bilan", path, "--year", YEAR));

    await driver.waitFor("#bilan-history-partenaires_par_type svg rect.segment", { timeout: SLOW });
    assert.equal(await driver.getText("#bilan-history-partenaires_par_type figcaption"), "Évolution sur plusieurs années");
    // One bar per year (its segments coloured per category), the legend names each category.
    const years = await driver.executeScript(
      "return [...document.querySelectorAll('#bilan-history-partenaires_par_type svg text.year')].map((t) => t.textContent);",
    );
    assert.ok(years.includes("2025-2026") && years.includes(YEAR), `years: ${years.join(", ")}`);
    const legend = await driver.executeScript(
      "return [...document.querySelectorAll('#bilan-history-partenaires_par_type .bilan-legend li')].map((li) => li.innerText.trim());",
    );
    // The categories counted in one of the years, each with its colour.
    const counted = partners(current).rows.filter((r, i) => r.count > 0 || partners(previous).rows[i].count > 0);
    assert.deepEqual(legend, counted.map((r) => r.label));
    const fills = await driver.executeScript(
      "return [...document.querySelectorAll('#bilan-history-partenaires_par_type svg rect.segment')].map((r) => r.getAttribute('fill'));",
    );
    assert.ok(new Set(fills).size >= 2, `categories in distinct colours: ${fills.join(", ")}`);
    // The numbers, as text: a table category × year equal to the command line's.
    const column = await driver.executeScript(
      `const table = document.querySelector('#bilan-history-partenaires_par_type table');
       const years = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
       const i = years.indexOf(arguments[0]);
       return [...table.querySelectorAll('tbody tr')].map((tr) => [tr.dataset.key, tr.cells[i].textContent.trim()]);`,
      ["2025-2026"],
    );
    assert.deepEqual(column, partners(previous).rows.filter((r) => counted.some((c) => c.key === r.key)).map((r) => [r.key, String(r.count)]));
    // A distribution with nothing in two years has no chart over the years.
    assert.equal((await driver.findElements("#bilan-history-entretiens_issue")).length, 0);
    await driver.executeScript("document.getElementById('bilan-history-partenaires_par_type').scrollIntoView({ block: 'center' });");
    await shot("06-bilan-evolution");
  } finally {
    await driver.deleteSession();
  }
});

test("the qualitative part is saved, stays, and refuses a student's name under its field", { skip: !REAL_APP }, async () => {
  const { driver } = await openBilan("bilan-qualitative");
  const shot = screenshots(driver, "bilan");
  try {
    const apports = "Une équipe GPDS plus réactive ; des PAFI mieux préparés avec les familles.";
    await driver.waitFor("#bilan-q-apports", { timeout: SLOW });
    assert.match(await driver.getText("#bilan-q-help"), /pas dans le JSON anonyme/);
    await driver.fill("#bilan-q-apports", apports);
    await driver.waitFor("#bilan-q-dirty", { text: "Modifications non enregistrées" });

    // Changing the year with unsaved changes asks first; staying keeps them.
    await driver.click("#bilan-year option[value='2025']");
    await driver.waitFor("#bilan-leave");
    await driver.click("#bilan-leave-stay");
    await driver.waitForAbsent("#bilan-leave");
    await driver.waitUntil(async () => (await driver.getProperty("#bilan-year", "value")) === "2026", { what: "the select back on 2026" });
    assert.equal(await driver.getProperty("#bilan-q-apports", "value"), apports);

    await driver.click("#bilan-q-save");
    await driver.waitFor("#bilan-q-notice", { timeout: SLOW, text: "enregistrée" });
    await driver.waitForAbsent("#bilan-q-dirty");

    // Elsewhere and back: still there.
    await driver.click("#nav-dashboard");
    await driver.waitForAbsent("#bilan-q-apports");
    await backToBilan(driver);
    await driver.waitFor("#bilan-q-apports", { timeout: SLOW });
    assert.equal(await driver.getProperty("#bilan-q-apports", "value"), apports);

    // A student named: refused under the field, nothing saved.
    const named = "Le suivi de Chloé André a montré l'intérêt des entretiens.";
    await driver.fill("#bilan-q-difficultes", named);
    await driver.fill("#bilan-q-apports", `${apports} Et plus encore.`);
    await driver.click("#bilan-q-save");
    await driver.waitFor("#bilan-q-difficultes-error", { timeout: SLOW, text: "Chloé André" });
    assert.match(await driver.getText("#bilan-q-difficultes-error"), /anonyme/);
    assert.equal(await driver.getAttribute("#bilan-q-difficultes", "aria-invalid"), "true");
    await driver.waitUntil(
      async () => (await activeId(driver)) === "bilan-q-difficultes",
      { timeout: SLOW, what: "the focus on the refused field" },
    );
    await shot("07-bilan-qualitatif-refuse");
    await driver.click("#nav-dashboard");
    await driver.waitForAbsent("#bilan-q-apports");
    await backToBilan(driver);
    await driver.waitFor("#bilan-q-apports", { timeout: SLOW });
    assert.equal(await driver.getProperty("#bilan-q-apports", "value"), apports, "nothing of the refused save was kept");
    assert.equal(await driver.getProperty("#bilan-q-difficultes", "value"), "");
    await driver.executeScript("document.getElementById('bilan-qualitative').scrollIntoView({ block: 'start' });");
    await shot("08-bilan-qualitatif");
  } finally {
    await driver.deleteSession();
  }
});

test("exporting freezes the figures: a PDF then a spreadsheet then the JSON, the later exports finding them unchanged", { skip: !REAL_APP }, async () => {
  const { driver, dir, path } = await openBilan("bilan-exports");
  const shot = screenshots(driver, "bilan");
  try {
    assert.equal((await driver.findElements("#bilan-exported")).length, 0, "not exported yet");
    assert.equal(await driver.getProperty("#bilan-export-format", "value"), "json");

    // The PDF first: it freezes the figures.
    await driver.select("#bilan-export-format", "pdf");
    assert.match(await driver.getProperty("#bilan-export-path", "value"), /-bilan-2026-2027\.pdf$/, "the path follows the format");
    const pdf = join(dir, "bilan.pdf");
    await driver.fill("#bilan-export-path", pdf);
    await driver.click("#bilan-export-submit");
    await driver.waitFor("#bilan-export-notice", { timeout: SLOW, text: "Premier export de l'année : les chiffres sont figés dans le dossier." });
    await driver.waitFor("#bilan-exported", { timeout: SLOW, text: `Bilan exporté le ${today()} (PDF)` });
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    assert.match(text, /Bilan annuel de la prévention/);
    assert.match(text, /Lycée polyvalent des Tilleuls/);
    assert.match(text, new RegExp(`Année scolaire ${YEAR}`));
    await driver.executeScript("document.getElementById('bilan-export').scrollIntoView({ block: 'start' });");
    await shot("09-bilan-export-pdf");

    // The spreadsheet: the same figures, said unchanged.
    await driver.select("#bilan-export-format", "xlsx");
    const xlsx = join(dir, "bilan.xlsx");
    await driver.fill("#bilan-export-path", xlsx);
    await driver.click("#bilan-export-submit");
    await driver.waitFor("#bilan-export-notice", { timeout: SLOW, text: `Chiffres inchangés depuis l'export du ${today()}.` });
    assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), "PK", "a zip: the workbook");

    // JSON, twice.
    await driver.select("#bilan-export-format", "json");
    const first = join(dir, "premier.json");
    await driver.fill("#bilan-export-path", first);
    await driver.click("#bilan-export-submit");
    await driver.waitFor("#bilan-export-notice", { timeout: SLOW, text: first });
    await driver.waitFor("#bilan-exported", { timeout: SLOW, text: `Bilan exporté le ${today()} (JSON)` });
    assert.deepEqual(JSON.parse(readFileSync(first, "utf8")).sections, JSON.parse(cli("bilan", path, "--year", YEAR)).sections);

    const second = join(dir, "second.json");
    await driver.fill("#bilan-export-path", second);
    await driver.click("#bilan-export-submit");
    await driver.waitFor("#bilan-export-notice", { timeout: SLOW, text: `Chiffres inchangés depuis l'export du ${today()}.` });
    assert.ok((await driver.getText("#bilan-export-notice")).includes(second));
    const exportsList = await driver.executeScript("return [...document.querySelectorAll('#bilan-exports li')].map((li) => li.textContent);");
    assert.equal(exportsList.length, 4, `every export listed: ${exportsList.join(" / ")}`);
    assert.ok(exportsList[0].includes("second.json"), "newest first");
    assert.equal((await driver.findElements("#bilan-changes")).length, 0, "nothing changed since");

    // The frozen figures, on demand, clearly labelled; then today's again.
    await driver.click("#bilan-show-frozen");
    await driver.waitFor("#bilan-frozen-note", { text: `Chiffres exportés le ${today()}` });
    assert.equal(await driver.getAttribute("#bilan-show-frozen", "aria-pressed"), "true");
    const frozen = JSON.parse(readFileSync(second, "utf8"));
    for (const f of frozen.sections.flatMap((s) => s.figures)) {
      assert.equal(await driver.getText(`#bilan-figure-${f.id}`), String(f.value), `frozen ${f.id}`);
    }
    assert.equal((await driver.findElements("#bilan-open-eleves_suivis_gpds")).length, 0, "no records behind frozen figures");
    await driver.executeScript("document.getElementById('bilan-title').scrollIntoView({ block: 'start' });");
    await shot("10-bilan-chiffres-exportes");
    await driver.click("#bilan-show-frozen");
    await driver.waitForAbsent("#bilan-frozen-note");
    await driver.waitFor("#bilan-open-eleves_suivis_gpds");

    // A student flagged today: one more « Élèves signalés » than exported, said under the title.
    const before = Number(await driver.getText("#bilan-figure-eleves_signales"));
    await driver.click("#nav-students");
    await driver.waitFor("#student-search");
    await driver.fill("#student-search", "Aaron");
    await driver.waitUntil(
      () => driver.executeScript("return [...document.querySelectorAll('#students-table tbody tr[data-id]')].some((tr) => /adam/i.test(tr.innerText));"),
      { timeout: SLOW, what: "Aaron Adam found" },
    );
    await driver.executeScript("[...document.querySelectorAll('#students-table tbody tr[data-id]')].find((tr) => /adam/i.test(tr.innerText)).click();");
    await driver.waitFor("#btn-flag-student", { timeout: SLOW });
    await driver.click("#btn-flag-student");
    await driver.waitFor("#flag-form");
    await driver.waitUntil(
      async () => (await driver.findElements("#flag-raised-by option")).length > 1,
      { timeout: SLOW, what: "the staff in « Repéré par »" },
    );
    const raiser = await driver.executeScript("return document.querySelectorAll('#flag-raised-by option')[1].value;");
    await driver.select("#flag-raised-by", raiser);
    await driver.click("#signal-absences");
    await driver.waitFor("#signal-absences-amount");
    await driver.fill("#signal-absences-amount", "8");
    await driver.click("#flag-save");
    await driver.waitForAbsent("#flag-form", { timeout: SLOW });
    await backToBilan(driver);
    await driver.waitFor("#bilan-changes", { timeout: SLOW, text: `Les chiffres ont changé depuis l'export du ${today()} :` });
    assert.equal(await driver.getText("#bilan-figure-eleves_signales"), String(before + 1));
    const changes = await driver.executeScript("return [...document.querySelectorAll('#bilan-changes li')].map((li) => li.innerText.trim());");
    assert.ok(changes.includes(`Élèves signalés : ${before} → ${before + 1}`), `the change listed: ${changes.join(" / ")}`);
    await shot("11-bilan-chiffres-changes");

    // Exporting again says how many changed, and the banner goes.
    await driver.fill("#bilan-export-path", join(dir, "troisieme.json"));
    await driver.click("#bilan-export-submit");
    await driver.waitFor("#bilan-export-notice", { timeout: SLOW, text: `${changes.length === 1 ? "1 chiffre a changé" : `${changes.length} chiffres ont changé`} depuis l'export du ${today()}` });
    await driver.waitForAbsent("#bilan-changes", { timeout: SLOW });
  } finally {
    await driver.deleteSession();
  }
});
