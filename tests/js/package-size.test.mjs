// Size and start-up of the WebAssembly module: the wasm must stay within the 250 KB gzip budget
// (issue 9), and init() in a fresh Node process must stay fast. The measured numbers are printed
// as test diagnostics (`# raw ...` lines in the TAP output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 250_000;
const dist = new URL('../../web/dist/', import.meta.url);
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

test('the wasm stays within 250 KB gzipped; the module has no filesystem and no console output', (t) => {
  const wasm = readFileSync(new URL('mapcheck-core.wasm', dist));
  const glue = readFileSync(new URL('mapcheck-core.mjs', dist));
  t.diagnostic(`wasm ${wasm.length} bytes raw, ${gzip(wasm)} gzip; glue ${glue.length} raw, ${gzip(glue)} gzip`);
  assert.ok(gzip(wasm) <= BUDGET_GZIP_BYTES, `wasm is ${gzip(wasm)} bytes gzipped, over the budget`);
  // What the module imports from JS: embind registrations, abort and memory growth only; no
  // WASI fd_write (printf to a console) and no filesystem calls.
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
  assert.ok(imports.length <= 16, `${imports.length} imports`);
  const text = glue.toString();
  for (const name of ['_fd_write', '_fd_read', 'FS.', '_emscripten_log']) assert.ok(!text.includes(name), name);
});

test('init() in a fresh Node process is fast', async (t) => {
  const script = `
    const t0 = performance.now();
    const m = await import(${JSON.stringify(new URL('../node.mjs', dist).href)});
    await m.init();
    const t1 = performance.now();
    m.transform({ a: { '@path': '$.x' } }, { x: 1 });
    console.log(JSON.stringify({ init: t1 - t0, firstCall: performance.now() - t1 }));`;
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    runs.push(JSON.parse(stdout));
  }
  const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[runs.length >> 1];
  t.diagnostic(`import + init() median ${median('init').toFixed(1)} ms, first transform ${median('firstCall').toFixed(1)} ms (7 processes)`);
  assert.ok(median('init') < 500, `init took ${median('init')} ms`);
});
