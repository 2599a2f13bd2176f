#!/usr/bin/env node
// Differential tester for mapping-kit: generates random mappings and payloads from a seeded
// grammar, computes the expected results with Segment's own `@segment/actions-core` (the
// reference), writes them as conformance cases and, with --check, runs them through our native
// CLI (`build/mapcheck conformance`), shrinks every disagreement and prints it as a ready-to-
// commit case.
//
//   node tests/differential/mapping.mjs --seed 7 --count 5000 --check
//   node tests/differential/mapping.mjs --seed 1 --count 1000 --out cases.json
//
// Options: --seed N (default 1), --count N (default 1000), --out FILE (write the cases),
// --check (run the CLI and report disagreements), --cli PATH (default build/mapcheck),
// --no-shrink, --max-report N (disagreements to shrink and print, default 10),
// --id-prefix P (default "gen/<seed>"), --no-functions (leave out cases whose lookups reach
// built-in functions such as `constructor`),
// --recompute FILE (recompute the expected values of FILE's cases; with --out and/or --check).
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { transform } = require('@segment/actions-core');
const validate = require('@segment/actions-core/mapping-kit/validate').default;

// Lookups that reach built-in functions (`constructor`, `toString`) are watched, so that such
// cases can be counted, or left out with --no-functions (mapcheck models them; see
// docs/differences.md). Every lookup the reference makes outside a template is watched.
const cjsDir = dirname(dirname(require.resolve('@segment/actions-core/mapping-kit/validate')));
const getModule = require(join(cjsDir, 'get.js'));
const placeholders = require(join(cjsDir, 'mapping-kit', 'placeholders.js'));
const originalGet = getModule.get;
const originalRender = placeholders.render;
let inTemplate = 0;
let sawFunction = false;
getModule.get = function watchedGet(obj, path) {
  const v = originalGet(obj, path);
  if (!inTemplate && (typeof v === 'function' || isWrapper(v))) sawFunction = true;
  return v;
};
placeholders.render = function watchedRender(...args) {
  inTemplate++;
  try { return originalRender(...args); } finally { inTemplate--; }
};
// String.prototype, Number.prototype and Boolean.prototype: objects that act as "", 0, false.
function isWrapper(v) {
  return v !== null && typeof v === 'object' && /^\[object (String|Number|Boolean)\]$/.test(Object.prototype.toString.call(v));
}

export const repoRoot = resolvePath(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultCli = join(repoRoot, 'build', 'mapcheck');

// ---- seeded randomness ---------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) { this.next = mulberry32(seed); }
  int(n) { return Math.floor(this.next() * n); }
  chance(p) { return this.next() < p; }
  pick(list) { return list[this.int(list.length)]; }
  // Picks from [[weight, value-or-thunk], ...].
  weighted(entries) {
    let total = 0;
    for (const [w] of entries) total += w;
    let r = this.next() * total;
    for (const [w, v] of entries) {
      if ((r -= w) < 0) return typeof v === 'function' ? v() : v;
    }
    const last = entries[entries.length - 1][1];
    return typeof last === 'function' ? last() : last;
  }
}

// ---- JS object helpers ---------------------------------------------------------------------

// Own data properties, so that "__proto__" becomes a real key as JSON.parse would make it.
export function setKey(obj, key, value) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}
function obj(entries) {
  const o = {};
  for (const [k, v] of entries) setKey(o, k, v);
  return o;
}
const isPlainObject = (v) => Object.prototype.toString.call(v) === '[object Object]';

// ---- payloads ------------------------------------------------------------------------------

const KEY_TRAPS = ['10', '2', '01', '-1', '0', '4294967295', '4294967294', '1.5', '', ' ', 'a.b',
  'a b', ' event', 'é', 'ß', '😀', 'ключ', '日本', 'length', '$', '$a', '_metadata', '@x',
  'user@example.com', "it's", 'say "hi"', '[0]', 'a[b]', '__proto__', 'constructor', 'toString',
  'hasOwnProperty', 'valueOf', '{{a}}', 'x}y', 'İ', 'Σ'];
const STRING_TRAPS = ['', ' ', '0', 'false', 'null', 'abc', 'ABC', 'Hello World', 'straße', 'İstanbul',
  'ΟΔΟΣ', 'ΣΑΣ Σ', 'ǅemal', 'ǆ', 'ﬁne', 'ŉ', 'ΐ', 'Kelvin K', 'ſ', 'é', 'É', '\u0130', '😀', 'a😀b',
  '\ud83d', '\ude00', 'x\ud800y', '\udbff\udfff', 'a\u0000b', 'tab\tnl\n', '\u2028', '\u007f',
  '$&', '$$', "$'", '$`', '$1', 'a.b.c', '{{a}}', '{{{a}}}', '}}', '{{', 'aaaaa', 'AaAa',
  '123', '-0', '1e21', '00', '  padded  ', 'a,b', '[object Object]', '\\', '/', '"q"'];
const JSON_TEXT_TRAPS = ['{"a":1,"a":2}', '{"b":1,"a":2,"b":3}', ' [1, 2] ', '\t{"x" : null}\n', '1e400',
  '-1e400', '"x"', '{"10":1,"2":2,"b":3,"1":4}', 'nul', '[1,]', '{"a":1,}', "{'a':1}", '-0', '0.1',
  '1E21', '123456789012345678901', '{"__proto__":{"a":1}}', '[[],{},[[]]]', 'true', 'null', '""',
  '"\\ud800"', '"\\u00e9"', '01', '.5', '+1', 'NaN', '\ufeff{}', '{"a":[1,{"b":null}]}', '[', '{}',
  '[]', '"\\u0000"', '{"":1}', '  ', '1 2', '"a\\nb"', '{"a":"\\ud83d\\ude00"}', '\r\n7\r\n'];
const NUMBER_TRAPS = [0, -0, 1, -1, 0.1, 0.5, 1.5, 99.5, 100, 1e21, 1e-7, 1e-6, 123e-20, 1.7976931348623157e308,
  5e-324, 9007199254740993, 12345678901234567890, 4294967295, -4294967296, 2 ** 31, 0.000001, 1e20,
  123456789012345680000, 3.14159, -2.5e-8, 1e100];

