// Documents, from a held GPDS meeting to a checked PDF: the compte-rendu is made as a PDF (a
// draft), prepared for signature, signed on screen by its two signatories — the head of school
// and the référent — with strokes drawn on the pad through WebDriver pointer actions (an empty
// pad is refused first, next to the pad, in French); the last signature seals it. A copy saved
// through the typed path holds the reference and the « Certificat de signature » (pdftotext) and
// its pages are rendered for the eye (pdftoppm); « Vérifier un document » finds the copy genuine,
// the printed reference and short fingerprint genuine, and a copy with one byte changed
// « Fichier modifié »; « Imprimer » hands the sealed file to the system's viewer (run.sh's
// recorder). In Paramètres an article of a template is adapted, previewed and restored, and the
// seal's authority certificate is exported with its fingerprint.
//
// The case file is made with the command line; staff, student and meeting through the window.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { REAL_APP, SLOW, addStudent, cli, scratchDir, screenshots, startApp, unlock } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

const SKIP = REAL_APP ? false : "needs the real app and the accroche command line";
const SCHOOL = "Lycée Jean-Moulin d'Essai";
const HEAD = "Mme Claire Martin";
const REFERENT = "M. Karim Benali";
const CONTROL = "\uE009";
const ALT = "\uE00A";

/** A day relative to today, as the UI writes it (dd/mm/yyyy). */
function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** The school year running today (it starts in September). */
function schoolYearStart() {
  const d = new Date();
  return d.getMonth() >= 7 ? d.getFullYear() : d.getFullYear() - 1;
}

function makeCaseFile(dir) {
  const path = join(dir, "lycee-essai.accroche");
  cli(
    "init", path, "--uai", "0750654D", "--name", SCHOOL, "--kind", "lp", "--academie", "Paris",
    "--head", HEAD, "--referent", REFERENT, "--year", String(schoolYearStart()),
  );
  return path;
}

/** Presses `key` with `modifier` held (Ctrl+Entrée, Alt+4), where the focus is. */
async function chord(driver, modifier, key) {
  const actions = [
    { type: "keyDown", value: modifier }, { type: "keyDown", value: key },
    { type: "keyUp", value: key }, { type: "keyUp", value: modifier },
  ];
  await driver.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  await driver.cmd("DELETE", "/actions");
}

async function addStaff(driver, { lastName, firstName, role }) {
  await driver.click("#nav-staff");
  await driver.waitFor("#btn-new-staff");
  await driver.click("#btn-new-staff");
  await driver.waitFor("#staff-lastName");
  await driver.fill("#staff-lastName", lastName);
  await driver.fill("#staff-firstName", firstName);
  await driver.select("#staff-role", role);
  await driver.click("#staff-submit");
  await driver.waitFor("#staff-notice", { timeout: SLOW, text: "Enregistré." });
}

/** The value of the <option> of `select` whose label contains `text` (once the list is loaded). */
function optionValue(driver, select, text) {
  return driver.waitUntil(
    () => driver.executeScript(
      "return [...document.querySelectorAll(arguments[0] + ' option')].find((o) => o.text.includes(arguments[1]))?.value ?? null;",
      [select, text],
    ),
    { timeout: SLOW, what: `${select} to offer ${text}` },
  );
}

/** Clicks once the element takes clicks (a modal's buttons, right after it opens). */
function clickWhenReady(driver, css) {
  return driver.waitUntil(() => driver.click(css).then(() => true), { timeout: SLOW, what: `${css} to take a click` });
}

async function textOf(driver, css) {
  return (await driver.getText(css)).replace(/\s+/g, " ").trim();
}

function scrollTo(driver, css, block = "start") {
  return driver.executeScript("document.querySelector(arguments[0]).scrollIntoView({ block: arguments[1] });", [css, block]);
}

/** A signature-like shape: a looped name and an underline, in pad coordinates (600 × 200). */
function signatureStrokes(seed) {
  const name = [];
  for (let i = 0; i <= 36; i++) {
    const t = i / 36;
    name.push([70 + t * 360, 110 - Math.sin(t * Math.PI * (5 + seed)) * 38 - t * 12]);
  }
  const underline = [[90, 150], [220, 146], [350, 142], [470, 140]];
  return [name, underline];
}

