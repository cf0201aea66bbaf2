// The demo school, opened in the real window: the tableau de bord shows the figures and lines
// that `accroche dashboard --json` prints (one implementation behind both), and the GPDS screens
// hold a realistic history. Screenshots for the eye: dashboard, meetings, next meeting, a student.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { REAL_APP, SLOW, cli, screenshots, scratchDir, startApp, unlock } from "./app.mjs";

const idsIn = (driver, css) =>
  driver.executeScript(
    "return [...document.querySelectorAll(arguments[0])].map((e) => Number(e.dataset.studentId));",
    [css],
  );

test("the demo school's tableau de bord shows what `accroche dashboard` prints", { skip: !REAL_APP }, async () => {
  const path = join(scratchDir("demo"), "demo.accroche");
  cli("demo", path);
  const expected = JSON.parse(cli("dashboard", path, "--json"));
  // The demo's history is built up to today: early September or in summer some lists are empty.
  const driver = await startApp({ openedPath: path });
  const shot = screenshots(driver, "demo");
  try {
    await unlock(driver);
    await driver.waitFor("#dash-late-title", { timeout: SLOW });
    const heading = (id) => driver.getText(`#${id}-title`);
    const starts = (n) => new RegExp(`^${n} `);
    assert.match(await heading("dash-late"), starts(expected.counts.lateActions));
    assert.match(await heading("dash-week"), starts(expected.counts.dueThisWeek));
    assert.match(await heading("dash-flagged"), starts(expected.counts.flaggedNotReviewed));
    assert.match(await heading("dash-review-due"), starts(expected.counts.reviewDue));
    assert.match(await heading("dash-proposals"), starts(expected.counts.openProposals));
    assert.deepEqual(
      await idsIn(driver, "#dash-flagged li[data-student-id]"),
      expected.flaggedNotReviewed.map((l) => l.studentId),
      "the same students, in the same order",
    );
    assert.deepEqual(
      await idsIn(driver, "#dash-late li[data-student-id]"),
      expected.lateActions.flatMap((o) => o.actions.map((a) => a.studentId)),
    );
    await shot("01-tableau-de-bord");
    if (expected.nextMeeting) {
      assert.match(await driver.getText("#dash-agenda-size"), starts(expected.nextMeeting.agendaSize));
      await driver.click("#dash-open-meeting");
      await driver.waitFor("#agenda-title", { timeout: SLOW });
      assert.match(await driver.getText("#agenda-title"), new RegExp(`${expected.nextMeeting.agendaSize} élève`));
      await shot("02-prochaine-seance");
    }

    await driver.click("#nav-gpds");
    await driver.waitFor("#meetings-table", { timeout: SLOW });
    await shot("03-seances");

    const first = [...expected.flaggedNotReviewed, ...expected.reviewDue][0];
    if (first) {
      await driver.click("#nav-dashboard");
      const line = `li[data-student-id="${first.studentId}"] button`;
      await driver.waitFor(line, { timeout: SLOW });
      await driver.click(line);
      await driver.waitFor("#student-name", { timeout: SLOW, text: first.name.split(" ").at(-1) });
      await shot("04-fiche-eleve");
    }
  } finally {
    await driver.deleteSession();
  }
});
