// The mapcheck API over one instance of the WebAssembly core, shared by every entry file (Node
// ESM, browsers and bundlers; Node CommonJS loads a generated copy, dist/cjs/api.cjs). After
// `await init()`, every call is synchronous: it turns its arguments into JSON text, calls the core
// and returns the parsed result. Problems in the input come back as diagnostics; only misuse
// (calling before init()) throws.
//
// Adding a core function takes one `define` line at the end of this file and its type in
// index.d.ts, for example:
//   export const explainThing = define('explainThing', [json('thing'), optionalJson('options')]);
// The argument kinds (json, optionalJson, jsonWithPresence, text, fqlOrAst, ndjson) are in
// convert.mjs.
import createMapcheckCore from '../dist/mapcheck-core.mjs';
import {
  InputProblem, fqlOrAst, json, jsonWithPresence, ndjson, optionalJson, restoreRanges, text,
} from './convert.mjs';
import { host } from './host.mjs';

let compiled; // the WebAssembly.Module, once init() has succeeded
let core; // the live instance; undefined after a trap until the next call makes a new one
let starting; // the promise of the running or finished init()
let codes; // the diagnostics catalogue by code, for the diagnostics made on this side
let engineText = ''; // the last line the engine printed (Emscripten's abort reason)

// These check tags, not instanceof, so values from another realm (Jest's sandbox, iframes) count.
function isModule(value) {
  return Object.prototype.toString.call(value) === '[object WebAssembly.Module]';
}

function isUrl(value) {
  return Object.prototype.toString.call(value) === '[object URL]';
}

function isResponse(value) {
  return value !== null && typeof value === 'object' && typeof value.arrayBuffer === 'function' &&
    typeof value.status === 'number';
}

async function compileResponse(response) {
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  const type = (response.headers?.get?.('content-type') ?? '').split(';')[0].trim();
  if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// Compiles the module from any of the sources init() accepts.
async function compile(source) {
  if (source === undefined) {
    if (typeof host.defaultWasm !== 'function') {
      throw new Error('this runtime has no default location for mapcheck-core.wasm; pass init({ wasm })');
    }
    source = host.defaultWasm();
  }
  source = await source;
  if (isModule(source)) return source;
  if (typeof source === 'string' || isUrl(source)) {
    if (typeof host.read !== 'function') throw new Error('this runtime cannot read URLs; pass the bytes');
    source = await host.read(source);
  }
  if (isResponse(source)) return compileResponse(source);
  if (Object.prototype.toString.call(source) === '[object ArrayBuffer]' || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  throw new TypeError('init({ wasm }) takes bytes, a URL, a path, a WebAssembly.Module or a Response');
}

// Starts a new instance of the compiled module, synchronously: Emscripten's loader is handed the
// instance through instantiateWasm, so its startup finishes before the factory returns. This is
// what lets a call replace a trapped instance without making the caller wait.
function instantiate(module) {
  const instance = {
    print() {},
    printErr(line) {
      engineText = String(line);
    },
    instantiateWasm(imports, receiveInstance) {
      const wasm = new WebAssembly.Instance(module, imports);
      receiveInstance(wasm, module);
      return wasm.exports;
    },
  };
  engineText = '';
  // The promise settles after startup; a later abort would reject it, which is handled per call.
  createMapcheckCore(instance).catch(() => {});
  if (typeof instance.version !== 'function') {
    throw new Error(`mapcheck: the WebAssembly module did not start${engineText ? `: ${engineText}` : ''}`);
  }
  return instance;
}

/**
 * Loads and starts the WebAssembly module. Call it once before any other function; later calls
 * return the same promise. `options.wasm` overrides where the module comes from (bytes, a URL or
 * path, a WebAssembly.Module, or a fetch Response). Rejects when the module cannot be loaded; a
 * rejected init() can be retried.
 */
export function init(options = {}) {
  if (starting === undefined) {
    starting = (async () => {
      if (options === null || typeof options !== 'object') {
        throw new TypeError('init() takes an options object, for example { wasm: url }');
      }
      const where = options.wasm === undefined ? 'its default location' : describeSource(options.wasm);
      let module;
      try {
        module = await compile(options.wasm);
      } catch (error) {
        throw new Error(`mapcheck: could not load the WebAssembly module from ${where}: ${error.message}`, { cause: error });
      }
      const instance = instantiate(module);
      codes = new Map(JSON.parse(instance.catalogueEntries()).map((entry) => [entry.code, entry]));
      compiled = module;
      core = instance;
    })();
    starting.catch(() => {
      starting = undefined;
    });
  }
  return starting;
}

function describeSource(source) {
  if (typeof source === 'string' || isUrl(source)) return String(source);
  if (isModule(source)) return 'a WebAssembly.Module';
  if (isResponse(source)) return source.url || 'a Response';
  return 'the given bytes';
}

// Builds a diagnostic from the catalogue for a problem found on this side of the boundary.
function diagnostic(code, source, args) {
  const entry = codes.get(code);
  const fill = (template) => template.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? args[name] : whole));
  return {
    code,
    severity: entry.severity,
    message: fill(entry.message),
    fix: fill(entry.fix),
    source,
    pointer: '',
    docs: entry.docs,
  };
}

