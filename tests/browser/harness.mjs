// Shared set-up for the playground's browser tests: the playground's own static server on a free
// port and headless Chromium (Debian's, driven by playwright-core). open() gives a page whose
// console errors, page errors, CSP violations, dialogs and network requests are recorded.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../playground/server.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const shots = join(root, 'test-output', 'playground');

export async function setUp() {
  mkdirSync(shots, { recursive: true });
  const server = await startServer({ root: join(root, 'playground', 'dist'), port: 0 });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const all = { requests: [], problems: [] };

  async function open(path = '/', { colorScheme = 'light', viewport = { width: 1440, height: 900 }, waitReady = true } = {}) {
    const context = await browser.newContext({ colorScheme, viewport });
    const page = await context.newPage();
    const rec = { requests: [], problems: [], dialogs: [] };
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') rec.problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => rec.problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => { rec.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    page.on('request', (r) => {
      const entry = { url: r.url(), method: r.method(), postData: r.postData() || '', type: r.resourceType(), request: r };
      rec.requests.push(entry);
      all.requests.push(entry);
    });
    await page.goto(origin + path);
    if (waitReady) await page.waitForSelector('body[data-ready]', { timeout: 15000 });
    const close = async () => {
      all.problems.push(...rec.problems);
      await context.close();
    };
    return { page, rec, context, close };
  }

  async function tearDown() {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }

  return { origin, browser, open, tearDown, all };
}

/** Waits until the status line shows a result that satisfies `pred`. */
export async function waitStatus(page, re, timeout = 10000) {
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('status').textContent), re.source, { timeout });
}

/** Replaces the editor's text as a user pasting would. */
export async function setEditorText(page, text) {
  const content = page.locator('#editor .cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** The number of results shown so far (advances on every new result). */
export function results(page) {
  return page.evaluate(() => window.__mapcheck.results);
}

export async function nextResult(page, after) {
  await page.waitForFunction((n) => window.__mapcheck?.results > n, after, { timeout: 10000 });
}
