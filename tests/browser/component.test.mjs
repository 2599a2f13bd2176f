// The <mapcheck-example> web component (web/component/) in headless Chromium: the docs demo page,
// served from the repository root by a small static server that sends a strict Content Security
// Policy, renders every example; the values and diagnostic codes shown are the worked examples'
// expectations (tests/fixtures/activation/); editing an editable example re-runs it; markup in
// event values stays text; no request leaves the page's origin or carries example data; and
// there is no console error, page error or CSP violation. Screenshots of the page in light and
// dark schemes go to test-output/component/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shots = join(root, 'test-output', 'component');
const fixture = (name) => JSON.parse(readFileSync(join(root, 'tests/fixtures/activation', `${name}.json`), 'utf8'));

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; " +
  "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.js': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.md': 'text/markdown; charset=utf-8',
};
// Where the playground's iframe embed will be once it is integrated; a stand-in until then.
const PLAYGROUND_STAND_IN = '<!doctype html><title>playground</title><p>The playground is served here.</p>';

let server;
let origin;
let browser;
let profile;
const served = []; // every request the server saw: method and URL

before(async () => {
  server = createServer(async (req, res) => {
    served.push(`${req.method} ${req.url}`);
    const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (req.method !== 'GET') return res.writeHead(405, headers).end();
    if (path === '/') return res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html'] }).end(PLAYGROUND_STAND_IN);
    if (path === '/favicon.ico') return res.writeHead(204, headers).end();
    const file = normalize(join(root, path));
    if (!file.startsWith(root) || file.split(sep).includes('node_modules')) return res.writeHead(403, headers).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// Opens the demo page and waits until every example has rendered; `problems` collects console
// errors and warnings, page errors, failed requests and CSP violations; `requests` every URL the
// page asked for.
async function openDemo(colorScheme = 'light') {
  const page = await browser.newPage();
  const problems = [];
  const requests = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (['error', 'warning'].includes(m.type())) problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  await page.exposeFunction('__violation', (v) => problems.push(`CSP violation: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__violation(`${e.violatedDirective} ${e.blockedURI}`));
    window.alert = () => window.__violation('alert() was called');
  });
  await page.emulateMedia({ colorScheme });
  const started = Date.now();
  await page.goto(`${origin}/web/component/demo.html`);
  await page.waitForFunction(() => {
    const all = [...document.querySelectorAll('mapcheck-example')];
    return all.length > 0 && all.every((e) => ['done', 'error'].includes(e.shadowRoot?.querySelector('.root')?.dataset.state));
  }, null, { timeout: 30_000 });
  return { page, problems, requests, loadMs: Date.now() - started };
}

// The text an example shows (its shadow root).
const shown = (page, id) => page.locator(`mapcheck-example#${id}`).evaluate((e) => e.shadowRoot.textContent);
const codesShown = (page, id) => page.locator(`mapcheck-example#${id}`).evaluate((e) => [...e.shadowRoot.querySelectorAll('.dcode')].map((c) => c.textContent));

test('the demo page renders every example, with the worked examples\' payloads and diagnostics', async (t) => {
  const { page, problems, requests, loadMs } = await openDemo('light');
  t.diagnostic(`demo page: every example rendered ${loadMs} ms after navigation started`);
  const states = await page.$$eval('mapcheck-example', (all) => all.map((e) => [e.id, e.shadowRoot.querySelector('.root').dataset.state]));
  assert.ok(states.length >= 8, `${states.length} examples`);
  for (const [id, state] of states) assert.equal(state, 'done', `${id} did not render`);

  // Payloads: each expected mapping output of engage-event-mapping appears in its run.
  const engage = fixture('engage-event-mapping');
  const runs = await page.locator('mapcheck-example#engage-event-mapping').evaluate((e) =>
    [...e.shadowRoot.querySelectorAll('section.event')].map((s) => [...s.querySelectorAll('.run')].map((r) => ({
      triggered: r.querySelector('.runh .tag').classList.contains('ok'),
      payload: r.querySelector('.tree')?.textContent ?? null,
    }))));
  for (const m of engage.expect.mappings) {
    const run = runs[m.event][m.mapping];
    assert.equal(run.triggered, m.matched, `event ${m.event} mapping ${m.mapping}`);
    if (m.output) {
      for (const [key, value] of Object.entries(m.output)) {
        assert.ok(run.payload.includes(`${JSON.stringify(key)}: ${JSON.stringify(value)}`), `${key} in ${run.payload}`);
      }
    } else {
      assert.equal(run.payload, null);
    }
  }

  // Diagnostics: the codes each worked example expects are listed, the absent ones are not.
  for (const id of ['email-on-track', 'custom-event-names', 'id-sync-mobile-ids', 'google-customer-match', 'trait-enrichment']) {
    const { expect } = fixture(id);
    const codes = await codesShown(page, id);
    if (id === 'google-customer-match' || id === 'trait-enrichment') {
      assert.deepEqual(codes, [], `${id}: its view shows no diagnostics`);
      continue;
    }
    for (const { code } of expect.diagnostics.present) assert.ok(codes.includes(code), `${id}: ${code} not in ${codes}`);
    for (const code of expect.diagnostics.absent ?? []) assert.ok(!codes.includes(code), `${id}: ${code} shown`);
  }
  // A code links to its section of the diagnostics reference.
  const link = await page.locator('mapcheck-example#email-on-track').evaluate((e) =>
    [...e.shadowRoot.querySelectorAll('a.dcode')].find((a) => a.textContent === 'MAP-01')?.href);
  assert.match(link, /\/docs\/diagnostics\.md#map-01$/);
  assert.equal((await page.request.get(link)).status(), 200);

  // The inline copy on the page is the worked example itself.
  const inline = await page.locator('mapcheck-example#custom-event-names script').textContent();
  assert.deepEqual(JSON.parse(inline), fixture('custom-event-names').config);
  const why = await page.locator('mapcheck-example#custom-event-names').evaluate((e) => e.shadowRoot.querySelector('.why').textContent);
  assert.match(why, /Joined VIP/);

  // A view shows its part only.
  const events = await page.locator('mapcheck-example#trait-enrichment').evaluate((e) => e.shadowRoot.querySelectorAll('.run').length);
  assert.equal(events, 0);
  const expectedEvents = fixture('trait-enrichment').expect.events;
  const eventText = await shown(page, 'trait-enrichment');
  for (const e of expectedEvents) {
    for (const [key, value] of Object.entries(e.contains.properties ?? e.contains.traits)) {
      assert.ok(eventText.includes(`${JSON.stringify(key)}: ${JSON.stringify(value)}`), key);
    }
  }
  // Google's preview shows the normalized address the worked example expects.
  const google = fixture('google-customer-match').expect.mappings[0].preview.values[0];
  assert.ok((await shown(page, 'google-customer-match')).includes(google.normalized));

  // Facebook's membership rows: each value normalized and hashed as the worked example expects.
  const facebook = await shown(page, 'facebook-custom-audiences');
  for (const v of fixture('facebook-custom-audiences').expect.rows[0].values) {
    assert.ok(facebook.includes(v.normalized) && facebook.includes(v.sent), v.key);
  }

  // Broken JSON: a diagnostic inside the element, with where.
  const broken = await shown(page, 'broken-json');
  assert.match(broken, /JSON-01/);
  assert.match(broken, /not valid JSON.*line \d+, column \d+/);

  // The wasm came once, and nothing left the origin or carried example data.
  assert.equal(requests.filter((r) => r.url.endsWith('.wasm')).length, 1);
  for (const r of requests) {
    assert.ok(r.url.startsWith(`${origin}/`), `request to ${r.url}`);
    assert.equal(r.method, 'GET', r.url);
    assert.equal(r.body ?? null, null, r.url);
    assert.ok(!/user@example|jane|%40/i.test(r.url), `example data in ${r.url}`);
  }
  await page.screenshot({ path: join(shots, 'demo-light.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('an editable example re-runs as it is edited, and Reset brings the original back', async (t) => {
  const { page, problems } = await openDemo('light');
  const example = page.locator('mapcheck-example#email-on-track');
  const before = await codesShown(page, 'email-on-track');
  assert.ok(before.includes('MAP-01') && before.includes('MAP-03'));
  const payload = () => example.evaluate((e) => e.shadowRoot.querySelector('.tree').textContent);
  assert.ok(!(await payload()).includes('"email": "user@example.com"'));
  assert.match(await payload(), /"email": \/\/ not sent: @path ← traits\.email resolved to nothing/);

  const editor = example.locator('textarea');
  const text = await editor.inputValue();
  assert.ok(text.includes('"$.traits.email"'));
  await editor.fill(text.replace('"$.traits.email"', '"$.context.traits.email"'));
  await page.waitForFunction(() => !document.querySelector('#email-on-track').shadowRoot.textContent.includes('MAP-01'));
  assert.ok((await payload()).includes('"email": "user@example.com"'));
  const after = await codesShown(page, 'email-on-track');
  assert.ok(!after.includes('MAP-01') && !after.includes('MAP-03'), String(after));

  // An edit is shown by the next frame or so: input event to re-rendered result.
  const rerun = await example.evaluate(async (e) => {
    const editor = e.shadowRoot.querySelector('textarea');
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const done = new Promise((ok) => e.addEventListener('mapcheck-render', ok, { once: true }));
      editor.value += ' ';
      editor.dispatchEvent(new Event('input'));
      await done;
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[2];
  });
  t.diagnostic(`edit to re-rendered result: median ${rerun.toFixed(1)} ms (includes waiting for the next animation frame)`);
  assert.ok(rerun < 100, `${rerun} ms`);

  // Hovering a payload field shows where it came from.
  const field = example.locator('.tree .f', { hasText: '"email"' });
  await field.hover();
  const provenance = field.locator('.prov');
  assert.ok(await provenance.isVisible());
  assert.match(await provenance.textContent(), /@path ← context\.traits\.email/);

  // Broken while typing: a diagnostic, not a blank box or an exception.
  await editor.fill('{ "version": 1,');
  await page.waitForFunction(() => document.querySelector('#email-on-track').shadowRoot.querySelector('.dcode')?.textContent === 'JSON-01');
  // Its location button selects the spot in the editor.
  await example.locator('button.at').first().click();
  const selection = await editor.evaluate((t) => [t.selectionStart, t.value.length]);
  assert.ok(selection[0] >= 14 && selection[0] <= selection[1], String(selection));

  await example.locator('button.reset').click();
  assert.equal(await editor.inputValue(), text);
  await page.waitForFunction(() => document.querySelector('#email-on-track').shadowRoot.textContent.includes('MAP-01'));

  // In a read-only example the location button marks the span, and the text stays the same.
  const readOnly = page.locator('mapcheck-example#custom-event-names');
  const source = await readOnly.locator('pre.code').first().textContent();
  await readOnly.locator('.diag.warning button.at').click();
  const marked = await readOnly.evaluate((e) => {
    const pre = e.shadowRoot.querySelector('pre.code');
    return { text: pre.textContent, mark: pre.querySelector('mark')?.textContent, focused: e.shadowRoot.activeElement === pre };
  });
  assert.equal(marked.text, source);
  assert.match(marked.mark, /^"trigger_fql": "event = \\"Audience Entered\\""$/);
  assert.ok(marked.focused);

  // Keyboard: Tab goes from the editor to the payload's fields, and focus shows the provenance.
  const single = page.locator('mapcheck-example#single-transform');
  await single.locator('textarea').focus();
  await page.keyboard.press('Tab');
  const focused = await single.evaluate((e) => {
    const f = e.shadowRoot.activeElement;
    return [f?.className, f?.textContent, f && getComputedStyle(f.querySelector('.prov')).display];
  });
  assert.equal(focused[0], 'ln f');
  assert.match(focused[1], /"email": "jane@example\.com",\s+\/\/ @path ← traits\.email/);
  assert.equal(focused[2], 'inline');
  assert.deepEqual(problems, []);
  await page.close();
});

test('markup in event values renders as text', async () => {
  const { page, problems } = await openDemo('light');
  const example = page.locator('mapcheck-example#single-transform');
  const result = await example.evaluate((e) => ({
    text: e.shadowRoot.querySelector('.tree').textContent,
    images: e.shadowRoot.querySelectorAll('img').length + document.querySelectorAll('img').length,
  }));
  assert.ok(result.text.includes('"nickname": "<img src=x onerror=alert(1)>"'), result.text);
  assert.equal(result.images, 0);
  // Typed in, too.
  const editor = example.locator('textarea');
  await editor.fill((await editor.inputValue()).replace('"Hi {{traits.first_name}}"', '"<script>alert(2)</script>{{traits.first_name}}"'));
  await page.waitForFunction(() => document.querySelector('#single-transform').shadowRoot.querySelector('.tree').textContent.includes('<script>alert(2)</script>Jane'));
  assert.equal(await example.evaluate((e) => e.shadowRoot.querySelectorAll('script, img').length), 0);
  // The missing phone says why, and the trigger's conditions are listed.
  const text = await shown(page, 'single-transform');
  assert.match(text, /"phone": \/\/ not sent: @path ← traits\.phone resolved to nothing/);
  assert.match(text, /✓ triggered/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('dark scheme: the page and the examples follow it', async () => {
  const { page, problems } = await openDemo('dark');
  const colors = await page.locator('mapcheck-example#engage-event-mapping').evaluate((e) => {
    const rgb = (el) => getComputedStyle(el).backgroundColor.match(/\d+/g).slice(0, 3).map(Number);
    return { page: rgb(document.body), example: rgb(e.shadowRoot.querySelector('.root')) };
  });
  const light = (c) => c.reduce((a, b) => a + b, 0) / 3 > 128;
  assert.equal(light(colors.page), false);
  assert.equal(light(colors.example), false);
  await page.screenshot({ path: join(shots, 'demo-dark.png'), fullPage: true });
  // The page's own theme switch wins over the system scheme.
  await page.selectOption('#theme', 'light');
  const switched = await page.locator('mapcheck-example#engage-event-mapping').evaluate((e) => getComputedStyle(e.shadowRoot.querySelector('.root')).backgroundColor);
  assert.equal(switched, 'rgb(255, 255, 255)');
  await page.locator('mapcheck-example#email-on-track').screenshot({ path: join(shots, 'example-light.png') });
  await page.selectOption('#theme', 'dark');
  await page.locator('mapcheck-example#email-on-track').screenshot({ path: join(shots, 'example-dark.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('an example that cannot run says why inside the element', async () => {
  const { page, problems } = await openDemo('light');
  const messages = await page.evaluate(async () => {
    const add = (attrs, json) => {
      const e = document.createElement('mapcheck-example');
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (json !== undefined) {
        const s = document.createElement('script');
        s.type = 'application/json';
        s.textContent = json;
        e.append(s);
      }
      document.querySelector('article').append(e);
      return e;
    };
    const all = [
      add({ src: 'missing-example.json' }),
      add({ src: 'https://example.com/example.json' }),
      add({}),
      add({ editable: '' }, '{"version": 1, "computation": {"key": "k"}, "mappings": [{"fields": {"a": ' + '['.repeat(5000) + ']'.repeat(5000) + '}}]}'),
    ];
    await new Promise((ok) => setTimeout(ok, 500));
    return all.map((e) => [e.shadowRoot.querySelector('.root').dataset.state, e.shadowRoot.textContent]);
  });
  assert.deepEqual(messages.map(([state]) => state), ['error', 'error', 'error', 'done']);
  assert.match(messages[0][1], /Could not load the example from missing-example\.json: HTTP 404/);
  assert.match(messages[1][1], /same origin/);
  assert.match(messages[2][1], /has no JSON/);
  assert.match(messages[3][1], /JSON-04/);
  // The only problems are the browser's own lines about the missing file.
  assert.deepEqual(problems.filter((p) => !/404|missing-example\.json/.test(p)), []);
  assert.ok(!served.some((r) => r.includes('example.com')));
  await page.close();
});

test('the README\'s embedding example renders', async () => {
  const readme = readFileSync(join(root, 'web/README.md'), 'utf8');
  const block = /## Embedding in docs pages[\s\S]*?```html\n([\s\S]*?)\n```/.exec(readme)?.[1];
  assert.ok(block, 'no html block in "Embedding in docs pages"');
  assert.match(block, /<script type="module" src="[^"]*\/component\/component\.mjs"><\/script>/);
  const tag = /<mapcheck-example[\s\S]*<\/mapcheck-example>/.exec(block)[0];
  const { page, problems } = await openDemo('light');
  await page.evaluate((html) => {
    const holder = document.createElement('div');
    holder.innerHTML = html; // test input, from the README
    holder.firstElementChild.id = 'readme-example';
    document.querySelector('article').append(holder);
  }, tag);
  await page.waitForFunction(() => document.querySelector('#readme-example').shadowRoot.querySelector('.root')?.dataset.state === 'done');
  const codes = await codesShown(page, 'readme-example');
  assert.ok(codes.includes('MAP-01') && codes.includes('MAP-03'), String(codes));
  assert.ok(await page.locator('mapcheck-example#readme-example textarea').isVisible());
  assert.deepEqual(problems, []);
  await page.close();
});

test('the component stays small', (t) => {
  const source = readFileSync(join(root, 'web/component/component.mjs'));
  const gzip = gzipSync(source, { level: 9 }).length;
  t.diagnostic(`component.mjs ${source.length} bytes, ${gzip} gzip`);
  assert.ok(gzip < 12_000, `${gzip} bytes gzipped`);
});
