// The npm package's API (web/), in place, as a Node ES module user calls it: init() and its
// sources, result shapes, inputs as values and as JSON text, inputs with no JSON form, lone
// surrogates, and recovery after the engine traps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as mapcheck from '../../web/node.mjs';

const wasmUrl = new URL('../../web/dist/mapcheck-core.wasm', import.meta.url);
const wasmBytes = await readFile(wasmUrl);

// A copy of the API with its own state (a query makes a new module instance); it shares the
// runtime setup that node.mjs installed.
let copies = 0;
const freshApi = () => import(`../../web/src/api.mjs?copy=${++copies}`);

await mapcheck.init();

test('calling before init() throws a clear error, and init() is idempotent', async () => {
  const api = await freshApi();
  assert.throws(() => api.transform({}, {}), { name: 'Error', message: /call `await init\(\)` before transform\(\)/ });
  assert.throws(() => api.catalogue(), /before catalogue\(\)/);
  const first = api.init({ wasm: wasmBytes });
  assert.equal(api.init(), first);
  assert.equal(await first, undefined);
  assert.equal(api.init({ wasm: 'ignored once started' }), first);
  assert.deepEqual(api.transform({ a: 'x' }, {}).output, { a: 'x' });
});

test('init() loads the module from every kind of source', async (t) => {
  const module = await WebAssembly.compile(wasmBytes);
  const response = (type) => new Response(wasmBytes, { headers: type ? { 'content-type': type } : {} });
  const sources = {
    'Buffer': wasmBytes,
    'ArrayBuffer': wasmBytes.buffer.slice(wasmBytes.byteOffset, wasmBytes.byteOffset + wasmBytes.length),
    'Uint8Array': new Uint8Array(wasmBytes),
    'path': fileURLToPath(wasmUrl),
    'file: URL string': wasmUrl.href,
    'URL': wasmUrl,
    'WebAssembly.Module': module,
    'Response (application/wasm)': response('application/wasm'),
    'Response (other type)': response('application/octet-stream'),
    'Promise<Response>': Promise.resolve(response('application/wasm')),
  };
  for (const [kind, wasm] of Object.entries(sources)) {
    await t.test(kind, async () => {
      const api = await freshApi();
      await api.init({ wasm });
      assert.equal(api.version(), mapcheck.version());
    });
  }
});

test('a failed init() says what it tried, rejects, and can be retried', async () => {
  const api = await freshApi();
  await assert.rejects(api.init({ wasm: '/nonexistent/mapcheck-core.wasm' }),
    /could not load the WebAssembly module from \/nonexistent\/mapcheck-core\.wasm: ENOENT/);
  assert.throws(() => api.version(), /before version\(\)/);
  await assert.rejects(api.init({ wasm: new Response('missing', { status: 404 }) }), /HTTP 404/);
  await assert.rejects(api.init({ wasm: new Uint8Array([1, 2, 3]) }), /could not load the WebAssembly module from the given bytes/);
  await assert.rejects(api.init({ wasm: 42 }), /takes bytes, a URL, a path, a WebAssembly.Module or a Response/);
  await assert.rejects(api.init('mapcheck-core.wasm'), { name: 'TypeError', message: /options object/ });
  await api.init({ wasm: wasmBytes });
  assert.equal(api.version(), mapcheck.version());
});

test('the version is the package version', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../web/package.json', import.meta.url), 'utf8'));
  assert.equal(mapcheck.version(), pkg.version);
});

test('transform takes values or JSON text and returns plain data', () => {
  const mapping = { email: { '@path': '$.context.traits.email' }, hi: { '@template': 'Hi {{properties.name}}' } };
  const event = { context: { traits: { email: 'jane@example.com' } }, properties: { name: 'Jane' } };
  const expected = { output: { email: 'jane@example.com', hi: 'Hi Jane' }, diagnostics: [] };
  assert.deepEqual(mapcheck.transform(mapping, event), expected);
  assert.deepEqual(mapcheck.transform(JSON.stringify(mapping), JSON.stringify(event, null, 2)), expected);
  assert.deepEqual(mapcheck.transform(JSON.stringify(mapping), event), expected);
});

