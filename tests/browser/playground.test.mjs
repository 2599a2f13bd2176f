// The playground in headless Chromium: load, edit an event, change a mapping, read the output and
// a diagnostic, explain a field, share links (good, corrupt, hostile), text never becoming markup,
// a runaway input stopped while the page stays usable, no request carrying event data, no console
// errors or CSP violations. Screenshots of the main states go to test-output/playground/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, shots, waitStatus, setEditorText, results, nextResult } from './harness.mjs';
import { encodeState } from '../../playground/src/share.js';
import { blankState } from '../../playground/src/model.js';

const SENTINEL = `sentinel-${Math.random().toString(36).slice(2)}-${Date.now()}`;
let env;

before(async () => { env = await setUp(); });
after(async () => {
  // Across every page of every test: all requests same-origin, none carrying event data.
  if (env) {
    try {
      for (const r of env.all.requests) {
        assert.ok(r.url.startsWith(env.origin + '/'), `request to another origin: ${r.url}`);
        assert.ok(!r.url.includes(SENTINEL), `a request URL carries event data: ${r.url}`);
        assert.ok(!r.postData.includes(SENTINEL), `a request body carries event data: ${r.url}`);
        assert.equal(r.method, 'GET', `only GET requests: ${r.method} ${r.url}`);
      }
      assert.ok(env.all.requests.some((r) => r.url.endsWith('.wasm')), 'the network log includes the worker\'s wasm request');
    } finally {
      await env.tearDown();
    }
  }
});

function noProblems(rec) {
  assert.deepEqual(rec.problems, [], 'no console errors, warnings, page errors or CSP violations');
  assert.deepEqual(rec.dialogs, [], 'no dialogs');
}

const trackEvent = () => JSON.stringify({
  type: 'track',
  event: 'Audience Entered',
  userId: 'user-123',
  messageId: 'personas_test_1',
  timestamp: '2024-02-22T22:10:13.640Z',
  properties: {
    audience_key: 'browse_abandoners',
    browse_abandoners: true,
    first_name: '<script>window.__xss = 1</script>',
    last_name: '<img src=x onerror="window.__xss = 2">',
    note: SENTINEL,
  },
  context: {
    traits: { email: `${SENTINEL}@example.com` },
    personas: { computation_class: 'audience', computation_id: 'aud_1', computation_key: 'browse_abandoners', namespace: 'spa_1', space_id: 'spa_1' },
  },
}, null, 2);

