// The playground's pure parts in Node: the config built from a state keeps typed texts verbatim
// so diagnostic ranges map back to them, a config survives state -> config -> state, share links
// round-trip, and broken or hostile links are refused with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { init, simulate } from '../../web/node.mjs';
import { buildConfig, stateFromConfig, configOf, blankState, collectDiagnostics, sanitizeState } from '../../playground/src/model.js';
import { encodeState, decodeState } from '../../playground/src/share.js';
import { locatePointer } from '../../playground/src/jsonpos.js';

const fixtures = new URL('../fixtures/activation/', import.meta.url);
await init();

test('every gallery example survives config -> state -> config', async () => {
  for (const f of readdirSync(fixtures).filter((x) => x.endsWith('.json'))) {
    const { config } = JSON.parse(readFileSync(new URL(f, fixtures), 'utf8'));
    if (!config.mappings?.every((m) => typeof m.trigger_fql === 'string')) continue;
    const s = await stateFromConfig(config);
    const back = configOf(s);
    const a = simulate(config);
    const b = simulate(back);
    assert.deepEqual(b.events.map((e) => e.event), a.events.map((e) => e.event), f);
    assert.deepEqual(b.events.map((e) => e.mappings.map((m) => m.output)), a.events.map((e) => e.mappings.map((m) => m.output)), f);
  }
});

test('a diagnostic in a typed JSON field points into that field', () => {
  const s = blankState();
  s.profile = '{"identifiers": [{"type": "email", "id": "a@b.c"}]}';
  s.destination.send_identify = false;
  s.mappings = [{ name: 'm', enabled: true, fql: 'type = "track"', fields: [{ key: 'email', mode: 'json', text: '{ "@path": "$.traits.email" }' }], required: '' }];
  const built = buildConfig(s);
  const report = simulate(built.text);
  const d = collectDiagnostics(report, built).find((x) => x.code === 'MAP-01');
  assert.ok(d, 'MAP-01 reported');
  assert.equal(d.target.kind, 'segment');
  assert.equal(d.target.id, 'field:0:0');
  assert.equal(s.mappings[0].fields[0].text.slice(d.target.from, d.target.to), '"$.traits.email"');
});

test('a pasted event diagnostic is found in the editor text by its pointer', () => {
  const text = '{\n  "type": "track",\n  "traits": { "email": "a@b.c" }\n}';
  const r = locatePointer(text, '/traits/email');
  assert.equal(text.slice(r.from, r.to), '"email": "a@b.c"');
  assert.equal(locatePointer(text, '/messageId').missing, true);
});

test('share links round-trip and broken ones say why', async () => {
  const s = blankState();
  s.profile = '{"traits": {"name": "Zoë 🎉"}}';
  assert.deepEqual(await decodeState(`#${await encodeState(s)}`), s);
  assert.equal(await decodeState('#something-else'), null);
  await assert.rejects(decodeState('#v1=AAAA'), /damaged/);
  await assert.rejects(decodeState('#v2=AAAA'), /newer version/);
  await assert.rejects(decodeState(`#v1=${'A'.repeat(600000)}`), /too long/);
  await assert.rejects(decodeState('#v1=<script>'), /characters/);
  // A zip bomb: a small link that unpacks to more than 8 MB.
  const bomb = await encodeState({ profile: 'x'.repeat(9 * 1024 * 1024) });
  assert.ok(bomb.length < 100000);
  await assert.rejects(decodeState(`#${bomb}`), /unpacks to more than 8 MB/);
});

test('a state from outside is cleaned member by member', () => {
  assert.throws(() => sanitizeState([]), /does not hold a playground state/);
  assert.throws(() => sanitizeState({ traits: {} }), /Trait Enrichment is not a list/);
  assert.throws(() => sanitizeState({ mappings: [{ fields: [{ key: 5 }] }] }), /a field name is not text/);
  const s = sanitizeState({ mode: 'evil', destination: { kind: '<img>', setup: 'x' }, __proto__: { polluted: 1 }, extra: '' });
  assert.equal(s.mode, 'profile');
  assert.equal(s.destination.kind, 'actions');
  assert.equal(s.destination.setup, 'default');
  assert.equal({}.polluted, undefined);
});
