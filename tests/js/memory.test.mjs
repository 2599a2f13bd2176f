// The WebAssembly module's memory stays flat over 100,000 calls through the package, as a
// playground tab or a test suite makes them for hours: a leak of even a few hundred bytes per
// call would grow it by tens of megabytes. WebAssembly memory never shrinks, so its size after
// the calls is the high-water mark of everything they allocated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

// The package starts its instances with `new WebAssembly.Instance`; keep them to read their
// memory (the package itself does not expose it).
const instances = [];
WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
  construct(target, args) {
    const instance = Reflect.construct(target, args);
    instances.push(instance);
    return instance;
  },
});

const mapcheck = await import('../../web/node.mjs');
await mapcheck.init();
const memory = () => {
  assert.equal(instances.length, 1, 'no call needed a fresh instance (a trap would start one)');
  const mem = Object.values(instances[0].exports).find((v) => v instanceof WebAssembly.Memory);
  return mem.buffer.byteLength;
};

const config = JSON.parse(await readFile(new URL('../../examples/activation/trait-enrichment-braze.json', import.meta.url), 'utf8'));
const mapping = JSON.parse(await readFile(new URL('../../examples/braze-track.mapping.json', import.meta.url), 'utf8'));
const eventText = await readFile(new URL('../../examples/audience-entered.track.json', import.meta.url), 'utf8');

// One round of calls of every kind, with inputs that change from call to call (so caches keyed
// by input keep being replaced), including failures: broken JSON, a failing mapping, a bad
// trigger, a Liquid error.
function round(i) {
  const event = JSON.parse(eventText);
  event.messageId = `m-${i}`;
  event.properties = { ...event.properties, n: i, s: 'x'.repeat(i % 300) };
  const results = [
    mapcheck.transform(mapping, event),
    mapcheck.transform({ a: { '@template': `{{properties.n}}-${i}` }, l: { '@liquid': `{{ properties.n | plus: ${i} }}` } }, event),
    mapcheck.transform({ a: { '@path': 5 } }, event),
    mapcheck.transform('{"a": {"@path": "$.x"', event),
    mapcheck.matchesFql(`type = "track" and properties.n = ${i % 50}`, event),
    mapcheck.matchesFql('type = "track" and (', event),
    mapcheck.parseFql(`properties.n > ${i}`),
    mapcheck.validateEvent(event, { mapping }),
    mapcheck.validateMapping({ x: { '@if': { exists: { '@path': `$.p${i}` }, then: 1 } } }),
  ];
  if (i % 10 === 0) {
    results.push(mapcheck.simulate({ ...config, profile: { ...config.profile, traits: { ...config.profile.traits, n: i } } }));
    results.push(mapcheck.runBatch(`${JSON.stringify(event)}\nnot json\n`, { mapping, trigger: 'type = "track"' }));
  }
  return results.length;
}

test('memory stays flat over 100,000 calls of every kind', () => {
  let calls = 0;
  let i = 0;
  while (calls < 5_000) calls += round(i++); // caches and free lists fill up
  const before = memory();
  calls = 0;
  while (calls < 100_000) calls += round(i++);
  const after = memory();
  console.log(`# wasm memory: ${before} bytes after warm-up, ${after} bytes after ${calls} more calls`);
  assert.ok(after - before <= 1 << 20, `memory grew by ${after - before} bytes over ${calls} calls`);
});
