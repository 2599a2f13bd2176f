// Every @liquid conformance case (the shared `liquid` group, the @liquid case of `nested`, and
// the generated differential set) through the wasm module's transform, as the npm package and
// the playground run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import createMapcheckCore from '../../web/dist/mapcheck-core.mjs';

const wasmBinary = await readFile(new URL('../../web/dist/mapcheck-core.wasm', import.meta.url));
const core = await createMapcheckCore({ wasmBinary });

const readCases = async (name) =>
  JSON.parse(await readFile(new URL(`../conformance/${name}`, import.meta.url), 'utf8'));

// JSON text for a value, keeping -0 (JSON.stringify writes it as 0).
const toJson = (value) =>
  JSON.stringify(value, (k, v) => (Object.is(v, -0) ? '__negative_zero__' : v))
    .replaceAll('"__negative_zero__"', '-0');

const usesLiquid = (c) => JSON.stringify(c.mapping ?? null).includes('"@liquid"');

const groups = {
  liquid: (await readCases('liquid.json')).filter(usesLiquid),
  nested: (await readCases('nested.json')).filter(usesLiquid),
  'liquid-generated': (await readCases('liquid-generated.json')).filter(usesLiquid),
};

function check(c) {
  const hasPayload = 'payload' in c;
  const result = JSON.parse(core.transform(toJson(c.mapping), hasPayload ? toJson(c.payload) : '',
    hasPayload, ''));
  const { expect } = c;
  assert.notEqual(result.error?.name, 'UnsupportedError', `${c.id}: reported as unsupported`);
  if ('error' in expect) {
    assert.ok(result.error, `${c.id}: expected an error, got ${JSON.stringify(result.output)}`);
    assert.equal(result.error.name, expect.error_name, c.id);
    if (expect.errors) assert.deepEqual(result.error.errors, expect.errors, c.id);
    else assert.equal(result.error.message, expect.error, c.id);
  } else if (expect.undefined) {
    assert.equal(result.error, undefined, c.id);
    assert.equal(result.output, undefined, c.id);
  } else {
    assert.equal(result.error, undefined, `${c.id}: ${JSON.stringify(result.error)}`);
    assert.deepEqual(result.output, expect.output, c.id);
  }
}

for (const [group, cases] of Object.entries(groups)) {
  test(`all ${cases.length} @liquid cases of ${group} match the reference in wasm`, () => {
    assert.ok(cases.length > 0);
    for (const c of cases) check(c);
  });
}

test('a template that builds too much becomes a LIM-01 diagnostic, not a hang', () => {
  const doubling = "{% assign s = 'xxxxxxxxxxxxxxxx' %}" + '{% assign s = s | append: s %}'.repeat(19) +
    '{{ s | size }}';
  const result = JSON.parse(core.transform(JSON.stringify({ x: { '@liquid': doubling } }), '{}', true, ''));
  assert.equal(result.error.name, 'LimitError');
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['LIM-01']);
});