test('transform leaves output out when the reference returns undefined', () => {
  const missing = mapcheck.transform({ '@path': '$.nope' }, { a: 1 });
  assert.equal('output' in missing, false);
  assert.equal('error' in missing, false);
  // Without a payload the mapping runs on undefined, which the reference allows; null is a
  // payload, which it rejects.
  assert.deepEqual(mapcheck.transform({ x: { '@path': '$' } }), { output: {}, diagnostics: [] });
  assert.deepEqual(mapcheck.transform({ x: { '@path': '$' } }, null).error,
    { name: 'Error', message: 'data must be an object, got null' });
});

test('transform reports the reference error with its class name, messages and diagnostics', () => {
  const result = mapcheck.transform('{\n  "a": {"@path": 5}\n}', {});
  assert.equal('output' in result, false);
  assert.equal(result.error.name, 'AggregateError');
  assert.deepEqual(result.error.errors, ['/a/@path should be a string or a mapping directive but it is a number.']);
  const [d] = result.diagnostics;
  assert.equal(d.code, 'MK-01');
  assert.equal(d.severity, 'error');
  assert.equal(d.source, 'mapping');
  assert.equal(d.pointer, '/a/@path');
  assert.equal(d.docs, 'docs/diagnostics.md#mk-01');
  assert.deepEqual(d.range, {
    start: { offset: 19, line: 2, column: 18, utf16Column: 18, utf16Offset: 19 },
    end: { offset: 20, line: 2, column: 19, utf16Column: 19, utf16Offset: 20 },
  });
});

test('JSON text that does not parse is a SyntaxError with a JSON-01 diagnostic, not a throw', () => {
  const result = mapcheck.transform('{"a": }', '{}');
  assert.equal(result.error.name, 'SyntaxError');
  assert.equal(result.diagnostics[0].code, 'JSON-01');
  assert.equal(result.diagnostics[0].range.start.utf16Offset, 6);
  const payload = mapcheck.transform({}, 'not json');
  assert.equal(payload.diagnostics[0].source, 'payload');
  const invalid = mapcheck.validateMapping('[1,');
  assert.equal(invalid.valid, false);
  assert.equal(invalid.errorName, 'SyntaxError');
  assert.equal(invalid.errors[0], invalid.diagnostics[0].message);
});

test('explain tells which directive produced each field', () => {
  const result = mapcheck.transform({ a: { '@path': '$.x' }, b: { '@path': '$.nope' } }, { x: 1 }, { explain: true });
  assert.deepEqual(result.explain, [
    { pointer: '/a', directive: '@path', reads: ['x'], empty: false },
    { pointer: '/b', directive: '@path', reads: ['nope'], empty: true },
  ]);
  assert.equal('explain' in mapcheck.transform({ a: 1 }, {}), false);
});

test('validateMapping returns the reference verdict and messages', () => {
  assert.deepEqual(mapcheck.validateMapping({ a: { '@path': '$.a' } }), { valid: true, errors: [], diagnostics: [] });
  const result = mapcheck.validateMapping({ a: { '@path': 5 }, b: { '@template': 3 } });
  assert.equal(result.valid, false);
  assert.equal(result.errorName, 'AggregateError');
  assert.deepEqual(result.diagnostics.map((d) => d.pointer), ['/a/@path', '/b/@template']);
  assert.equal(result.errors.length, 2);
});

test('values with no JSON form give JSON-09, never a throw', () => {
  const circular = {};
  circular.self = circular;
  const cases = [
    [() => mapcheck.transform(circular, {}), 'mapping', /circular/],
    [() => mapcheck.transform({}, { n: 10n }), 'payload', /BigInt/],
    [() => mapcheck.transform(undefined, {}), 'mapping', /undefined has no JSON form/],
    [() => mapcheck.transform({}, () => 1), 'payload', /a function has no JSON form/],
    [() => mapcheck.transform({}, {}, { toJSON() { throw new Error('nope'); } }), 'options', /nope/],
  ];
  for (const [run, source, message] of cases) {
    const result = run();
    assert.equal(result.error.name, 'TypeError');
    assert.match(result.error.message, message);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.diagnostics[0].code, 'JSON-09');
    assert.equal(result.diagnostics[0].source, source);
    assert.equal(result.diagnostics[0].severity, 'error');
  }
  const invalid = mapcheck.validateMapping(circular);
  assert.equal(invalid.valid, false);
  assert.equal(invalid.errorName, 'TypeError');
  assert.equal(invalid.diagnostics[0].code, 'JSON-09');
});

