// An ES module consumer of the package's types: every function, result and diagnostic field is
// used the way the README describes; the @ts-expect-error lines must stay errors.
import {
  catalogue, catalogueMarkdown, generateFql, init, matchesFql, parseFql, runBatch, simulate, transform,
  validateEvent, validateMapping, version, type MatchesFqlResult, type ParseFqlResult, type ValidateEventResult,
  type BatchResult, type BatchResultLine, type BatchSummary, type SimulationReport, type CatalogueEntry, type Diagnostic, type JsonInput, type JsonValue, type Position, type TransformResult,
  type ValidateMappingResult,
} from 'mapcheck';
import { matchers, type MapcheckMatchers } from 'mapcheck/matchers';
import defaultMatchers from 'mapcheck/matchers';

await init();
await init({ wasm: new URL('https://example.com/mapcheck-core.wasm') });
await init({ wasm: '/assets/mapcheck-core.wasm' });
await init({ wasm: new Uint8Array(8) });
await init({ wasm: new ArrayBuffer(8) });
await init({ wasm: fetch('/mapcheck-core.wasm') });
await init({ wasm: await WebAssembly.compile(new Uint8Array(8)) });
// @ts-expect-error: misspelt option
await init({ wasmUrl: '/mapcheck-core.wasm' });
// @ts-expect-error: null is not a module source
await init({ wasm: null });

const result: TransformResult = transform({ a: { '@path': '$.a' } }, { a: 1 }, { explain: true });
transform('{"a":1}');
transform({}, '{"a":1}', '{"explain":true}');
transform({}, {}, { required: ['email'] });
// @ts-expect-error: a mapping is required
transform();
const output: JsonValue | undefined = result.output;
if (result.error) {
  const name: string = result.error.name;
  const errors: string[] | undefined = result.error.errors;
  console.log(name, errors);
}
for (const step of result.explain ?? []) console.log(step.pointer, step.directive, step.reads.join(), step.empty);

const d: Diagnostic | undefined = result.diagnostics[0];
if (d) {
  const severity: 'error' | 'warning' | 'info' = d.severity;
  const fields: string[] = [d.code, d.message, d.fix, d.source, d.pointer, d.docs];
  if (d.range) {
    const start: Position = d.range.start;
    const n: number = start.offset + start.line + start.column + start.utf16Column + start.utf16Offset + d.range.end.offset;
    console.log(severity, fields, n);
  }
  // @ts-expect-error: severities are a closed set
  const wrong: 'fatal' = d.severity;
  console.log(wrong);
}

const validation: ValidateMappingResult = validateMapping({ a: { '@path': 5 } });
const valid: boolean = validation.valid;
const messages: string[] = validation.errors;
const errorName: string | undefined = validation.errorName;
// @ts-expect-error: validateMapping takes one argument
validateMapping({}, {});

const report: SimulationReport = simulate({ version: 1, computation: { key: 'vip' } });
for (const event of report.events) {
  for (const run of event.mappings) console.log(event.label, run.name, run.matched, run.output, run.diagnostics.length);
}
const batch: BatchResult = runBatch([{ type: 'track' }], { mapping: { a: { '@path': '$.a' } }, trigger: 'type = "track"' });
runBatch('{"type":"track"}\n', { config: '{"version":1}' });
const lines: BatchResultLine[] = batch.results.trimEnd().split('\n').map((l) => JSON.parse(l) as BatchResultLine);
const summary: BatchSummary | undefined = batch.summary;
console.log(lines, summary?.events, summary?.mappings[0]?.emptyFields);
// @ts-expect-error: runBatch needs a mapping or a config
runBatch('', { trigger: 'type = "track"' });

const checked: ValidateEventResult = validateEvent({ type: 'track' }, { audienceKey: 'vip', eventNames: { entered: 'In' }, mapping: { a: 1 } });
console.log(checked.valid, checked.eventType, checked.diagnostics.length, validateEvent('{}').valid);
// @ts-expect-error: unknown option
validateEvent({}, { audience: 'vip' });

const parsedFql: ParseFqlResult = parseFql('type = "track"');
if (parsedFql.ast) {
  const matched: MatchesFqlResult = matchesFql(parsedFql.ast, { type: 'track' });
  const reasons: string[] = matched.conditions.map((c) => `${c.field} ${c.operator} ${c.matched} ${c.reason}`);
  const fql: string | undefined = generateFql(parsedFql.ast).fql;
  console.log(reasons, fql, parsedFql.error?.lexError);
}
matchesFql('type = "track"');
// @ts-expect-error: FQL is text, not a number
parseFql(1);

const entries: CatalogueEntry[] = catalogue();
const titles: string[] = entries.map((e) => `${e.code} ${e.severity} ${e.title} ${e.message} ${e.fix} ${e.basis} ${e.docs}`);
const markdown: string = catalogueMarkdown();
const v: string = version();

const m: typeof matchers = defaultMatchers;
const payloadMatcher: (this: unknown, received: unknown, mapping: JsonInput, expected: unknown) => { pass: boolean; message: () => string } =
  m.toProducePayload;
type Check = MapcheckMatchers<void>;
const check = (c: Check) => {
  c.toProducePayload({ a: 1 }, { a: 1 });
  c.toHaveNoErrorDiagnostics();
  c.toHaveDiagnostic('MK-01');
  c.toHaveDiagnostic('MK-01', '/a');
  c.toBeValidMapping();
  c.toMatchTrigger('type = "track"');
  c.toBeValidEvent({ audienceKey: 'vip' });
};
console.log(output, valid, messages, errorName, titles, markdown, v, payloadMatcher, check);
