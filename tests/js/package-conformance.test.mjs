// The shared conformance cases (tests/conformance/*.json) through the npm package's API: the
// same cases must pass as through the native runner (`mapcheck conformance`), skipped the same
// way (@liquid while it reports UnsupportedError; kinds the wasm API does not cover yet).
// The package returns JSON data, so values compare in their JSON form: the cases' `output`, and
// their exact-form ASTs with NaN, Infinity and undefined turned into what JSON.stringify writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, matchesFql, parseFql, transform, validateMapping } from '../../web/node.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = `${root}tests/conformance/`;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

await init();

// A string argument is JSON text, so string values of the cases go in as JSON text; the rest go
// in as values. Undefined (no payload) stays undefined.
const input = (value) => (typeof value === 'string' ? JSON.stringify(value) : value);

// Returns 'pass', 'skip' or a description of the difference.
function check(c) {
  const e = c.expect;
  if (c.kind === 'transform') {
    const r = transform(input(c.mapping), input(c.payload));
    if (r.error?.name === 'UnsupportedError') return 'skip';
    let actual;
    let wanted;
    if ('error' in e) {
      wanted = { name: e.error_name, ...(e.errors ? { errors: e.errors } : { message: e.error }) };
      actual = r.error && { name: r.error.name, ...(e.errors ? { errors: r.error.errors } : { message: r.error.message }) };
    } else if (e.undefined) {
      wanted = { undefined: true };
      actual = r.error ? { error: r.error } : 'output' in r ? { output: r.output } : { undefined: true };
    } else {
      wanted = { output: e.output };
      actual = r.error ? { error: r.error } : { output: r.output };
    }
    return isDeepStrictEqual(actual, wanted) ? 'pass' : `expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`;
  }
  if (c.kind === 'validate-mapping') {
    const r = validateMapping(input(c.mapping));
    const actual = r.valid ? { valid: true } : { valid: false, errors: r.errors, error_name: r.errorName };
    return isDeepStrictEqual(actual, e) ? 'pass' : `expected ${JSON.stringify(e)}, got ${JSON.stringify(actual)}`;
  }
  if (c.kind === 'fql') {
    const parsed = parseFql(c.fql);
    const matched = matchesFql(c.fql, input(c.payload));
    const actual = {};
    if (parsed.error) {
      actual.parse_error = parsed.error.message;
      actual.parse_error_name = parsed.error.name;
    } else {
      actual.ast = parsed.ast;
    }
    // matchesFql reports the parse error as its error when evaluation itself did not fail.
    const sameAsParse = parsed.error && matched.error?.name === parsed.error.name && matched.error?.message === parsed.error.message;
    if (matched.error && !sameAsParse) {
      actual.match_error = matched.error.message;
      actual.match_error_name = matched.error.name;
    } else {
      actual.matches = matched.matches;
    }
    const { lex_error: _, ...wanted } = e;
    if ('ast' in wanted) wanted.ast = jsonForm(wanted.ast);
    return isDeepStrictEqual(actual, wanted) ? 'pass' : `expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`;
  }
  return 'skip';
}

// The corpus's exact form ({"$number": "NaN"}, {"$undefined": true}) as JSON.stringify writes it.
function jsonForm(value) {
  const revive = (v) => {
    if (Array.isArray(v)) return v.map(revive);
    if (v === null || typeof v !== 'object') return v;
    if ('$number' in v && Object.keys(v).length === 1) return Number(v.$number);
    if (v.$undefined === true && Object.keys(v).length === 1) return undefined;
    return Object.fromEntries(Object.entries(v).map(([k, m]) => [k, revive(m)]));
  };
  return JSON.parse(JSON.stringify(revive(value)));
}

function isDeepStrictEqual(a, b) {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

test('the conformance cases pass through the package as through the native runner', () => {
  const counts = { pass: 0, skip: 0 };
  const failures = [];
  for (const file of files) {
    for (const c of JSON.parse(readFileSync(dir + file, 'utf8'))) {
      const outcome = check(c);
      if (outcome === 'pass' || outcome === 'skip') counts[outcome] += 1;
      else failures.push(`${c.id}: ${outcome}`);
    }
  }
  assert.deepEqual(failures, []);
  const native = execFileSync(`${root}build/mapcheck`, ['conformance', ...files.map((f) => dir + f)], { encoding: 'utf8' });
  const [, passed, failed, skipped] = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/m.exec(native);
  assert.equal(Number(failed), 0);
  assert.equal(counts.pass, Number(passed));
  assert.equal(counts.skip, Number(skipped ?? 0));
});