// Characters that stress case mapping, RegExp ignore-case folding, UTF-16 handling and the
// path and template syntax.
const CHAR_TRAPS = ['ß', 'ẞ', 'İ', 'ı', 'i', 'I', 'Σ', 'σ', 'ς', 'ǅ', 'ǈ', 'ǋ', 'ǲ', 'Ǆ', 'ǆ', 'ﬀ', 'ﬁ',
  'ﬆ', 'ŉ', 'ΐ', 'ΰ', 'և', '\u212a', '\u212b', 'ſ', 'µ', 'ÿ', 'Ÿ', '\u0345', 'ι', 'ᾳ', 'ᾼ', 'ꭰ', 'Ꭰ',
  'ა', 'Ა', 'Ⴀ', 'ⴀ', '𐐀', '𐐨', '𞤀', '𞤢', '😀', '\u0307', '\u0301', 'é', 'É', 'ǰ', 'ẖ', 'ﬓ', 'Ω',
  '\u2126', 'ω', 'ϐ', 'ϑ', 'ϕ', 'ϖ', 'ϰ', 'ϱ', 'ϵ', 'ẛ', 'ᲀ', 'ꙋ', 'Ᲊ', '\ud800', '\udfff', '\ud83d',
  '\ude00', '\u0000', '\u001f', '\u007f', '\u2028', '\ufeff', '\uffff', '.', '[', ']', '"', "'", '$',
  '{', '}', ' ', '\t', '\\', '/', '0', '1', '9', 'a', 'A', 'z', 'Z', '-', '@', ',', '&', '`'];

function randomChar(rng) {
  return rng.weighted([
    [4, () => rng.pick(CHAR_TRAPS)],
    [3, () => String.fromCharCode(0x20 + rng.int(0x5f))],
    [1, () => String.fromCharCode(0x80 + rng.int(0x180))],
    [1, () => String.fromCharCode(0x370 + rng.int(0x200))],
    [1, () => { const c = rng.int(0x10000); return String.fromCharCode(c); }],
    [0.5, () => String.fromCodePoint(0x10000 + rng.int(0x20000))],
    [0.3, () => String.fromCodePoint(0x1e900 + rng.int(0x60))],
  ]);
}

export function fuzzString(rng, max = 8) {
  let out = '';
  const n = rng.int(max + 1);
  for (let i = 0; i < n; i++) out += randomChar(rng);
  return out;
}

function randomNumber(rng) {
  return rng.weighted([
    [3, () => rng.pick(NUMBER_TRAPS)],
    [2, () => rng.int(2000) - 1000],
    [2, () => Number((rng.next() * 10 ** (rng.int(30) - 10)).toPrecision(1 + rng.int(17)))],
    [1, () => { const b = new DataView(new ArrayBuffer(8)); b.setUint32(0, rng.int(2 ** 32)); b.setUint32(4, rng.int(2 ** 32)); const v = b.getFloat64(0); return Number.isFinite(v) ? v : 0; }],
    [1, () => (rng.chance(0.5) ? -1 : 1) * 10 ** (rng.int(60) - 30)],
    [1, () => (rng.chance(0.5) ? 1 : -1) * (2 ** rng.int(80)) + rng.int(3) - 1],
  ]);
}

// JSON text with random layout: whitespace, escapes, number spellings, duplicate keys, and
// sometimes a mutation that makes it invalid.
function jsonText(rng, value, depth = 0) {
  const ws = () => (rng.chance(0.2) ? rng.pick([' ', '\t', '\n', '\r', '  ', '\u00a0', '\u2028', '\f', '\v']) : '');
  const str = (s) => {
    let out = '"';
    for (const ch of s) {
      const c = ch.charCodeAt(0);
      if (ch === '"' || ch === '\\') out += '\\' + ch;
      else if (c < 0x20 || rng.chance(0.1)) {
        out += ch.length > 1 ? [...ch].map(() => '').join('') + '\\u' + c.toString(16).padStart(4, '0') + '\\u' + ch.charCodeAt(1).toString(16).padStart(4, '0')
          : rng.chance(0.5) && '\b\f\n\r\t/'.includes(ch) ? '\\' + { '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '/': '/' }[ch]
          : '\\u' + (rng.chance(0.5) ? c.toString(16).toUpperCase() : c.toString(16)).padStart(4, '0');
      } else out += ch;
    }
    return out + '"';
  };
  const v = value;
  let text;
  if (Array.isArray(v)) text = '[' + v.map((x) => ws() + jsonText(rng, x, depth + 1) + ws()).join(',') + ']';
  else if (v !== null && typeof v === 'object') {
    const entries = Object.keys(v).map((k) => [k, v[k]]);
    if (entries.length && rng.chance(0.2)) entries.push([rng.pick(entries)[0], scalar(rng)]);
    text = '{' + entries.map(([k, x]) => ws() + str(k) + ws() + ':' + ws() + jsonText(rng, x, depth + 1) + ws()).join(',') + '}';
  } else if (typeof v === 'string') text = str(v);
  else if (typeof v === 'number') {
    text = Object.is(v, -0) ? '-0' : String(v).replace('e+', rng.pick(['e+', 'e', 'E', 'E+']));
    if (rng.chance(0.05)) text = rng.pick(['1e400', '-1e400', '1e-400', '-0.0', '0.10', '100e-2', '1E+2', '123456789012345678901234567890']);
  } else text = JSON.stringify(v) ?? 'null';
  if (depth === 0) {
    text = ws() + text + ws();
    if (rng.chance(0.15)) {
      const at = rng.int(text.length + 1);
      text = rng.chance(0.5) ? text.slice(0, at) + rng.pick([',', ']', '}', '"', "'", '\\', ' ', 'x', '0', '.', '-', '\u0000']) + text.slice(at)
        : text.slice(0, at) + text.slice(at + 1);
    }
  }
  return text;
}

function scalar(rng) {
  return rng.weighted([
    [3, () => rng.pick(STRING_TRAPS)],
    [2, () => fuzzString(rng)],
    [1, () => rng.pick(JSON_TEXT_TRAPS)],
    [1, () => jsonText(rng, junkValue(rng, 2))],
    [3, () => randomNumber(rng)],
    [1, null],
    [1, () => rng.chance(0.5)],
  ]);
}

function junkValue(rng, depth) {
  if (depth <= 0) return scalar(rng);
  return rng.weighted([
    [6, () => scalar(rng)],
    [1, () => Array.from({ length: rng.int(4) }, () => junkValue(rng, depth - 1))],
    [1, () => obj(Array.from({ length: rng.int(4) }, () => [randomKey(rng), junkValue(rng, depth - 1)]))],
  ]);
}

function randomKey(rng) {
  return rng.weighted([[4, () => rng.pick(KEY_TRAPS)], [4, () => rng.pick(PLAIN_KEYS)], [1, () => fuzzString(rng, 3)], [1, () => String(rng.int(30))]]);
}

const PLAIN_KEYS = ['a', 'b', 'c', 'name', 'email', 'id', 'x', 'y', 'nested', 'list', 'value', 'key'];

function engageEvent(rng) {
  const key = rng.pick(['high_value_users', 'churn_risk', 'ltv_top_10', 'ß_audience']);
  const type = rng.pick(['track', 'identify', 'track', 'page', 'group']);
  const entered = rng.chance(0.6);
  const traits = obj([
    ['email', rng.pick(['jane@example.com', 'JANE@EXAMPLE.COM', '', null])],
    ['first_name', rng.pick(['Jane', 'ǅemal', 'Ülker', 'straße'])],
    ['last_name', 'Doe'],
    [key, rng.pick([entered, 'true', null])],
  ]);
  const properties = obj([
    ['audience_key', key],
    [key, entered],
    ['total', rng.pick(NUMBER_TRAPS)],
    ['tags', ['a', 'b', rng.pick(STRING_TRAPS)]],
    ['products', [obj([['sku', 'SKU-1'], ['price', 19.99], ['qty', 2]]), obj([['sku', 'SKU-2'], ['price', 0], ['qty', null]])]],
    ['nested', obj([['a', obj([['b', obj([['c', 'deep']])]])]])],
  ]);
  const context = obj([
    ['traits', obj([['email', 'jane@example.com'], ['phone', null]])],
    ['personas', obj([['computation_class', 'audience'], ['computation_key', key], ['computation_id', 'aud_1'], ['space_id', 'spa_1']])],
    ['library', obj([['name', 'analytics.js'], ['version', '2.11.1']])],
    ['locale', 'tr-TR'],
    ['hi', '\ud83d'],
    ['lo', '\ude00'],
  ]);
  const event = obj([
    ['type', type],
    ['event', type === 'track' ? (entered ? 'Audience Entered' : 'Audience Exited') : undefined],
    ['userId', rng.pick(['u-1', '', null, 0, 'İ-user'])],
    ['anonymousId', 'anon-1'],
    ['messageId', 'msg-1'],
    ['timestamp', '2024-01-02T03:04:05.000Z'],
    ['traits', traits],
    ['properties', properties],
    ['context', context],
  ]);
  if (event.event === undefined) delete event.event;
  return event;
}

// Sprinkles edge keys and values into random objects of a payload.
function sprinkle(rng, value, budget) {
  if (budget <= 0) return;
  const objects = [];
  (function walk(v) {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isPlainObject(v)) { objects.push(v); Object.values(v).forEach(walk); }
  })(value);
  for (let i = 0; i < budget && objects.length; i++) {
    const target = rng.pick(objects);
    const key = rng.weighted([[6, () => rng.pick(KEY_TRAPS)], [3, () => rng.pick(PLAIN_KEYS)], [2, () => fuzzString(rng, 4)], [1, () => String(randomNumber(rng))]]);
    setKey(target, key, junkValue(rng, 2));
  }
}