test('loads the default example with results, in light, dark and phone layouts', async () => {
  const { page, rec, close } = await env.open('/');
  await waitStatus(page, /^2 events · 2 of 4 mapping runs matched/);
  const out = await page.locator('.run-matched .output').first().textContent();
  assert.match(out, /"email_address": "user@example.com"/);
  assert.equal(await page.locator('#gallery-list .example').count() >= 12, true, 'the gallery lists the worked examples');
  await page.screenshot({ path: join(shots, 'desktop-light.png') });
  await page.click('#btn-examples');
  await page.screenshot({ path: join(shots, 'gallery.png') });
  await page.keyboard.press('Escape');
  noProblems(rec);
  await close();

  const dark = await env.open('/', { colorScheme: 'dark' });
  await waitStatus(dark.page, /^2 events/);
  const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(17, 19, 23)', 'dark theme follows the system');
  await dark.page.screenshot({ path: join(shots, 'desktop-dark.png') });
  noProblems(dark.rec);
  await dark.close();

  const phone = await env.open('/', { viewport: { width: 390, height: 844 } });
  await waitStatus(phone.page, /^2 events/);
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling on a phone (${overflow}px)`);
  await phone.page.screenshot({ path: join(shots, 'phone.png') });
  await phone.page.screenshot({ path: join(shots, 'phone-full.png'), fullPage: true });
  noProblems(phone.rec);
  await phone.close();
});

test('edit an event, change a mapping, explain the output, follow a diagnostic, then share', async () => {
  const { page, rec, close } = await env.open('/');
  await waitStatus(page, /^2 events/);

  // Paste a Track event (with markup in its values) in "Pasted event" mode.
  await page.click('label:has(input[name=mode][value=event])');
  await waitStatus(page, /^1 event ·/);
  let n = await results(page);
  await setEditorText(page, trackEvent());
  await nextResult(page, n);
  await waitStatus(page, /^1 event · 1 of 2 mapping runs matched/);
  const run = page.locator('.run[data-run="1"]');
  assert.match(await run.locator('.badge').textContent(), /^matched$/);
  const output = run.locator('.output');
  assert.match(await output.textContent(), new RegExp(`"email_address": "${SENTINEL}@example.com"`));
  // Markup in a value is text: shown literally, no element made, nothing run.
  assert.match(await output.textContent(), /"first_name": "<script>window.__xss = 1<\/script>"/);
  assert.match(await output.textContent(), /"last_name": "<img src=x onerror=\\"window.__xss = 2\\">"/);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  assert.equal(await page.evaluate(() => document.scripts.length), 1);
  assert.equal(await page.evaluate(() => window.__xss), undefined);

  // Explain: hovering an output field names the directive and source path and highlights it.
  await output.locator('.j-row[data-ptr="/first_name"]').hover();
  assert.match(await run.locator('.explain').textContent(), /first_name ← @path reading properties\.first_name/);
  assert.equal(await page.locator('[data-event-view="0"] .hl').getAttribute('data-evptr'), '/properties/first_name');
  assert.equal(await page.locator('#editor .cm-source-hl').count() > 0, true, 'the source path is highlighted in the editor');

  // Change the Track mapping's email to read traits.email: MAP-01 says why it is empty.
  n = await results(page);
  const path = page.locator('input[data-ptr="/mappings/1/fields/email_address/@path"]');
  await path.fill('$.traits.email');
  await nextResult(page, n);
  const diag = page.locator('.diag', { has: page.locator('.code', { hasText: 'MAP-01' }) }).first();
  await diag.waitFor();
  assert.match(await diag.textContent(), /reads traits\.email on a Track event/);
  assert.equal(await page.locator('.diag .code', { hasText: 'MAP-01' }).first().getAttribute('href'), 'docs/diagnostics.html#map-01');
  assert.doesNotMatch(await output.textContent(), /email_address/);
  assert.match(await run.locator('.empty-fields').textContent(), /email_address: @path reading traits\.email \(not in this event\)/);
  assert.match(await page.locator('.frow[data-ptr="/mappings/1/fields/email_address"] .row-msgs').textContent(), /MAP-01/);
  // Clicking the diagnostic jumps to the field.
  await diag.locator('.diag-jump').click();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-ptr')), '/mappings/1/fields/email_address/@path');

  // An event diagnostic is underlined in the editor: remove messageId.
  n = await results(page);
  await setEditorText(page, trackEvent().replace('"messageId": "personas_test_1",\n', ''));
  await nextResult(page, n);
  await page.locator('.diag .code', { hasText: 'SPEC-09' }).first().waitFor();
  await page.locator('#editor .cm-lintRange-warning').first().waitFor();

  // The trigger builder and the FQL text stay in sync.
  const fql = page.locator('input[data-trigger="1"]');
  assert.equal(await fql.inputValue(), 'type = "track" and properties.browse_abandoners = true');
  n = await results(page);
  await page.locator('[data-builder="1"] input[data-focus-key="b.1.0.value"]').fill('identify');
  await page.waitForFunction(() => document.querySelector('input[data-trigger="1"]').value.startsWith('type = "identify"'));
  await nextResult(page, n);
  await waitStatus(page, /0 of 2 mapping runs matched/);
  await fql.fill('type = "track" and event = "Audience Entered"');
  await page.waitForFunction(() => document.querySelectorAll('[data-builder="1"] .cond-row').length === 2
    && document.querySelector('[data-builder="1"] input[data-focus-key="b.1.1.value"]').value === 'Audience Entered');
  await waitStatus(page, /1 of 2 mapping runs matched/);
  await page.screenshot({ path: join(shots, 'edited-event.png') });

  // Share: the URL holds the state; opening it shows the same state.
  await page.waitForFunction(() => location.hash.startsWith('#v1='));
  await page.waitForTimeout(400); // the URL is updated 250 ms after the last edit
  const url = page.url();
  const state = await page.evaluate(() => window.__mapcheck.state());
  const status = await page.locator('#status').textContent();
  noProblems(rec);
  await close();

  const shared = await env.open(url.slice(env.origin.length));
  await waitStatus(shared.page, /1 of 2 mapping runs matched/);
  assert.deepEqual(await shared.page.evaluate(() => window.__mapcheck.state()), state);
  assert.equal((await shared.page.locator('#status').textContent()).replace(/ · [\d.]+ ms$/, ''), status.replace(/ · [\d.]+ ms$/, ''));
  assert.equal(await shared.page.locator('input[data-ptr="/mappings/1/fields/email_address/@path"]').inputValue(), '$.traits.email');
  assert.equal(await shared.page.locator('#banner').isHidden(), true);
  noProblems(shared.rec);
  await shared.close();
});

test('corrupt, truncated, oversized and hostile share links give a message and the default example', async () => {
  const good = await encodeState({ ...blankState(), profile: '{"traits": {"a": 1}}' });
  const hostile = await encodeState({ ...blankState(), traits: 'not a list' });
  const tooMany = await encodeState({ ...blankState(), mappings: Array.from({ length: 1000 }, () => ({})) });
  const links = [
    ['#v1=AAAA', /compressed data is damaged/],
    [`#${good.slice(0, Math.floor(good.length / 2))}`, /damaged or cut short|not valid base64url/],
    [`#v1=${'A'.repeat(600 * 1024)}`, /too long/],
    [`#${hostile}`, /Trait Enrichment is not a list/],
    [`#${tooMany}`, /more than 100 rows/],
  ];
  // (More kinds of broken links are checked without a browser in tests/js/playground-model.test.mjs.)
  for (const [hash, why] of links) {
    const { page, rec, close } = await env.open(`/${hash}`);
    await waitStatus(page, /^2 events · 2 of 4 mapping runs matched/);
    const banner = await page.locator('#banner').textContent();
    assert.match(banner, /This share link could not be opened/);
    assert.match(banner, why);
    assert.match(banner, /Showing the default example instead/);
    if (hash === '#v1=AAAA') await page.screenshot({ path: join(shots, 'corrupt-link.png') });
    assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
    noProblems(rec);
    await close();
  }
});

