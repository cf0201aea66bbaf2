// « Consolider des bilans » for the coordinators: from the Accueil (no case file), two schools'
// anonymous JSON bilans typed one per line are consolidated into the figures `accroche bilan merge`
// prints (one implementation behind both), each total the sum of the schools; the export writes a
// workbook; a bilan of another year is refused with its message, nothing of the previous
// consolidation left on screen. The screen is also reached from the Bilan of an open case file.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REAL_APP, SLOW, cli, runCli, scratchDir, screenshots, startApp, unlock } from "./app.mjs";

const YEAR = "2026-2027";

/** Two schools' bilans of 2026-2027 written as JSON files, the second with its own UAI and name. */
function twoSchools(dir) {
  const demoA = join(dir, "a.accroche");
  const demoB = join(dir, "b.accroche");
  cli("demo", demoA);
  cli("demo", demoB, "--seed", "2");
  const a = JSON.parse(cli("bilan", demoA, "--year", YEAR));
  const b = JSON.parse(cli("bilan", demoB, "--year", YEAR));
  b.uai = "0930123X";
  b.establishment = "Collège Paul-Éluard";
  // A few values of its own, so that a total is not twice the same number.
  for (const f of b.sections.flatMap((s) => s.figures)) {
    if (f.id === "eleves_signales") f.value += 7;
  }
  const pathA = join(dir, "0999001W-bilan-2026-2027.json");
  const pathB = join(dir, "0930123X-bilan-2026-2027.json");
  writeFileSync(pathA, JSON.stringify(a, null, 2));
  writeFileSync(pathB, JSON.stringify(b, null, 2));
  return { a, b, pathA, pathB };
}

const figureValues = (bilan) => new Map(bilan.sections.flatMap((s) => s.figures).map((f) => [f.id, f.value]));

/** The cells of a figure's row: [values per school…, total]. */
const rowCells = (driver, id) =>
  driver.executeScript(
    "return [...document.querySelectorAll(`#consolidated-figure-${arguments[0]} td`)].map((td) => td.innerText.trim());",
    [id],
  );

