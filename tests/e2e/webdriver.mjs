// A minimal W3C WebDriver client over the global fetch (Node 20+), enough to drive the app
// through tauri-driver → WebKitWebDriver. No dependencies.

import { writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export const Keys = { ENTER: "\uE007", ESCAPE: "\uE00C", TAB: "\uE004", SHIFT: "\uE008" };

/** An error the driver answered with ({error, message}), or a timeout of `waitFor`. */
export class WebDriverError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

export class WebDriver {
  /** @param {string} base e.g. "http://127.0.0.1:4444"; @param {string} sessionId */
  constructor(base, sessionId) {
    this.base = base;
    this.sessionId = sessionId;
  }

  /**
   * Starts a session. `capabilities` goes under `alwaysMatch`, e.g.
   * `{"tauri:options": {application: "/path/to/app", args: []}}`.
   */
  static async newSession(base, capabilities) {
    const value = await request(base, "POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    return new WebDriver(base, value.sessionId);
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.sessionId}${path}`, body);
  }

  async deleteSession() {
    await this.cmd("DELETE", "");
  }

  navigate(url) {
    return this.cmd("POST", "/url", { url });
  }

  /** Best effort: some drivers or windows refuse. */
  async setWindowSize(width, height) {
    try {
      await this.cmd("POST", "/window/rect", { width, height });
    } catch {
      /* the window keeps its size */
    }
  }

  /** The element matching `css`; throws WebDriverError "no such element" if none. */
  async findElement(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return value[ELEMENT];
  }

  async findElements(css) {
    const value = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return value.map((e) => e[ELEMENT]);
  }

  async click(css) {
    await this.cmd("POST", `/element/${await this.findElement(css)}/click`, {});
  }

  async clickElement(id) {
    await this.cmd("POST", `/element/${id}/click`, {});
  }

  /**
   * Empties an input or textarea. WebKitWebDriver's clear fires "change" but no "input": a
   * framework that listens to "input" (Preact's onInput) keeps the old value and puts it back at
   * its next render. The "input" a user's deletion would fire is sent too.
   */
  async clear(css) {
    const id = await this.findElement(css);
    await this.cmd("POST", `/element/${id}/clear`, {});
    await this.executeScript("arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", [{ [ELEMENT]: id }]);
  }

  /** Types `text` into the element (appends to what is there; see `fill`). */
  async sendKeys(css, text) {
    await this.cmd("POST", `/element/${await this.findElement(css)}/value`, { text });
  }

  /** Replaces the content of an input or textarea with `text`, and checks it took. */
  async fill(css, text) {
    await this.clear(css);
    // A line break is typed as the Enter key (meant for textareas: in an input it submits).
    if (text !== "") await this.sendKeys(css, text.replaceAll("\n", Keys.ENTER));
    const value = await this.getProperty(css, "value");
    if (value !== text) throw new WebDriverError(`${css}: typed "${text}" but the field holds "${value}"`, "fill");
  }

  /** Chooses the <option value="…"> of a <select>. */
  async select(css, value) {
    // A page still settling (a card above loading its rows) can move the list between finding
    // the option and clicking it: the choice is checked, and tried again a few times.
    let now;
    for (let attempt = 0; attempt < 4; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250));
      await this.executeScript("document.querySelector(arguments[0])?.scrollIntoView({ block: 'center' });", [css]);
      await this.click(`${css} option[value="${value}"]`);
      now = await this.getProperty(css, "value");
      if (now === value) return;
    }
    throw new WebDriverError(`${css}: chose "${value}" but the select holds "${now}"`, "select");
  }

  /**
   * The element's rendered text (its innerText). WebDriver's own "get element text" returns ""
   * for elements its visibility heuristic misjudges (e.g. a line cut with text-overflow).
   */
  async getText(css) {
    return this.getProperty(css, "innerText");
  }

  async getAttribute(css, name) {
    return this.cmd("GET", `/element/${await this.findElement(css)}/attribute/${encodeURIComponent(name)}`);
  }

  async getProperty(css, name) {
    return this.cmd("GET", `/element/${await this.findElement(css)}/property/${encodeURIComponent(name)}`);
  }

  /**
   * Presses `key` (a character or a `Keys` value) where the focus is, as a keyboard would: the
   * Actions API, unlike "element send keys", does not move the focus first. `shift` holds Shift.
   */
  async press(key, { shift = false } = {}) {
    const down = (value) => ({ type: "keyDown", value });
    const up = (value) => ({ type: "keyUp", value });
    const keys = shift ? [down(Keys.SHIFT), down(key), up(key), up(Keys.SHIFT)] : [down(key), up(key)];
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: keys }] });
    await this.cmd("DELETE", "/actions");
  }

  /**
   * Draws with the mouse, through the Actions API (pointer down, moves, up): `strokes` is a list
   * of strokes, each a list of [x, y] points in CSS pixels from the top-left corner of the
   * element matching `css` (scrolled into view first). Each move lasts `step` ms, so that the
   * page sees a stream of pointermove events as from a hand.
   */
  async drawOn(css, strokes, { step = 15 } = {}) {
    const rect = await this.executeScript(
      "const e = document.querySelector(arguments[0]); e.scrollIntoView({ block: 'center' }); const r = e.getBoundingClientRect(); return { x: r.left, y: r.top };",
      [css],
    );
    const at = ([x, y]) => ({ x: Math.round(rect.x + x), y: Math.round(rect.y + y), origin: "viewport" });
    const actions = [];
    for (const stroke of strokes) {
      const [first, ...rest] = stroke;
      actions.push({ type: "pointerMove", duration: 0, ...at(first) });
      actions.push({ type: "pointerDown", button: 0 });
      for (const point of rest) actions.push({ type: "pointerMove", duration: step, ...at(point) });
      actions.push({ type: "pointerUp", button: 0 });
    }
    await this.cmd("POST", "/actions", {
      actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }],
    });
    await this.cmd("DELETE", "/actions");
  }

  /** Runs `script` (a function body; arguments in `arguments`) in the page and returns its value. */
  executeScript(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Saves a PNG of the window to `file` (directories are created). */
  async screenshot(file) {
    // Let the page paint what the DOM already holds: WebKit may otherwise hand back an older frame.
    await this.cmd("POST", "/execute/async", {
      script: "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));",
      args: [],
    });
    const base64 = await this.cmd("GET", "/screenshot");
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(base64, "base64"));
    return file;
  }

  /**
   * Polls until `check()` returns a truthy value (returned), or throws after `timeout` ms.
   * Errors thrown by `check` count as "not yet".
   */
  async waitUntil(check, { timeout = 10_000, interval = 100, what = "condition" } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        const result = await check();
        if (result) return result;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) {
        throw new WebDriverError(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ""}`, "timeout");
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }

  /** Waits for an element matching `css` (containing `text` if given); returns its id. */
  async waitFor(css, { timeout = 10_000, text } = {}) {
    return this.waitUntil(
      async () => {
        const id = await this.findElement(css);
        if (text !== undefined) {
          const content = await this.cmd("GET", `/element/${id}/property/innerText`);
          if (!String(content).includes(text)) return null;
        }
        return id;
      },
      { timeout, what: text === undefined ? css : `${css} containing "${text}"` },
    );
  }

  /** Waits until no element matches `css`. */
  async waitForAbsent(css, { timeout = 10_000 } = {}) {
    await this.waitUntil(async () => (await this.findElements(css)).length === 0, { timeout, what: `${css} to disappear` });
  }
}

async function request(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${response.status}, not JSON: ${text.slice(0, 300)}`, "protocol");
  }
  const value = json?.value;
  if (!response.ok || (value && typeof value === "object" && typeof value.error === "string")) {
    throw new WebDriverError(`${method} ${path}: ${value?.error ?? response.status}: ${value?.message ?? text.slice(0, 300)}`, value?.error);
  }
  return value;
}