/** Whether a control is disabled, by itself or by its fieldset. */
function isDisabled(driver, css) {
  return driver.executeScript("return document.querySelector(arguments[0]).matches(':disabled');", [css]);
}

/** Fills the consent, identity and witness of the signing screen for the signatory chosen. */
async function fillSigning(driver, witnessValue, identity = "piece") {
  await driver.click("#sign-read");
  await driver.waitUntil(() => driver.getProperty("#sign-read", "checked"), { what: "the reading ticked" });
  await driver.waitUntil(async () => !(await isDisabled(driver, "#sign-consent")), { what: "the consent enabled" });
  await driver.click("#sign-consent");
  await driver.select("#sign-identityCheck", identity);
  await driver.select("#sign-witness", witnessValue);
}

/** Sophie Lambert (CPE, the witness), Chloé Arnaud on the agenda of a meeting today, decided, closed. */
async function holdMeeting(driver) {
  await addStaff(driver, { lastName: "Lambert", firstName: "Sophie", role: "cpe" });
  await addStudent(driver, { lastName: "Arnaud", firstName: "Chloé", className: "3A" });

  // A meeting today with one decision, then closed.
  await driver.click("#nav-gpds");
  await driver.waitFor("#btn-plan-meeting");
  await driver.click("#btn-plan-meeting");
  await driver.waitFor("#meeting-date");
  await driver.fill("#meeting-date", day(0));
  await driver.fill("#meeting-time", "17:30");
  await driver.click("#meeting-submit");
  await driver.waitFor("#meeting-notice", { timeout: SLOW, text: "Séance planifiée." });
  await driver.waitFor("#agenda-add", { timeout: SLOW });
  await driver.fill("#agenda-add", "Arnaud");
  await driver.waitFor("#agenda-add-results button", { timeout: SLOW, text: "Arnaud" });
  await driver.press(Keys.ENTER);
  await driver.waitFor("#agenda", { timeout: SLOW, text: "Arnaud" });
  await driver.click("#btn-open-meeting");
  await driver.waitFor("#mode-student-name", { timeout: SLOW, text: "Arnaud" });
  // The review form loads after the student's name: click once it takes clicks.
  await driver.waitUntil(() => driver.click("#review-situation").then(() => true), { timeout: SLOW, what: "the situation field" });
  await driver.sendKeys("#review-situation", "Absences en baisse depuis novembre.");
  await chord(driver, ALT, "4");
  await driver.waitUntil(() => driver.getProperty("#review-decision-not_examined", "checked"), { what: "Alt+4" });
  await driver.click("#review-situation");
  await chord(driver, CONTROL, Keys.ENTER);
  await driver.waitFor("#mode-notice", { timeout: SLOW, text: "Décision enregistrée pour Chloé Arnaud" });
  await driver.click("#btn-close-meeting");
  await driver.waitFor("#close-meeting");
  await clickWhenReady(driver, "#close-meeting-confirm");
  await driver.waitFor("#minutes-version", { timeout: SLOW, text: "Version 1" });
}

/** The copy run.sh's recorder kept of a file the app opened in the system's viewer. */
function openedFile(driver, name) {
  const dir = process.env.ACCROCHE_E2E_OPENED;
  assert.ok(dir, "run.sh sets ACCROCHE_E2E_OPENED (the viewer's recorder)");
  const file = join(dir, name);
  return driver.waitUntil(() => (existsSync(file) ? file : null), { timeout: SLOW, what: `the viewer to open ${name}` });
}

function pdfTools() {
  return ["pdftotext", "pdftoppm"].every((tool) => spawnSync(tool, ["-v"]).error === undefined);
}

