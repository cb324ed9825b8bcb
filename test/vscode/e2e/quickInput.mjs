// The workbench's quick input (the command palette, and every quick pick and input box a command opens),
// driven as a user would, but never ahead of it: each step waits until the quick input it means is on
// screen, told apart by what the user sees (title, placeholder, prompt, items), before typing into it.
//
// Why: VS Code has one quick-input widget for all of them. A command picked from the palette hides the
// palette, does its own work (reads the store, loads a graph…) and only then shows its pick in the same
// widget. A test that types as soon as "a" quick input is visible types into the wrong one, and a test
// that runs the command again when its pick is slow gets two picks fighting over the widget.
//
//   await runCommand(page, 'Durable Graphs: Open Run Panel', { expect: { title: 'Open Run Panel', placeholder: 'Pick a thread' } });
//   await pickItem(page, { placeholder: 'Pick a thread' }, 'many');              // the panel opens: the widget closes
//   await answerInput(page, { title: 'Fork from Checkpoint' }, 'copy', { next: … });

const QUICK_INPUT_TIMEOUT_MS = 30_000;
/** The command palette's placeholder (VS Code 1.100, English), and its value always starts with ">". */
const PALETTE = Object.freeze({ placeholder: 'Type the name of a command to run.', value: /^>/ });

/**
 * What identifies a quick input on screen. Each field is an exact string or a RegExp; all given must
 * match. `row`: an item whose label (the bold text of a row) matches. `items`: the list has finished
 * loading and shows at least one item.
 * @typedef {{title?: string|RegExp, placeholder?: string|RegExp, message?: string|RegExp,
 *   value?: string|RegExp, row?: string|RegExp, items?: boolean}} QuickInputSpec
 */

/**
 * Waits until the quick input `spec` describes is shown (and not busy loading).
 * @param {import('playwright-core').Page} page
 * @param {QuickInputSpec} spec
 */
export async function waitForQuickInput(page, spec, { timeout = QUICK_INPUT_TIMEOUT_MS } = {}) {
  try {
    await page.waitForFunction(quickInputMatches, serialize(spec), { timeout });
  } catch (error) {
    throw new Error(`quick input ${describe(spec)} not shown within ${timeout} ms; on screen: ${await describeOnScreen(page)}`, { cause: error });
  }
}

/** Waits until no quick input is shown. */
export async function waitForQuickInputClosed(page, { timeout = QUICK_INPUT_TIMEOUT_MS } = {}) {
  try {
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
  } catch (error) {
    throw new Error(`the quick input did not close within ${timeout} ms; on screen: ${await describeOnScreen(page)}`, { cause: error });
  }
}

/** True when a quick input is on screen. */
export async function quickInputShown(page) {
  return page.locator('.quick-input-widget').isVisible();
}

/**
 * Opens the command palette and waits until it lists `title` ("Category: Title", matched exactly).
 * Resolves with that entry's row; the caller picks it (runCommand does, and waits for what follows).
 * The palette lists the commands known when its text last changed: wait for an extension's
 * contributions (its activity-bar entry, say) before asking for one of its commands.
 */
export async function openPaletteEntry(page, title, { timeout = QUICK_INPUT_TIMEOUT_MS } = {}) {
  if (await quickInputShown(page)) {
    throw new Error(`runCommand("${title}"): a quick input is already open (${await describeOnScreen(page)}); answer or close it first`);
  }
  // F1 goes to the workbench's own window, not a webview's iframe or an editor. Focus is moved by
  // blurring, not by a click: a click lands on something (the status bar's corner is the remote
  // indicator, whose own quick pick then opens late, over the palette).
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await page.keyboard.press('F1');
  await waitForQuickInput(page, PALETTE, { timeout });
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  const label = exactly(title);
  await waitForQuickInput(page, { ...PALETTE, row: label }, { timeout });
  return itemRow(page, label);
}

/**
 * Runs a command from the palette, as a user would: F1, type its title, pick it. Then waits for what
 * the command shows next: with `expect`, its quick input (by title/placeholder/prompt and, with `row`
 * or `items`, its items); without, for the palette to close. Nothing is retried: a command that does
 * not show what was expected fails the test with what was on screen instead.
 * @param {import('playwright-core').Page} page
 * @param {string} title
 * @param {{expect?: QuickInputSpec, timeout?: number}} [options]
 */
export async function runCommand(page, title, { expect, timeout = QUICK_INPUT_TIMEOUT_MS } = {}) {
  const row = await openPaletteEntry(page, title, { timeout });
  await row.click();
  await settle(page, expect, timeout);
}

/**
 * Picks `label` (an item's label, exactly) in the quick pick `spec` describes: waits for that pick and
 * its items, types `filter` (default: the label) to narrow the list, waits for the item, clicks it,
 * then waits for `next` (the command's next quick input) or, without it, for the quick input to close.
 * @param {import('playwright-core').Page} page
 * @param {QuickInputSpec} spec
 * @param {string} label
 * @param {{filter?: string, next?: QuickInputSpec, timeout?: number}} [options]
 */
