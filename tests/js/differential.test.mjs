// A short differential run on every `make test`: ~300 freshly generated mappings and payloads,
// expected values from Segment's own @segment/actions-core, compared with our native CLI.
//
// The seed is fixed so that `make test` gives the same verdict on every machine and every day;
// MAPCHECK_DIFF_SEED=<n> explores other cases (for example MAPCHECK_DIFF_SEED=$(date +%Y%m%d)
// for a fresh set each day). A failure prints the seed and the minimized case, ready to add to
// tests/conformance/mapping-regressions.json. The long run is documented in
// tests/conformance/README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../build/mapcheck', import.meta.url));
const seed = Number(process.env.MAPCHECK_DIFF_SEED ?? 20261129);

test(`mapcheck agrees with @segment/actions-core on 300 generated cases (seed ${seed})`, async (t) => {
  if (!existsSync(cli)) {
    t.skip(`build/mapcheck is missing: run "make native" first (seed ${seed} not checked)`);
    return;
  }
  const { generateCases, runCli, shrinkCase } = await import('../differential/mapping.mjs');
  const cases = generateCases({ seed, count: 300, idPrefix: `daily/${seed}` });
  const { failures, summary } = runCli(cases, cli);
  if (failures.size === 0) {
    assert.match(summary, /300 passed, 0 failed/);
    return;
  }
  const reports = [];
  for (const c of cases.filter((k) => failures.has(k.id)).slice(0, 3)) {
    const small = shrinkCase(c, cli);
    const detail = runCli([small], cli).failures.get(small.id) ?? failures.get(c.id);
    reports.push(`${JSON.stringify(small)}\n  expected: ${detail.expected}\n  actual:   ${detail.actual}`);
  }
  assert.fail(`${failures.size} disagreement(s) with the reference (MAPCHECK_DIFF_SEED=${seed}); ` +
    `minimized:\n${reports.join('\n')}`);
});