function genPayload(rng) {
  return rng.weighted([
    [12, () => { const e = engageEvent(rng); sprinkle(rng, e, rng.int(6)); return e; }],
    [4, () => { const o = obj(Array.from({ length: 1 + rng.int(5) }, () => [rng.chance(0.5) ? rng.pick(KEY_TRAPS) : rng.pick(PLAIN_KEYS), junkValue(rng, 3)])); return o; }],
    [1, () => ({})],
    [1, () => undefined],
    [0.3, () => rng.pick([null, [1, 2], 'str', 5, true, []])],
  ]);
}

// ---- paths ---------------------------------------------------------------------------------

// A list of keys that exists in the payload (a random walk), or a made-up one.
function keyChain(rng, payload) {
  const keys = [];
  let cur = payload;
  const len = 1 + rng.int(4);
  for (let i = 0; i < len; i++) {
    if (Array.isArray(cur) && cur.length && rng.chance(0.85)) {
      const k = rng.chance(0.9) ? String(rng.int(cur.length + 1)) : 'length';
      keys.push(k);
      cur = cur[Number(k)];
    } else if (isPlainObject(cur) && Object.keys(cur).length && rng.chance(0.85)) {
      const k = rng.pick(Object.keys(cur));
      keys.push(k);
      cur = cur[k];
    } else if (typeof cur === 'string' && rng.chance(0.5)) {
      keys.push(rng.pick(['length', '0', '1', String(cur.length)]));
      break;
    } else {
      keys.push(rng.chance(0.7) ? rng.pick(PLAIN_KEYS) : rng.pick(KEY_TRAPS));
      cur = undefined;
    }
  }
  return keys;
}

function renderPath(rng, keys) {
  let out = '';
  keys.forEach((k, i) => {
    const style = rng.weighted([[10, 'dot'], [2, 'index'], [2, 'dq'], [1, 'sq'], [1, 'double-dot']]);
    if (style === 'index' && /^\d+$/.test(k)) out += `[${k}]`;
    else if (style === 'dq') out += `["${k}"]`;
    else if (style === 'sq') out += `['${k}']`;
    else if (style === 'double-dot' && i > 0) out += `..${k}`;
    else out += (i > 0 ? '.' : '') + k;
  });
  return out;
}

const QUIRKY_PATHS = ['', '.', '$.', '$', '$$.a', '$.$.a', 'a..b', 'a.b.', '.a', 'a[b]', 'a[-1]',
  "a[ 'b' ]", 'a["x.y"]', 'properties.tags[0]', 'properties.tags.length', 'properties.products[1].sku',
  'properties["products"][0]["price"]', 'traits.email.length', 'traits.email.0', 'userId.length',
  ' event', 'event ', 'properties.😀', 'constructor', 'toString', '__proto__', 'a.__proto__',
  'properties.tags.constructor', 'hasOwnProperty', 'traits.constructor.name', 'length',
  'properties.tags.__proto__', 'event.__proto__', 'a]]', 'a[0]]]', 'a[[0]', '["a"]', "['a.b']",
  'properties.nested.a.b.c', 'properties.nested.a.b.c.length', 'context.personas.computation_key',
  '10', '2', '01', '-1', '4294967295', 'properties.tags[4294967294]', 'x\ud800', 'İ', 'ß'];

function fuzzPath(rng) {
  let out = '';
  const n = 1 + rng.int(10);
  for (let i = 0; i < n; i++) out += rng.weighted([[3, () => rng.pick(['.', '[', ']', '"', "'", '$', '$.', '0', '1', '10', ' '])], [3, () => rng.pick(PLAIN_KEYS)], [1, () => randomChar(rng)]]);
  return out;
}

function genPath(rng, payload) {
  let path = rng.weighted([[16, () => renderPath(rng, keyChain(rng, payload))], [3, () => rng.pick(QUIRKY_PATHS)], [1, () => fuzzPath(rng)]]);
  const dollar = rng.weighted([[5, 'prefix'], [4, 'none'], [1, 'inside'], [0.5, 'double']]);
  if (dollar === 'prefix') path = '$.' + path;
  else if (dollar === 'inside') {
    const at = rng.int(path.length + 1);
    path = path.slice(0, at) + '$.' + path.slice(at);
  } else if (dollar === 'double') path = '$.$.' + path;
  return path;
}