test("from the Accueil, two schools' bilans consolidate into what `accroche bilan merge` prints, and export", { skip: !REAL_APP, timeout: 240_000 }, async () => {
  const dir = scratchDir("consolidation");
  const { a, b, pathA, pathB } = twoSchools(dir);
  const expected = JSON.parse(cli("bilan", "merge", pathA, pathB));
  assert.equal(expected.schoolYear, YEAR);
  assert.deepEqual(expected.schools.map((s) => s.uai), ["0930123X", "0999001W"], "the schools sorted by UAI");

  const driver = await startApp();
  const shot = screenshots(driver, "consolidation");
  try {
    await driver.waitFor("#home-consolidate", { timeout: SLOW });
    assert.equal(await driver.getText("#home-consolidate"), "Consolider des bilans (coordonnateurs)");
    await shot("01-accueil");
    await driver.click("#home-consolidate");
    await driver.waitFor("#consolidate-paths");
    await driver.waitUntil(
      async () => (await driver.executeScript("return document.activeElement.id;")) === "consolidate-title",
      { what: "the focus on the title" },
    );

    // Nothing typed: the message is next to the list.
    await driver.click("#consolidate-submit");
    await driver.waitFor("#consolidate-paths-error", { text: "Choisissez les fichiers JSON" });
    await shot("02-vide");

    // Two paths, one per line (with a blank line and spaces, as pasted).
    await driver.fill("#consolidate-paths", `${pathA}\n\n  ${pathB}  \n`);
    await driver.click("#consolidate-submit");
    await driver.waitFor("#consolidated-summary", { timeout: SLOW });
    assert.equal(await driver.getText("#consolidated-year"), YEAR);
    assert.equal(await driver.getText("#consolidated-count"), "2 établissements");
    const schools = await driver.executeScript(
      "return [...document.querySelectorAll('#consolidated-schools tbody tr')].map((tr) => [...tr.cells].map((c) => c.innerText.trim()));",
    );
    assert.deepEqual(
      schools,
      expected.schools.map((s) => [s.uai, s.establishment, s.computedOn.split("-").reverse().join("/")]),
      "UAI, name, figures date as dd/mm/yyyy",
    );
    // The column heads: one per school (UAI, its name in the tooltip), then the total.
    const heads = await driver.executeScript(
      "return [...document.querySelectorAll('#consolidated-section-gpds thead th')].map((th) => [th.querySelector('abbr')?.title ?? '', th.querySelector('abbr')?.innerText ?? th.innerText.trim()]);",
    );
    assert.deepEqual(heads, [["", "Indicateur"], ["Collège Paul-Éluard", "0930123X"], ["Lycée polyvalent des Tilleuls", "0999001W"], ["", "Total"]]);

    // Every figure as the command line gives it; the sums equal the two files' values.
    const valuesA = figureValues(a);
    const valuesB = figureValues(b);
    for (const f of expected.sections.flatMap((s) => s.figures)) {
      const cells = await rowCells(driver, f.id);
      assert.deepEqual(cells, [...f.values.map(String), String(f.total)], `${f.id} (${f.label})`);
      if (!f.percent) assert.equal(f.total, valuesA.get(f.id) + valuesB.get(f.id), `${f.id}: the sum of the two files`);
    }
    for (const id of ["eleves_signales", "eleves_suivis_gpds", "seances_gpds"]) {
      const total = await driver.getText(`#consolidated-figure-${id} td.total`);
      assert.equal(Number(total), valuesA.get(id) + valuesB.get(id), `${id}: total = ${valuesA.get(id)} + ${valuesB.get(id)}`);
    }
    assert.equal(Number(await driver.getText("#consolidated-figure-eleves_signales td.total")), valuesA.get("eleves_signales") + valuesB.get("eleves_signales"));
    // The distributions: one row per category, the counts per school and the total.
    for (const d of expected.sections.flatMap((s) => s.distributions)) {
      const rows = await driver.executeScript(
        "return [...document.querySelectorAll(`#consolidated-distribution-${arguments[0]} tbody tr`)].map((tr) => [tr.dataset.key, ...[...tr.querySelectorAll('td.num')].slice(0, -1).map((td) => td.innerText.trim())]);",
        [d.id],
      );
      assert.deepEqual(rows, d.rows.map((r) => [r.key, ...r.counts.map(String), String(r.total)]), d.id);
    }
    await shot("03-consolidation");
    await driver.executeScript("document.getElementById('consolidated-section-pafi').scrollIntoView({ block: 'start' });");
    await shot("04-repartitions");

    // The export: the default file is beside the first one, a workbook.
    const suggested = await driver.getProperty("#consolidate-out", "value");
    assert.equal(suggested, join(dir, `consolidation-${YEAR}.xlsx`));
    assert.equal(await driver.getProperty("#consolidate-format", "value"), "xlsx");
    // The format switches the extension, and back.
    await driver.select("#consolidate-format", "json");
    assert.equal(await driver.getProperty("#consolidate-out", "value"), join(dir, `consolidation-${YEAR}.json`));
    await driver.select("#consolidate-format", "xlsx");
    // Another extension is refused next to the field.
    await driver.fill("#consolidate-out", join(dir, "consolidation.csv"));
    await driver.click("#consolidate-export");
    await driver.waitFor("#consolidate-out-error", { timeout: SLOW, text: ".xlsx (classeur) ou .json" });
    await shot("05-export-refuse");
    const out = join(dir, "consolidation-typed.xlsx");
    await driver.fill("#consolidate-out", out);
    await driver.waitForAbsent("#consolidate-out-error");
    await driver.click("#consolidate-export");
    await driver.waitFor("#consolidate-notice", { timeout: SLOW, text: out });
    assert.match(await driver.getText("#consolidate-notice"), /Consolidation 2026-2027 \(2 établissements\) écrite dans/);
    assert.ok(existsSync(out), "the workbook is written");
    assert.equal(readFileSync(out).subarray(0, 2).toString("latin1"), "PK", "an .xlsx is a zip");
    await driver.executeScript("document.getElementById('consolidate-export-card').scrollIntoView({ block: 'center' });");
    await shot("06-exporte");
    // JSON too, by its extension: the command line's output.
    const outJson = join(dir, "consolidation-typed.json");
    await driver.fill("#consolidate-out", outJson);
    assert.equal(await driver.getProperty("#consolidate-format", "value"), "json", "the format follows the extension typed");
    await driver.click("#consolidate-export");
    await driver.waitFor("#consolidate-notice", { timeout: SLOW, text: outJson });
    assert.deepEqual(JSON.parse(readFileSync(outJson, "utf8")), expected);

    // A third school of another year: refused, the message names the year; nothing stale.
    const c = JSON.parse(readFileSync(pathB, "utf8"));
    c.uai = "0910001A";
    c.establishment = "Lycée Marie-Curie";
    c.schoolYear = "2025-2026";
    const pathC = join(dir, "0910001A-bilan-2025-2026.json");
    writeFileSync(pathC, JSON.stringify(c, null, 2));
    const refusal = runCli("bilan", "merge", pathA, pathB, pathC);
    assert.notEqual(refusal.status, 0, "the command line refuses it too");
    await driver.fill("#consolidate-paths", [pathA, pathB, pathC].join("\n"));
    await driver.waitFor("#consolidate-changed", { text: "La liste des fichiers a changé" });
    await driver.click("#consolidate-submit");
    await driver.waitFor("#consolidate-error", { timeout: SLOW, text: "même année scolaire" });
    const message = await driver.getText("#consolidate-error");
    assert.match(message, /0910001A \(2025-2026\)/, `the message names the school and its year: ${message}`);
    assert.ok(refusal.stderr.includes("0910001A (2025-2026)"), refusal.stderr);
    for (const css of ["#consolidated", "#consolidated-summary", "#consolidated-section-gpds", "#consolidate-export-card", "#consolidate-notice"]) {
      assert.equal(await driver.executeScript("return !!document.querySelector(arguments[0]);", [css]), false, `${css} is gone`);
    }
    await shot("07-annee-differente");

    // Back to the Accueil, and again: the list typed is still there.
    await driver.click("#consolidate-back");
    await driver.waitFor("#home-consolidate");
    await driver.click("#home-consolidate");
    await driver.waitFor("#consolidate-paths");
    assert.equal(await driver.getProperty("#consolidate-paths", "value"), [pathA, pathB, pathC].join("\n"));
    assert.equal(await driver.executeScript("return !!document.querySelector('#consolidate-error');"), false, "no old error");
  } finally {
    await shot("zz-derniere-vue").catch(() => undefined);
    await driver.deleteSession();
  }
});

