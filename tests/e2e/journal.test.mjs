// Paramètres → Journal: the hash chain of the demo school's journal is checked from the window,
// and the verdict is the one `accroche journal verify` prints.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { REAL_APP, SLOW, cli, scratchDir, screenshots, settled, startApp, unlock } from "./app.mjs";

test("Paramètres checks the journal's chain and says it is intact, as the command line does", { skip: !REAL_APP }, async () => {
  const dir = scratchDir("journal");
  const path = join(dir, "demo.accroche");
  cli("demo", path);
  const expected = cli("journal", path, "verify").trim();
  assert.match(expected, /^Journal intègre : \d+ entrées vérifiées/);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "journal");
  try {
    await unlock(driver);
    await driver.waitFor("#nav-settings", { timeout: SLOW });
    await driver.click("#nav-settings");
    await driver.waitFor("#journal-verify", { timeout: SLOW });
    await settled(driver);
    // Paramètres loads its sections one by one: a click may land while the page still moves;
    // click again until the verdict shows.
    await driver.waitUntil(
      async () => {
        if ((await driver.findElements("#journal-verdict")).length > 0) return true;
        await driver.executeScript("document.getElementById('journal-verify').scrollIntoView({ block: 'center' });");
        await driver.click("#journal-verify");
        return false;
      },
      { timeout: SLOW, interval: 2_000, what: "the verdict after « Vérifier le journal »" },
    );
    await driver.waitFor("#journal-verdict", { timeout: SLOW, text: "Journal intègre" });
    // The window wrote an entry or two on opening (the backup): the count may only have grown.
    const shown = await driver.getText("#journal-verdict");
    const count = (s) => Number(/(\d+) entrées/.exec(s)?.[1] ?? NaN);
    assert.ok(count(shown) >= count(expected), `${shown} / ${expected}`);
    await driver.executeScript("document.getElementById('settings-journal').scrollIntoView({ block: 'center' });");
    await shot("01-journal-verifie");

    // The journal screen filters by kind of record and by dates.
    await driver.click("#nav-journal");
    await driver.waitFor("#journal-table tbody tr", { timeout: SLOW });
    await driver.select("#journal-entity", "student");
    await driver.waitUntil(
      async () => {
        const kinds = await driver.executeScript("return [...document.querySelectorAll('#journal-table tbody tr')].map((tr) => tr.dataset.entity);");
        return kinds.length > 0 && kinds.every((k) => k === "student");
      },
      { timeout: SLOW, what: "only students' entries" },
    );
    const tomorrow = new Date(Date.now() + 86_400_000);
    const fr = `${String(tomorrow.getDate()).padStart(2, "0")}/${String(tomorrow.getMonth() + 1).padStart(2, "0")}/${tomorrow.getFullYear()}`;
    await driver.fill("#journal-from", fr);
    await driver.waitFor("#journal-table tbody tr.empty", { timeout: SLOW, text: "Aucune entrée ne répond à ces filtres." });
    await shot("02-journal-filtre");
    await driver.click("#journal-filters-clear");
    await driver.waitUntil(
      async () => (await driver.findElements("#journal-table tbody tr.empty")).length === 0,
      { timeout: SLOW, what: "the entries back" },
    );
  } finally {
    await driver.deleteSession();
  }
});
