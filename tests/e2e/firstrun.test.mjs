// First run: the welcome screen offers to create the establishment's case file, to open one, and
// to discover Accroche with a demonstration case file; « Premiers pas » (F1, or « Aide ») opens
// from every screen; the demo's passphrase is said on its unlock screen.

import { test } from "node:test";
import assert from "node:assert/strict";
import { REAL_APP, SLOW, screenshots, settled, startApp } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

const F1 = "\uE031";

async function help(driver, { shot } = {}) {
  await driver.press(F1);
  await driver.waitUntil(
    () => driver.executeScript("const d = document.getElementById('help'); return !!(d && d.open);"),
    { timeout: SLOW, what: "« Premiers pas » open" },
  );
  const text = await driver.getText("#help-body");
  assert.match(text, /clé de secours/);
  assert.match(text, /Paramètres → Comptes/);
  if (shot) await shot();
  await driver.press(Keys.ESCAPE);
  await driver.waitForAbsent("#help");
}

test("the welcome screen's three ways in; the demonstration opens in a click; « Premiers pas » from every screen", { skip: !REAL_APP, timeout: 240_000 }, async () => {
  const driver = await startApp();
  const shot = screenshots(driver, "premier-lancement");
  try {
    await driver.waitFor("#btn-create", { timeout: SLOW });
    assert.equal((await driver.getText("#btn-create")).trim(), "Créer le dossier de mon établissement");
    assert.equal((await driver.getText("#btn-open")).trim(), "Ouvrir un dossier…");
    assert.equal((await driver.getText("#btn-demo")).trim(), "Découvrir avec un dossier de démonstration");
    assert.match(await driver.getText(".home-demo-hint"), /demo-accroche-2026/);
    await shot("01-accueil");
    await help(driver, { shot: () => shot("02-premiers-pas") });

    await driver.click("#btn-demo");
    await driver.waitFor("#dashboard-title", { timeout: 180_000 });
    await driver.waitFor("#case-user", { timeout: SLOW });
    await settled(driver);
    await shot("03-demo-ouverte");
    await help(driver);
    await driver.click("#btn-help");
    await driver.waitUntil(
      () => driver.executeScript("const d = document.getElementById('help'); return !!(d && d.open);"),
      { timeout: SLOW, what: "« Premiers pas » from the Aide button" },
    );
    await driver.click("#help-close");
    await driver.waitForAbsent("#help");

    // Locked, the demo's unlock screen says its passphrase.
    await driver.click("#btn-lock");
    await driver.waitFor("#unlock-hint", { timeout: SLOW, text: "demo-accroche-2026" });
    await driver.fill("#unlock-passphrase", "demo-accroche-2026");
    await driver.click("#unlock-submit");
    await driver.waitFor("#dashboard-title", { timeout: SLOW });
  } finally {
    await driver.deleteSession();
  }
});
