// Writes the libFuzzer seed corpora (fuzz/corpus-seed/<harness>/, not committed) from the
// conformance cases and fixtures: mappings, payloads, FQL strings, Liquid templates, activation
// configs and events, in each harness's input format (parts joined by NUL bytes).
//   node fuzz/make-seeds.mjs [--out DIR] [--max N]   (N: most seeds per harness, default 400)
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const out = opt('--out', join(root, 'fuzz', 'corpus-seed'));
const max = Number(opt('--max', 400));

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const conformanceDir = join(root, 'tests', 'conformance');
const cases = readdirSync(conformanceDir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => readJson(join(conformanceDir, f)));
const activationDir = join(root, 'tests', 'fixtures', 'activation');
const configs = readdirSync(activationDir).map((f) => readJson(join(activationDir, f)).config);
const docsDir = join(root, 'tests', 'fixtures', 'segment-docs');
const docs = readdirSync(docsDir).filter((f) => f.endsWith('.json'));
const docEvents = docs.filter((f) => !f.includes('.mapping.')).map((f) => readJson(join(docsDir, f)));
const docMappings = docs.filter((f) => f.includes('.mapping.')).map((f) => readJson(join(docsDir, f)));

const text = (v) => (v === undefined ? '' : JSON.stringify(v));
const join0 = (...parts) => parts.join('\0');

// Every @liquid template anywhere in a mapping.
function templates(v, found = []) {
  if (v && typeof v === 'object') {
    for (const [k, m] of Object.entries(v)) {
      if (k === '@liquid' && typeof m === 'string') found.push(m);
      else templates(m, found);
    }
  }
  return found;
}

const seeds = { json: [], transform: [], validate_mapping: [], fql: [], liquid: [], simulate: [],
                batch: [], validate_event: [] };
const mappings = [], payloads = [], fqls = [];
for (const c of cases) {
  if (c.mapping !== undefined) mappings.push(c.mapping);
  if (c.payload !== undefined) payloads.push(c.payload);
  if (typeof c.fql === 'string') fqls.push(c.fql);
  if (c.kind === 'transform') seeds.transform.push(join0(text(c.mapping), text(c.payload)));
  if (c.kind === 'validate-mapping' || c.kind === 'transform') seeds.validate_mapping.push(text(c.mapping));
  if (c.kind === 'fql') seeds.fql.push(join0(c.fql, text(c.payload)));
  for (const t of templates(c.mapping)) seeds.liquid.push(join0(t, text(c.payload)));
}
payloads.push(...docEvents);
mappings.push(...docMappings);
for (const [i, v] of [...mappings, ...payloads, ...configs].entries())
  seeds.json.push(String.fromCharCode(i % 64) + JSON.stringify(v, null, i % 3));
seeds.transform.push(join0(text(mappings[0]), text(payloads[0]), '{"explain":true}'));
for (const config of configs) seeds.simulate.push(JSON.stringify(config));
const ndjson = (events) => events.map((e) => JSON.stringify(e)).join('\n');
for (const [i, m] of mappings.entries()) {
  if (i % 4) continue;
  const options = { mapping: m };
  if (fqls.length) options.trigger = fqls[i % fqls.length];
  seeds.batch.push(join0(JSON.stringify(options), ndjson(payloads.slice(i % 50, i % 50 + 3))));
}
for (const config of configs) seeds.batch.push(join0(JSON.stringify({ config }), ndjson(docEvents)));
for (const [i, e] of [...docEvents, ...payloads].entries()) {
  const options = i % 3 === 0 ? '' : JSON.stringify({ required: ['email'], audienceKey: 'vip' });
  const parts = [JSON.stringify(e), options];
  if (i % 2) parts.push(JSON.stringify(mappings[i % mappings.length]));
  seeds.validate_event.push(join0(...parts));
}

rmSync(out, { recursive: true, force: true });
for (const [harness, list] of Object.entries(seeds)) {
  const dir = join(out, harness);
  mkdirSync(dir, { recursive: true });
  const unique = [...new Set(list)];
  // A spread of the cases rather than the first ones (files group similar cases together).
  const step = Math.max(1, unique.length / max);
  let written = 0;
  for (let k = 0; k < unique.length && written < max; k = Math.floor(++written * step)) {
    const seed = unique[k];
    writeFileSync(join(dir, createHash('sha1').update(seed).digest('hex')), seed);
  }
  console.log(`${harness}: ${written} seeds`);
}
