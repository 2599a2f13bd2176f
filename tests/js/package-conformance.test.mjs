// The shared conformance cases (tests/conformance/*.json) through the npm package's API: the
// same cases must pass as through the native runner (`mapcheck conformance`), skipped the same
// way (@liquid while it reports UnsupportedError; kinds the wasm API does not cover yet).
// Outputs compare with the cases' JSON form (`output`): the package returns JSON data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, transform, validateMapping } from '../../web/node.mjs';

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
  return 'skip';
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