test("the Bilan screen of an open case file leads to the consolidation and back", { skip: !REAL_APP, timeout: 180_000 }, async () => {
  const dir = scratchDir("consolidation-bilan");
  const path = join(dir, "demo.accroche");
  cli("demo", path);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "consolidation");
  try {
    await unlock(driver);
    await driver.waitFor("#nav-bilan", { timeout: SLOW });
    await driver.click("#nav-bilan");
    await driver.waitFor("#bilan-consolidate", { timeout: SLOW });
    await shot("10-bilan-bouton");
    assert.equal(await driver.getText("#bilan-consolidate"), "Consolider des bilans d'établissements…");
    await driver.click("#bilan-consolidate");
    await driver.waitFor("#consolidate-paths");
    assert.equal(await driver.getAttribute("#nav-bilan", "aria-current"), "page", "still in the Bilan section");
    assert.equal(await driver.getText("#consolidate-back"), "← Bilan");
    // The case file's own bilan, exported as JSON, consolidates alone.
    const own = join(dir, "demo-bilan.json");
    writeFileSync(own, cli("bilan", path, "--year", YEAR));
    await driver.fill("#consolidate-paths", own);
    await driver.click("#consolidate-submit");
    await driver.waitFor("#consolidated-count", { timeout: SLOW, text: "1 établissement" });
    await shot("11-depuis-le-bilan");
    await driver.click("#consolidate-back");
    await driver.waitFor("#bilan-year", { timeout: SLOW });
    // The focus moves to the title once the view is drawn (an effect, just after).
    await driver.waitUntil(
      async () => (await driver.executeScript("return document.activeElement.id;")) === "bilan-title",
      { what: "the focus on the Bilan's title" },
    );
  } finally {
    await shot("zz-derniere-vue-bilan").catch(() => undefined);
    await driver.deleteSession();
  }
});

test("many schools: the tables scroll inside their cards, the labels staying in view", { skip: !REAL_APP, timeout: 180_000 }, async () => {
  const dir = scratchDir("consolidation-many");
  const demo = join(dir, "demo.accroche");
  cli("demo", demo);
  const bilan = JSON.parse(cli("bilan", demo, "--year", YEAR));
  const paths = [];
  for (let i = 1; i <= 12; i++) {
    const uai = `07500${String(i).padStart(2, "0")}A`;
    writeFileSync(join(dir, `${uai}.json`), JSON.stringify({ ...bilan, uai, establishment: `Lycée n° ${i} de l'académie` }));
    paths.push(join(dir, `${uai}.json`));
  }
  const driver = await startApp();
  const shot = screenshots(driver, "consolidation");
  try {
    await driver.waitFor("#home-consolidate", { timeout: SLOW });
    await driver.click("#home-consolidate");
    await driver.waitFor("#consolidate-paths");
    await driver.fill("#consolidate-paths", paths.join("\n"));
    await driver.click("#consolidate-submit");
    await driver.waitFor("#consolidated-count", { timeout: SLOW, text: "12 établissements" });
    const signales = bilan.sections.flatMap((s) => s.figures).find((f) => f.id === "eleves_signales").value;
    assert.equal(await driver.getText("#consolidated-figure-eleves_signales td.total"), String(12 * signales));
    const sizes = await driver.executeScript(`
      const wrap = document.querySelector('#consolidated-section-gpds .consolidated-wrap');
      return { scroll: wrap.scrollWidth, client: wrap.clientWidth, page: document.documentElement.scrollWidth, window: window.innerWidth };`);
    assert.ok(sizes.scroll > sizes.client, `the table is wider than its card: ${JSON.stringify(sizes)}`);
    assert.ok(sizes.page <= sizes.window, `the page itself does not scroll sideways: ${JSON.stringify(sizes)}`);
    await driver.executeScript(`
      document.getElementById('consolidated-section-gpds').scrollIntoView({ block: 'start' });
      const wrap = document.querySelector('#consolidated-section-gpds .consolidated-wrap');
      wrap.scrollLeft = wrap.scrollWidth;`);
    await shot("20-douze-etablissements");
  } finally {
    await shot("zz-derniere-vue-douze").catch(() => undefined);
    await driver.deleteSession();
  }
});