// The result of a call that could not run: `error` plus one diagnostic.
const failed = (error, diagnostics) => ({ error, diagnostics });
// validateMapping's shape of the same.
const invalid = (error, diagnostics) => ({ valid: false, errors: [error.message], errorName: error.name, diagnostics });
// The core's own shapes for a simulation or a batch that could not start.
const noReport = (error, diagnostics) => ({ events: [], assumptions: [], diagnostics });
const noResults = (error, diagnostics) => ({ results: '', diagnostics });
const noMatch = (error, diagnostics) => ({ matches: false, error, conditions: [], diagnostics });
const notValid = (error, diagnostics) => ({ valid: false, diagnostics });

/**
 * Makes the JS function `name` for the binding `binding`. `params` converts each argument (see
 * convert.mjs); `shape(error, diagnostics)` builds the result when the call cannot run (input
 * with no JSON form, or a trap); `result: 'text'` returns the binding's text as is, and such a
 * function rethrows a trap instead of shaping it.
 */
function define(binding, params, { shape = failed, result = 'json', name = binding } = {}) {
  const call = (...args) => {
    if (compiled === undefined) {
      throw new Error(`mapcheck: call \`await init()\` before ${name}() (it loads the WebAssembly module)`);
    }
    const escapes = new Map();
    const wire = [];
    try {
      params.forEach((param, i) => wire.push(...param(args[i], escapes)));
    } catch (problem) {
      if (!(problem instanceof InputProblem)) throw problem;
      const error = { name: problem.name, message: problem.message };
      return shape(error, [diagnostic('JSON-09', problem.source, { detail: problem.message })]);
    }
    // A trap or a stack overflow leaves the instance's memory in an unknown state: each catch
    // drops the instance first, then builds the result.
    const stopped = (trap) => {
      if (result === 'text') throw trap;
      const name = trap?.name ?? 'Error';
      const message = String(trap?.message ?? trap);
      return shape({ name, message }, [diagnostic('LIM-02', '', { detail: `${name}: ${message}` })]);
    };
    try {
      if (core === undefined) core = instantiate(compiled);
    } catch (trap) {
      core = undefined;
      return stopped(trap);
    }
    if (typeof core[binding] !== 'function') {
      throw new Error(`mapcheck: this build of the WebAssembly module has no ${binding}() for ${name}()`);
    }
    let text;
    try {
      text = core[binding](...wire);
    } catch (trap) {
      core = undefined;
      return stopped(trap);
    }
    if (result === 'text') return text;
    const value = JSON.parse(text);
    const moved = restoreRanges(value, escapes);
    if (moved.size) {
      if (value.error && moved.has(value.error.message)) value.error.message = moved.get(value.error.message);
      if (Array.isArray(value.errors)) value.errors = value.errors.map((m) => moved.get(m) ?? m);
    }
    return value;
  };
  Object.defineProperty(call, 'name', { value: name });
  return call;
}

/** Runs a mapping on a payload like Segment's mapping-kit: { output?, error?, diagnostics, explain? }. */
export const transform = define('transform', [json('mapping'), jsonWithPresence('payload'), optionalJson('options')]);
/** Validates a mapping like Segment does when it is saved: { valid, errors, errorName?, diagnostics }. */
export const validateMapping = define('validateMapping', [json('mapping')], { shape: invalid });
/** Checks one Identify or Track event (Spec, Engage shape, mapping lints): { valid, eventType?, diagnostics }. */
export const validateEvent = define('validateEvent', [json('event'), optionalJson('options')], { shape: notValid });
/** Parses an FQL trigger as @segment/destination-subscriptions does: { ast?, error?, diagnostics }. */
export const parseFql = define('parseFql', [text('trigger')]);
/** Evaluates a trigger (FQL text or AST) on an event: { matches, error?, conditions, diagnostics }. */
export const matchesFql = define('matchesFql', [fqlOrAst('trigger'), optionalJson('event')], { shape: noMatch });
/** Writes a trigger AST as FQL text: { fql?, error?, diagnostics }. */
export const generateFql = define('generateFql', [json('trigger')]);
/** Simulates an Engage activation (docs/activation-config.md): { setup, destination, events, rows?, assumptions, diagnostics }. */
export const simulate = define('simulate', [json('config')], { shape: noReport });
/** Checks NDJSON events (text, or an array of events) with { mapping, trigger? } or { config }: { results, summary, diagnostics }. */
export const runBatch = define('runBatch', [ndjson('batch'), json('options')], { shape: noResults });
/** The diagnostics catalogue: [{ code, severity, title, message, fix, basis, docs }]. */
export const catalogue = define('catalogueEntries', [], { name: 'catalogue' });
/** The diagnostics reference page (docs/diagnostics.md) as Markdown. */
export const catalogueMarkdown = define('catalogue', [], { result: 'text', name: 'catalogueMarkdown' });
/** The core's version, e.g. "0.1.0". */
export const version = define('version', [], { result: 'text' });
