// Differential cases for @liquid: generates Liquid templates from a small grammar (tags, filters,
// whitespace control, edge values), runs each through Segment's real mapping-kit
// (`transform({"@liquid": template}, payload)` from @segment/actions-core with liquidjs 10.27.2)
// and writes the results as conformance cases (see tests/conformance/README.md).
//
//   TZ=UTC node tests/differential/liquid.mjs [--seed N] [--count N] [--out FILE]
//
// The same seed always gives the same cases. Without --out the cases are written to stdout.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

if (process.env.TZ !== 'UTC') {
  console.error('run with TZ=UTC: the reference cases are generated in UTC');
  process.exit(2);
}

const require = createRequire(import.meta.url);
const { transform } = require('@segment/actions-core');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const seed = Number(option('--seed', '1'));
const count = Number(option('--count', '400'));
const outFile = option('--out', '');

// mulberry32: a small seeded generator, so the cases are reproducible.
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

// ---- payloads: Engage-shaped events with edge values -------------------------------------------

const edgeProperties = {
  name: 'Nemo',
  html: '<b class="x">Tom & Jerry\'s</b>',
  spaced: '  padded  text  ',
  multiline: 'line one\nline two\r\nline three',
  unicode: 'Ünïcödé straße ǅ ΣΑΣ İ 日本語 😀',
  emoji: '😀👍🏽',
  email: 'Jane.Doe@Example.COM',
  url: 'https://example.com/a b?c=d&e=ü#frag',
  encoded: 'a%20b%2Bc+d%E2%9C%93',
  base64: 'aGVsbG8gd29ybGQ=',
  words: 'alpha, beta,gamma ,  delta',
  csv: 'a,b,,c,,',
  empty: '',
  blank: '   ',
  zero: 0,
  negzero: -0,
  one: 1,
  negative: -42,
  float: 4.5,
  pointthree: 0.1 + 0.2,
  big: 1e21,
  huge: 12345678901234567890,
  tiny: 1e-7,
  price: 19.99,
  numstr: '42',
  floatstr: ' 3.14 ',
  hexstr: '0x1F',
  flag: true,
  off: false,
  nil: null,
  tags: ['a', 'b', 'c'],
  mixed: [1, 'two', null, true, { k: 'v' }, [3, 4]],
  nums: [3, 1, 2, 10],
  empty_arr: [],
  empty_obj: {},
  obj: { k: 'v', n: 1, nested: { deep: 'yes' } },
  products: [
    { sku: 'A-1', name: 'Shirt', price: 10, qty: 2, tags: ['x'] },
    { sku: 'B-2', name: 'Hat', price: 5.5, qty: 0, tags: [] },
    { sku: 'C-3', name: null, price: '7', qty: 1 },
  ],
  date_iso: '2024-03-05T10:20:30Z',
  date_ms: '2024-03-05T10:20:30.123+02:00',
  date_day: '2024-03-05',
  date_text: 'March 5, 2024 4:05 PM',
  date_slash: '2024/03/05 23:59:59',
  date_rfc: 'Tue, 05 Mar 2024 10:20:30 GMT',
  date_digits: '1709634030',
  date_number: 1709634030,
  date_bad: 'not a date',
  dates: ['Mar 5 2024', '5 March 2024 10:20', '2024-3-5', '03/05/2024', '3/5/24 10:20 pm',
    '2024-03-05 10:20:30.5', '20240305', 'Tuesday, March 5, 2024', '2024-03-05T10:20:30+0530',
    '2024-03-05T10:20:30.123456789Z', '+002024-03-05T00:00:00Z', '-000001-01-01T00:00:00Z',
    '12/31/1999 23:59:59 EST', 'Sat Jan 01 2000 00:00:00 GMT-0500 (EST)', '1 Jan 50', 'Jan 1 49',
    '2024-13-01', '2024-02-30', '0', '-1', ' 2024-03-05 ', '2024-03-05T10:20:30z', '2024-03-05t10:20',
    'noon', '2024/3/5 1:2:3 am', 'T10:20', '2024-03-05T24:00:00Z', '2024-03-05T25:00Z', 'May 2024',
    '10:20 2024-03-05', '2024-03-05 GMT+2', '5.3.2024', 'Dec 25, 1969 12:00:00 PM UTC', '275760-09-13',
    '2024-03-05T10:20:30.1Z', 'June 31 2024', '2024-03-05T10:20:30 +01:00', '1e3', 'Z 2024 1 1'],
  date_nums: [0, -1, 1e12, 8.64e12, 1.5, -62135596800, 253402300799, 8.64e13],
  'key with spaces': 'spaced key',
  'dotted.key': 'dotted',
  '0': 'zero key',
  size: 'own size',
};