test('lone surrogates survive the trip, in values and in JSON text', () => {
  const lone = '\uD800-\uDFFF-x\uD83D\uDE00';
  const mapping = { a: { '@path': '$.s' }, b: lone };
  const viaValue = mapcheck.transform(mapping, { s: lone });
  assert.deepEqual(viaValue.output, { a: lone, b: lone });
  const viaText = mapcheck.transform(`{"a":{"@path":"$.s"},"b":"${lone}"}`, `{"s":"${lone}"}`);
  assert.deepEqual(viaText.output, { a: lone, b: lone });
  assert.deepEqual(mapcheck.transform({ k: { '@template': '{{s}}!' } }, { s: '\uDC00' }).output, { k: '\uDC00!' });
});

test('ranges and messages point into the caller\'s text when it had lone surrogates', () => {
  const text = '{"a":"\uD800",\n"b":"\uDC00x\uD83D\uDE00", "c": {"@path": 7}}';
  const at = text.indexOf('7');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const { diagnostics: [d] } = mapcheck.validateMapping(text);
  assert.equal(d.pointer, '/c/@path');
  assert.deepEqual(d.range.start, {
    offset: Buffer.byteLength(text.slice(0, at)), // a lone surrogate is 3 bytes, as U+FFFD is
    line: 2,
    column: [...text.slice(lineStart, at)].length + 1,
    utf16Column: at - lineStart + 1,
    utf16Offset: at,
  });
  const broken = '{"a":"\uD800\uD800", }';
  const result = mapcheck.transform(broken, {});
  assert.equal(result.diagnostics[0].code, 'JSON-01');
  assert.equal(result.diagnostics[0].range.start.utf16Offset, broken.indexOf('}'));
  assert.match(result.diagnostics[0].message, /\(line 1, column 12\)\.$/);
  assert.equal(result.error.message, result.diagnostics[0].message);
});

test('a lone surrogate after a backslash keeps invalid JSON invalid', () => {
  const result = mapcheck.transform('{"a":"\\\uD800"}', {});
  assert.equal(result.error.name, 'SyntaxError');
  assert.equal(mapcheck.transform('{"a":"\\\\\uD800"}', {}).output.a, '\\\uD800');
});

test('validateEvent checks an event, with options as a value or JSON text', async () => {
  const event = await readFile(new URL('../fixtures/segment-docs/engage-event-mapping.track.json', import.meta.url), 'utf8');
  const plain = mapcheck.validateEvent(event);
  assert.equal(plain.valid, true);
  assert.equal(plain.eventType, 'track');
  assert.deepEqual(plain.diagnostics.map((d) => `${d.code} ${d.pointer}`), ['SPEC-09 /messageId', 'ENG-01 /context/personas']);
  assert.deepEqual(mapcheck.validateEvent(JSON.parse(event)).diagnostics.map((d) => d.code), ['SPEC-09', 'ENG-01']);
  const options = { required: ['email'], mapping: { email: { '@path': '$.traits.email' } } };
  const optionsText = JSON.stringify(options, null, 2);
  for (const given of [options, optionsText]) {
    const result = mapcheck.validateEvent(event, given);
    assert.equal(result.valid, false);
    const map01 = result.diagnostics.find((d) => d.code === 'MAP-01');
    assert.equal(map01.source, 'options');
    assert.equal(map01.pointer, '/mapping/email/@path');
    if (typeof given === 'string') {
      assert.equal(given.slice(map01.range.start.utf16Offset, map01.range.end.utf16Offset), '"$.traits.email"');
    }
  }
  // Ranges into an event with a lone surrogate point into the caller's string.
  const lone = '{"type":"identify","userId":"\uD800","traits":{"age":"42"},"messageId":"m"}';
  const age = mapcheck.validateEvent(lone, { audienceKey: 'vip' }).diagnostics.find((d) => d.code === 'SPEC-11');
  assert.equal(lone.slice(age.range.start.utf16Offset, age.range.end.utf16Offset), '"42"');
  const missing = mapcheck.validateEvent(undefined);
  assert.equal(missing.valid, false);
  assert.deepEqual(missing.diagnostics.map((d) => [d.code, d.source, d.message]), [['JSON-09', 'event', 'event: undefined has no JSON form.']]);
  assert.equal(mapcheck.validateEvent('{').diagnostics[0].code, 'JSON-01');
});

