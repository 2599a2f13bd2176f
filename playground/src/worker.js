// The module worker that runs the mapcheck core off the main thread. Messages in:
// { id, type: 'run', state } | { id, type: 'generateFql', ast } | { id, type: 'parseFql', fql }.
// Messages out: { type: 'ready' } | { type: 'init-error', message } | { id, result } | { id, error }.
// The page terminates this worker when a message takes too long and starts a new one.
import { init, simulate, parseFql, generateFql, validateEvent, validateMapping } from 'mapcheck';
import wasmUrl from 'mapcheck/mapcheck-core.wasm';
import { buildConfig, collectDiagnostics, collectPaths } from './model.js';

postMessage({ type: 'loaded' }); // boot.js starts the app bundle once this worker runs
const ready = init({ wasm: new URL(wasmUrl, import.meta.url) });
ready.then(
  () => postMessage({ type: 'ready' }),
  (e) => postMessage({ type: 'init-error', message: String((e && e.message) || e) }),
);

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// A typed text that is not JSON: its JSON diagnostics from the core, relative to the text.
function jsonProblems(seg) {
  let value;
  try {
    value = JSON.parse(seg.text);
  } catch {
    const r = seg.kind === 'input' ? validateEvent(seg.text) : validateMapping(seg.text);
    const ds = r.diagnostics.filter((d) => d.code.startsWith('JSON-'));
    const list = ds.length ? ds : [{ code: 'JSON-01', severity: 'error', message: 'This is not valid JSON.', fix: '', docs: 'docs/diagnostics.md#json-01', source: '', pointer: '' }];
    return list.map((d) => ({
      // The message names the input it came from ("event: ..."); here the field is known already.
      code: d.code, severity: d.severity, message: d.message.replace(/^(event|mapping): /, ''), fix: d.fix, docs: d.docs, source: d.source,
      pointer: d.pointer, where: '', count: 1,
      target: { kind: 'segment', id: seg.id, from: d.range ? d.range.start.utf16Offset : 0, to: d.range ? d.range.end.utf16Offset : 0 },
    }));
  }
  if (seg.kind === 'object' && !isObj(value)) {
    return [{ code: 'CFG-00', severity: 'error', message: 'The other settings must be a JSON object.', fix: '', docs: 'docs/diagnostics.md#cfg-00', source: 'config', pointer: '', where: '', count: 1, target: { kind: 'segment', id: seg.id, from: 0, to: seg.text.length } }];
  }
  if (seg.kind === 'input' && !isObj(value)) {
    return [{ code: 'CFG-00', severity: 'error', message: 'The editor must hold a JSON object (a profile or an event).', fix: '', docs: 'docs/diagnostics.md#cfg-00', source: 'config', pointer: '', where: '', count: 1, target: { kind: 'segment', id: seg.id, from: 0, to: seg.text.length } }];
  }
  return [];
}

function run(state) {
  const t0 = performance.now();
  const built = buildConfig(state);
  const local = built.segments.flatMap(jsonProblems);
  const triggers = state.mappings.map((m) => {
    if (m.fql.trim() === '') return { empty: true };
    const p = parseFql(m.fql);
    return { ast: p.ast, error: p.error };
  });
  if (local.length) {
    return { ok: false, diagnostics: local, triggers, ms: performance.now() - t0 };
  }
  const t1 = performance.now();
  const report = simulate(built.text);
  const simulateMs = performance.now() - t1;
  const diagnostics = collectDiagnostics(report, built);
  const paths = collectPaths((report.events || []).map((e) => e.event));
  return { ok: true, report, diagnostics, triggers, paths, ms: performance.now() - t0, simulateMs };
}

onmessage = async (e) => {
  const receivedAt = performance.timeOrigin + performance.now();
  const msg = e.data;
  try {
    await ready;
  } catch {
    return; // init-error was posted
  }
  try {
    let result;
    if (msg.type === 'run') result = run(msg.state);
    else if (msg.type === 'generateFql') result = generateFql(msg.ast);
    else if (msg.type === 'parseFql') result = parseFql(msg.fql);
    else throw new Error(`unknown request ${msg.type}`);
    if (msg.type === 'run') result.clock = { receivedAt, sentAt: performance.timeOrigin + performance.now() };
    postMessage({ id: msg.id, result });
  } catch (err) {
    postMessage({ id: msg.id, error: String((err && err.message) || err) });
  }
};
