// Types for the mapcheck package (every entry: node.mjs, node.cjs, index.mjs). Each function of
// src/api.mjs has its declaration here.

/** A JSON value, as results carry them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * An input: a string is JSON text; any other value is converted with JSON.stringify (so it must
 * have a JSON form: no cycles, BigInt, functions or bare undefined; those give a JSON-09
 * diagnostic).
 */
export type JsonInput = string | number | boolean | null | object;

/** A place in an input text. */
export interface Position {
  /** 0-based UTF-8 byte offset (a lone surrogate counts 3 bytes). */
  offset: number;
  /** 1-based line; "\n", "\r\n" and a lone "\r" end a line. */
  line: number;
  /** 1-based column in Unicode code points. */
  column: number;
  /** 1-based column in UTF-16 code units, as editors and JS string indexes count. */
  utf16Column: number;
  /** 0-based offset in UTF-16 code units from the start of the text (a JS string index). */
  utf16Offset: number;
}

/** The span of text a diagnostic concerns, end exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** Which input a diagnostic points into. */
export type DiagnosticSource =
  | 'mapping'
  | 'payload'
  | 'event'
  | 'options'
  | 'trigger'
  | 'config'
  | 'batch'
  | ''
  | (string & {});

/** One problem found, from the catalogue of permanent codes (docs/diagnostics.md). */
export interface Diagnostic {
  /** Permanent code, e.g. "MK-01". */
  code: string;
  severity: Severity;
  /** The catalogue's message with the specifics filled in. */
  message: string;
  /** What to do about it. */
  fix: string;
  source: DiagnosticSource;
  /** RFC 6901 JSON pointer into `source` ("" for the whole input). */
  pointer: string;
  /** Where in the input text, when the input was text and the place exists. */
  range?: Range;
  /** The code's section of the reference, e.g. "docs/diagnostics.md#mk-01". */
  docs: string;
}

/** What Segment's runtime throws, with its exact class name and message. */
export interface ErrorInfo {
  /** e.g. "ValidationError", "AggregateError", "SyntaxError"; "TypeError" for an input with no JSON form. */
  name: string;
  message: string;
  /** The messages of an AggregateError, in order. */
  errors?: string[];
}

export interface TransformOptions {
  /** Also return `explain`: which directive produced each output field and what it read. */
  explain?: boolean;
  /** Top-level fields the destination action requires (MAP-03 when one resolves to nothing). */
  required?: string[];
}

/** One output field and where its value came from. */
export interface ExplainStep {
  /** JSON pointer of the directive in the mapping. */
  pointer: string;
  /** The directive, e.g. "@path". */
  directive: string;
  /** The payload paths it read. */
  reads: string[];
  /** True when it resolved to nothing (undefined). */
  empty: boolean;
}

export interface TransformResult {
  /** The mapped payload, as JSON data; absent when Segment's transform returns undefined or throws. */
  output?: JsonValue;
  /** Present when Segment's transform throws. */
  error?: ErrorInfo;
  diagnostics: Diagnostic[];
  /** With `{ explain: true }`. */
  explain?: ExplainStep[];
}

export interface ValidateMappingResult {
  /** Whether Segment accepts the mapping when it is saved. */
  valid: boolean;
  /** Segment's validation messages, in order (empty when valid). */
  errors: string[];
  /** The class Segment throws when invalid, e.g. "AggregateError". */
  errorName?: string;
  diagnostics: Diagnostic[];
}

/** What validateEvent() checks the event against (docs/events.md). */
export interface ValidateEventOptions {
  /** The connection's Enter, Exit and Compute event names. */
  eventNames?: { entered?: string; exited?: string; computed?: string };
  /** The audience (or computed trait) key you expect. */
  audienceKey?: string;
  /** Top-level mapping fields the destination action requires. */
  required?: string[];
  /** A mapping to validate, run on the event and lint; its diagnostics point into the options. */
  mapping?: JsonInput;
  mappings?: JsonInput[];
}

export interface ValidateEventResult {
  /** False when any diagnostic is an error. */
  valid: boolean;
  /** "identify", "track", ... when the event has a type. */
  eventType?: string;
  diagnostics: Diagnostic[];
}