test('markup from a share link is shown as text everywhere', async () => {
  const img = '<img src=x onerror="window.__xss=1">';
  const s = blankState();
  s.profile = JSON.stringify({ traits: { [img]: '<script>window.__xss=2</script>', plan: img }, identifiers: [{ type: 'email', id: `${img}@x.com` }] });
  s.destination.name = img;
  s.destination.setup = 'customized';
  s.traits = [{ segment: img, destination: img }, { segment: 'plan', destination: '<script>alert(1)</script>' }];
  s.computation.key = img;
  s.mappings = [{ name: `<script>alert(2)</script>${img}`, enabled: true, fql: `event = "${img}"`, fields: [{ key: img, mode: 'path', text: `$.properties.${img}` }, { key: 'x', mode: 'json', text: JSON.stringify({ '@template': img }) }], required: img }];
  const { page, rec, close } = await env.open(`/#${await encodeState(s)}`);
  await waitStatus(page, /event/);
  const text = await page.locator('body').textContent();
  assert.ok(text.includes('<script>alert(2)</script>'), 'the mapping name is shown as text');
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  assert.equal(await page.evaluate(() => document.querySelector('#editor').shadowRoot.querySelectorAll('img').length), 0);
  assert.equal(await page.evaluate(() => document.scripts.length), 1);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  noProblems(rec);
  await close();
});