test('parseFql, matchesFql and generateFql agree with @segment/destination-subscriptions', async () => {
  const { createRequire } = await import('node:module');
  const reference = createRequire(import.meta.url)('@segment/destination-subscriptions');
  const event = { type: 'track', event: 'Audience Entered', properties: { audience_key: 'vip', vip: true } };
  for (const fql of ['type = "track" and properties.vip = true', 'event = "Audience Exited" or properties.vip = "true"',
    'match(event, "Audience*")', 'type = ']) {
    const parsed = mapcheck.parseFql(fql);
    const theirs = reference.parseFql(fql);
    if (theirs.error) assert.equal(parsed.error.message, theirs.error.message);
    else assert.deepEqual(parsed.ast, theirs);
    assert.equal(mapcheck.matchesFql(fql, event).matches, reference.validate(theirs, event), fql);
    if (!theirs.error) {
      // The AST works as a value and as JSON text; generateFql writes what the reference writes.
      assert.equal(mapcheck.matchesFql(theirs, event).matches, reference.validate(theirs, event));
      assert.equal(mapcheck.matchesFql(JSON.stringify(theirs), JSON.stringify(event)).matches, reference.validate(theirs, event));
      assert.equal(mapcheck.generateFql(theirs).fql, reference.generateFql(theirs));
    }
  }
  const explained = mapcheck.matchesFql('properties.vip = "true"', event);
  assert.equal(explained.conditions[0].actualType, 'boolean');
  assert.equal(explained.conditions[0].matched, false);
  assert.ok(explained.diagnostics.some((d) => d.code === 'TRG-05'));
  // No event: nothing matches. Bad input: diagnostics, not throws.
  assert.equal(mapcheck.matchesFql('type = "track"').matches, false);
  assert.equal(mapcheck.matchesFql('type = "track"', '{').error.name, 'SyntaxError');
  assert.deepEqual(mapcheck.parseFql(42).diagnostics.map((d) => d.code), ['JSON-09']);
  const circular = {};
  circular.self = circular;
  const noAst = mapcheck.matchesFql(circular, event);
  assert.deepEqual([noAst.matches, noAst.conditions, noAst.diagnostics[0].code], [false, [], 'JSON-09']);
  assert.equal(mapcheck.generateFql('{"type":').error.name, 'SyntaxError');
});

test('FQL text with a lone surrogate is read with U+FFFD in its place', () => {
  const withFffd = mapcheck.parseFql('properties.name = "\uFFFD"');
  assert.deepEqual(mapcheck.parseFql('properties.name = "\uD800"'), withFffd);
  assert.equal(mapcheck.matchesFql('properties.name = "\uD800"', { properties: { name: '\uFFFD' } }).matches, true);
});

// The native CLI's JSON for the same input (exit status 1 only means error diagnostics).
function cli(args, input) {
  const run = spawnSync(fileURLToPath(new URL('../../build/mapcheck', import.meta.url)), args, { encoding: 'utf8', input });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return run.stdout;
}

test('simulate gives the same report as the native CLI', async () => {
  const path = fileURLToPath(new URL('../../examples/activation/trait-enrichment-braze.json', import.meta.url));
  const config = await readFile(path, 'utf8');
  const report = mapcheck.simulate(config);
  assert.ok(report.events.length > 0);
  assert.ok(report.events.every((e) => Array.isArray(e.mappings) && Array.isArray(e.diagnostics)));
  assert.deepEqual(report, JSON.parse(cli(['simulate', '--json', path])));
  assert.deepEqual(mapcheck.simulate(JSON.parse(config)), JSON.parse(cli(['simulate', '--json', '-'], JSON.stringify(JSON.parse(config)))));
  const broken = mapcheck.simulate('{"version": 1,');
  assert.deepEqual([broken.events, broken.assumptions, broken.diagnostics[0].code], [[], [], 'JSON-01']);
  const circular = {};
  circular.self = circular;
  assert.deepEqual(mapcheck.simulate(circular).diagnostics.map((d) => [d.code, d.source]), [['JSON-09', 'config']]);
});

