// The FQL entry points through the wasm module agree with the reference packages in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import createMapcheckCore from '../../web/dist/mapcheck-core.mjs';

const require = createRequire(import.meta.url);
const { parseFql, validate, generateFql } = require('@segment/destination-subscriptions');
const wasmBinary = await readFile(new URL('../../web/dist/mapcheck-core.wasm', import.meta.url));
const core = await createMapcheckCore({ wasmBinary });

const event = { type: 'track', event: 'Audience Entered', properties: { audience_key: 'vip', vip: true } };
const triggers = [
  'type = "track" and properties.vip = true',
  'event = "Audience Exited" or properties.vip = "true"',
  'match(event, "Audience*") and properties.audience_key = "vip"',
  'event!="A"',
];

test('parseFql and matchesFql agree with the reference', () => {
  for (const fql of triggers) {
    const ours = JSON.parse(core.parseFql(fql));
    const theirs = parseFql(fql);
    if (theirs.error) assert.equal(ours.error.message, theirs.error.message);
    else assert.deepEqual(ours.ast, theirs);
    const matched = JSON.parse(core.matchesFql(fql, JSON.stringify(event)));
    assert.equal(matched.matches, validate(theirs, event), fql);
  }
});

test('generateFql agrees with the reference and explains conditions', () => {
  const ast = parseFql(triggers[2]);
  assert.equal(JSON.parse(core.generateFql(JSON.stringify(ast))).fql, generateFql(ast));
  const result = JSON.parse(core.matchesFql(triggers[1], JSON.stringify(event)));
  assert.equal(result.conditions.length, 2);
  assert.equal(result.conditions[1].actualType, 'boolean');
  assert.ok(result.diagnostics.some((d) => d.code === 'TRG-05'));
});