/** A trigger's AST as @segment/destination-subscriptions' parseFql returns it. */
export interface FqlNode {
  /** "group", "event-type", "event", "name", "userId", "event-property", "event-trait", "event-context", ... */
  type: string;
  operator?: string;
  name?: string;
  value?: JsonValue;
  children?: FqlNode[];
  [key: string]: JsonValue | FqlNode[] | undefined;
}

export interface ParseFqlResult {
  /** Present when the text parses. */
  ast?: FqlNode;
  /** The reference's parse error; `lexError` is the lexer's message when the lexer failed first. */
  error?: ErrorInfo & { lexError?: string };
  diagnostics: Diagnostic[];
}

/** How one condition of a trigger was evaluated. */
export interface FqlCondition {
  /** JSON pointer of the condition in the AST. */
  pointer: string;
  type: string;
  /** The event field it reads, e.g. "properties.vip". */
  field: string;
  operator: string;
  expected?: JsonValue;
  /** The event's value (absent when the field is missing). */
  actual?: JsonValue;
  actualType: string;
  matched: boolean;
  /** Why it matched or not, in words. */
  reason: string;
  /** Where evaluation of a path stopped, when it did. */
  stoppedAt?: string;
  error?: ErrorInfo;
}

export interface MatchesFqlResult {
  /** Whether the reference's validate(ast, event) is true. */
  matches: boolean;
  /** What the reference throws, or the trigger's parse error. */
  error?: ErrorInfo;
  conditions: FqlCondition[];
  diagnostics: Diagnostic[];
}

export interface GenerateFqlResult {
  /** The FQL text the reference's generateFql writes. */
  fql?: string;
  error?: ErrorInfo;
  diagnostics: Diagnostic[];
}

/** One run of a mapping on a simulated event. */
export interface MappingRun {
  /** The mapping's index in the config's `mappings`. */
  index: number;
  name: string;
  enabled: boolean;
  /** Whether its trigger matches the event. */
  matched: boolean;
  /** How the trigger was evaluated. */
  trigger?: JsonValue;
  /** The mapped payload, when it matched and resolved to something. */
  output?: JsonValue;
  /** What Segment's transform throws, when it does. */
  error?: ErrorInfo;
  explain?: ExplainStep[];
  /** What a Facebook or Google Actions destination receives on the wire. */
  preview?: JsonValue;
  diagnostics: Diagnostic[];
}

/** One event Engage sends for the simulated change. */
export interface SimulatedEvent {
  /** e.g. "Identify" or "Track: Audience Entered". */
  label: string;
  type: string | null;
  /** The event as Segment sends it. */
  event: JsonValue;
  /** The identifier values this event carries. */
  identifiers: JsonValue;
  mappings: MappingRun[];
  diagnostics: Diagnostic[];
}

/** One membership row of a list destination (Facebook Custom Audiences, Google Ads Remarketing Lists). */
export interface MembershipRow {
  membership: 'add' | 'remove';
  identifiers: JsonValue;
  values: JsonValue[];
}

export interface Assumption {
  id: string;
  text: string;
  source: string;
}

/** The report of simulate(); without `setup` and `destination` when the config cannot be read. */
export interface SimulationReport {
  /** "default" or "customized". */
  setup?: string;
  destination?: string;
  events: SimulatedEvent[];
  rows?: MembershipRow[];
  /** Where the Segment docs are silent, what the simulation assumed. */
  assumptions: Assumption[];
  diagnostics: Diagnostic[];
}

/** How runBatch() runs each event. */
export type BatchOptions =
  | { mapping: JsonInput; trigger?: string; requiredFields?: string[] }
  | { config: JsonInput };

/** Per-mapping coverage over a batch. */
export interface BatchMappingCoverage {
  name: string;
  /** Events whose trigger matched. */
  matched: number;
  /** Events for which the mapping threw. */
  failed: number;
  /** Top-level field → number of events where it was empty. */
  emptyFields: Record<string, number>;
}

export interface BatchSummary {
  events: number;
  /** Lines that were not a JSON object. */
  badLines: number;
  mappings: BatchMappingCoverage[];
  /** Diagnostic code → count. */
  diagnostics: Record<string, number>;
}