// ---- mappings ------------------------------------------------------------------------------

const DIRECTIVES = ['@path', '@template', '@literal', '@if', '@case', '@replace', '@arrayPath',
  '@merge', '@transform', '@flatten', '@json', '@excludeWhenNull'];

class MappingGen {
  constructor(rng, payload) { this.rng = rng; this.payload = payload; }

  // A value in a position where any mapping value may go.
  any(depth) {
    const r = this.rng;
    if (depth <= 0) return r.chance(0.6) ? this.directive(0) : scalar(r);
    return r.weighted([
      [7, () => this.directive(depth)],
      [2, () => scalar(r)],
      [2, () => this.object(depth - 1)],
      [1, () => Array.from({ length: r.int(4) }, () => this.any(depth - 1))],
      // Inside arrays and @literal nothing is validated: malformed directives fail at run time.
      [0.5, () => [this.directive(depth - 1, undefined, 0.5)]],
      [0.3, () => obj([['@literal', obj([['k', this.directive(depth - 1, undefined, 0.5)]])]])],
    ]);
  }

  object(depth, size) {
    const r = this.rng;
    const n = size ?? r.int(4);
    const entries = [];
    for (let i = 0; i < n; i++) {
      const key = r.chance(0.8) ? r.pick(['email', 'name', 'user_id', 'event_name', 'props', 'a', 'b', 'list', 'value'])
        : r.pick(KEY_TRAPS);
      entries.push([key, this.any(depth)]);
    }
    if (r.chance(0.05)) entries.push(['_metadata', r.pick([{ note: 1 }, 'm', null])]);
    return obj(entries);
  }

  // A string-or-directive argument (for @path, @template, @case.value, @replace.value ...).
  stringy(depth, kind) {
    const r = this.rng;
    return r.weighted([
      [8, () => (kind === 'template' ? this.template() : genPath(r, this.payload))],
      [depth > 0 ? 2 : 0, () => this.directive(depth - 1, r.pick(['@path', '@template', '@literal', '@case', '@if', '@json', '@replace']))],
      [0.5, () => scalar(r)],
      [0.3, () => r.pick([{}, [], { a: 1 }, ['a']])],
    ]);
  }

  template() {
    const r = this.rng;
    const parts = [];
    const n = 1 + r.int(4);
    for (let i = 0; i < n; i++) {
      parts.push(r.weighted([
        [3, () => r.pick(['Hi ', ' ', '-', 'x', '😀', 'ß', '$&', '{', '}', '{}', '{{}}', '{{ }}', '{a}}', '{{a}', '\ud800', '\ude00', '\ud83d', 'İ'])],
        [1, () => fuzzString(r, 4)],
        [0.7, () => Array.from({ length: 1 + r.int(8) }, () => r.pick(['{', '{', '}', '}', ' ', 'a', '.', '$.', 'email', '0', '"', "'", '[', ']'])).join('')],
        [5, () => `{{${r.pick(['', ' ', '  '])}${genPath(r, this.payload).replace(/[{}]/g, '')}${r.pick(['', ' '])}}}`],
        [2, () => `{{{${genPath(r, this.payload).replace(/[{}]/g, '')}}}}`],
        [0.5, () => r.pick(['{{{{a}}}}', '{{a{{b}}', '{{{a}}', '{{$.a}}', '{{ a | upcase }}', '{{{userId}}}{{userId}}'])],
      ]));
    }
    return parts.join('');
  }