test('a runaway input is stopped after 2 s and the page stays usable', async () => {
  const items = Array.from({ length: 20000 }, (_, i) => ({ x: i, y: `v${i}` }));
  const s = blankState();
  s.mode = 'event';
  s.event = JSON.stringify({ type: 'track', event: 'x', properties: { items } });
  // Each field encodes, decodes and encodes the event's properties again (one step of the
  // simulation's work budget each, however large) and keeps only whether the text is blank: a
  // long run with a small result. (Mapping many items with @arrayPath now reaches the work budget
  // in well under 2 s.)
  const encode = (value) => ({ '@json': { mode: 'encode', value } });
  const heavy = JSON.stringify({ '@if': { blank: encode({ '@json': { mode: 'decode', value: encode({ '@path': '$.properties' }) } }), then: 1 } });
  s.mappings = Array.from({ length: 50 }, (_, i) => ({ name: `m${i}`, enabled: true, fql: 'type = "track"', fields: Array.from({ length: 10 }, (__, j) => ({ key: `f${j}`, mode: 'json', text: heavy })), required: '' }));
  const { page, rec, close } = await env.open(`/#${await encodeState(s)}`, { waitReady: false });
  // The page is not waited for: __mapcheck appears once its script has run.
  await page.waitForFunction(() => window.__mapcheck?.runaways > 0, null, { timeout: 10000 });
  assert.match(await page.locator('#banner').textContent(), /took longer than 2 s, so it was stopped/);
  // It is not run again by itself (that would only stop again) ...
  await page.waitForTimeout(2500);
  assert.equal(await page.evaluate(() => window.__mapcheck.runaways), 1);
  // ... the page answers at once, and the restarted checker works.
  const t0 = Date.now();
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  assert.ok(Date.now() - t0 < 1000);
  await page.click('#btn-reset');
  await waitStatus(page, /^2 events · 2 of 4 mapping runs matched/);
  noProblems(rec);
  await close();
});

test('embed mode shows the event and results compactly, read-only on request', async () => {
  const { page, rec, close } = await env.open('/?embed=1&readonly=1#example=trait-enrichment', { viewport: { width: 900, height: 560 } });
  await waitStatus(page, /^2 events/);
  assert.equal(await page.locator('#config-forms').isVisible(), false);
  assert.equal(await page.locator('.actions').isVisible(), false);
  assert.equal(await page.locator('#open-playground').isVisible(), true);
  assert.equal(await page.locator('#editor .cm-content').getAttribute('contenteditable'), 'false');
  assert.match(await page.locator('.results-body').textContent(), /"property3": true/);
  await page.screenshot({ path: join(shots, 'embed.png') });
  noProblems(rec);
  await close();
});

test('walkthroughs: Trait Enrichment and ID Sync rows from scratch', async () => {
  const { page, rec, close } = await env.open('/#example=id-sync-strategies');
  await waitStatus(page, /^3 events/);
  // Trait Enrichment: + Add Trait pre-fills the destination name with the same name.
  await setEditorText(page, JSON.stringify({
    traits: { first_name: 'Kim' },
    identifiers: [{ type: 'user_id', id: 'u-1', created_at: '2023-05-01T00:00:00Z' },
      { type: 'email', id: 'kim@example.com', created_at: '2023-05-01T00:00:00Z' }],
  }, null, 2));
  await page.click('button:has-text("+ Add Trait")');
  await page.keyboard.type('first_name');
  assert.equal(await page.locator('input[data-ptr="/trait_enrichment/0/destination"]').inputValue(), 'first_name');
  // + Add Identifier with a strategy.
  await page.click('button:has-text("+ Add Identifier")');
  await page.keyboard.type('email');
  await page.locator('input[data-ptr="/id_sync/3/destination"]').fill('work_email');
  await page.locator('select[data-ptr="/id_sync/3/strategy"]').selectOption('first_added');
  await waitStatus(page, /^1 event/);
  const ev = await page.locator('[data-event-view="0"]').textContent();
  assert.match(ev, /"first_name": "Kim"/);
  assert.match(ev, /"work_email": "kim@example.com"/);
  noProblems(rec);
  await close();
});