/** One line of runBatch()'s `results`, once parsed. */
export interface BatchResultLine {
  /** 1-based line number in the input. */
  line: number;
  /** Why the line was not checked (not JSON, or not an object). */
  error?: string;
  mappings?: Array<{ matched: boolean; output?: JsonValue; error?: ErrorInfo; missingRequired?: string[] }>;
}

export interface BatchResult {
  /** NDJSON: one BatchResultLine per event line, in order. */
  results: string;
  /** Absent when the options are unusable (see diagnostics). */
  summary?: BatchSummary;
  diagnostics: Diagnostic[];
}

/** One code of the diagnostics catalogue. */
export interface CatalogueEntry {
  code: string;
  severity: Severity;
  /** A few words, for lists. */
  title: string;
  /** Message template with {placeholders}. */
  message: string;
  /** Fix template with {placeholders}. */
  fix: string;
  /** Where the rule comes from. */
  basis: string;
  docs: string;
}

/** Where init() takes the WebAssembly module from. */
export type WasmSource =
  | ArrayBuffer
  | ArrayBufferView
  | URL
  | string
  | WebAssembly.Module
  | Response
  | PromiseLike<Response>;

export interface InitOptions {
  /**
   * The module (dist/mapcheck-core.wasm): its bytes, a URL (a string is a URL in browsers and a
   * path or URL in Node), a compiled WebAssembly.Module, or a fetch Response. Default: the file
   * next to the package entry.
   */
  wasm?: WasmSource;
}

/**
 * Loads and starts the WebAssembly module; call it once before anything else (later calls return
 * the same promise). Rejects when the module cannot be loaded; a failed init() may be retried.
 */
export function init(options?: InitOptions): Promise<void>;

/**
 * Runs `mapping` on `payload` as Segment's mapping-kit transform does. Without a payload the
 * mapping runs on undefined. Never throws for bad input: problems are diagnostics.
 * @throws Error when called before init() has finished.
 */
export function transform(mapping: JsonInput, payload?: JsonInput, options?: TransformOptions | string): TransformResult;

/**
 * Validates `mapping` as Segment does when a mapping is saved.
 * @throws Error when called before init() has finished.
 */
export function validateMapping(mapping: JsonInput): ValidateMappingResult;

/**
 * Checks one pasted Identify or Track event before any mapping runs: the Segment Spec (SPEC-*),
 * the Engage shape (ENG-*) and, with a mapping in the options, where the mapping reads (MAP-*).
 * @throws Error when called before init() has finished.
 */
export function validateEvent(event: JsonInput, options?: ValidateEventOptions | string): ValidateEventResult;

/**
 * Parses an FQL trigger (e.g. `type = "track" and properties.vip = true`) as Segment does, with
 * lint diagnostics.
 * @throws Error when called before init() has finished.
 */
export function parseFql(fql: string): ParseFqlResult;

/**
 * Evaluates a trigger on an event as Segment does, explaining each condition. `trigger` is FQL
 * text or an AST (a value, or JSON text starting with "{"); without an event nothing matches.
 * ASTs pass through JSON, so a NaN in one becomes null: prefer FQL text.
 * @throws Error when called before init() has finished.
 */
export function matchesFql(trigger: string | FqlNode, event?: JsonInput): MatchesFqlResult;

/**
 * Writes a trigger AST as FQL text, as Segment's generateFql does.
 * @throws Error when called before init() has finished.
 */
export function generateFql(ast: FqlNode | string): GenerateFqlResult;

/**
 * Simulates an Engage activation described by `config` (docs/activation-config.md): the events
 * Engage sends, what each mapping makes of them, and diagnostics.
 * @throws Error when called before init() has finished.
 */
export function simulate(config: JsonInput): SimulationReport;

/**
 * Checks many events at once: `events` is NDJSON text or an array of events; `options` is
 * `{ mapping, trigger?, requiredFields? }` (trigger in FQL) or `{ config }`.
 * @throws Error when called before init() has finished.
 */
export function runBatch(events: string | ReadonlyArray<JsonInput>, options: BatchOptions | string): BatchResult;

/** The diagnostics catalogue, in reference order. */
export function catalogue(): CatalogueEntry[];

/** The diagnostics reference page (docs/diagnostics.md) as Markdown. */
export function catalogueMarkdown(): string;

/** The core's version, e.g. "0.1.0". */
export function version(): string;
