// The case file around the registry: opening a file already open elsewhere (read-only), backups
// and restoring one from Paramètres, a damaged file, staff and partners, the JSON export, and
// moving through the shell with the keyboard only.
//
// Each flow makes its own case file with the command line (`accroche`) and starts the app on it
// the way the file association does (the path on the command line), so the flows need the real
// app: they are skipped against the mock preview.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Keys } from "./webdriver.mjs";
import { PASSPHRASE, REAL_APP, SLOW, addStudent, cli, runCli, scratchDir, screenshots, startApp, tableRows, unlock } from "./app.mjs";

const SKIP = REAL_APP ? false : "needs the real app and the accroche command line";
const SCHOOL = "Lycée Jean-Moulin d'Essai";

/** A new case file made with the command line, in a fresh directory; returns its path. */
function makeCaseFile(flow) {
  const path = join(scratchDir(flow), "lycee-essai.accroche");
  cli(
    "init", path, "--uai", "0750654D", "--name", SCHOOL, "--kind", "lp", "--academie", "Paris",
    "--head", "Mme Claire Martin", "--referent", "M. Karim Benali",
  );
  return path;
}

/**
 * Starts the app on `openedPath` (its unlock screen), runs `body(driver, shot)`, then saves the
 * last view whatever happened (the first thing to look at when a step fails) and ends the session.
 */
async function withApp(flow, openedPath, body) {
  const driver = await startApp({ openedPath });
  const shot = screenshots(driver, flow);
  try {
    await body(driver, shot);
  } finally {
    await shot("zz-derniere-vue").catch(() => undefined);
    await driver.deleteSession().catch(() => undefined);
  }
}

/** Types the passphrase on the unlock screen the app started on and waits for the open case file. */
async function openInApp(driver, shot) {
  await unlock(driver);
  await driver.waitFor("#case-title", { timeout: SLOW, text: SCHOOL });
  // An open case file starts on the tableau de bord.
  await driver.waitFor("#dashboard-title", { timeout: SLOW });
  await shot("01-dossier-ouvert");
}

/** Polls `check` (synchronous, outside the window) until it is true. */
async function until(check, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True when another process holds the flock(2) lock on `lockPath`. */
function lockHeld(lockPath) {
  return spawnSync("flock", ["-n", lockPath, "true"]).status !== 0;
}

/** The rows of the backups table in Paramètres: their kind and the text a user reads. */
function backupRows(driver) {
  return driver.executeScript(
    "return [...document.querySelectorAll('#backups-table tbody tr[data-kind]')].map((tr) => ({ kind: tr.dataset.kind, text: tr.innerText }));",
  );
}

/** Scrolls the section holding the element to the top of the window, before a screenshot. */
function scrollTo(driver, css) {
  return driver.executeScript(
    "const el = document.querySelector(arguments[0]); (el.closest('section') ?? el).scrollIntoView({ block: 'start' });",
    [css],
  );
}

/** Asserts a date shown to the user reads dd/mm/yyyy (and no ISO date leaks). */
function assertFrenchDates(text, what) {
  assert.match(text, /\b\d{2}\/\d{2}\/\d{4}\b/, `${what} shows a date as dd/mm/yyyy: ${text}`);
  assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/, `${what} shows no ISO date: ${text}`);
}

