// The Bilan screen on the demo school: the year 2026-2027 picked in the select shows, section by
// section, the figures `accroche bilan --year 2026-2027` prints (one implementation behind both);
// the anonymous JSON exported through a typed path is, byte for byte in meaning, the command
// line's output. The command line reads the file read-only while the window holds it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REAL_APP, SLOW, cli, scratchDir, screenshots, startApp, unlock } from "./app.mjs";

const YEAR = "2026-2027";

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