  directive(depth, forced, badChance = 0.08) {
    const r = this.rng;
    if (!forced && r.chance(0.03)) {
      // Malformed directive objects.
      return r.pick([
        () => obj([['@oops', 1]]), () => obj([['@Path', 'a']]), () => obj([['@', 'a']]),
        () => obj([['@path', 'a'], ['@template', 'b']]), () => obj([['@path', 'a'], ['x', 1]]),
        () => obj([['_metadata', 1], ['@path', 'a']]), () => obj([['@path', 'a'], ['_metadata', { a: 1 }]]),
        () => obj([['@liquidx', 'a']]), () => obj([['@path', 'a'], ['_metadata', 1], ['y', 2]]),
      ])();
    }
    const name = forced ?? r.pick(DIRECTIVES);
    const d = Math.max(depth - 1, 0);
    const bad = r.chance(badChance);
    const val = () => this.any(d);
    const str = (k) => this.stringy(d, k);
    let value;
    switch (name) {
      case '@path': value = bad ? scalar(r) : str('path'); break;
      case '@template': value = bad ? scalar(r) : str('template'); break;
      case '@literal': value = r.chance(0.5) ? scalar(r) : val(); break;
      case '@excludeWhenNull': value = r.chance(0.3) ? r.pick([null, { a: null, b: { c: null, d: 0 } }, [null], 0, '']) : val(); break;
      case '@if': {
        const e = [];
        const cond = r.weighted([[5, 'exists'], [3, 'blank'], [1, 'both'], [0.5, 'none']]);
        const condValue = () => r.weighted([[6, () => this.directive(d, '@path')], [2, () => val()], [1, () => r.pick([false, 0, '', null, true, 'x', [], [''], [0], ['', ''], {}])]]);
        if (cond === 'exists' || cond === 'both') e.push(['exists', condValue()]);
        if (cond === 'blank' || cond === 'both') e.push(['blank', condValue()]);
        if (r.chance(0.8)) e.push(['then', r.chance(0.8) ? val() : r.pick([null, false, 0, ''])]);
        if (r.chance(0.7)) e.push(['else', r.chance(0.7) ? val() : r.pick([null, false, 0, '', 'fallback'])]);
        if (r.chance(0.05)) e.push(['extra', val()]);
        value = bad ? scalar(r) : obj(r.chance(0.3) ? e.reverse() : e);
        break;
      }
      case '@case': {
        const e = [];
        if (r.chance(0.95)) e.push(['operator', r.weighted([[8, () => r.pick(['lower', 'upper'])], [1, () => r.pick(['LOWER', 'Upper', '', 'title', null, 1, true])]])]);
        if (r.chance(0.95)) e.push(['value', r.weighted([[6, () => str('path')], [3, () => fuzzString(r, 12)], [1, () => r.pick(['', 'LiTeRaL', 'ß', 'İ', 'Σ', 'ΑΣ ΑΣ.', 'aΣb', 'Σ', 'ΑΣ\u0301', 'ΑΣ\ud83d', null, 5, {}])]])]);
        value = bad ? scalar(r) : obj(e);
        break;
      }
      case '@replace': {
        const e = [];
        const pat = () => r.weighted([[3, () => fuzzString(r, 3) || 'a'], [6, () => r.pick(['a', 'e', '.', ' ', '-', 'ß', 'S', 's', 'K', 'É', 'é', '$', '*', '\\', '(', '[', '^', '|', '+', '?', '😀', '\ud83d', 'aa', 'Ab', '@', '{{', 'İ', 'i', 'Σ', 'σ'])], [1, () => r.pick(['', 'abcdefghijk', 'abcdefghij', null, 5, true])]]);
        const rep = () => r.pick(['', 'X', '_', '$&', '$$', "$'", '$`', '$1', '$0', '$', '$<n>', 'ab$&cd', '😀😀😀😀😀', 'abcdefghijk', null, 5]);
        if (r.chance(0.95)) e.push(['pattern', pat()]);
        if (r.chance(0.7)) e.push(['replacement', rep()]);
        if (r.chance(0.95)) e.push(['value', r.weighted([[6, () => str(r.chance(0.5) ? 'path' : 'template')], [3, () => fuzzString(r, 12)], [1, () => r.pick(['', 'aaaaa', 5, true, null, 1e21, -0, 0.1])]])]);
        if (r.chance(0.3)) e.push(['ignorecase', r.pick([true, false, true, null, 'yes'])]);
        if (r.chance(0.3)) e.push(['global', r.pick([true, false, false, null, 1])]);
        if (r.chance(0.2)) e.push(['pattern2', pat()]);
        if (r.chance(0.2)) e.push(['replacement2', rep()]);
        value = bad ? scalar(r) : obj(e);
        break;
      }
      case '@arrayPath': {
        const ctx = this.arrayContext();
        const p = r.weighted([[7, () => (ctx.path ?? genPath(r, this.payload))], [2, () => this.directive(d, r.pick(['@path', '@literal', '@template', '@json', '@merge']))], [0.5, () => scalar(r)]]);
        const shape = r.weighted([
          [5, () => new MappingGen(r, ctx.item).object(d, 1 + r.int(3))],
          [2, () => new MappingGen(r, ctx.item).directive(d, r.pick(['@path', '@template', '@if', '@case', '@transform', '@json']))],
          [1, () => r.pick([{}, [], 'x', null, [{ '@path': 'a' }]])],
          [1, undefined],
        ]);
        value = bad ? scalar(r) : (shape === undefined ? (r.chance(0.9) ? [p] : []) : [p, shape]);
        break;
      }
      case '@merge': {
        const e = [];
        if (r.chance(0.9)) e.push(['direction', r.weighted([[8, () => r.pick(['left', 'right'])], [1, () => r.pick(['LEFT', 'Right', 'up', '', null, 1])]])]);
        if (r.chance(0.95)) {
          const objs = Array.from({ length: r.int(4) }, () => r.weighted([
            [5, () => this.directive(d, r.pick(['@path', '@path', '@literal', '@json', '@flatten', '@if']))],
            [3, () => this.object(d, 1 + r.int(3))],
            [1, () => scalar(r)],
            [0.5, () => r.pick([[1, 2], ['x'], obj([['__proto__', { a: 1 }]]), obj([['a', 'default']])])],
          ]));
          e.push(['objects', r.chance(0.95) ? objs : scalar(r)]);
        }
        value = bad ? scalar(r) : obj(e);
        break;
      }
      case '@transform': {
        const e = [];
        const apply = r.weighted([
          [6, () => this.object(d, 1 + r.int(3))], [2, () => this.directive(d)], [1, () => scalar(r)],
          // transform() runs on apply, so the root directive key is special there too.
          [0.5, () => obj([['x', this.any(d)], ['__segment_internal_directive', r.pick([obj([['@transform', obj([['apply', this.object(d, 1)]])]]), this.directive(d), {}, null, 5])]])],
        ]);
        if (r.chance(0.95)) e.push(['apply', apply]);
        // The mapping sees only what apply produced: look up its keys.
        const ctx = isPlainObject(apply) && !Object.keys(apply).some((k) => k.startsWith('@'))
          ? obj(Object.keys(apply).map((k) => [k, junkValue(r, 2)])) : this.payload;
        const inner = new MappingGen(r, ctx);
        if (r.chance(0.95)) e.push(['mapping', r.weighted([[6, () => inner.object(d, 1 + r.int(3))], [2, () => inner.directive(d)], [1, () => scalar(r)]])]);
        value = bad ? scalar(r) : obj(r.chance(0.2) ? e.reverse() : e);
        break;
      }
      case '@flatten': {
        const e = [];
        if (r.chance(0.9)) e.push(['separator', r.weighted([[8, () => r.pick(['.', '_', '/', '__', '😀', ' '])], [1, () => r.pick(['', null, 0, 1, true])], [0.5, () => this.directive(d, '@literal')]])]);
        if (r.chance(0.95)) e.push(['value', r.weighted([[6, () => this.directive(d, '@path')], [2, () => val()], [1, () => junkValue(r, 3)]])]);
        if (r.chance(0.3)) e.push(['omitArrays', r.pick([true, false, 1, 0, 'yes', null])]);
        value = bad ? scalar(r) : obj(e);
        break;
      }
      case '@json': {
        const e = [];
        if (r.chance(0.95)) e.push(['mode', r.weighted([[8, () => r.pick(['encode', 'decode'])], [1, () => r.pick(['ENCODE', 'Decode', 'parse', '', null, 1])]])]);
        if (r.chance(0.95)) e.push(['value', r.weighted([[6, () => this.directive(d, '@path')], [2, () => val()], [1, () => r.pick(JSON_TEXT_TRAPS)], [1, () => junkValue(r, 2)]])]);
        value = bad ? scalar(r) : obj(r.chance(0.2) ? e.reverse() : e);
        break;
      }
      default: throw new Error(`unknown directive ${name}`);
    }
    const entries = [[name, value]];
    if (r.chance(0.04)) entries[r.chance(0.5) ? 'push' : 'unshift'](['_metadata', r.pick([1, { a: 1 }, null])]);
    return obj(entries);
  }

  // A path to an array or object in the payload (rendered in random syntax) and one of its
  // items, so that the paths inside the shape hit something.
  arrayContext() {
    const r = this.rng;
    const found = [];
    (function walk(v, keys) {
      if (keys.length > 4) return;
      if (Array.isArray(v)) { if (keys.length) found.push([keys, v]); v.forEach((x, i) => walk(x, [...keys, String(i)])); }
      else if (isPlainObject(v)) { if (keys.length) found.push([keys, v]); Object.keys(v).forEach((k) => walk(v[k], [...keys, k])); }
    })(this.payload, []);
    if (!found.length || r.chance(0.2)) return { path: undefined, item: this.itemContext() };
    const arrays = found.filter(([, v]) => Array.isArray(v));
    const [keys, v] = arrays.length && r.chance(0.7) ? r.pick(arrays) : r.pick(found);
    const item = Array.isArray(v) ? (v.length ? r.pick(v) : undefined) : v;
    return { path: (r.chance(0.5) ? '$.' : '') + renderPath(r, keys), item: isPlainObject(item) ? item : this.itemContext() };
  }

