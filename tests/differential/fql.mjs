// Differential cases for FQL triggers: random and grammar-based FQL text and Engage-shaped
// payloads, with expected values computed by the real reference packages in node_modules
// (@segment/destination-subscriptions 3.37.0 and its @segment/fql-ts lexer), written in the
// conformance format (kind "fql"; see /tests/conformance/README.md).
//
//   node tests/differential/fql.mjs [--seed N] [--count N] [--out FILE]
//   node tests/differential/fql.mjs --generate [--seed N] [--count N] [--out FILE]
//
// The second form writes generateFql cases ({ast, expect: {fql} | {error, error_name}}) for
// the unit test of the FQL generator. Same seed, same cases.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const subs = require('@segment/destination-subscriptions');
const { lex } = require('@segment/fql-ts');
const parseFql = subs.parseFql;
const validate = subs.validate;
const generateFql = subs.generateFql;

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const seed = Number(opt('--seed', '1'));
const count = Number(opt('--count', '300'));
const out = opt('--out', null);
const generateMode = args.includes('--generate');

// mulberry32: a small deterministic PRNG.
let state = seed >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (list) => list[int(list.length)];
const chance = (p) => rand() < p;

// ---- Payloads -------------------------------------------------------------------------------
const AUDIENCES = ['browse_abandoners', 'vip_users', 'high_ltv', 'churn_risk'];
const STRINGS = ['Audience Entered', 'Audience Exited', 'Trait Computed', 'Order Completed', 'true',
  'false', '5', '42', '', 'null', 'Café ☕', '😀 party', 'a"b', "it's", 'jane@example.com',
  'gold', 'Gold', 'x*', '*y', 'track', 'identify', '0', ' spaced ', 'multi\nline'];
const NUMBERS = [0, 1, 5, 7, 42, -3, 2.5, 99.5, 1e21, 0.000001, 100];

function randomValue(depth = 0) {
  const r = int(10);
  if (r < 3) return pick(STRINGS);
  if (r < 5) return pick(NUMBERS);
  if (r < 7) return chance(0.5);
  if (r < 8) return null;
  if (depth > 1) return pick(STRINGS);
  if (r < 9) return Array.from({ length: int(3) }, () => randomValue(depth + 1));
  const o = {};
  for (let i = int(3); i >= 0; i--) o[pick(['a', 'b', 'tier', 'city', '0', 'length'])] = randomValue(depth + 1);
  return o;
}

function randomPayload() {
  const roll = int(40);
  if (roll === 0) return { value: null };
  if (roll === 1) return { value: undefined };
  if (roll === 2) return { value: pick([[], 'string', 5, true]) };
  const audience = pick(AUDIENCES);
  const identify = chance(0.5);
  const member = chance(0.6);
  const flag = chance(0.85) ? member : String(member);
  const p = identify
    ? { type: 'identify', userId: chance(0.8) ? 'u-123' : null, traits: { email: 'jane@example.com', [audience]: flag } }
    : { type: 'track', event: member ? 'Audience Entered' : 'Audience Exited', userId: 'u-123',
      properties: { audience_key: audience, [audience]: flag }, context: { traits: { email: 'jane@example.com' } } };
  p.context = { ...(p.context || {}), personas: { computation_class: 'audience', computation_key: audience, computation_id: 'aud_1' } };
  if (chance(0.3)) p.name = pick(STRINGS);
  const bag = identify ? p.traits : p.properties;
  for (let i = int(4); i > 0; i--) bag[pick(['plan', 'count', 'score', 'tags', 'address', 'nested', 'first name', 'a.b', 'x'])] = randomValue();
  if (chance(0.1)) p.type = pick(['page', 'eos', 'true', 'null']);
  if (chance(0.1)) delete p.event;
  return { value: p };
}

// ---- FQL text -------------------------------------------------------------------------------
const SPACE = () => (chance(0.85) ? ' ' : pick(['  ', '\t', '\n', '', '\r\n']));

