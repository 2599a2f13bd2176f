// The package's argument conversions (web/src/convert.mjs) on their own: lone surrogates escaped
// and positions moved back, and each argument kind that `define` in api.mjs can use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InputProblem, escapeLoneSurrogates, json, jsonWithPresence, ndjson, optionalJson, restoreRanges, text,
} from '../../web/src/convert.mjs';

test('well-formed text is passed through untouched', () => {
  const escapes = new Map();
  const s = '{"a":"\uD83D\uDE00 \\ud800"}';
  assert.equal(escapeLoneSurrogates(s, 'mapping', escapes), s);
  assert.equal(escapes.size, 0);
});

test('lone surrogates become escapes, recorded where they start', () => {
  const escapes = new Map();
  const out = escapeLoneSurrogates('["\uD800","\uDC00\uD83D\uDE00"]', 'event', escapes);
  assert.equal(out, '["\\ud800","\\udc00\uD83D\uDE00"]');
  assert.deepEqual(escapes.get('event'), [2, 11]);
  assert.deepEqual(JSON.parse(out), ['\uD800', '\uDC00\uD83D\uDE00']);
});

test('a lone surrogate after an escaping backslash becomes U+FFFD, after an escaped one an escape', () => {
  const escapes = new Map();
  assert.equal(escapeLoneSurrogates('"\\\uD800"', 'mapping', escapes), '"\\\uFFFD"');
  assert.equal(escapes.size, 0);
  assert.equal(escapeLoneSurrogates('"\\\\\uD800"', 'mapping', escapes), '"\\\\\\ud800"');
  assert.deepEqual(escapes.get('mapping'), [3]);
});

test('positions after, inside and on other lines than an escape move back to the caller\'s text', () => {
  // Caller's text: 'x\uD800y\n\uD800z'; escaped: 'x\\ud800y\n\\ud800z' (escapes start at 1 and 9).
  const escapes = new Map([['event', [1, 9]]]);
  const at = (offset, line, column, utf16Column, utf16Offset) => ({ offset, line, column, utf16Column, utf16Offset });
  const diagnostics = [
    { source: 'event', message: 'bad (line 1, column 8).', range: { start: at(7, 1, 8, 8, 7), end: at(8, 1, 9, 9, 8) } },
    { source: 'event', message: 'm', range: { start: at(3, 1, 4, 4, 3), end: at(16, 2, 8, 8, 16) } },
    { source: 'mapping', message: 'untouched', range: { start: at(7, 1, 8, 8, 7), end: at(7, 1, 8, 8, 7) } },
  ];
  const moved = restoreRanges({ diagnostics }, escapes);
  // 'y' at index 2: 4 bytes in (x, 3-byte surrogate), column 3.
  assert.deepEqual(diagnostics[0].range.start, at(4, 1, 3, 3, 2));
  assert.equal(diagnostics[0].message, 'bad (line 1, column 3).');
  assert.deepEqual([...moved], [['bad (line 1, column 8).', 'bad (line 1, column 3).']]);
  // Inside the first escape: the surrogate itself. After the second: 'z', column 2 of line 2.
  assert.deepEqual(diagnostics[1].range.start, at(1, 1, 2, 2, 1));
  assert.deepEqual(diagnostics[1].range.end, at(10, 2, 3, 3, 6));
  assert.deepEqual(diagnostics[2].range.start, at(7, 1, 8, 8, 7));
});

test('argument kinds', () => {
  const escapes = new Map();
  assert.deepEqual(json('mapping')({ a: 1 }, escapes), ['{"a":1}']);
  assert.deepEqual(json('mapping')('{"a":1}', escapes), ['{"a":1}']);
  assert.throws(() => json('mapping')(undefined, escapes), (e) => e instanceof InputProblem && e.source === 'mapping');
  assert.deepEqual(optionalJson('options')(undefined, escapes), ['']);
  assert.deepEqual(optionalJson('options')(null, escapes), ['null']);
  assert.deepEqual(jsonWithPresence('payload')(undefined, escapes), ['', false]);
  assert.deepEqual(jsonWithPresence('payload')(0, escapes), ['0', true]);
  assert.deepEqual(text('trigger')('type = "track" and \uD800'), ['type = "track" and \uFFFD']);
  assert.throws(() => text('trigger')({}), /trigger: expected text, got an object/);
  assert.deepEqual(ndjson('batch')('{"a":1}\n{"a":2}', escapes), ['{"a":1}\n{"a":2}']);
  assert.deepEqual(ndjson('batch')([{ a: 1 }, 'x', null], escapes), ['{"a":1}\n"x"\nnull']);
  assert.throws(() => ndjson('batch')([{}, 1n], escapes), /batch line 2: .*BigInt/);
  assert.throws(() => ndjson('batch')([undefined], escapes), /batch line 1: undefined has no JSON form/);
});

test('diagnostics nested anywhere in a result are moved back too', () => {
  const escapes = new Map([['config', [1]]]);
  const at = (offset, column, utf16Offset) => ({ offset, line: 1, column, utf16Column: column, utf16Offset });
  const nested = { source: 'config', message: 'm', range: { start: at(7, 8, 7), end: at(8, 9, 8) } };
  const result = { events: [{ mappings: [{ diagnostics: [nested] }] }], summary: { diagnostics: { 'MK-01': 1 } } };
  restoreRanges(result, escapes);
  assert.deepEqual(nested.range, { start: at(4, 3, 2), end: at(5, 4, 3) });
  assert.deepEqual(result.summary.diagnostics, { 'MK-01': 1 });
});
