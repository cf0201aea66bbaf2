// Paramètres → Conservation des données (RGPD): with the data of a student who left kept only
// for the year of the exit, Jules Œuvray (left 30/06/2026) is listed; the purge, confirmed,
// deletes his data, writes a certificate that names no one, and the journal still verifies.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { REAL_APP, SLOW, cli, scratchDir, screenshots, settled, startApp, unlock } from "./app.mjs";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "gpds-export.json");

test("the retention policy lists a student past his date; the confirmed purge deletes his data and prints a certificate without names", { skip: !REAL_APP }, async () => {
  const dir = scratchDir("retention");
  const path = join(dir, "lycee.accroche");
  cli("init", path, "--from", FIXTURE);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "retention");
  const certificate = join(dir, "certificat-purge.pdf");
  try {
    await unlock(driver);
    await driver.waitFor("#nav-settings", { timeout: SLOW });
    await driver.click("#nav-settings");
    await driver.waitFor("#retention-years", { timeout: SLOW });
    await settled(driver);
    assert.equal(await driver.getProperty("#retention-years", "value"), "1", "kept the year after the exit, by default");
    await driver.waitFor("#retention-nothing", { timeout: SLOW });
    await driver.select("#retention-years", "0");
    await driver.waitFor("#retention-due", { timeout: SLOW, text: "Jules Œuvray" });
    const rows = await driver.executeScript("return [...document.querySelectorAll('#retention-due tbody tr')].map((tr) => tr.innerText.replace(/\\s+/g, ' ').trim());");
    assert.deepEqual(rows.length, 1, rows.join(" / "));
    assert.match(rows[0], /Jules Œuvray .* 30\/06\/2026 31\/08\/2026/);
    await driver.executeScript("document.getElementById('settings-retention').scrollIntoView({ block: 'start' });");
    await shot("01-apercu");

    await driver.fill("#retention-path", certificate);
    await driver.click("#retention-purge");
    await driver.waitFor("#retention-confirm", { timeout: SLOW });
    await driver.click("#retention-confirm-yes");
    await driver.waitFor("#retention-notice", { timeout: SLOW, text: "Purge faite : données de 1 élève effacées." });
    await driver.waitFor("#retention-nothing", { timeout: SLOW });
    await shot("02-purge-faite");
  } finally {
    await driver.deleteSession();
  }
  assert.ok(existsSync(certificate), "the certificate is written");
  const text = execFileSync("pdftotext", ["-layout", certificate, "-"], { encoding: "utf8" });
  assert.match(text, /Certificat de purge des données/);
  assert.match(text, /Repérages/);
  assert.doesNotMatch(text, /Œuvray|Jules/);
  assert.match(cli("purge", path), /Rien à purger aujourd'hui\./);
  assert.match(cli("journal", path, "verify"), /^Journal intègre : /);
  assert.match(cli("journal", path, "list", "--limit", "3"), /Purge RGPD : données de 1 élève sorti effacées/);
  assert.doesNotMatch(cli("students", path, "list"), /Œuvray/);
});

test("a family's right of access: the student's page writes everything held on her as a PDF and a JSON; Paramètres writes the registre", { skip: !REAL_APP }, async () => {
  const dir = scratchDir("access");
  const path = join(dir, "lycee.accroche");
  cli("init", path, "--from", FIXTURE);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "retention");
  const pdf = join(dir, "lea.pdf");
  const json = join(dir, "lea.json");
  const registre = join(dir, "registre.pdf");
  try {
    await unlock(driver);
    await driver.waitFor("#nav-students", { timeout: SLOW });
    await driver.click("#nav-students");
    await driver.waitFor("#student-search");
    await driver.fill("#student-search", "Dubois");
    await driver.waitUntil(
      () => driver.executeScript("return [...document.querySelectorAll('#students-table tbody tr[data-id]')].some((tr) => /Dubois/.test(tr.innerText));"),
      { timeout: SLOW, what: "Léa found" },
    );
    await driver.executeScript("[...document.querySelectorAll('#students-table tbody tr[data-id]')].find((tr) => /Dubois/.test(tr.innerText)).click();");
    await driver.waitFor("#btn-student-access", { timeout: SLOW });
    await driver.click("#btn-student-access");
    await driver.waitFor("#access-pdf");
    assert.match(await driver.getProperty("#access-pdf", "value"), /dubois-lefevre-lea-donnees-\d{4}-\d{2}-\d{2}\.pdf$/);
    await driver.fill("#access-pdf", pdf);
    await driver.fill("#access-json", json);
    await shot("03-droit-d-acces");
    await driver.click("#access-submit");
    await driver.waitFor("#student-notice", { timeout: SLOW, text: "Données de Léa Dubois-Lefèvre écrites" });

    await driver.click("#nav-settings");
    await driver.waitFor("#registre-path", { timeout: SLOW });
    await settled(driver);
    await driver.fill("#registre-path", registre);
    await driver.click("#registre-submit");
    await driver.waitFor("#registre-notice", { timeout: SLOW, text: registre });
  } finally {
    await driver.deleteSession();
  }
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  assert.match(text, /Données détenues sur Léa Dubois-Lefèvre/);
  assert.doesNotMatch(text, /Œuvray/, "nothing about another student");
  const data = JSON.parse(readFileSync(json, "utf8"));
  assert.equal(data.student.input?.lastName ?? data.student.lastName, "Dubois-Lefèvre");
  assert.match(cli("journal", path, "list", "--limit", "3"), /Données de Léa Dubois-Lefèvre communiquées \(droit d'accès\)/);
  const reg = execFileSync("pdftotext", [registre, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  assert.match(reg, /Lycée Jean-Moulin d['’]Essai/);
  assert.match(reg, /conservées jusqu['’]à la fin de l['’]année scolaire qui suit celle de la sortie/);
  assert.doesNotMatch(reg, /Dubois|Œuvray/);
});