const payloads = [
  {
    type: 'track',
    event: 'Order Completed',
    userId: 'user-123',
    anonymousId: 'anon-456',
    messageId: 'msg-1',
    timestamp: '2024-01-02T03:04:05.000Z',
    properties: edgeProperties,
    context: {
      traits: { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', age: 85 },
      personas: { computation_key: 'vip_users', computation_class: 'audience', space_id: 'spa_1' },
    },
  },
  {
    type: 'identify',
    userId: 'u-1',
    traits: {
      email: 'ADA@Example.com',
      first_name: 'Ada',
      last_name: null,
      vip_users: true,
      logins: 7,
      score: 2.5,
      tags: ['new', 'vip'],
      address: { city: 'München', zip: '80331' },
      created_at: '2023-12-31T23:59:59.999Z',
    },
    context: { personas: { computation_key: 'vip_users', computation_class: 'audience' } },
    properties: edgeProperties,
  },
  {
    type: 'track',
    event: 'Audience Entered',
    userId: null,
    properties: { audience_key: 'high_value', high_value: true, ...edgeProperties },
    context: { personas: { audience_settings: { foo: 'bar' } } },
  },
];

// ---- template grammar -----------------------------------------------------------------------------

const propertyNames = Object.keys(edgeProperties);
const variables = [
  ...propertyNames.filter((k) => /^[A-Za-z_][\w-]*$/.test(k)).map((k) => `properties.${k}`),
  'properties["key with spaces"]', "properties['dotted.key']", 'properties[0]', 'properties["0"]',
  'properties.tags[0]', 'properties.tags[-1]', 'properties.tags[9]', 'properties.tags.size',
  'properties.tags.first', 'properties.tags.last', 'properties.mixed[4].k', 'properties.mixed[5][1]',
  'properties.products[1].name', 'properties.products.size', 'properties.obj.nested.deep',
  'properties.obj.size', 'properties.name.size', 'properties.name[0]', 'properties.emoji.size',
  'properties.missing', 'properties.missing.deeper', 'properties.nil.x', 'properties.size',
  'event', 'type', 'userId', 'timestamp', 'traits.email', 'traits.first_name', 'traits.tags',
  'traits.address.city', 'traits.logins', 'context.traits.email', 'context.personas.computation_key',
  'nothing', 'size', 'first', 'x', 'y', 'counter', 'captured', 'properties.products[0].tags',
  'properties.dates[0]', 'properties.dates[7]', 'properties.dates[12]', 'properties.dates[20]',
  'properties.dates[25]', 'properties.dates[31]', 'properties.dates[36]', 'properties.date_nums[2]',
  'properties.date_nums[4]', 'properties.date_nums[5]', 'properties[properties.zero]',
  'properties[properties.one]', "properties['name']", 'properties[ "name" ]', 'properties . name',
  'properties.tags[properties.one]', 'properties.nums.last', 'properties.mixed.size',
];
const dateValue = () => (chance(0.5) ? `properties.dates[${int(0, 39)}]` : chance(0.5)
  ? `properties.date_nums[${int(0, 7)}]` : pick(['properties.date_iso', 'properties.date_ms',
    'properties.date_day', 'properties.date_text', 'properties.date_slash', 'properties.date_rfc',
    'properties.date_digits', 'properties.date_number', 'properties.date_bad', 'timestamp', '0',
    '"2024-02-29"', 'true', 'properties.tags', 'nil', 'properties.negative', '"1700000000"']));
const literals = [
  '"text"', "'single'", '""', '" "', '"a,b"', '"<i>"', '"Ünï"', '"😀"', '"\\n"', '"esc\\"aped"',
  '0', '1', '-1', '2.5', '10', '3', '-0', '1.', '100', 'true', 'false', 'nil', 'null', 'empty',
  'blank', '(1..3)', '(0..0)', '(3..1)', '(properties.one..4)', '-2', '0.5', '1.5', '-1.5', '99',
  '"3"', '"-1"', '" 2 "', '"abc"', '"1e2"', '"0x10"', '"a b c"', '"  x  "', '"%"', '"%20"',
  '"\u00e9"', "'\\'", '"Y"', '(1..properties.nil)', '(properties.floatstr..5)',
];
const dateFormats = [
  '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%a %b %e %H:%M:%S %Z %Y', '%A, %B %-d, %Y', '%-m/%-d/%y',
  '%^B %^a', '%#p %#B', '%j %U %W %u %w', '%s', '%L %N %3N %6N', '%I:%M %p', '%l:%M %P', '%C %y',
  '%c', '%x', '%X', '%z %:z %Z', '%%', '%q', '%k|%l|%e', '%5Y', '%_m|%-m|%0e', '%010d', '%h %t%n',
  '%Q %E %5', '%Ey %Od', 'no codes', '%', '%-', '%H%M%S%L', '%D', '%^10A|%-10a|%_3d',
];

function value(depth) {
  const r = random();
  if (r < 0.05) return dateValue();
  if (r < 0.55) return pick(variables);
  if (r < 0.9) return pick(literals);
  if (depth > 0) return pick(variables);
  return `(1..${int(0, 4)})`;
}

function argument() {
  return chance(0.6) ? pick(literals) : pick(variables);
}

const filterShapes = [
  ['upcase'], ['downcase'], ['capitalize'], ['size'], ['first'], ['last'], ['strip'], ['lstrip'],
  ['rstrip'], ['escape'], ['escape_once'], ['xml_escape'], ['url_encode'], ['url_decode'],
  ['cgi_escape'], ['uri_escape'], ['strip_html'], ['strip_newlines'], ['normalize_whitespace'],
  ['number_of_words'], ['abs'], ['ceil'], ['floor'], ['round'], ['json'], ['jsonify'],
  ['inspect'], ['to_integer'], ['raw'], ['compact'], ['pop'], ['shift'], ['base64_encode'],
  ['base64_decode'], ['sha256'], ['date_to_xmlschema'], ['date_to_rfc822'], ['date_to_string'],
  ['date_to_long_string'], ['slugify'], ['sum'], ['nosuchfilter'], ['unknown-filter?'],
  ['append', 1], ['prepend', 1], ['default', 1], ['join', 1], ['split', 1], ['plus', 1],
  ['minus', 1], ['times', 1], ['divided_by', 1], ['modulo', 1], ['round', 1], ['at_least', 1],
  ['at_most', 1], ['truncate', 1], ['truncatewords', 1], ['remove', 1], ['remove_first', 1],
  ['remove_last', 1], ['slice', 1], ['push', 1], ['unshift', 1], ['where', 1], ['json', 1],
  ['hmac_sha256', 1], ['strip', 1], ['lstrip', 1], ['rstrip', 1], ['number_of_words', 1],
  ['slugify', 1], ['sum', 1], ['replace', 2], ['replace_first', 2], ['replace_last', 2],
  ['truncate', 2], ['truncatewords', 2], ['slice', 2], ['divided_by', 2], ['where', 2],
  ['slugify', 2], ['date', 'date'], ['date', 'date2'], ['default', 'allow_false'],
  ['append', 0], ['append', 2], ['prepend', 0],
  ['plus', 'num'], ['minus', 'num'], ['times', 'num'], ['divided_by', 'num'], ['modulo', 'num'],
  ['round', 'num'], ['at_least', 'num'], ['at_most', 'num'], ['truncate', 'num'],
  ['truncatewords', 'num'], ['slice', 'num'], ['json', 'num'], ['date', 'date'], ['date', 'date'],
];
const disabledFilters = ['map', 'sort', 'reverse', 'uniq', 'concat', 'newline_to_br', 'sort_natural',
  'group_by', 'where_exp', 'find', 'has', 'type', 'array_to_sentence_string', 'reject'];

function filter() {
  if (chance(0.03)) return `${pick(disabledFilters)}${chance(0.5) ? ': "x"' : ''}`;
  const [name, arity] = pick(filterShapes);
  const sep = () => pick([', ', ',', ' , ']);
  const colon = pick([': ', ':', ' : ']);
  if (arity === undefined) return name;
  if (arity === 'date') return `${name}${colon}"${pick(dateFormats)}"`;
  if (arity === 'num') return `${name}${colon}${pick(['0', '-1', '2', '2.5', '-2.5', '"3"', '"x"', '1e3', 'nil', 'true', 'properties.big', 'properties.tiny', 'properties.negzero', 'properties.pointthree', '1000000'])}`;
  if (arity === 'date2') return `${name}${colon}"${pick(dateFormats)}"${sep()}${pick(['0', '60', '-330', '"UTC"', '"Etc/GMT+5"', '"+08:00"', 'nil'])}`;
  if (arity === 'allow_false') return `${name}${colon}${argument()}${sep()}allow_false: ${pick(['true', 'false'])}`;
  const parts = [];
  for (let i = 0; i < arity; i++) parts.push(argument());
  return arity === 0 ? name : `${name}${colon}${parts.join(sep())}`;
}

function filtered(depth) {
  let s = value(depth);
  if (chance(0.08)) return `${dateValue()} | date${pick([': ', ':'])}"${pick(dateFormats)}"`;
  const n = chance(0.3) ? 0 : int(1, 3);
  for (let i = 0; i < n; i++) s += `${pick([' | ', '|', ' |'])}${filter()}`;
  return s;
}

function condition() {
  const ops = ['==', '!=', '>', '<', '>=', '<=', 'contains'];
  const simple = () => (chance(0.6) ? `${value(1)} ${pick(ops)} ${value(1)}` : value(1));
  let c = simple();
  if (chance(0.3)) c += ` ${pick(['and', 'or'])} ${simple()}`;
  if (chance(0.1)) c = `not ${c}`;
  return c;
}

const texts = ['', 'Hi ', ' ', '  ', '\n', '\n  ', '-', ', ', '<b>', '😀', 'ü', 'x', '[', ']', '{', '}',
  '%', 'a{b}c', '\t'];

function output() {
  const l = pick(['{{ ', '{{', '{{- ', '{{-']);
  const r = pick([' }}', '}}', ' -}}', '-}}']);
  return `${l}${filtered(0)}${r}`;
}

function tagOpen(name, rest) {
  const l = pick(['{% ', '{%', '{%- ', '{%-', '{%\t', '{%\n ', '{% \u00a0']);
  const r = pick([' %}', '%}', ' -%}', '-%}', '\n%}', '\u3000%}']);
  return `${l}${name}${rest ? ' ' + rest : ''}${r}`;
}

function block(depth) {
  const n = int(1, 3);
  let s = '';
  for (let i = 0; i < n; i++) s += piece(depth + 1);
  return s;
}

function piece(depth) {
  const r = random();
  if (r < 0.25 || depth > 2) return pick(texts);
  if (r < 0.55) return output();
  const tag = pick(['if', 'if', 'unless', 'assign', 'assign', 'capture', 'raw', 'comment',
    'increment', 'decrement', 'echo', 'liquid', 'cycle', 'inline', 'break', 'block']);
  switch (tag) {
    case 'if': {
      let s = tagOpen('if', condition()) + block(depth);
      if (chance(0.3)) s += tagOpen('elsif', condition()) + block(depth);
      if (chance(0.4)) s += tagOpen('else') + block(depth);
      return s + tagOpen('endif');
    }
    case 'unless': {
      let s = tagOpen('unless', condition()) + block(depth);
      if (chance(0.3)) s += tagOpen('elsif', condition()) + block(depth);
      if (chance(0.3)) s += tagOpen('else') + block(depth);
      return s + tagOpen('endunless');
    }
    case 'assign': return tagOpen('assign', `${pick(['x', 'y', 'counter', 'name'])} = ${filtered(1)}`);
    case 'capture': return tagOpen('capture', pick(['captured', 'x', '"quoted name"'])) + block(depth) + tagOpen('endcapture');
    case 'raw': return tagOpen('raw') + pick(['{{ not rendered }}', '{% if %}', 'plain', '']) + '{% endraw %}';
    case 'comment': return tagOpen('comment') + pick(['hidden', '{{ x }}', '{% if %}']) + tagOpen('endcomment');
    case 'increment':
    case 'decrement': return tagOpen(tag, pick(['counter', 'x', 'properties', 'one']));
    case 'echo': return tagOpen('echo', filtered(1));
    case 'liquid': {
      const lines = [];
      const n = int(1, 3);
      for (let i = 0; i < n; i++) {
        lines.push(pick([`echo ${filtered(1)}`, `assign x = ${filtered(1)}`, '# a comment',
          `if ${condition()}\n  echo "yes"\nelse\n  echo "no"\nendif`, `increment counter`]));
      }
      return `{% liquid\n${lines.join('\n')}\n%}`;
    }
    case 'cycle': return tagOpen('cycle', pick(['"a", "b", "c"', '"one", "two"', 'properties.name, "x"', '"g": 1, 2', '0, 1']));
    case 'inline': return tagOpen('#', 'inline comment');
    case 'break': return tagOpen(pick(['break', 'continue']));
    case 'block': return tagOpen('block', 'content') + block(depth) + tagOpen('endblock');
  }
  return '';
}

// Templates that should fail, and edge syntax.
const oddities = [
  () => `{% ${pick(['for', 'case', 'include', 'render', 'layout', 'tablerow'])} x %}`,
  () => `a {% nosuchtag %}`, () => `{{ ${filtered(0)}`, () => `{% if ${condition()} %}open`,
  () => `{{ properties.name | }}`, () => `{{ properties.name | | upcase }}`, () => `{% if %}x{% endif %}`,
  () => `{{ }}`, () => `{{}}`, () => `{%}`, () => `{% assign = 1 %}`, () => `{% assign x 1 %}`,
  () => `{% raw %}never closed`, () => `{% comment %}never closed`, () => `{% capture %}x{% endcapture %}`,
  () => `{% if true %}a{% else %}b{% else %}c{% endif %}`, () => `{% if true %}a{% else %}b{% elsif x %}c{% endif %}`,
  () => `{% if true %}a{% else junk %}b{% endif %}`, () => `{% endif %}`, () => `{% else %}`,
  () => `{{ properties.name upcase }}`, () => `{{ properties.name | append "x" }}`,
  () => `{{ (1..x }}`, () => `{{ properties[ }}`, () => `{{ "unterminated }}`, () => `{% cycle %}`,
  () => `{% # line one\n not a comment %}`, () => `{{ a b c }}`, () => `{{ not }}`, () => `{{ contains }}`,
  () => `{{ 1 == 1 }}`, () => `{{ properties.tags contains "b" }}`, () => `{{ 'x' | ${pick(disabledFilters)} }}`,
  () => `{% if false %}{{ 'x' | ${pick(disabledFilters)} }}{% endif %}ok`,
  () => `{{ nil.equals }} {{ empty.size }} {{ blank.valueOf }}`, () => `{{ "abc" | slice: "1", 1 }}`,
  () => `{% increment %}{% decrement %}`, () => `{{- properties.spaced -}}`,
  () => `x {%- raw -%} y {%- endraw -%} z`, () => `{% raw %}{%- endraw %}`,
  () => `{{ properties.tags[ ] }}`, () => `{{ properties.mixed | join: "," }}`,
  () => `{{ properties.obj | json: 2 }}`, () => `{{ properties | json }}`.slice(0, 40),
  () => `{{ properties.date_iso | date: "%Y", "America/New_York" }}`.replace('America/New_York', pick(['Bogus Zone', '+08:00'])),
  () => 'x'.repeat(1001), () => `{{ "x" | append: "y" | append: "z" }}`.repeat(30),
];

// ---- focused generators -----------------------------------------------------------------------

// Random text over the characters Liquid's tokenizer cares about: delimiters, quotes, operators,
// brackets, blanks, tag names. Finds tokenizer and parser disagreements, error messages and
// positions.
function syntaxSoup() {
  const atoms = ['{{', '}}', '{%', '%}', '{{-', '-}}', '{%-', '-%}', '"', "'", '|', ':', ',', '.', '..',
    '[', ']', '(', ')', ' ', '  ', '\n', '\t', '-', '=', '==', '<', '>', '!=', 'if', 'endif', 'else',
    'elsif', 'unless', 'endunless', 'raw', 'endraw', 'comment', 'endcomment', 'assign', 'capture',
    'endcapture', 'echo', 'liquid', 'cycle', 'a', 'b', 'x', '1', '2.5', 'properties', 'name', 'tags',
    'upcase', 'append', 'and', 'or', 'contains', 'not', 'nil', 'empty', 'blank', 'true', '#', '😀', 'é',
    '\\', '\u00a0', '%', '{', '}', 'for', 'increment'];
  let t = '';
  const n = int(1, 24);
  for (let i = 0; i < n; i++) t += pick(atoms);
  return t;
}

// Date strings built from the pieces V8's parser reads: numbers of various lengths, month and day
// names, AM/PM, zone names and offsets, signs, separators, parentheses, T and Z.
function dateSoup() {
  const atoms = () => pick([String(int(0, 9)), String(int(10, 99)), String(int(100, 999)),
    String(int(1000, 2999)), String(int(10000, 999999)), '000', '00', '24', '12', '31', '60',
    'Jan', 'February', 'mar', 'SEPT', 'Dec', 'Mon', 'tuesday', 'am', 'PM', 'a.m.', 'UTC', 'GMT', 'Z', 'z',
    'EST', 'PDT', 'CET', 'T', 't', '+', '-', '+05:30', '-0800', '+1', ':', '::', '.', '/', ',', ' ',
    '-0800815358', '+99999', '+123:45', '1234567890123', '0000000000012', '.5', '.123456',
    '  ', '(comment)', '(', ')', 'x', '\u00e9', '\t']);
  let t = '';
  const n = int(1, 9);
  for (let i = 0; i < n; i++) t += atoms();
  return t;
}

const valuePool = ['properties.name', 'properties.unicode', 'properties.html', 'properties.spaced',
  'properties.multiline', 'properties.emoji', 'properties.empty', 'properties.blank', 'properties.zero',
  'properties.negzero', 'properties.one', 'properties.negative', 'properties.float',
  'properties.pointthree', 'properties.big', 'properties.huge', 'properties.tiny', 'properties.numstr',
  'properties.floatstr', 'properties.hexstr', 'properties.flag', 'properties.off', 'properties.nil',
  'properties.missing', 'properties.tags', 'properties.mixed', 'properties.nums', 'properties.empty_arr',
  'properties.empty_obj', 'properties.obj', 'properties.products', 'properties.words', 'properties.csv',
  'properties.url', 'properties.encoded', 'properties.base64', 'properties.date_iso', 'nil', 'empty',
  'blank', 'true', 'false', '0', '-1', '2.5', '"abc"', '""', '"a,b"', '(1..3)', '"😀x"', '"ǅ"', '"ß"'];

function filterSoup() {
  const names = [...new Set(filterShapes.map(([n]) => n))];
  const name = pick(names);
  const n = int(0, 3);
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(chance(0.15) ? `k${i}: ${pick(valuePool)}` : pick(valuePool));
  return `{{ ${pick(valuePool)} | ${name}${n ? ': ' + parts.join(', ') : ''} }}`;
}

function operatorSoup() {
  const ops = ['==', '!=', '>', '<', '>=', '<=', 'contains', 'and', 'or'];
  let c = pick(valuePool);
  const n = int(1, 3);
  for (let i = 0; i < n; i++) c += ` ${pick(ops)} ${pick(valuePool)}`;
  if (chance(0.2)) c = `not ${c}`;
  return chance(0.5) ? `{% if ${c} %}T{% else %}F{% endif %}` : `{{ ${c} }}`;
}

function strftimeSoup() {
  const pieces = () => pick(['%', '%%', '%-', '%_', '%0', '%^', '%#', '%:', String(int(0, 12)), 'E', 'O',
    ...'aAbBcCdeHIjklLmMNpPqsSuUwWxXyYzZhtn'.split('').map((c) => '%' + c), 'x', ' ', '/', '\n', 'é']);
  let f = '';
  const n = int(1, 8);
  for (let i = 0; i < n; i++) f += pieces();
  const zone = pick(['', ', 0', ', 90', ', -330', ', "UTC"', ', "Etc/GMT-3"', ', "bad zone"', ', 600.5']);
  return `{{ ${pick(['properties.date_iso', 'properties.date_ms', 'properties.dates[' + int(0, 39) + ']', 'properties.date_nums[' + int(0, 7) + ']'])} | date: ${JSON.stringify(f)}${zone} }}`;
}

const mode = option('--mode', 'mixed');

function template() {
  const m = mode === 'mixed'
    ? pick(['grammar', 'grammar', 'grammar', 'syntax', 'dates', 'strftime', 'filters', 'operators'])
    : mode;
  if (m === 'syntax') return syntaxSoup();
  if (m === 'dates') return `{{ ${JSON.stringify(dateSoup())} | date: "%Y-%m-%d %H:%M:%S.%L %z" }}`;
  if (m === 'strftime') return strftimeSoup();
  if (m === 'filters') return filterSoup();
  if (m === 'operators') return operatorSoup();
  if (chance(0.12)) return pick(oddities)();
  let s = '';
  const n = int(1, 4);
  for (let i = 0; i < n; i++) s += piece(0);
  return s;
}

// ---- run the reference ---------------------------------------------------------------------------

function run(mapping, payload) {
  try {
    const output = transform(mapping, structuredClone(payload));
    return output === undefined ? { undefined: true } : { output };
  } catch (e) {
    return { error: e.message, error_name: e.name };
  }
}

// Keeps the case files small: `properties` only holds the members the template mentions (all
// of them when the template uses `properties` as a whole). The reference runs on the pruned
// payload, so each case stays exact.
function prune(payload, tpl) {
  if (!payload.properties || /properties(?!\s*[.[])/.test(tpl.replace(/properties\s*[.[]/g, ''))) {
    return payload;
  }
  const properties = {};
  for (const [k, v] of Object.entries(payload.properties)) if (tpl.includes(k)) properties[k] = v;
  return { ...payload, properties };
}

const cases = [];
const seen = new Set();
for (let i = 0; cases.length < count && i < count * 20; i++) {
  const tpl = template();
  if (seen.has(tpl)) continue;
  seen.add(tpl);
  const payload = prune(pick(payloads), tpl);
  const mapping = { '@liquid': tpl };
  cases.push({ id: `liquid-generated/${seed}-${cases.length + 1}`, kind: 'transform', mapping, payload,
    expect: run(mapping, payload) });
}

// JSON.stringify loses -0; the payload's negzero must stay -0 when the file is read back.
const text = JSON.stringify(cases, (k, v) => (Object.is(v, -0) ? '__negative_zero__' : v), 2)
  .replaceAll('"__negative_zero__"', '-0') + '\n';
if (outFile) writeFileSync(outFile, text);
else process.stdout.write(text);
