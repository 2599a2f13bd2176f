// mapcheck benchmark: the same workloads, in one run on this machine, on
//   (a) the reference: @segment/actions-core transform() + destination-subscriptions validate()
//       in Node, (b) our wasm module in Node (per-object calls and runBatch), (c) our native CLI
//       (`mapcheck batch`);
// events per second, MB per second and the ratio to the reference, plus wasm size and init
// time and the native CLI's peak memory on a large batch. Outputs are checked against the
// reference before anything is timed. See bench/README.md.
//
// usage: node bench/run.mjs [--reps N] [--quick] [--json FILE]   (make bench builds first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, statSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { workloads, ndjson } from './workloads.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const quick = args.includes('--quick');
const reps = Number(option('--reps', quick ? 1 : 3));
const jsonOut = option('--json', null);
const scale = quick ? 0.1 : 1;

const cli = join(root, 'build/mapcheck');
const wasmFile = join(root, 'web/dist/mapcheck-core.wasm');
for (const f of [cli, wasmFile]) {
  try {
    statSync(f);
  } catch {
    console.error(`bench: ${f} is missing; run \`make bench\` (it builds native and wasm first)`);
    process.exit(2);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'mapcheck-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const log = (s) => process.stderr.write(s + '\n');

function node(script, argv) {
  const r = spawnSync(process.execPath, [join(root, 'bench', script), ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, NODE_PATH: process.env.NODE_PATH ?? '/usr/share/nodejs' },
  });
  if (r.status !== 0) {
    console.error(`bench: ${script} ${argv.join(' ')} failed:\n${r.stderr}`);
    process.exit(1);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// `mapcheck batch` over a file; wall time of the whole process (start-up and I/O included).
function native(w, events, out, timeV = false) {
  const argv = ['batch', '--mapping', w.mappingFile, '--trigger', w.trigger, events];
  const cmd = timeV ? '/usr/bin/time' : cli;
  const full = timeV ? ['-v', cli, ...argv] : argv;
  // Output goes straight to a file, as with `mapcheck batch ... > out.ndjson`.
  const fd = openSync(out, 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, full, { stdio: ['ignore', fd, 'pipe'], maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(fd);
  if (r.status !== 0) {
    console.error(`bench: mapcheck ${argv.join(' ')} failed:\n${r.stderr}`);
    process.exit(1);
  }
  const rss = timeV ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)[1]) : 0;
  return { seconds, rss };
}

// One comparable record per result line: line number, whether the trigger matched, and the
// output (or error) as JSON text with its key order.
function records(text) {
  const map = new Map();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const o = JSON.parse(line);
    if (o.summary) continue;
    let matched, output, error;
    if (o.mappings) {
      ({ matched, output, error } = o.mappings[0]);
    } else {
      matched = o.matched;
      if (o.result) ({ output, error } = o.result);
    }
    map.set(o.line, JSON.stringify([matched, output ?? null, error ? [error.name, error.message] : null]));
  }
  return map;
}

function compare(what, w, refText, ourText) {
  const ref = records(refText), ours = records(ourText);
  if (ref.size !== ours.size)
    fail(`${what} on ${w.name}: ${ours.size} result lines, the reference has ${ref.size}`);
  for (const [line, expected] of ref) {
    const got = ours.get(line);
    if (got !== expected)
      fail(`${what} on ${w.name}, event on line ${line}:\n  reference: ${expected.slice(0, 800)}\n  ours:      ${String(got).slice(0, 800)}`);
  }
}

function fail(message) {
  console.error(`\nbench: OUTPUTS DIFFER, not timing anything.\n${message}`);
  process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);

// ---- workloads ---------------------------------------------------------------------------
for (const w of workloads) {
  w.n = Math.max(1, Math.round(w.count * scale));
  w.file = join(dir, `${w.name}.ndjson`);
  w.mappingFile = join(dir, `${w.name}.mapping.json`);
  const text = ndjson(w, w.n);
  w.bytes = Buffer.byteLength(text);
  writeFileSync(w.file, text);
  writeFileSync(w.mappingFile, JSON.stringify(w.mapping));
  const check = ndjson(w, Math.min(w.n, 2000));
  w.checkFile = join(dir, `${w.name}.check.ndjson`);
  writeFileSync(w.checkFile, check);
}

// Does our build evaluate triggers yet? One event that the trigger rejects tells.
const probe = join(dir, 'probe.ndjson');
writeFileSync(probe, '{"type":"page"}\n');
const probeRun = spawnSync(cli, ['batch', '--mapping', workloads[0].mappingFile, '--trigger', 'type = "track"', probe], { encoding: 'utf8' });
const nativeTrigger = probeRun.stdout.startsWith('{"line":1,"mappings":[{"matched":false');

// ---- correctness first --------------------------------------------------------------------
log('checking outputs against the reference ...');
for (const w of workloads) {
  const refOut = join(dir, `${w.name}.ref.check`);
  node('reference.mjs', [w.name, w.checkFile, '1', refOut]);
  const ref = readFileSync(refOut, 'utf8');
  for (const mode of ['batch', 'per-object', 'per-object-transform']) {
    const out = join(dir, `${w.name}.${mode}.check`);
    node('wasm.mjs', [mode, w.name, w.checkFile, '1', out]);
    compare(`wasm ${mode}`, w, ref, readFileSync(out, 'utf8'));
  }
  const out = join(dir, `${w.name}.native.check`);
  native(w, w.checkFile, out);
  compare('native CLI', w, ref, readFileSync(out, 'utf8'));
}

// ---- timing -------------------------------------------------------------------------------
const rows = [];
let perObjectTrigger = false;
for (const w of workloads) {
  log(`timing ${w.name} (${w.n} events, ${(w.bytes / 1e6).toFixed(1)} MB) ...`);
  const refOut = join(dir, `${w.name}.ref.out`);
  const ref = node('reference.mjs', [w.name, w.file, String(reps), refOut]);
  const refText = readFileSync(refOut, 'utf8');
  const results = [{ impl: 'reference (Node): JSON.parse + validate + transform', seconds: best(ref.seconds) }];
  const labels = { 'per-object': 'wasm per-object (trigger + transform)',
                   'per-object-transform': 'wasm per-object (transform only)', batch: 'wasm batch (runBatch)' };
  for (const mode of ['per-object', 'per-object-transform', 'batch']) {
    const out = join(dir, `${w.name}.${mode}.out`);
    const r = node('wasm.mjs', [mode, w.name, w.file, String(reps), out]);
    if (mode === 'per-object') perObjectTrigger = r.trigger;
    compare(`wasm ${mode}`, w, refText, readFileSync(out, 'utf8'));
    rmSync(out);
    results.push({ impl: labels[mode], seconds: best(r.seconds) });
  }
  const times = [];
  const out = join(dir, `${w.name}.native.out`);
  for (let r = 0; r < reps; r++) times.push(native(w, w.file, out).seconds);
  compare('native CLI', w, refText, readFileSync(out, 'utf8'));
  rmSync(out);
  rmSync(refOut);
  results.push({ impl: 'native CLI (mapcheck batch)', seconds: best(times) });
  const base = w.n / results[0].seconds;
  for (const r of results) {
    const eps = w.n / r.seconds;
    rows.push({ workload: w.name, title: w.title, events: w.n, bytes: w.bytes, impl: r.impl,
                seconds: r.seconds, eventsPerSecond: eps, mbPerSecond: w.bytes / 1e6 / r.seconds,
                ratio: eps / base });
  }
}

// ---- wasm size and start-up -----------------------------------------------------------------
const wasm = readFileSync(wasmFile);
const wasmGzip = gzipSync(wasm, { level: 9 }).length;
const initScript = `
  const t0 = performance.now();
  const { readFileSync } = await import('node:fs');
  const { default: create } = await import(${JSON.stringify(join(root, 'web/dist/mapcheck-core.mjs'))});
  const core = await create({ wasmBinary: readFileSync(${JSON.stringify(wasmFile)}) });
  core.version();
  console.log(performance.now() - t0);`;
const inits = [];
for (let i = 0; i < 7; i++) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', initScript], { encoding: 'utf8' });
  inits.push(Number(r.stdout.trim()));
}

// ---- native peak memory on a large batch ----------------------------------------------------
log('measuring native peak memory ...');
const memory = [];
const big = workloads[0];
for (const times of [1, 10]) {
  let file = big.file;
  if (times > 1) {
    file = join(dir, `big.ndjson`);
    const chunk = readFileSync(big.file);
    writeFileSync(file, '');
    for (let i = 0; i < times; i++) appendFileSync(file, chunk);
  }
  const r = native(big, file, '/dev/null', true);
  memory.push({ events: big.n * times, maxRssKb: r.rss, seconds: r.seconds });
  if (times > 1) rmSync(file);
}

// ---- report ---------------------------------------------------------------------------------
const fmt = (n, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const lines = [];
lines.push(`mapcheck benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, best of ${reps} run(s) each`);
lines.push(`trigger (FQL) evaluated by mapcheck: native/runBatch ${nativeTrigger ? 'yes' : 'NO (not implemented in this build: every event counts as matched)'}, per-object ${perObjectTrigger ? 'yes (matchesFql)' : 'NO (no matchesFql in this module)'}; the reference always evaluates it`);
lines.push('');
lines.push('| workload | implementation | events/s | MB/s | × reference |');
lines.push('|---|---|---:|---:|---:|');
let previous = '';
for (const r of rows) {
  const label = `${r.title} (${fmt(r.events)} × ${fmt(r.bytes / r.events)} B)`;
  lines.push(`| ${label === previous ? '' : label} | ${r.impl} | ${fmt(r.eventsPerSecond)} | ${fmt(r.mbPerSecond, 1)} | ${fmt(r.ratio, 1)} |`);
  previous = label;
}
lines.push('');
lines.push(`wasm module: ${fmt(wasm.length / 1024, 1)} KB raw, ${fmt(wasmGzip / 1024, 1)} KB gzip -9; init (import + instantiate, fresh Node process): median ${fmt(median(inits), 1)} ms of ${inits.length}`);
for (const m of memory)
  lines.push(`native peak memory (max RSS), ${fmt(m.events)} events: ${fmt(m.maxRssKb / 1024, 1)} MB (${fmt(m.events / m.seconds)} events/s)`);
console.log(lines.join('\n'));

if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), node: process.version, reps, nativeTrigger,
    perObjectTrigger, rows, wasm: { bytes: wasm.length, gzipBytes: wasmGzip, initMs: inits }, memory }, null, 2) + '\n');
}