  // Paths inside an @arrayPath shape are relative to an item: guess one.
  itemContext() {
    const p = this.payload;
    const props = isPlainObject(p) && isPlainObject(p.properties) ? p.properties : undefined;
    if (props && Array.isArray(props.products)) return props.products[0];
    return p;
  }
}

// Replaces one random subtree of a mapping with something else (another directive, a raw
// value, an options object in the wrong place, an extra key), which mostly makes it invalid in
// a new way.
function mutate(rng, mapping, payload) {
  const g = new MappingGen(rng, payload);
  const spots = [];
  (function walk(v, parent, key) {
    if (parent) spots.push([parent, key]);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, v, i));
    else if (isPlainObject(v)) Object.keys(v).forEach((k) => walk(v[k], v, k));
  })(mapping, null, null);
  if (!spots.length) return mapping;
  const [parent, key] = rng.pick(spots);
  const replacement = rng.weighted([
    [3, () => scalar(rng)],
    [2, () => g.directive(1)],
    [1, () => rng.pick([[], {}, [1], { a: 1 }, [{ '@path': 'a' }], { '@path': 'a', x: 1 }, { '@oops': 1 }, { _metadata: 1 }])],
    [1, () => (isPlainObject(parent[key]) ? obj([...Object.entries(parent[key]), [rng.pick(['@path', '@template', 'x', '_metadata', '@literal']), scalar(rng)]]) : undefined)],
    [1, () => undefined],  // delete
  ]);
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(key, 1);
    else delete parent[key];
  } else if (Array.isArray(parent)) parent[key] = replacement;
  else setKey(parent, key, replacement);
  return mapping;
}

function genMapping(rng, payload) {
  const m = genMappingShape(rng, payload);
  if (rng.chance(0.15)) {
    for (let n = 1 + rng.int(2); n > 0; n--) mutate(rng, m, payload);
  }
  return m;
}

function genMappingShape(rng, payload) {
  const g = new MappingGen(rng, payload);
  const depth = 1 + rng.int(3);
  return rng.weighted([
    [12, () => g.object(depth, 1 + rng.int(4))],
    [4, () => g.directive(depth)],
    [1.5, () => {
      // The root directive: siblings become the "mapping" option.
      const inner = rng.weighted([
        [5, () => obj([['@transform', obj([['apply', g.object(1, 1 + rng.int(2))], ...(rng.chance(0.3) ? [['mapping', { x: 1 }]] : [])])]])],
        [2, () => g.directive(1)],
        [1, () => rng.pick([{}, null, 'x', 'ab', [], [{ a: 1 }], [[1]], 5, { a: null }, { a: 'str' }, { a: {}, b: {} }, { '@path': 'a' }])],
      ]);
      const entries = Array.from({ length: rng.int(3) }, () => [rng.pick(['email', 'name', 'a', 'mapping', '__proto__']), g.any(1)]);
      entries.splice(rng.int(entries.length + 1), 0, ['__segment_internal_directive', inner]);
      return obj(entries);
    }],
    [1, () => rng.pick(['neat', '', 'a😀', 5, true, false, null, 0, [], [{ '@path': 'a' }, 'x'], [{ '@oops': 1 }], ['a', { b: { '@path': 'c' } }]])],
    [0.5, () => [g.any(1), g.any(1)]],
  ]);
}

// ---- running the reference -----------------------------------------------------------------

// The corpus's exact form: undefined array elements and non-finite numbers as tagged objects.
function exactForm(v) {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { $number: 'NaN' };
    if (v === Infinity) return { $number: 'Infinity' };
    if (v === -Infinity) return { $number: '-Infinity' };
    return v;
  }
  if (isWrapper(v)) return exactForm(JSON.parse(JSON.stringify(v)));
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? { $undefined: true } : exactForm(x)));
  if (v !== null && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) if (v[k] !== undefined && typeof v[k] !== 'function') setKey(o, k, exactForm(v[k]));
    return o;
  }
  return v;
}

function errorExpectation(e) {
  const name = e && e.name ? e.name : 'Error';
  if (name === 'AggregateError') {
    const errors = [...e].map((x) => x.message);
    return { error: errors.join('\n'), error_name: name, errors };
  }
  return { error: String(e && e.message), error_name: name };
}

// Runs one case's inputs through the reference and returns its `expect`.
let allowFunctions = true;
// Cases left out of the generated sets, by reason.
export const skipped = { functions: 0, prototypes: 0 };

// A mapping object with a "__proto__" member holding an object or null: resolving it sets the
// result's prototype, which mapcheck does not model (docs/differences.md). Such cases are left
// out of the generated sets when the mapping could show it.
function setsPrototype(v) {
  if (Array.isArray(v)) return v.some(setsPrototype);
  if (!isPlainObject(v)) return false;
  for (const k of Object.keys(v)) {
    if (k === '__proto__' && (v[k] === null || typeof v[k] === 'object')) return true;
    if (setsPrototype(v[k])) return true;
  }
  return false;
}
// Keeps cases whose lookups reached a built-in function (on by default, see above).
export function setAllowFunctions(on) { allowFunctions = on; }

export function expectFor(kind, mappingText, payloadText) {
  if (kind === 'validate-mapping') {
    try {
      validate(mappingText === undefined ? undefined : JSON.parse(mappingText));
      return { valid: true };
    } catch (e) {
      const x = errorExpectation(e);
      return { valid: false, errors: x.errors ?? [x.error], error_name: x.error_name };
    }
  }
  let result;
  sawFunction = false;
  // The prototype only shows through @arrayPath roots and @if blank; other cases are kept.
  if (/"@arrayPath"|"blank"/.test(mappingText) && setsPrototype(JSON.parse(mappingText))) {
    skipped.prototypes++;
    return null;
  }
  try {
    result = transform(JSON.parse(mappingText), payloadText === undefined ? undefined : JSON.parse(payloadText));
  } catch (e) {
    if (e instanceof RangeError) return null;  // stack overflow: not a meaningful case
    if (sawFunction && !allowFunctions) { skipped.functions++; return null; }
    return errorExpectation(e);
  }
  if (sawFunction && !allowFunctions) { skipped.functions++; return null; }
  if (result === undefined || typeof result === 'function') return { undefined: true };
  const output = JSON.parse(JSON.stringify(result, (k, v) => v), (k, v) => v);
  const exact = exactForm(result);
  const expect = { output: reparse(JSON.stringify(result)) };
  if (JSON.stringify(exact) !== JSON.stringify(result)) expect.output_exact = exact;
  void output;
  return expect;
}

// JSON.parse that keeps "__proto__" as an own key (it does) – a named helper for clarity.
function reparse(text) { return text === undefined ? null : JSON.parse(text); }

