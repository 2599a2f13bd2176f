// Benchmark worker for the reference: Segment's own packages in Node. For every NDJSON line:
// JSON.parse, destination-subscriptions validate() of the trigger (parsed once with parseFql,
// as Segment caches a subscription's AST), actions-core transform() of the mapping, and the
// result line written as JSON, in the same shape as `mapcheck batch` writes it.
//
// usage: node bench/reference.mjs WORKLOAD EVENTS.ndjson REPS [OUT.ndjson]
// Prints {"seconds": [...]} on stdout; writes the last run's result lines to OUT when given.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { timeRuns, workloads } from './workloads.mjs';

const require = createRequire(new URL('../package.json', import.meta.url));
const { transform } = require('@segment/actions-core');
const { parseFql, validate } = require('@segment/destination-subscriptions');

const [name, file, repsText, out] = process.argv.slice(2);
const workload = workloads.find((w) => w.name === name);
const text = readFileSync(file, 'utf8');
const mapping = structuredClone(workload.mapping);
const ast = parseFql(workload.trigger);
if (ast.error) throw new Error(`the reference cannot parse the trigger: ${ast.error.message}`);

function run(input) {
  const lines = input.split('\n');
  const results = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const event = JSON.parse(line);
    const matched = validate(ast, event);
    let result = '{"line":' + (i + 1) + ',"mappings":[{"matched":' + matched;
    if (matched) {
      try {
        const output = transform(mapping, event);
        if (output !== undefined) result += ',"output":' + JSON.stringify(output);
      } catch (e) {
        result += ',"error":' + JSON.stringify({ name: e.name, message: e.message });
      }
    }
    results.push(result + '}]}');
  }
  return results.join('\n') + '\n';
}

const { seconds, result } = timeRuns(run, text, Number(repsText));
if (out) writeFileSync(out, result);
process.stdout.write(JSON.stringify({ seconds }) + '\n');