test('runBatch gives the results and summary of the native CLI, from NDJSON or an array', () => {
  const mapping = { id: { '@path': '$.userId' }, email: { '@path': '$.context.traits.email' } };
  const events = [
    { type: 'track', event: 'A', userId: 'u1', context: { traits: { email: 'a@example.com' } } },
    { type: 'identify', userId: 'u2' },
    { type: 'track', event: 'B', userId: 'u3' },
  ];
  const ndjson = `${events.map((e) => JSON.stringify(e)).join('\n')}\nnot json\n`;
  const options = { mapping, trigger: 'type = "track"' };
  const result = mapcheck.runBatch(ndjson, options);
  const dir = mkdtempSync(join(tmpdir(), 'mapcheck-batch-'));
  try {
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(mapping));
    const lines = cli(['batch', '--mapping', join(dir, 'mapping.json'), '--trigger', options.trigger], ndjson).trimEnd().split('\n');
    assert.equal(result.results, `${lines.slice(0, -1).join('\n')}\n`);
    assert.deepEqual({ summary: result.summary }, JSON.parse(lines.at(-1)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const parsed = result.results.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(parsed.map((l) => l.line), [1, 2, 3, 4]);
  assert.deepEqual(parsed[0].mappings[0].output, { id: 'u1', email: 'a@example.com' });
  assert.match(parsed[3].error, /Unexpected/);
  assert.deepEqual([result.summary.events, result.summary.badLines], [3, 1]);
  // An array of events is the same as its NDJSON; options may be JSON text.
  const fromArray = mapcheck.runBatch(events, JSON.stringify(options));
  assert.equal(fromArray.results, result.results.split('\n').slice(0, 3).join('\n') + '\n');
  // Unusable options and inputs give diagnostics, not throws.
  assert.deepEqual(mapcheck.runBatch(ndjson, {}).diagnostics.map((d) => d.code), ['CFG-00']);
  const noJson = mapcheck.runBatch([{ n: 1n }], options);
  assert.deepEqual([noJson.results, noJson.diagnostics[0].code, noJson.diagnostics[0].source], ['', 'JSON-09', 'batch']);
});

test('the catalogue lists every code with its templates, and the Markdown is the docs page', async () => {
  const entries = mapcheck.catalogue();
  const codes = entries.map((e) => e.code);
  for (const code of ['JSON-01', 'JSON-09', 'MK-01', 'LIM-02']) assert.ok(codes.includes(code), code);
  assert.equal(new Set(codes).size, codes.length);
  for (const e of entries) {
    assert.deepEqual(Object.keys(e), ['code', 'severity', 'title', 'message', 'fix', 'basis', 'docs']);
    assert.ok(['error', 'warning', 'info'].includes(e.severity));
    assert.equal(e.docs, `docs/diagnostics.md#${e.code.toLowerCase()}`);
  }
  const page = await readFile(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
  assert.equal(mapcheck.catalogueMarkdown(), page);
});

test('after the engine traps, the call returns LIM-02 and the next call runs on a new instance', () => {
  // Call transform from ever shallower frames of a recursion that used up the stack: near the
  // bottom it overflows inside the engine, which leaves that instance's memory broken.
  let mapping = '"leaf"';
  for (let depth = 0; depth < 250; depth++) mapping = `{"a":${mapping}}`;
  const payload = { x: 1 };
  let stopped;
  const dive = () => {
    try {
      dive();
    } catch {
      // the stack ran out below this frame
    }
    if (stopped) return;
    try {
      const result = mapcheck.transform(mapping, payload);
      if (result.diagnostics.some((d) => d.code === 'LIM-02')) stopped = result;
    } catch {
      // the stack ran out in this file's code, before the engine was reached
    }
  };
  dive();
  assert.ok(stopped, 'no call reached the engine with too little stack');
  assert.match(stopped.error.name, /^(RangeError|RuntimeError)$/);
  assert.equal('output' in stopped, false);
  assert.equal(stopped.diagnostics.length, 1);
  assert.equal(stopped.diagnostics[0].severity, 'error');
  assert.match(stopped.diagnostics[0].message, /engine stopped while checking this input \((RangeError|RuntimeError): /);
  // The instance that trapped is dropped: the next call starts a new one and works.
  const Instance = WebAssembly.Instance;
  let started = 0;
  WebAssembly.Instance = new Proxy(Instance, {
    construct(target, args) {
      started += 1;
      return new target(...args);
    },
  });
  try {
    assert.deepEqual(mapcheck.transform(mapping, payload).output, JSON.parse(mapping));
  } finally {
    WebAssembly.Instance = Instance;
  }
  assert.equal(started, 1);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(mapcheck.transform({ a: { '@path': '$.x' } }, { x: i }).output, { a: i });
  }
  assert.equal(mapcheck.validateMapping(mapping).valid, true);
});
