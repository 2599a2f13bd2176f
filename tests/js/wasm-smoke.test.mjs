// The same core compiled to wasm answers in Node: a smoke test of transform over the module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import createMapcheckCore from '../../web/dist/mapcheck-core.mjs';

const wasmBinary = await readFile(new URL('../../web/dist/mapcheck-core.wasm', import.meta.url));
const core = await createMapcheckCore({ wasmBinary });

test('transform resolves @path and @template in wasm', () => {
  const result = JSON.parse(core.transform(
    '{"email":{"@path":"$.context.traits.email"},"hi":{"@template":"Hi {{properties.first_name}}"}}',
    '{"context":{"traits":{"email":"jane@example.com"}},"properties":{"first_name":"Jane"}}', true, ''));
  assert.deepEqual(result.output, { email: 'jane@example.com', hi: 'Hi Jane' });
  assert.deepEqual(result.diagnostics, []);
});

test('a validation error comes back as data with the reference message', () => {
  const result = JSON.parse(core.transform('{"a":{"@path":5}}', '{}', true, ''));
  assert.equal(result.output, undefined);
  assert.equal(result.error.name, 'AggregateError');
  assert.deepEqual(result.error.errors, ['/a/@path should be a string or a mapping directive but it is a number.']);
  assert.equal(result.diagnostics[0].code, 'MK-01');
  assert.equal(result.diagnostics[0].pointer, '/a/@path');
});