test("a compte-rendu PDF is prepared, signed on screen by both signatories, sealed, saved and verified", { skip: SKIP, timeout: 360_000 }, async () => {
  const dir = scratchDir("documents");
  const path = makeCaseFile(dir);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "documents");
  const out = resolve(process.env.ACCROCHE_E2E_OUT ?? join(process.cwd(), "target", "e2e-screenshots"), "documents");
  try {
    await unlock(driver);
    await driver.waitFor("#dashboard-title", { timeout: SLOW });
    const nav = await driver.executeScript("return [...document.querySelectorAll('.sidebar button')].map((b) => b.id);");
    assert.equal(nav[nav.indexOf("nav-partners") + 1], "nav-documents", `Documents comes after Partenaires (DESIGN.md): ${nav.join(", ")}`);

    await holdMeeting(driver);

    // The compte-rendu PDF: a draft, then prepared for signature.
    await driver.waitFor("#minutes-no-documents", { timeout: SLOW });
    await driver.click("#btn-minutes-pdf");
    await driver.waitFor("#document-state", { timeout: SLOW });
    assert.equal(await driver.getAttribute("#document-state", "data-state"), "draft");
    assert.match(await textOf(driver, "#document-notice"), /Compte-rendu PDF prêt \(brouillon\)/);
    const reference = (await textOf(driver, "#document-reference"));
    assert.match(reference, /^GPDS-\d{4}-\d{4}$/, `the reference: ${reference}`);
    assert.match(await textOf(driver, "#document-version"), /^v1 \/ 1 — dernière version$/);
    assert.equal((await driver.findElements("#document-missing")).length, 0, "both names are known: nothing is missing");
    const signatories = await textOf(driver, "#document-signatories");
    assert.match(signatories, /Mme Claire Martin/, signatories);
    assert.match(signatories, /M\. Karim Benali/, signatories);
    await shot("01-brouillon");
    await driver.click("#btn-document-prepare");
    await driver.waitUntil(async () => (await driver.getAttribute("#document-state", "data-state")) === "to_sign", { timeout: SLOW, what: "à signer" });
    assert.match(await textOf(driver, "#document-notice"), /prêt à signer/);
    const fingerprint = await textOf(driver, "#document-fingerprint .hash-short");
    assert.match(fingerprint, /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/, `the short fingerprint: ${fingerprint}`);

    // Signing on screen: the whole window, no sidebar.
    await driver.click("#btn-document-sign");
    await driver.waitFor("#sign-title", { timeout: SLOW });
    await driver.waitFor("#sign-position", { timeout: SLOW });
    assert.equal((await driver.findElements(".sidebar")).length, 0, "the signing screen takes the whole window");
    assert.equal(await driver.getProperty("#sign-position", "value"), "", "two signatories: nobody is chosen for the signatory");
    const sophie = await optionValue(driver, "#sign-witness", "Sophie Lambert");
    await driver.select("#sign-position", await optionValue(driver, "#sign-position", "Claire Martin"));
    assert.equal(await isDisabled(driver, "#sign-consent"), true, "nothing to consent to before reading");
    assert.match(
      await textOf(driver, "label[for='sign-consent']"),
      /^J'ai lu l'intégralité du document « Compte-rendu de séance du GPDS », j'en accepte les termes et je le signe de ma main sur cet écran\.$/,
      "the consent sentence, word for word",
    );
    await shot("02a-ecran-de-signature");
    await fillSigning(driver, sophie);

    // An empty pad is refused next to the pad; a dot too.
    await driver.click("#sign-submit");
    await driver.waitFor("#sign-signature-error", { timeout: SLOW });
    assert.match(await textOf(driver, "#sign-signature-error"), /vide/);
    assert.match(await textOf(driver, "#sign-remaining"), /Mme Claire Martin, M\. Karim Benali/, "nothing was sent");
    await shot("02-signature-vide-refusee");
    await driver.drawOn("#sign-signature", [[[300, 100], [302, 101]]]);
    await driver.click("#sign-submit");
    await driver.waitFor("#sign-signature-error", { timeout: SLOW, text: "point" });
    await driver.click("#sign-clear");

    await driver.drawOn("#sign-signature", signatureStrokes(0));
    const ink = await driver.executeScript(
      "const c = document.getElementById('sign-signature'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        + " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;",
    );
    assert.ok(ink > 500, `the strokes are drawn on the pad (${ink} inked pixels)`);
    await scrollTo(driver, "#sign-step-consent");
    await shot("03-signature-dessinee");
    await driver.click("#sign-submit");
    await driver.waitFor("#sign-notice", { timeout: SLOW, text: "Signature de Mme Claire Martin enregistrée." });
    assert.match(await textOf(driver, "#sign-remaining"), /^Reste à signer : M\. Karim Benali\.$/);
    assert.equal(await driver.getAttribute("#sign-signatories tr[data-position='0']", "data-signed"), "screen");
    assert.equal(await driver.getProperty("#sign-read", "checked"), false, "the next signatory reads the document again");
    assert.equal(await driver.getProperty("#sign-consent", "checked"), false, "and ticks the consent themself");

    // The référent, the last one: the only choice left; the signature seals the document.
    await driver.waitUntil(async () => (await driver.getProperty("#sign-position", "value")) !== "", { what: "the last signatory chosen" });
    assert.match(await textOf(driver, "#sign-position option:checked"), /Karim Benali/);
    await fillSigning(driver, sophie, "connu");
    await driver.drawOn("#sign-signature", signatureStrokes(2));
    await driver.click("#sign-submit");
    await driver.waitUntil(
      async () => (await driver.findElements("#sign-sealed")).length > 0 || (await driver.findElements("#sign-error")).length > 0,
      { timeout: SLOW, what: "the document sealed (or an error)" },
    );
    if ((await driver.findElements("#sign-error")).length > 0) {
      await shot("04-erreur-scellement");
      assert.fail(`the last signature was refused: ${await textOf(driver, "#sign-error")}`);
    }
    assert.match(await textOf(driver, "#sign-sealed-title"), /Document signé par tous et scellé par l'établissement/);
    assert.equal(await driver.getAttribute("#sign-state", "data-state"), "sealed");
    await shot("04-scelle");

    // The document page, sealed.
    await driver.click("#sign-back");
    await driver.waitFor("#document-state", { timeout: SLOW });
    assert.equal(await driver.getAttribute("#document-state", "data-state"), "sealed");
    assert.match(await textOf(driver, "#document-sealed"), /scellé par l'établissement/);
    const rows = await driver.executeScript(
      "return [...document.querySelectorAll('#document-signatories tbody tr')].map((tr) => tr.innerText.replace(/\\s+/g, ' ').trim());",
    );
    assert.equal(rows.length, 2);
    assert.match(rows[0], /Mme Claire Martin .*Signé à l'écran le .*Pièce d'identité présentée Sophie Lambert [0-9a-f]{4} /, rows[0]);
    assert.match(rows[1], /M\. Karim Benali .*Signé à l'écran le .*Personne connue du témoin Sophie Lambert/, rows[1]);
    assert.equal((await driver.findElements("#btn-document-sign")).length, 0, "a sealed document is not signed again");
    await shot("05-document-scelle");

    // Enregistrer sous…, with the path typed.
    const copy = join(dir, `${reference}-v1.pdf`);
    await driver.click("#btn-document-save");
    await driver.waitFor("#save-copy-path");
    await driver.waitUntil(async () => (await driver.getProperty("#save-copy-path", "value")).endsWith(`${reference}-v1.pdf`), { what: "the default name" });
    await driver.fill("#save-copy-path", copy);
    await clickWhenReady(driver, "#save-copy-confirm");
    await driver.waitFor("#document-notice", { timeout: SLOW, text: "Copie enregistrée" });
    assert.ok(existsSync(copy), `the copy is written at ${copy}`);

    // Imprimer: the sealed file goes to the system's viewer (run.sh's recorder keeps it).
    await driver.click("#btn-document-print");
    const printed = await openedFile(driver, `${reference}-v1.pdf`);
    assert.ok(readFileSync(printed).equals(readFileSync(copy)), "the viewer gets the sealed file, byte for byte");

    // Documents: the list, searchable.
    await driver.click("#nav-documents");
    await driver.waitFor("#documents-count", { timeout: SLOW, text: "1 document" });
    const row = await textOf(driver, "#documents-table tbody tr[data-id]");
    assert.match(row, new RegExp(`${reference} Compte-rendu de séance du GPDS v1 / 1 Scellé Séance GPDS du ${day(0).replaceAll("/", "\\/")} ${day(0).replaceAll("/", "\\/")}`), row);
    await driver.fill("#documents-search", "zzz");
    await driver.waitFor("#documents-count", { text: "0 document" });
    await driver.fill("#documents-search", reference.toLowerCase());
    await driver.waitFor("#documents-count", { text: "1 document" });
    await shot("06-documents");

    // Vérifier: the copy, genuine.
    await driver.click("#btn-verify-document");
    await driver.waitFor("#verify-path");
    await driver.fill("#verify-path", copy);
    await driver.click("#verify-file-submit");
    await driver.waitFor("#verify-verdict", { timeout: SLOW });
    assert.equal(await driver.getAttribute("#verify-verdict", "data-genuine"), "true", await textOf(driver, "#verify-verdict"));
    assert.match(await textOf(driver, "#verify-verdict-text"), /^Document authentique, identique à l'original enregistré/);
    assert.equal(await textOf(driver, "#verify-reference-found"), reference);
    assert.match(await textOf(driver, "#verify-version"), /v1 \/ 1 — dernière version/);
    assert.equal(await driver.getAttribute("#verify-state", "data-state"), "sealed");
    await shot("07-verification-authentique");

    // The printed reference and short fingerprint.
    await driver.fill("#verify-reference", reference);
    await driver.fill("#verify-fingerprint", fingerprint);
    await driver.click("#verify-page-submit");
    await driver.waitFor("#verify-verdict-text", { timeout: SLOW, text: "Document authentique" });
    assert.equal(await driver.getAttribute("#verify-verdict", "data-genuine"), "true");

    // The saved PDF, read back and rendered for the eye.
    if (pdfTools()) {
      const text = spawnSync("pdftotext", ["-layout", copy, "-"], { encoding: "utf8" });
      assert.equal(text.status, 0, `pdftotext reads the copy: ${text.stderr}`);
      assert.ok(text.stdout.includes(reference), "the PDF prints its reference");
      assert.match(text.stdout, /Certificat de signature/, "the PDF ends with the certificate");
      mkdirSync(out, { recursive: true });
      const render = spawnSync("pdftoppm", ["-png", "-r", "60", copy, join(out, "pdf-page")], { encoding: "utf8" });
      assert.equal(render.status, 0, `pdftoppm renders the copy: ${render.stderr}`);
      assert.ok(readdirSync(out).some((f) => f.startsWith("pdf-page")), "the pages are rendered");
    }

    // A copy with one byte changed: inside the first page's content stream, far from the
    // reference and fingerprint the file carries in its metadata.
    const bytes = readFileSync(copy);
    const stream = bytes.indexOf("stream\n");
    assert.ok(stream > 0, "the copy has a content stream");
    const at = stream + 7 + 10;
    const altered = Buffer.from(bytes);
    altered[at] = altered[at] ^ 0x01;
    const tampered = join(dir, `${reference}-v1-modifie.pdf`);
    writeFileSync(tampered, altered);
    await driver.fill("#verify-path", tampered);
    await driver.click("#verify-file-submit");
    await driver.waitFor("#verify-verdict[data-genuine='false']", { timeout: SLOW });
    await shot("08-verification-fichier-modifie");
    const verdict = await textOf(driver, "#verify-verdict-text");
    assert.match(verdict, /^Fichier modifié : il se présente comme Compte-rendu de séance du GPDS /, verdict);
    await driver.click("#verify-open-document");
    await driver.waitFor("#document-reference", { timeout: SLOW, text: reference });
  } finally {
    await shot("zz-derniere-vue").catch(() => undefined);
    await driver.deleteSession().catch(() => undefined);
  }
});

test("a compte-rendu signed on paper with its scan; a new version is asked for, the old one stays genuine but not the latest; a draft is cancelled", { skip: SKIP, timeout: 300_000 }, async () => {
  const dir = scratchDir("documents-papier");
  const path = makeCaseFile(dir);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "documents-papier");
  try {
    await unlock(driver);
    await driver.waitFor("#dashboard-title", { timeout: SLOW });
    await holdMeeting(driver);
    await driver.click("#btn-minutes-pdf");
    await driver.waitFor("#document-state", { timeout: SLOW });
    const reference = await textOf(driver, "#document-reference");
    await driver.click("#btn-document-prepare");
    await driver.waitUntil(async () => (await driver.getAttribute("#document-state", "data-state")) === "to_sign", { timeout: SLOW, what: "à signer" });

    // Enregistrer une signature sur papier: nobody ticked is refused next to the list.
    await driver.click("#btn-document-paper");
    await driver.waitFor("#paper");
    assert.equal(await driver.getProperty("#paper-signedOn", "value"), day(0), "signed today by default");
    await clickWhenReady(driver, "#paper-confirm");
    await driver.waitFor("#paper-positions-error", { timeout: SLOW });
    assert.match(await textOf(driver, "#paper-positions-error"), /Cochez chaque signataire/);
    // A date in the future: refused by the core, next to the date.
    await driver.fill("#paper-signedOn", day(3));
    await driver.click("#paper-position-0");
    await driver.click("#paper-position-1");
    await clickWhenReady(driver, "#paper-confirm");
    await driver.waitFor("#paper-signedOn-error", { timeout: SLOW, text: "dans le futur" });
    // A scan that does not exist, then a real one (a PNG).
    await driver.fill("#paper-signedOn", day(-1));
    await driver.fill("#paper-scan", join(dir, "absent.png"));
    await clickWhenReady(driver, "#paper-confirm");
    await driver.waitFor("#paper-scan-error", { timeout: SLOW, text: "introuvable" });
    const scan = join(dir, "scan-signe.png");
    writeFileSync(scan, Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(64, 7)]));
    await driver.fill("#paper-scan", scan);
    await shot("01-signature-papier");
    await clickWhenReady(driver, "#paper-confirm");
    await driver.waitForAbsent("#paper", { timeout: SLOW });
    await driver.waitFor("#document-notice", { timeout: SLOW, text: "Signature sur papier enregistrée." });
    assert.equal(await driver.getAttribute("#document-state", "data-state"), "signed");
    const rows = await driver.executeScript(
      "return [...document.querySelectorAll('#document-signatories tbody tr')].map((tr) => tr.innerText.replace(/\\s+/g, ' ').trim());",
    );
    for (const row of rows) assert.match(row, new RegExp(`Signé sur papier le ${day(-1).replaceAll("/", "\\/")}`), row);
    assert.match(await textOf(driver, "#document-scans"), /scan-signe\.png \(image\/png\) — signé le/);
    await scrollTo(driver, "#document-title");
    await shot("02-signe-sur-papier");

    // A copy of version 1.
    const copy = join(dir, `${reference}-v1.pdf`);
    await driver.click("#btn-document-save");
    await driver.waitFor("#save-copy-path");
    // The dialog fills in a default name once open: type over it, not before it.
    await driver.waitUntil(async () => (await driver.getProperty("#save-copy-path", "value")).endsWith(`${reference}-v1.pdf`), { what: "the default name" });
    await driver.fill("#save-copy-path", copy);
    await clickWhenReady(driver, "#save-copy-confirm");
    await driver.waitFor("#document-notice", { timeout: SLOW, text: "Copie enregistrée" });

    // « Compte-rendu PDF » again: version 1 is signed, so a new version is asked for first.
    await driver.click("#btn-document-record");
    await driver.waitFor("#btn-minutes", { timeout: SLOW });
    await driver.click("#btn-minutes");
    await driver.waitFor("#minutes-documents-list", { timeout: SLOW, text: reference });
    await driver.click("#btn-minutes-pdf");
    await driver.waitFor("#minutes-new-version", { timeout: SLOW });
    assert.match(await textOf(driver, "#minutes-new-version"), /version 1, est « signé »/);
    await shot("03-nouvelle-version");
    await clickWhenReady(driver, "#minutes-new-version-confirm");
    await driver.waitFor("#document-version", { timeout: SLOW, text: "v2 / 2" });
    assert.equal(await driver.getAttribute("#document-state", "data-state"), "draft");
    await driver.waitFor("#document-versions", { timeout: SLOW });
    assert.match(await textOf(driver, "#document-versions"), /v1 Signé v2 Brouillon/);

    // Version 1 still checks out, but is not the latest.
    await driver.click("#nav-documents");
    await driver.waitFor("#documents-count", { timeout: SLOW, text: "1 document" });
    await driver.click("#documents-all-versions");
    await driver.waitFor("#documents-count", { text: "2 documents" });
    const listed = await driver.executeScript(
      "return [...document.querySelectorAll('#documents-table tbody tr[data-id]')].map((tr) => tr.innerText.replace(/\\s+/g, ' ').trim());",
    );
    assert.equal(listed.length, 2, JSON.stringify(listed));
    assert.match(listed[0], /v2 \/ 2 Brouillon/, "the newest first");
    assert.match(listed[1], /v1 \/ 2 Signé/);
    await shot("03b-documents-toutes-versions");
    await driver.click("#btn-verify-document");
    await driver.waitFor("#verify-path");
    await driver.fill("#verify-path", copy);
    await driver.click("#verify-file-submit");
    await driver.waitFor("#verify-verdict", { timeout: SLOW });
    assert.equal(await driver.getAttribute("#verify-verdict", "data-genuine"), "true");
    assert.match(await textOf(driver, "#verify-version"), /v1 \/ 2 — une version plus récente existe/);
    await shot("04-verification-ancienne-version");
    // A reference unknown, and a file that is not a document of this case file.
    await driver.fill("#verify-reference", "GPDS-1999-0042");
    await driver.fill("#verify-fingerprint", "1a2b 3c4d");
    await driver.click("#verify-page-submit");
    await driver.waitFor("#verify-verdict-text", { timeout: SLOW, text: "Aucun document de référence « GPDS-1999-0042 »" });
    assert.equal(await driver.getAttribute("#verify-verdict", "data-genuine"), "false");
    await driver.fill("#verify-path", scan);
    await driver.click("#verify-file-submit");
    await driver.waitFor("#verify-verdict-text", { timeout: SLOW, text: "Document inconnu" });
    await shot("05-verification-inconnu");

    // The draft of version 2 is cancelled, with a reason (required, said next to the field).
    await driver.click("#nav-documents");
    await driver.waitFor("#documents-table tbody tr[data-id]", { timeout: SLOW, text: "v2 / 2" });
    await driver.click("#documents-table tbody tr[data-id] td");
    await driver.waitFor("#document-version", { timeout: SLOW, text: "v2 / 2" });
    await driver.click("#btn-document-cancel");
    await driver.waitFor("#doc-cancel");
    await clickWhenReady(driver, "#doc-cancel-confirm");
    await driver.waitFor("#doc-cancel-reason-error", { timeout: SLOW });
    await driver.fill("#doc-cancel-reason", "Refait par erreur.");
    await clickWhenReady(driver, "#doc-cancel-confirm");
    await driver.waitFor("#document-cancelled", { timeout: SLOW, text: "Refait par erreur." });
    assert.equal(await driver.getAttribute("#document-state", "data-state"), "cancelled");
    assert.match(await textOf(driver, "#document-versions"), /v1 Signé v2 Annulé/, "the list of versions follows");
    await shot("06-annule");
  } finally {
    await shot("zz-derniere-vue").catch(() => undefined);
    await driver.deleteSession().catch(() => undefined);
  }
});