// Builds a case object from inputs (as JSON text, so every key is an own property).
export function makeCase(id, kind, mappingText, payloadText, note) {
  const expect = expectFor(kind, mappingText, payloadText);
  if (expect === null) return null;
  const c = { id, kind };
  if (note) c.note = note;
  c.mapping = JSON.parse(mappingText);
  if (kind === 'transform' && payloadText !== undefined) c.payload = JSON.parse(payloadText);
  c.expect = expect;
  return c;
}

// The hand-written cases of tests/conformance (Liquid and FQL left out), as seeds for mutation:
// variants of them land close to what people actually write.
const CORPUS_GROUPS = ['arraypath', 'case', 'excludewhennull', 'flatten', 'if', 'json', 'literal',
  'merge', 'nested', 'path', 'raw', 'replace', 'template', 'transform', 'validate'];
let corpusSeeds;
function loadCorpus() {
  if (corpusSeeds) return corpusSeeds;
  corpusSeeds = [];
  const dir = join(repoRoot, 'tests', 'conformance');
  // The shared corpus's mapping-kit groups, named so that the same seed keeps giving the same
  // cases when other files are added to the folder.
  for (const group of CORPUS_GROUPS) {
    const file = join(dir, `${group}.json`);
    if (!existsSync(file)) continue;
    for (const c of JSON.parse(readFileSync(file, 'utf8'))) {
      if (c.kind !== 'transform' && c.kind !== 'validate-mapping') continue;
      if (JSON.stringify(c.mapping ?? null).includes('@liquid')) continue;
      corpusSeeds.push(c);
    }
  }
  return corpusSeeds;
}

// Changes a few leaves and subtrees of a value (strings, numbers, keys) in place.
function tweak(rng, root, payload, times) {
  const spots = [];
  (function walk(v, parent, key) {
    if (parent) spots.push([parent, key]);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, v, i));
    else if (isPlainObject(v)) Object.keys(v).forEach((k) => walk(v[k], v, k));
  })(root, null, null);
  for (let n = 0; n < times && spots.length; n++) {
    const [parent, key] = rng.pick(spots);
    const old = parent[key];
    let next;
    if (typeof old === 'string') {
      next = rng.weighted([[4, () => genPath(rng, payload)], [2, () => fuzzString(rng)], [1, () => old + rng.pick(STRING_TRAPS)], [1, () => rng.pick(STRING_TRAPS)], [1, () => old.toUpperCase()], [1, () => scalar(rng)]]);
    } else if (typeof old === 'number' || typeof old === 'boolean' || old === null) {
      next = scalar(rng);
    } else {
      next = rng.weighted([[2, () => junkValue(rng, 2)], [1, () => old], [1, () => (Array.isArray(old) ? [...old, scalar(rng)] : obj([...Object.entries(old), [randomKey(rng), scalar(rng)]]))]]);
    }
    if (Array.isArray(parent)) parent[key] = next;
    else setKey(parent, key, next);
  }
  return root;
}

function corpusCase(rng) {
  const seeds = loadCorpus();
  const base = rng.pick(seeds);
  const copy = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  let payload = copy(base.payload);
  if (isPlainObject(payload) && rng.chance(0.6)) {
    if (rng.chance(0.5)) tweak(rng, payload, payload, 1 + rng.int(3));
    else sprinkle(rng, payload, 1 + rng.int(3));
  } else if (payload === undefined && rng.chance(0.3)) payload = genPayload(rng);
  let mapping = copy(base.mapping);
  const action = rng.weighted([[4, 'tweak'], [2, 'mutate'], [1, 'graft'], [1, 'payload-only']]);
  if (mapping !== null && typeof mapping === 'object') {
    if (action === 'tweak') tweak(rng, mapping, payload, 1 + rng.int(2));
    else if (action === 'mutate') mutate(rng, mapping, payload);
    else if (action === 'graft') {
      const other = copy(rng.pick(seeds).mapping);
      mapping = rng.chance(0.5) ? obj([['a', mapping], ['b', other]]) : obj([['@merge', obj([['direction', rng.pick(['left', 'right'])], ['objects', [mapping, other]]])]]);
    }
  }
  return { mapping, payload, kind: base.kind };
}

function isValid(mapping) {
  try {
    validate(JSON.parse(JSON.stringify(mapping) ?? 'null'));
    return true;
  } catch {
    return false;
  }
}

// One case per line: compact, and a diff shows which cases changed.
export function casesText(cases) {
  return '[\n' + cases.map((c) => JSON.stringify(c)).join(',\n') + '\n]\n';
}

export function generateCases({ seed = 1, count = 1000, idPrefix } = {}) {
  const rng = new Rng(seed);
  const prefix = idPrefix ?? `gen/${seed}`;
  const cases = [];
  for (let i = 0; cases.length < count; i++) {
    if (rng.chance(0.3)) {
      // A variant of a hand-written corpus case.
      const v = corpusCase(rng);
      const mappingText = JSON.stringify(v.mapping);
      if (mappingText === undefined) continue;
      const c = makeCase(`${prefix}/${i}`, v.kind, mappingText, v.payload === undefined ? undefined : JSON.stringify(v.payload));
      if (c) cases.push(c);
      continue;
    }
    const payload = genPayload(rng);
    const kind = rng.chance(0.12) ? 'validate-mapping' : 'transform';
    // Most transform cases should get past validation and exercise the directives: retry a few
    // times for a mapping the reference accepts.
    const wantValid = kind === 'transform' && rng.chance(0.6);
    let mapping = genMapping(rng, payload);
    for (let tries = 0; wantValid && tries < 6 && !isValid(mapping); tries++) mapping = genMapping(rng, payload);
    const mappingText = JSON.stringify(mapping);
    if (mappingText === undefined) continue;
    const payloadText = payload === undefined ? undefined : JSON.stringify(payload);
    const c = makeCase(`${prefix}/${i}`, kind, mappingText, payloadText);
    if (c) cases.push(c);
  }
  return cases;
}

// ---- running our CLI -----------------------------------------------------------------------