test("a case file open in another Accroche opens read-only", { skip: SKIP, timeout: 120_000 }, async () => {
  const path = makeCaseFile("verrou");
  const lockPath = `${path}-lock`;
  // Hold the lock exactly as a second Accroche would: flock(2) on the sidecar file (what Rust's
  // File::try_lock takes). In its own process group, so that flock and the sleep it runs (which
  // inherits the locked descriptor) are ended together.
  // -w, not -n: the probe below briefly takes the same lock, and the holder must wait it out
  // rather than give up (seen failing from a fresh clone).
  const holder = spawn("flock", ["-w", "10", lockPath, "-c", "sleep 60"], { detached: true, stdio: "ignore" });
  try {
    await until(() => holder.exitCode !== null || lockHeld(lockPath), "flock to take the lock");
    assert.equal(holder.exitCode, null, "flock holds the lock");

    await withApp("verrou", path, async (driver, shot) => {
      await driver.waitFor("#unlock-passphrase", { timeout: SLOW });
      assert.match(await driver.getText("#unlock-path"), /lycee-essai\.accroche/, "the unlock screen names the file given at start");
      await unlock(driver);
      await driver.waitFor("#unlock-error", { timeout: SLOW, text: "Ce dossier est déjà ouvert sur cet ordinateur." });
      assert.equal((await driver.getText("#unlock-readonly")).trim(), "Ouvrir en lecture seule", "a button offers to open it read-only");
      await shot("01-deja-ouvert");

      await driver.click("#unlock-readonly");
      await driver.waitFor("#badge-readonly", { timeout: SLOW, text: "Lecture seule" });
      assert.match(await driver.getText("#case-title"), /Lycée Jean-Moulin d'Essai/);
      assert.match(await driver.getText("#readonly-note"), /lecture seule/, "the page says why nothing can be changed");
      await driver.click("#nav-students");
      await driver.waitFor("#students-count", { text: "élève" });
      assert.equal((await driver.findElements("#btn-new-student")).length, 0, "no Nouvel élève button");
      await shot("02-lecture-seule");

      // Nothing else offers a change either.
      await driver.click("#nav-staff");
      await driver.waitFor("#staff-count", { text: "personne" });
      assert.equal((await driver.findElements("#btn-new-staff")).length, 0, "no Nouveau membre du personnel button");
      await driver.click("#nav-settings");
      await driver.waitFor("#backups-table");
      assert.equal((await driver.findElements("#backups-table .restore")).length, 0, "no Restaurer button");
      await scrollTo(driver, "#backups-title");
      assert.equal(
        await driver.executeScript("return document.getElementById('settings-name').matches(':disabled');"),
        true,
        "the establishment cannot be edited",
      );
      await shot("03-parametres-lecture-seule");

      assert.ok(lockHeld(lockPath), "the other process still holds the lock: read-only took none");
    });
  } finally {
    if (holder.exitCode === null) process.kill(-holder.pid, "SIGTERM");
  }
  await until(() => !lockHeld(lockPath), "the lock to be released");
});

test("a manual backup made in Paramètres is restored", { skip: SKIP, timeout: 120_000 }, async () => {
  const path = makeCaseFile("sauvegardes");
  await withApp("sauvegardes", path, async (driver, shot) => {
    await openInApp(driver, shot);
    await addStudent(driver, { lastName: "Lefebvre", firstName: "Chloé" });

    // Sauvegarder maintenant
    await driver.click("#nav-settings");
    await driver.waitFor("#backups-table tbody tr");
    const before = await backupRows(driver);
    assert.ok(!before.some((b) => b.kind === "manual"), "no manual backup yet");
    await driver.click("#btn-backup-now");
    await driver.waitFor("#backups-notice", { timeout: SLOW, text: "Sauvegarde faite" });
    assertFrenchDates(await driver.getText("#backups-notice"), "the notice of the backup");
    const withManual = await driver.waitUntil(
      async () => {
        const rows = await backupRows(driver);
        return rows.length === before.length + 1 && rows.some((b) => b.kind === "manual") ? rows : null;
      },
      { what: "the manual backup in the list" },
    );
    const manual = withManual.find((b) => b.kind === "manual");
    assert.match(manual.text, /Manuelle/, "the new backup reads « Manuelle »");
    assertFrenchDates(manual.text, "the backup row");
    assert.match(manual.text, /\d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/, "a manual backup shows its time");
    await scrollTo(driver, "#backups-title");
    await shot("02-sauvegarde-manuelle");

    // A second student, after the backup
    await addStudent(driver, { lastName: "Nguyen", firstName: "Hugo" });
    await driver.click("#nav-students");
    await driver.waitFor("#students-count", { text: "2 élèves" });
    await shot("03-deux-eleves");

    // Restaurer the manual backup, with a mistyped passphrase first, then Annuler.
    const askRestore = async () => {
      await driver.click("#nav-settings");
      await driver.waitFor("#backups-table tr[data-kind='manual'] .restore");
      await driver.click("#backups-table tr[data-kind='manual'] .restore");
      await driver.waitFor("#restore-dialog #restore-passphrase");
      // The dialog may still be opening: typing waits until the field takes it.
      await driver.waitUntil(async () => {
        await driver.fill("#restore-passphrase", "une phrase de passe fausse");
        return true;
      }, { what: "the passphrase field of the dialog to take input" });
      await driver.click("#restore-confirm");
      await driver.waitFor("#restore-passphrase-error", { timeout: SLOW, text: "Phrase de passe incorrecte." });
    };
    await askRestore();
    await driver.click("#restore-cancel");
    // A refused restore changes nothing: the shell checks the backup and the passphrase before
    // it closes anything, so the window stays on its case file.
    await driver.waitForAbsent("#restore-dialog");
    assert.equal((await driver.findElements("#unlock-passphrase")).length, 0, "the case file was not closed");
    await driver.waitFor("#case-title", { text: SCHOOL });
    await driver.click("#nav-students");
    await driver.waitFor("#students-count", { text: "2 élèves" });

    // Then for real, with the passphrase
    await askRestore();
    const dialog = await driver.getText("#restore-dialog");
    assert.match(dialog, /Ce qui a été saisi depuis ne sera plus dans le dossier/, "the dialog says what will be lost");
    assertFrenchDates(dialog, "the restore dialog");
    await shot("05-phrase-incorrecte");
    await driver.fill("#restore-passphrase", PASSPHRASE);
    await driver.click("#restore-confirm");
    await driver.waitFor("#backups-notice", { timeout: SLOW, text: "restaurée" });
    await driver.waitForAbsent("#restore-dialog");
    const restored = await driver.waitUntil(
      async () => {
        const rows = await backupRows(driver);
        return rows.some((b) => b.kind === "pre_restore") ? rows : null;
      },
      { what: "the « Avant restauration » backup in the list" },
    );
    assert.match(restored.find((b) => b.kind === "pre_restore").text, /Avant restauration/);
    assert.ok(restored.some((b) => b.kind === "manual"), "the manual backup is still listed");
    await scrollTo(driver, "#backups-title");
    await shot("06-sauvegarde-restauree");

    // Élèves: the state of the backup
    await driver.click("#nav-students");
    await driver.waitFor("#students-count", { text: "1 élève" });
    const rows = await tableRows(driver, "#students-table");
    assert.equal(rows.length, 1, `one student after the restore: ${rows.join(" | ")}`);
    assert.match(rows[0], /Lefebvre/, "the student added before the backup is there");
    assert.ok(!rows.some((r) => r.includes("Nguyen")), "the student added after the backup is gone");
    await shot("07-eleves-apres-restauration");
  });
});

test("a damaged case file is replaced by one of its backups", { skip: SKIP, timeout: 120_000 }, async () => {
  const path = join(scratchDir("endommage"), "demo.accroche");
  cli("demo", path);
  // What Élèves lists: the students not archived.
  const students = JSON.parse(cli("students", path, "list", "--json")).length;
  assert.ok(students > 100, `the demo case file has students (${students})`);
  cli("backup", path);

  // Damage it: 512 bytes at offset 4096 × 10 (inside the 11th page) replaced by other bytes.
  const fd = openSync(path, "r+");
  try {
    const bytes = Buffer.alloc(512);
    assert.equal(readSync(fd, bytes, 0, 512, 4096 * 10), 512, "the file is big enough to damage");
    for (let i = 0; i < bytes.length; i++) bytes[i] ^= 0xff;
    writeSync(fd, bytes, 0, 512, 4096 * 10);
  } finally {
    closeSync(fd);
  }
  assert.equal(runCli("check", path).status, 6, "the command line finds the file damaged too (exit code 6)");

  await withApp("endommage", path, async (driver, shot) => {
    await unlock(driver);
    await driver.waitFor("#unlock-error", { timeout: SLOW, text: "endommagé" });
    const message = await driver.getText("#unlock-error");
    assert.match(message, /Ce dossier est endommagé/, `a French sentence says the file is damaged: ${message}`);
    assert.doesNotMatch(message, /\b(database|page|never used|error code|malformed)\b/i, `no English technical text in the message: ${message}`);
    await driver.waitFor("#unlock-backups li");
    const offered = await driver.executeScript(
      "return [...document.querySelectorAll('#unlock-backups li[data-kind]')].map((li) => ({ kind: li.dataset.kind, text: li.innerText }));",
    );
    assert.equal(offered.length, 2, `the daily and the manual backups are offered: ${JSON.stringify(offered)}`);
    assert.deepEqual(offered.map((b) => b.kind).sort(), ["daily", "manual"]);
    for (const b of offered) assertFrenchDates(b.text, "a backup offered");
    assert.match(offered.find((b) => b.kind === "manual").text, /Manuelle/);
    assert.equal(await driver.getProperty("#unlock-error-details", "open"), false, "the technical report is folded away");
    await shot("01-dossier-endommage");

    await driver.click("#unlock-backups li[data-kind='manual'] button");
    await driver.waitFor("#case-title", { timeout: SLOW });
    await driver.click("#nav-students");
    await driver.waitFor("#students-count", { text: `${students} élèves` });
    await shot("02-sauvegarde-restauree");

    // The damaged file was kept aside, as the state before the restore.
    await driver.click("#nav-settings");
    await driver.waitUntil(async () => (await backupRows(driver)).some((b) => b.kind === "pre_restore"), {
      what: "the damaged state kept as « Avant restauration »",
    });
    await scrollTo(driver, "#backups-title");
    await shot("03-parametres");
  });
  assert.equal(runCli("check", path).status, 0, "the restored case file passes the integrity check");
});

test("staff and partners are added, found by a part of their name, and journaled", { skip: SKIP, timeout: 120_000 }, async () => {
  const path = makeCaseFile("annuaire");
  await withApp("annuaire", path, async (driver, shot) => {
    await openInApp(driver, shot);

    // Personnels → Nouveau membre du personnel: a Psy-EN
    await driver.click("#nav-staff");
    await driver.waitFor("#btn-new-staff");
    await driver.click("#btn-new-staff");
    await driver.waitFor("#staff-lastName");
    await driver.fill("#staff-lastName", "Rousseau-Diallo");
    await driver.fill("#staff-firstName", "Aïcha");
    await driver.select("#staff-role", "psy_en");
    await driver.fill("#staff-email", "aicha.rousseau-diallo@ac-paris.fr");
    await driver.fill("#staff-phone", "01 44 32 10 00");
    await shot("02-nouveau-personnel");
    await driver.click("#staff-submit");
    await driver.waitFor("#staff-notice", { timeout: SLOW, text: "Enregistré." });
    await driver.waitFor("#staff-count", { text: "1 personne" });

    // Not found by another name; found by a part of its own, typed without the accent
    await driver.fill("#staff-search", "martin");
    await driver.waitFor("#staff-count", { text: "0 personne" });
    await driver.fill("#staff-search", "aich");
    const staff = await driver.waitUntil(
      async () => {
        const rows = await tableRows(driver, "#staff-table");
        return rows.length === 1 ? rows : null;
      },
      { what: "the search to find the Psy-EN" },
    );
    assert.match(staff[0], /Rousseau-Diallo/);
    assert.match(staff[0], /Aïcha/);
    assert.match(staff[0], /Psy-EN/, "the role reads « Psy-EN »");
    await shot("03-recherche-personnel");

    // Partenaires → Nouveau partenaire: a Mission locale with one contact person
    await driver.click("#nav-partners");
    await driver.waitFor("#btn-new-partner");
    await driver.click("#btn-new-partner");
    await driver.waitFor("#partner-name");
    await driver.fill("#partner-name", "Mission locale de Paris Centre");
    await driver.select("#partner-kind", "mission_locale");
    await driver.fill("#partner-phone", "01 42 00 00 00");
    await driver.click("#btn-add-contact");
    await driver.waitFor("#partner-contacts-0-lastName");
    await driver.fill("#partner-contacts-0-lastName", "Garnier");
    await driver.fill("#partner-contacts-0-firstName", "Élodie");
    await driver.fill("#partner-contacts-0-function", "Conseillère en insertion");
    await driver.fill("#partner-contacts-0-phone", "06 11 22 33 44");
    await driver.fill("#partner-contacts-0-email", "e.garnier@ml-paris.fr");
    await shot("04-nouveau-partenaire");
    await driver.click("#partner-submit");
    await driver.waitFor("#partner-notice", { timeout: SLOW, text: "Enregistré." });
    await driver.waitFor("#partners-count", { text: "1 partenaire" });

    await driver.fill("#partner-search", "cio");
    await driver.waitFor("#partners-count", { text: "0 partenaire" });
    await driver.fill("#partner-search", "centre");
    const partners = await driver.waitUntil(
      async () => {
        const rows = await tableRows(driver, "#partners-table");
        return rows.length === 1 ? rows : null;
      },
      { what: "the search to find the Mission locale" },
    );
    assert.match(partners[0], /Mission locale de Paris Centre/);
    assert.match(partners[0], /Mission locale/);
    assert.match(partners[0], /\b1\b/, "one contact person");
    await shot("05-recherche-partenaire");

    // The contact person was saved with the partner.
    await driver.click("#partners-table tbody tr[data-id] td");
    await driver.waitFor("#partner-contacts-0-lastName");
    assert.equal(await driver.getProperty("#partner-contacts-0-lastName", "value"), "Garnier");
    assert.equal(await driver.getProperty("#partner-contacts-0-function", "value"), "Conseillère en insertion");

    // Journal: both creations
    await driver.click("#nav-journal");
    await driver.waitFor("#journal-table tbody tr[data-entity]");
    const journal = await driver.executeScript(
      "return [...document.querySelectorAll('#journal-table tbody tr[data-entity]')].map((tr) => ({ entity: tr.dataset.entity, text: tr.innerText }));",
    );
    const staffEntry = journal.find((e) => e.entity === "staff");
    const partnerEntry = journal.find((e) => e.entity === "partner");
    assert.ok(staffEntry, `the journal lists the staff creation: ${JSON.stringify(journal)}`);
    assert.match(staffEntry.text, /Personnel ajouté : Aïcha Rousseau-Diallo \(Psy-EN\)/);
    assert.ok(partnerEntry, `the journal lists the partner creation: ${JSON.stringify(journal)}`);
    assert.match(partnerEntry.text, /Partenaire ajouté : Mission locale de Paris Centre/);
    assert.ok(journal.indexOf(partnerEntry) < journal.indexOf(staffEntry), "newest first");
    for (const e of [staffEntry, partnerEntry]) assertFrenchDates(e.text, "a journal entry");
    assert.match(staffEntry.text, /M\. Karim Benali/, "the référent is named as the author");
    await shot("06-journal");
  });
});

test("the case file is exported as JSON to a typed path", { skip: SKIP, timeout: 120_000 }, async () => {
  const path = makeCaseFile("export");
  const target = join(path, "..", "export-lycee.json");
  await withApp("export", path, async (driver, shot) => {
    await openInApp(driver, shot);
    await addStudent(driver, { lastName: "Da Silva", firstName: "Maëlys" });

    await driver.click("#nav-settings");
    await driver.waitFor("#export-path");
    assert.match(await driver.getProperty("#export-path", "value"), /\.json$/, "a file name is proposed");
    await driver.fill("#export-path", target);
    await driver.click("#export-submit");
    await driver.waitFor("#export-notice", { timeout: SLOW, text: "Dossier exporté dans" });
    assert.match(await driver.getText("#export-notice"), /export-lycee\.json/, "the notice names the file");
    await shot("02-export");
  });

  assert.ok(existsSync(target), `the export was written at ${target}`);
  const text = readFileSync(target, "utf8");
  const json = JSON.parse(text);
  assert.equal(json.format, "accroche-export");
  assert.equal(json.establishment.name, SCHOOL);
  assert.ok(
    json.students.some((s) => s.lastName === "Da Silva" && s.firstName === "Maëlys"),
    "the export holds the student",
  );
  assert.ok(text.includes("Maëlys"), "names are written as UTF-8, accents included");
});

test("the shell can be used with the keyboard only, with a visible focus", { skip: SKIP, timeout: 120_000 }, async () => {
  const path = makeCaseFile("clavier");
  await withApp("clavier", path, async (driver, shot) => {
    await openInApp(driver, shot);
    const focused = () =>
      driver.executeScript(`
        const el = document.activeElement;
        const cs = getComputedStyle(el);
        return { id: el.id, tag: el.tagName.toLowerCase(), text: (el.innerText ?? "").trim(),
                 outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, boxShadow: cs.boxShadow };`);
    const visible = (f) => (f.outlineStyle !== "none" && parseFloat(f.outlineWidth) > 0) || (f.boxShadow !== "" && f.boxShadow !== "none");

    // The view's title has the focus when a view opens.
    await driver.waitUntil(async () => (await focused()).id === "dashboard-title", { what: "the focus on the title of the tableau de bord" });

    // Shift+Tab back into the sidebar, up to « Personnels »
    const steps = [];
    let f;
    for (let i = 0; i < 8; i++) {
      await driver.press(Keys.TAB, { shift: true });
      f = await focused();
      steps.push(f.id || f.tag);
      if (f.id === "nav-staff") break;
    }
    assert.equal(f.id, "nav-staff", `Shift+Tab reaches Personnels (focus went ${steps.join(" → ")})`);
    assert.equal(f.text, "Personnels");
    assert.ok(visible(f), `the focused button is outlined (outline ${f.outlineStyle} ${f.outlineWidth}, box-shadow ${f.boxShadow})`);
    await shot("02-focus-personnels");

    // Enter opens it, and the focus goes to the new view's title.
    await driver.press(Keys.ENTER);
    await driver.waitFor("#staff-title");
    assert.equal(await driver.getAttribute("#nav-staff", "aria-current"), "page", "Personnels is the current section");
    await driver.waitUntil(async () => (await focused()).id === "staff-title", { what: "the focus on the title of Personnels" });

    // Tab reaches the first action of the view, outlined too; Enter opens the form.
    await driver.press(Keys.TAB);
    f = await focused();
    assert.equal(f.id, "btn-new-staff", "Tab goes to « Nouveau membre du personnel »");
    assert.ok(visible(f), `the focused button is outlined (outline ${f.outlineStyle} ${f.outlineWidth}, box-shadow ${f.boxShadow})`);
    await shot("03-focus-nouveau-membre");
    await driver.press(Keys.ENTER);
    await driver.waitFor("#staff-form-title", { text: "Nouveau membre du personnel" });
    await driver.waitUntil(async () => (await focused()).id === "staff-form-title", { what: "the focus on the title of the form" });
    await driver.press(Keys.TAB);
    f = await focused();
    assert.equal(f.id, "staff-lastName", "Tab goes to the first field of the form");
    assert.ok(visible(f), `the focused field is outlined (outline ${f.outlineStyle} ${f.outlineWidth}, box-shadow ${f.boxShadow})`);
    await shot("04-focus-formulaire");
  });
});