// A field the current payload really has, as FQL spells it, with its value.
let currentPayload;
function leaves(value, prefix, out) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const key = k.replace(/[^a-zA-Z0-9_-]/g, '\\$&');
      leaves(v, prefix ? prefix + '.' + key : key, out);
    }
  } else if (prefix.includes('.') || ['type', 'event', 'name', 'userId'].includes(prefix)) {
    out.push([prefix, value]);
  }
  return out;
}
function payloadField() {
  const p = currentPayload;
  if (!p || typeof p !== 'object' || Array.isArray(p)) return null;
  const all = leaves(p, '', []).filter(([f]) => /^(type|event|name|userId|properties\.|traits\.|context\.)/.test(f));
  return all.length ? pick(all) : null;
}
function toLiteral(v) {
  if (typeof v === 'string') return v.includes('"') ? "'" + v + "'" : '"' + v + '"';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  return '"x"';
}
const PATHS = ['plan', 'count', 'score', 'tags', 'tags.length', 'address.city', 'nested.a.b', 'first\\ name',
  'a\\.b', 'a.b', 'audience_key', 'browse_abandoners', 'vip_users', 'high_ltv', 'churn_risk', 'email',
  'traits.email', 'personas.computation_key', 'personas.computation_class', 'x', 'products[0]', 'tags.0',
  'plan.length', 'count.toFixed', 'constructor', '\\[0\\]', 'x-y', '_u', 'key_2', 'caf\\é',
  'constructor.name', 'plan.constructor.name', 'tags.map.length', '__proto__', '__proto__.__proto__',
  'count.toFixed.call.name', 'constructor.prototype.constructor.name', 'plan.arguments', 'tags.length.toString',
  'x\\[1\\]', 'tags\\[1\\]', '__proto__.length', 'tags.__proto__.length', 'plan.trimLeft.name', 'hasOwnProperty.length'];
function field() {
  const r = int(20);
  if (r < 3) return 'type';
  if (r < 6) return 'event';
  if (r < 7) return pick(['name', 'userId']);
  if (r < 16) return pick(['properties', 'traits', 'context']) + '.' + pick(PATHS);
  if (r < 17) return pick(['properties', 'traits', 'context']);
  return pick(['foo', 'Type', 'propertiesX.a', 'EVENT', 'constructor', 'toString', 'event_name', 'not', 'properties..x', 'properties\\.\\.']);
}
function literal() {
  const r = int(24);
  if (r < 8) return '"' + pick(STRINGS.filter((s) => !s.includes('"'))) + '"';
  if (r < 10) return "'" + pick(['track', 'Audience Entered', 'gold', 'x']) + "'";
  if (r < 14) return String(pick(['0', '1', '5', '42', '-3', '2.5', '007', '-', '+5', '1e3', '.5', '5.x', '99.5', '-0', '1.2.3', '5.']));
  if (r < 18) return pick(['true', 'false', 'null', 'nullable', 'True']);
  if (r < 20) return pick(['track', 'identify', 'gold', 'and', 'or']);
  return pick(['"a\\"b"', '""', '"x"y', '"unterminated', '"😀"', '"ключ"', '"*"', '"A"and']);
}
function op() {
  return pick(['=', '=', '=', '!=', '!=', '<', '<=', '>', '>=', '==', '!', '=>', '<>', '.', 'in', 'contains']);
}
function condition() {
  const r = int(10);
  if (r < 7) {
    const real = chance(0.6) ? payloadField() : null;
    const o = chance(0.85) ? pick(['=', '=', '!=', '<', '<=', '>', '>=']) : op();
    if (real) {
      const value = chance(0.7) ? toLiteral(real[1]) : literal();
      return real[0] + ' ' + o + ' ' + value;
    }
    return field() + SPACE() + o + (chance(0.9) ? ' ' : SPACE()) + literal();
  }
  const fn = pick(['contains', 'match', '!contains', '!match']);
  const f = pick(['event', 'name', 'userId', 'type', 'properties.plan', 'traits.email', 'context.traits.email', 'propertiesX', 'foo']);
  let v = literal();
  if (fn.includes('match') && chance(0.7)) {
    const base = pick(['Aud', 'Entered', 'Order', '', 'x', 'jane']);
    v = '"' + pick([base + '*', '*' + base, base, '*' + base + '*']) + '"';
  }
  const sep = pick([', ', ',', ' , ', ' ']);
  return fn + pick(['(', '( ', ' (']) + f + sep + v + pick([')', ' )', '']);
}
function expr(depth = 0) {
  const n = 1 + int(3);
  const parts = [];
  for (let i = 0; i < n; i++) {
    let c = depth < 2 && chance(0.15) ? '(' + expr(depth + 1) + ')' : condition();
    if (chance(0.05)) c = pick(['not ', '!', '!(']) + c + (c.startsWith('!(') ? ')' : '');
    parts.push(c);
  }
  let text = parts[0];
  for (let i = 1; i < n; i++) text += SPACE() + pick(['and', 'and', 'or', 'or', 'AND', 'OR', 'and(', 'or']) + SPACE() + parts[i];
  return text;
}
function mutate(s) {
  const r = int(6);
  const at = int(s.length + 1);
  if (r === 0) return s.slice(0, at) + pick(['(', ')', '"', "'", '!', '\\', '&', '.', ',', '[', ']', '\r', 'é', '😀']) + s.slice(at);
  if (r === 1) return s.slice(0, at) + s.slice(at + 1);
  if (r === 2) return s.slice(0, at) + s.slice(at, at + 3) + s.slice(at);
  return s;
}
function randomFql() {
  const r = int(30);
  if (r === 0) return pick(['', '   ', '()', '() and type = "track"', 'type', 'type =', 'contains', 'contains(event', 'an', 'nul', 'o', '!', 'a!', '\\']);
  let s = expr();
  if (chance(0.1)) s = mutate(s);
  return s;
}

