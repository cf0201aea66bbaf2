// Memory with the large demo case file open: started through tauri-driver (tests/e2e/run.sh
// runs this file like an end-to-end spec), signed in, the tableau de bord shown, then idle for a
// few seconds; the resident memory of the app and of every process it started (WebKit's) is
// summed and written as JSON to $ACCROCHE_BENCH_OUT. Needs ACCROCHE_BENCH_CASEFILE.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { SLOW, startApp } from "../tests/e2e/app.mjs";

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/** RSS, PSS and private memory of a process, in KiB (/proc/PID/smaps_rollup). RSS counts the
 *  shared libraries again in each process; PSS shares them out, so PSS figures add up. */
function memoryKib(pid) {
  const fields = {};
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").split("\n")) {
      const m = /^(\w+):\s+(\d+) kB/.exec(line);
      if (m) fields[m[1]] = Number(m[2]);
    }
  } catch {
    // the process ended
  }
  return { rss: fields.Rss ?? 0, pss: fields.Pss ?? 0, priv: (fields.Private_Clean ?? 0) + (fields.Private_Dirty ?? 0) };
}

function commOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** The app's process and its descendants. */
function tree() {
  const pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p)).map(Number);
  const app = pids.filter((p) => commOf(p).startsWith("accroche-deskto")).sort((a, b) => b - a)[0];
  assert.ok(app, "the app's process");
  const all = [app];
  for (let i = 0; i < all.length; i++) all.push(...pids.filter((p) => parentOf(p) === all[i]));
  return all;
}

test("memory with the large demo case file open", { timeout: 600_000 }, async () => {
  const path = process.env.ACCROCHE_BENCH_CASEFILE;
  assert.ok(path, "ACCROCHE_BENCH_CASEFILE");
  const driver = await startApp({ openedPath: path });
  try {
    await driver.waitFor("#unlock-passphrase", { timeout: SLOW });
    await driver.fill("#unlock-passphrase", process.env.ACCROCHE_BENCH_PASSPHRASE ?? "demo-accroche-2026");
    await driver.click("#unlock-submit");
    await driver.waitFor("#dashboard-title", { timeout: 300_000 });
    await new Promise((r) => setTimeout(r, 8_000));
    const pids = tree();
    const processes = pids.map((p) => {
      const m = memoryKib(p);
      return { pid: p, name: commOf(p), rssMiB: m.rss / 1024, pssMiB: m.pss / 1024, privateMiB: m.priv / 1024 };
    });
    const sum = (k) => Math.round(processes.reduce((s, p) => s + p[k], 0));
    const out = { totalMiB: sum("rssMiB"), totalPssMiB: sum("pssMiB"), totalPrivateMiB: sum("privateMiB"), processes };
    console.log(JSON.stringify(out));
    if (process.env.ACCROCHE_BENCH_OUT) writeFileSync(process.env.ACCROCHE_BENCH_OUT, JSON.stringify(out, null, 2));
  } finally {
    await driver.deleteSession();
  }
});