test('page weight and time to first result', async () => {
  const loads = [];
  for (let k = 0; k < 3; k++) {
    const { page, rec, close } = await env.open('/');
    await waitStatus(page, /^2 events/);
    const first = await page.evaluate(() => window.__mapcheck.firstResultMs);
    let bytes = 0;
    let body = 0;
    for (const r of rec.requests) {
      const sizes = await r.request.sizes();
      bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      body += sizes.responseBodySize;
    }
    const wasm = rec.requests.find((r) => r.url.endsWith('.wasm'));
    assert.ok(wasm, 'the wasm request is in the network log');
    assert.equal((await (await wasm.request.response()).headerValue('content-type')), 'application/wasm');
    assert.equal((await (await wasm.request.response()).headerValue('content-encoding')), 'gzip');
    // Edits at a typing pace (150 ms apart): from the input event to the rendered result, as the
    // page measures it.
    const latencies = k > 0 ? [NaN] : await page.evaluate(async () => {
      const el = document.querySelector('input[data-ptr="/computation/key"]');
      const out = [];
      for (let i = 0; i < 15; i++) {
        await new Promise((r) => setTimeout(r, 150));
        const n = window.__mapcheck.results;
        el.value = `browse_abandoners_${i}`;
        el.dispatchEvent(new Event('input'));
        while (window.__mapcheck.results === n) await new Promise((r) => requestAnimationFrame(r));
        out.push(window.__mapcheck.lastLatencyMs);
      }
      return out.sort((a, b) => a - b);
    });
    const entry = { firstResultMs: Math.round(first), transferredBytes: bytes, bodyBytes: body, requests: rec.requests.length };
    if (k === 0) entry.editToResultMedianMs = +latencies[Math.floor(latencies.length / 2)].toFixed(1);
    loads.push(entry);
    noProblems(rec);
    await close();
  }
  const sorted = loads.map((l) => l.firstResultMs).sort((a, b) => a - b);
  const metrics = { loads, medianFirstResultMs: sorted[Math.floor(sorted.length / 2)], medianEditToResultMs: loads[0].editToResultMedianMs };
  writeFileSync(join(shots, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  console.log(`# playground: ${loads[0].transferredBytes} bytes transferred (gzip), first result ${metrics.medianFirstResultMs} ms (median of ${loads.length}), edit to result ${metrics.medianEditToResultMs} ms (median of 15 edits)`);
  assert.ok(loads[0].transferredBytes < 600 * 1024, 'the page stays under 600 KB transferred');
});

test('download the configuration and upload it again', async () => {
  const { page, rec, close } = await env.open('/#example=google-customer-match');
  await waitStatus(page, /^2 events/);
  const before = await page.evaluate(() => window.__mapcheck.state());
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-download')]);
  const file = join(shots, 'downloaded-config.json');
  await download.saveAs(file);
  const config = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(config.version, 1);
  assert.equal(config.destination.kind, 'google_customer_match_actions');
  assert.equal(config.mappings[0].name, 'Customer Match User List');
  await page.click('#btn-reset');
  await waitStatus(page, /^2 events · 2 of 4/);
  await page.setInputFiles('#file-upload', file);
  await page.locator('#banner', { hasText: 'Loaded downloaded-config.json' }).waitFor();
  await waitStatus(page, /^2 events/);
  assert.deepEqual(await page.evaluate(() => window.__mapcheck.state()), before);
  // A file that is not a config is refused with a reason.
  await page.setInputFiles('#file-upload', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('[1, 2') });
  await page.locator('#banner', { hasText: 'could not be loaded: the file is not valid JSON' }).waitFor();
  noProblems(rec);
  await close();
});

test('keyboard only: open the gallery, load an example, reach the results', async () => {
  const { page, rec, close } = await env.open('/');
  await waitStatus(page, /^2 events/);
  await page.keyboard.press('Tab'); // skip link
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to results');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'btn-examples');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#gallery').isVisible(), true);
  // Focus is in the dialog; move to the ID Sync example and open it.
  for (let k = 0; k < 10 && await page.evaluate(() => document.activeElement.getAttribute('data-example')) !== 'id-sync-strategies'; k++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await waitStatus(page, /^3 events/);
  assert.equal(await page.locator('#gallery').isVisible(), false);
  // The skip link moves focus to the results.
  await page.focus('.skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results');
  assert.equal(await page.locator('#status').getAttribute('aria-live'), 'polite');
  noProblems(rec);
  await close();
});