// ---- Expected values ------------------------------------------------------------------------
function exact(v) {
  if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? { $undefined: true } : exact(x)));
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = exact(x);
    return o;
  }
  return v;
}

function fqlCase(id, fql, payload) {
  const expect = {};
  const ast = parseFql(fql);
  if (ast.error) {
    expect.parse_error = ast.error.message;
    expect.parse_error_name = ast.error.name;
    const lexed = lex(fql);
    if (lexed.error) expect.lex_error = lexed.error.message;
  } else {
    expect.ast = exact(ast);
  }
  try {
    expect.matches = validate(ast, payload.value);
  } catch (e) {
    expect.match_error = e.message;
    expect.match_error_name = e.name;
  }
  const c = { id, kind: 'fql', fql };
  if (payload.value !== undefined) c.payload = payload.value;
  c.expect = expect;
  return c;
}

// ---- generateFql cases ----------------------------------------------------------------------
const OPS = ['=', '!=', '<', '<=', '>', '>=', 'number_equals', 'number_not_equals', 'contains',
  'not_contains', 'starts_with', 'not_starts_with', 'ends_with', 'not_ends_with', 'exists',
  'not_exists', 'is_true', 'is_false', 'weird'];
function randomCondition() {
  const type = pick(['event-type', 'event', 'name', 'userId', 'event-property', 'event-trait', 'event-context', 'bogus']);
  const c = { type };
  if (type.startsWith('event-') && type !== 'event-type') c.name = pick(['plan', 'first name', 'a.b', 'x"y', 'é', '😀', 'a-b_c', 5, '']);
  c.operator = pick(OPS);
  if (chance(0.85)) c.value = pick(['Audience Entered', 'gold', '', 5, -2.5, 1e21, true, false, null, 'x*', '7']);
  return c;
}
function randomAst(depth = 0) {
  const n = int(4);
  const children = [];
  for (let i = 0; i <= n; i++) children.push(depth < 2 && chance(0.2) ? randomAst(depth + 1) : randomCondition());
  return { type: 'group', operator: pick(['and', 'or', 'and', 'or', 'xor']), children };
}
function generateCase(id) {
  const ast = randomAst();
  const expect = {};
  try {
    expect.fql = generateFql(ast);
  } catch (e) {
    expect.error = e.message;
    expect.error_name = e.name;
  }
  return { id, ast, expect };
}

const cases = [];
for (let i = 0; i < count; i++) {
  const id = `${generateMode ? 'fql-generate' : 'fql-generated'}/${seed}-${String(i).padStart(4, '0')}`;
  if (generateMode) {
    cases.push(generateCase(id));
  } else {
    const payload = randomPayload();
    currentPayload = payload.value;
    cases.push(fqlCase(id, randomFql(), payload));
  }
}
const text = JSON.stringify(cases, null, 1) + '\n';
if (out) writeFileSync(out, text);
else process.stdout.write(text);
