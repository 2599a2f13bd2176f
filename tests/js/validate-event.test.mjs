// validateEvent in the wasm module: the event checks and mapping lints, as the playground and
// the npm package call them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import createMapcheckCore from '../../web/dist/mapcheck-core.mjs';

const wasmBinary = await readFile(new URL('../../web/dist/mapcheck-core.wasm', import.meta.url));
const core = await createMapcheckCore({ wasmBinary });
const fixture = (name) => readFile(new URL(`../fixtures/segment-docs/${name}`, import.meta.url), 'utf8');

test('the docs Track event is valid; its missing personas block is a warning', async () => {
  const result = JSON.parse(core.validateEvent(await fixture('engage-event-mapping.track.json'), ''));
  assert.equal(result.valid, true);
  assert.equal(result.eventType, 'track');
  assert.deepEqual(result.diagnostics.map((d) => `${d.code} ${d.pointer}`),
    ['SPEC-09 /messageId', 'ENG-01 /context/personas']);
});

test('traits.email on a Track event is MAP-01 with a range into the options text', async () => {
  const options = JSON.stringify({ required: ['email'], mapping: { email: { '@path': '$.traits.email' } } }, null, 2);
  const result = JSON.parse(core.validateEvent(await fixture('engage-event-mapping.track.json'), options));
  assert.equal(result.valid, false);
  const map01 = result.diagnostics.find((d) => d.code === 'MAP-01');
  assert.equal(map01.source, 'options');
  assert.equal(map01.pointer, '/mapping/email/@path');
  assert.equal(options.slice(map01.range.start.offset, map01.range.end.offset), '"$.traits.email"');
  assert.match(map01.fix, /context\.traits\.email/);
});

test('a non-ASCII event reports UTF-16 columns for editors', () => {
  const event = '{"type":"identify","userId":"😀","traits":{"age":"42"},"messageId":"m"}';
  const result = JSON.parse(core.validateEvent(event, '{"audienceKey":"vip"}'));
  const age = result.diagnostics.find((d) => d.code === 'SPEC-11');
  assert.equal(age.pointer, '/traits/age');
  assert.equal(event.slice(age.range.start.utf16Offset, age.range.end.utf16Offset), '"42"');
});
