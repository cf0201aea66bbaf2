// Paramètres → Journal: the hash chain of the demo school's journal is checked from the window,
// and the verdict is the one `accroche journal verify` prints.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { REAL_APP, SLOW, cli, scratchDir, screenshots, startApp, unlock } from "./app.mjs";

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
    await driver.click("#journal-verify");
    await driver.waitFor("#journal-verdict", { timeout: SLOW, text: "Journal intègre" });
    // The window wrote an entry or two on opening (the backup): the count may only have grown.
    const shown = await driver.getText("#journal-verdict");
    const count = (s) => Number(/(\d+) entrées/.exec(s)?.[1] ?? NaN);
    assert.ok(count(shown) >= count(expected), `${shown} / ${expected}`);
    await driver.executeScript("document.getElementById('settings-journal').scrollIntoView({ block: 'center' });");
    await shot("01-journal-verifie");
  } finally {
    await driver.deleteSession();
  }
});