// Runs `mapcheck conformance` on the cases and returns the ids that disagree with details.
export function runCli(cases, cli = defaultCli) {
  const dir = mkdtempSync(join(tmpdir(), 'mapcheck-diff-'));
  const file = join(dir, 'cases.json');
  try {
    writeFileSync(file, JSON.stringify(cases));
    const r = spawnSync(cli, ['conformance', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.error) throw r.error;
    if (r.status !== 0 && r.status !== 1) throw new Error(`mapcheck conformance exited ${r.status}: ${r.stderr}`);
    const failures = new Map();
    const lines = r.stdout.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^FAIL (.*)$/.exec(lines[i]);
      if (m) failures.set(m[1], { expected: lines[i + 1]?.replace(/^\s+expected:\s*/, ''), actual: lines[i + 2]?.replace(/^\s+actual:\s*/, '') });
    }
    const summary = lines.find((l) => /passed, \d+ failed/.test(l)) ?? '';
    return { failures, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- shrinking -----------------------------------------------------------------------------

function* smaller(v) {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield v[i];
    for (let i = 0; i < v.length; i++) yield [...v.slice(0, i), ...v.slice(i + 1)];
    for (let i = 0; i < v.length; i++) for (const s of smaller(v[i])) { const c = [...v]; c[i] = s; yield c; }
  } else if (isPlainObject(v)) {
    const keys = Object.keys(v);
    for (const k of keys) if (!k.startsWith('@')) yield v[k];
    for (const k of keys) yield obj(keys.filter((x) => x !== k).map((x) => [x, v[x]]));
    for (const k of keys) for (const s of smaller(v[k])) yield obj(keys.map((x) => [x, x === k ? s : v[x]]));
    for (const k of keys) if (k.length > 1 && !k.startsWith('@') && k !== '__segment_internal_directive') {
      const nk = k.slice(0, 1);
      if (!keys.includes(nk)) yield obj(keys.map((x) => [x === k ? nk : x, v[x]]));
    }
  } else if (typeof v === 'string') {
    if (v.length > 1) { yield v.slice(0, v.length >> 1); yield v.slice(v.length >> 1); yield v.slice(1); yield v.slice(0, -1); }
  } else if (typeof v === 'number' && v !== 0 && v !== 1) {
    yield 0; yield 1;
  }
}

// Greedy delta debugging: repeatedly takes the first smaller mapping or payload that still
// disagrees with the reference.
export function shrinkCase(c, cli = defaultCli, maxRounds = 60) {
  let best = c;
  for (let round = 0; round < maxRounds; round++) {
    const candidates = [];
    const mt = JSON.stringify(best.mapping);
    const pt = best.payload === undefined ? undefined : JSON.stringify(best.payload);
    for (const m of smaller(best.mapping)) {
      const text = JSON.stringify(m);
      if (text === undefined || text.length >= mt.length) continue;
      const k = makeCase(`shrink/${candidates.length}`, best.kind, text, pt);
      if (k) candidates.push(k);
      if (candidates.length > 400) break;
    }
    if (best.kind === 'transform' && best.payload !== undefined) {
      const payloadCands = [...smaller(best.payload)].filter((p) => isPlainObject(p));
      if (isPlainObject(best.payload) && Object.keys(best.payload).length) payloadCands.unshift({});
      for (const p of payloadCands) {
        const text = JSON.stringify(p);
        if (text.length >= pt.length) continue;
        const k = makeCase(`shrink/${candidates.length}`, best.kind, mt, text);
        if (k) candidates.push(k);
        if (candidates.length > 800) break;
      }
    }
    if (!candidates.length) break;
    const { failures } = runCli(candidates, cli);
    const failing = candidates.filter((k) => failures.has(k.id));
    if (!failing.length) break;
    failing.sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);
    best = { ...failing[0], id: c.id };
  }
  return best;
}

// ---- command line --------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { seed: 1, count: 1000, out: undefined, check: false, cli: defaultCli, shrink: true, maxReport: 10, idPrefix: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--count') opts.count = Number(argv[++i]);
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--check') opts.check = true;
    else if (a === '--cli') opts.cli = argv[++i];
    else if (a === '--no-shrink') opts.shrink = false;
    else if (a === '--max-report') opts.maxReport = Number(argv[++i]);
    else if (a === '--id-prefix') opts.idPrefix = argv[++i];
    else if (a === '--no-functions') setAllowFunctions(false);
    else if (a === '--recompute') opts.recompute = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

// Recomputes `expect` of every case in a file with the reference (for hand-edited or minimized
// cases) and writes them to --out, or checks them with --check.
function recompute(opts) {
  setAllowFunctions(true);
  const input = JSON.parse(readFileSync(opts.recompute, 'utf8'));
  const cases = input.map((c) => {
    const k = makeCase(c.id, c.kind, JSON.stringify(c.mapping), c.payload === undefined ? undefined : JSON.stringify(c.payload), c.note);
    if (!k) throw new Error(`${c.id}: the reference overflowed its stack`);
    return k;
  });
  if (opts.out) writeFileSync(opts.out, casesText(cases));
  if (opts.check) {
    const { failures } = runCli(cases, opts.cli);
    for (const [id, f] of failures) console.log(`DISAGREEMENT ${id}\n  expected: ${f.expected}\n  actual:   ${f.actual}`);
    console.log(`${cases.length} cases recomputed, ${failures.size} disagreement(s)`);
    process.exitCode = failures.size ? 1 : 0;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.recompute) return recompute(opts);
  const started = Date.now();
  const cases = [];
  // Generate in chunks so a long run keeps memory and CLI files small.
  const chunk = 5000;
  let disagreements = 0;
  const reported = [];
  for (let done = 0; done < opts.count; done += chunk) {
    const n = Math.min(chunk, opts.count - done);
    const part = generateCases({ seed: opts.seed + done * 7919, count: n, idPrefix: opts.idPrefix ?? `gen/${opts.seed}/${done}` });
    if (opts.out) cases.push(...part);
    if (!opts.check) continue;
    if (!existsSync(opts.cli)) throw new Error(`${opts.cli} not found: build it with make native`);
    const { failures } = runCli(part, opts.cli);
    disagreements += failures.size;
    for (const c of part) {
      if (!failures.has(c.id)) continue;
      if (reported.length >= opts.maxReport) break;
      const small = opts.shrink ? shrinkCase(c, opts.cli) : c;
      const detail = runCli([small], opts.cli).failures.get(small.id) ?? failures.get(c.id);
      reported.push(small);
      console.log(`DISAGREEMENT ${c.id}\n  case:     ${JSON.stringify(small)}\n  expected: ${detail.expected}\n  actual:   ${detail.actual}`);
    }
  }
  if (opts.out) writeFileSync(opts.out, casesText(cases));
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const reasons = [];
  if (skipped.functions) reasons.push(`${skipped.functions} reaching built-in functions`);
  if (skipped.prototypes) reasons.push(`${skipped.prototypes} setting a prototype (docs/differences.md)`);
  const left = reasons.length ? ` (also left out: ${reasons.join(', ')})` : '';
  if (opts.check) console.log(`${opts.count} cases (seed ${opts.seed}), ${disagreements} disagreement(s), ${secs} s${left}`);
  else console.log(`${opts.count} cases (seed ${opts.seed}) generated in ${secs} s${opts.out ? ` -> ${opts.out}` : ''}`);
  process.exitCode = disagreements ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => { console.error(e.stack || String(e)); process.exitCode = 2; });
}