export async function pickItem(page, spec, label, { filter = label, next, timeout = QUICK_INPUT_TIMEOUT_MS } = {}) {
  await waitForQuickInput(page, { ...spec, items: true }, { timeout });
  await page.locator('.quick-input-widget input').fill(filter);
  const wanted = exactly(label);
  await waitForQuickInput(page, { ...spec, row: wanted }, { timeout });
  await itemRow(page, wanted).click();
  await settle(page, next, timeout);
}

/**
 * Answers the input box `spec` describes: waits for it, replaces its text with `text` (leaves the
 * proposed value when `text` is undefined), presses Enter, then waits for `next` or for it to close.
 * @param {import('playwright-core').Page} page
 * @param {QuickInputSpec} spec
 * @param {string | undefined} text
 * @param {{next?: QuickInputSpec, timeout?: number}} [options]
 */
export async function answerInput(page, spec, text, { next, timeout = QUICK_INPUT_TIMEOUT_MS } = {}) {
  await waitForQuickInput(page, spec, { timeout });
  const input = page.locator('.quick-input-widget input');
  if (text !== undefined) {
    await input.fill(text);
    await waitForQuickInput(page, { ...spec, value: text }, { timeout });
  }
  await input.press('Enter');
  await settle(page, next, timeout);
}

/** Closes whatever quick input is open (a test's leftover), and waits until it is gone. */
export async function closeQuickInput(page, { timeout = QUICK_INPUT_TIMEOUT_MS } = {}) {
  if (!(await quickInputShown(page))) return;
  await page.locator('.quick-input-widget input').press('Escape');
  await waitForQuickInputClosed(page, { timeout });
}

async function settle(page, next, timeout) {
  if (next) await waitForQuickInput(page, next, { timeout });
  else await waitForQuickInputClosed(page, { timeout });
}

/** The row of the item labelled `label` in the open quick input. */
function itemRow(page, label) {
  return page.locator('.quick-input-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
}

const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** RegExps do not cross into the page: send them as source and flags. */
function serialize(spec) {
  const out = {};
  for (const [key, value] of Object.entries(spec)) {
    if (value === undefined) continue;
    out[key] = value instanceof RegExp ? { source: value.source, flags: value.flags } : value;
  }
  return out;
}

function describe(spec) {
  return JSON.stringify(Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, v instanceof RegExp ? String(v) : v])));
}

async function describeOnScreen(page) {
  return page.evaluate(readQuickInput).then((q) => (q ? JSON.stringify(q) : 'no quick input')).catch((e) => `(unreadable: ${e.message})`);
}

/** What the quick input shows now, or null when none is shown. Runs in the page. */
function readQuickInput() {
  const widget = document.querySelector('.quick-input-widget');
  if (!widget || getComputedStyle(widget).display === 'none') return null;
  const input = widget.querySelector('input');
  const list = widget.querySelector('.quick-input-list');
  const listShown = Boolean(list) && getComputedStyle(list).display !== 'none';
  return {
    title: (widget.querySelector('.quick-input-title')?.textContent ?? '').trim(),
    placeholder: input?.getAttribute('placeholder') ?? '',
    message: (widget.querySelector('.quick-input-message')?.textContent ?? '').trim(),
    value: input?.value ?? '',
    busy: !(widget.querySelector('.quick-input-progress')?.classList.contains('done') ?? true),
    rows: listShown ? [...widget.querySelectorAll('.monaco-list-row .label-name')].map((e) => (e.textContent ?? '').trim()) : [],
  };
}

/** The predicate waitForQuickInput polls (once a frame) in the page. Self-contained: it is serialised. */
function quickInputMatches(spec) {
  const widget = document.querySelector('.quick-input-widget');
  if (!widget || getComputedStyle(widget).display === 'none') return false;
  const input = widget.querySelector('input');
  if (!widget.querySelector('.quick-input-progress')?.classList.contains('done')) return false; // still loading
  const test = (actual, want) => (typeof want === 'string' ? actual === want : new RegExp(want.source, want.flags).test(actual));
  const text = (selector) => (widget.querySelector(selector)?.textContent ?? '').trim();
  if (spec.title !== undefined && !test(text('.quick-input-title'), spec.title)) return false;
  if (spec.placeholder !== undefined && !test(input?.getAttribute('placeholder') ?? '', spec.placeholder)) return false;
  if (spec.message !== undefined && !test(text('.quick-input-message'), spec.message)) return false;
  if (spec.value !== undefined && !test(input?.value ?? '', spec.value)) return false;
  if (spec.items || spec.row !== undefined) {
    const list = widget.querySelector('.quick-input-list');
    if (!list || getComputedStyle(list).display === 'none') return false;
    const labels = [...widget.querySelectorAll('.monaco-list-row .label-name')].map((e) => (e.textContent ?? '').trim());
    if (spec.items && labels.length === 0) return false;
    if (spec.row !== undefined && !labels.some((label) => test(label, spec.row))) return false;
  }
  return true;
}