test("Paramètres: an article of a template is adapted (a misspelt placeholder refused first), previewed and restored; the seal's certificate is exported", { skip: SKIP, timeout: 240_000 }, async () => {
  const dir = scratchDir("modeles");
  const path = makeCaseFile(dir);
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "parametres-modeles");
  try {
    await unlock(driver);
    await driver.waitFor("#dashboard-title", { timeout: SLOW });
    await driver.click("#nav-settings");
    await driver.waitFor("#templates-kind", { timeout: SLOW });
    await driver.select("#templates-kind", "convention_partenariat");
    await driver.waitFor("#templates-clauses details[data-block='article_litiges']", { timeout: SLOW });
    // The shipped version (raised whenever the shipped wording changes).
    const shipped = (await textOf(driver, "#templates-version")).match(/^Version du modèle : (\d+)$/)?.[1];
    assert.ok(shipped, "a fresh case file uses the shipped version");
    const clause = "#templates-clauses details[data-block='article_litiges']";
    await scrollTo(driver, clause);
    await driver.click(`${clause} > summary`);
    const area = "#clause-article_litiges-text";
    await driver.waitFor(area);
    assert.match(await driver.getProperty(area, "value"), /^## Article 12 — Règlement des différends\n/, "the shipped text to start from");

    // A misspelt placeholder: refused under the text, in French, and nothing saved.
    await driver.fill(area, "## Article 12 — Règlement des différends\n\nAvec {{ partenaire.nomm }}, les parties cherchent un accord amiable.");
    await driver.click(`${clause} .save-clause`);
    await driver.waitFor(`${area}-error`, { timeout: SLOW });
    assert.match(await textOf(driver, `${area}-error`), /partenaire\.nomm/);
    assert.equal(await textOf(driver, "#templates-version"), `Version du modèle : ${shipped}`, "nothing saved");
    await shot("01-article-refuse");

    await driver.fill(area, "## Article 12 — Règlement des différends\n\nAvec {{ partenaire.nom }}, les parties cherchent d'abord un accord amiable, avec le concours du médiateur académique.");
    await driver.click(`${clause} .save-clause`);
    await driver.waitFor("#clause-article_litiges-notice", { timeout: SLOW, text: `Article enregistré (modèle version ${shipped}.1).` });
    assert.equal(await textOf(driver, "#templates-version"), `Version du modèle : ${shipped}.1 — 1 article(s) adapté(s)`);
    assert.equal(await driver.getAttribute(clause, "data-adapted"), "true");
    await shot("02-article-adapte");

    // Aperçu: the adapted template, filled with invented people, in the system's viewer.
    await driver.click("#templates-preview");
    const preview = await openedFile(driver, "exemple-convention_partenariat.pdf");
    if (pdfTools()) {
      const text = spawnSync("pdftotext", [preview, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, " ");
      assert.match(text, /Avec Maison des adolescents du Val-d'Essai, les parties cherchent d'abord un accord amiable, avec le concours du médiateur académique\./);
      assert.ok(text.includes(SCHOOL), "under the school's own header");
      const out = resolve(process.env.ACCROCHE_E2E_OUT ?? join(process.cwd(), "target", "e2e-screenshots"), "parametres-modeles");
      mkdirSync(out, { recursive: true });
      spawnSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", preview, join(out, "apercu")]);
    }

    // Back to the shipped text: a new revision again.
    await driver.click(`${clause} .restore-clause`);
    await driver.waitFor("#clause-article_litiges-notice", { timeout: SLOW, text: `Texte d'origine rétabli (modèle version ${shipped}.2).` });
    assert.equal(await driver.getAttribute(clause, "data-adapted"), "false");

    // The seal's certificate: its fingerprint, then the file.
    await scrollTo(driver, "#seal-title");
    await driver.click("#seal-show");
    await driver.waitFor("#seal-fingerprint", { timeout: SLOW });
    const fingerprint = await textOf(driver, "#seal-fingerprint");
    assert.match(fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, fingerprint);
    const pem = join(dir, "autorite.pem");
    await driver.fill("#seal-path", pem);
    await driver.click("#seal-export");
    await driver.waitFor("#seal-notice", { timeout: SLOW, text: "Certificat enregistré" });
    const body = readFileSync(pem, "utf8");
    assert.match(body, /^-----BEGIN CERTIFICATE-----\n/);
    const der = Buffer.from(body.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""), "base64");
    const digest = createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g).join(":");
    assert.equal(digest, fingerprint, "the fingerprint shown is the exported certificate's");
    await shot("03-certificat-exporte");
  } finally {
    await shot("zz-derniere-vue").catch(() => undefined);
    await driver.deleteSession().catch(() => undefined);
  }
});
