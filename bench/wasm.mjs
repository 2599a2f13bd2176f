// Benchmark worker for our wasm module in Node (web/dist/mapcheck-core.mjs).
//
//   batch:      one runBatch(ndjson, {mapping, trigger}) call per run; the returned JSON is
//               parsed to get the NDJSON results text, as a caller must.
//   per-object: one call per event, as a test suite would make them: matchesFql(trigger, event)
//               when the module has it (the trigger), then transform(mapping, event, true, '')
//               for events that match. Each result is kept as the JSON text the call returned.
//   per-object-transform: transform(mapping, event, true, '') alone (no trigger).
//
// usage: node bench/wasm.mjs batch|per-object|per-object-transform WORKLOAD EVENTS.ndjson REPS [OUT]
// Prints {"seconds": [...], "trigger": bool} on stdout; writes the last run's results to OUT.
import { readFileSync, writeFileSync } from 'node:fs';
import createMapcheckCore from '../web/dist/mapcheck-core.mjs';
import { timeRuns, workloads } from './workloads.mjs';

const [mode, name, file, repsText, out] = process.argv.slice(2);
const workload = workloads.find((w) => w.name === name);
const text = readFileSync(file, 'utf8');
const core = await createMapcheckCore({
  wasmBinary: readFileSync(new URL('../web/dist/mapcheck-core.wasm', import.meta.url)),
});
const mappingText = JSON.stringify(workload.mapping);
const options = JSON.stringify({ mapping: workload.mapping, trigger: workload.trigger });
const hasTrigger = typeof core.matchesFql === 'function';

function batch(input) {
  return JSON.parse(core.runBatch(input, options)).results;
}

function perObject(input, withTrigger = hasTrigger) {
  const lines = input.split('\n');
  const results = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    let matched = true;
    if (withTrigger) matched = JSON.parse(core.matchesFql(workload.trigger, line)).matches;
    results.push('{"line":' + (i + 1) + ',"matched":' + matched +
                 (matched ? ',"result":' + core.transform(mappingText, line, true, '') : '') + '}');
  }
  return results.join('\n') + '\n';
}

const run = mode === 'batch' ? batch : mode === 'per-object' ? perObject : (input) => perObject(input, false);
const { seconds, result } = timeRuns(run, text, Number(repsText));
if (out) writeFileSync(out, result);
process.stdout.write(JSON.stringify({ seconds, trigger: mode !== 'per-object-transform' && hasTrigger }) + '\n');
