// The playground's state: what the forms and the editor hold, how it becomes an activation config
// (docs/activation-config.md) for simulate(), how a config becomes state again, and how the
// diagnostics of a report are pointed back at the editor, the forms or the emitted events.
// Pure functions: the page and the worker both import this file.

export const STATE_VERSION = 1;

export const DEST_KINDS = [
  ['actions', 'Destination Actions'],
  ['function', 'Destination Function'],
  ['classic', 'Classic destination'],
  ['facebook_custom_audiences', 'Facebook Custom Audiences'],
  ['facebook_custom_audiences_actions', 'Facebook Custom Audiences (Actions)'],
  ['google_ads_remarketing_lists', 'Google Ads Remarketing Lists'],
  ['google_customer_match_actions', 'Google Customer Match (Actions)'],
];
export const COMPUTATION_CLASSES = [
  ['audience', 'Audience'],
  ['journey_step', 'Journey step'],
  ['trait', 'Computed trait'],
];
export const ACTIONS = [
  ['entered', 'Entered'],
  ['exited', 'Exited'],
  ['computed', 'Computed (traits)'],
];
export const STRATEGIES = [
  ['last_added', 'Last added'],
  ['first_added', 'First added'],
  ['all', 'All'],
];
export const IDENTIFIER_TYPES = ['email', 'phone', 'user_id', 'anonymous_id', 'ios.idfa', 'android.idfa'];

// Caps on what a state (from a share link or an upload) may hold; past them it is refused.
export const CAPS = { rows: 200, mappings: 100, fields: 500, conditions: 200, text: 4 * 1024 * 1024 };

export function emptyMapping(n = 1) {
  return { name: `Mapping ${n}`, enabled: true, fql: 'type = "track"', fields: [{ key: 'email', mode: 'path', text: '$.context.traits.email' }], required: '' };
}

/** A fresh, empty state (used before the default example arrives). */
export function blankState() {
  return {
    mode: 'profile',
    profile: '{\n  "traits": {},\n  "identifiers": []\n}\n',
    event: '',
    computation: { class: 'audience', key: 'my_audience', action: 'entered', value: '' },
    destination: {
      kind: 'actions', name: '', send_identify: true, send_track: true, send_mobile_ids: false,
      setup: 'default', event_names: { entered: '', exited: '', computed: '' }, extra: '',
    },
    traits: [],
    ids: [],
    mappings: [],
    extra: '',
  };
}

// ---------------------------------------------------------------------------------------------
// State -> config text

/** Escapes one JSON pointer segment (RFC 6901). */
export function ptrSeg(s) {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Builds the activation config text for a state. Texts the user typed (the editor, JSON field
 * values, a trait value, extra settings) are put in verbatim, so a diagnostic range in the config
 * text can be mapped back to the exact spot in what the user typed. Returns
 * { text, segments: [{ id, start, end, text, kind }] } with UTF-16 offsets into `text`.
 */
export function buildConfig(state) {
  let out = '';
  const segments = [];
  const put = (s) => { out += s; };
  const raw = (id, text, kind) => {
    segments.push({ id, start: out.length, end: out.length + text.length, text, kind });
    out += text;
  };
  const str = JSON.stringify;
  const c = state.computation;
  put(`{"version":1,\n"computation":{"class":${str(c.class)},"key":${str(c.key)},"action":${str(c.action)}`);
  if (c.class === 'trait' && c.value.trim() !== '') { put(',"value":'); raw('cvalue', c.value, 'json'); }
  put('},\n');
  const d = state.destination;
  put(`"destination":{"kind":${str(d.kind)}`);
  if (d.name.trim()) put(`,"name":${str(d.name)}`);
  put(`,"send_identify":${!!d.send_identify},"send_track":${!!d.send_track},"send_mobile_ids":${!!d.send_mobile_ids},"setup":${str(d.setup)}`);
  const names = Object.entries(d.event_names).filter(([, v]) => v.trim() !== '');
  if (names.length) put(`,"event_names":{${names.map(([k, v]) => `${str(k)}:${str(v)}`).join(',')}}`);
  if (d.extra && d.extra.trim()) { put(',"google":'); raw('google', d.extra, 'json'); }
  put('},\n');
  if (state.traits.length) {
    put(`"trait_enrichment":[${state.traits.map((t) => `{"segment":${str(t.segment)},"destination":${str(t.destination)}}`).join(',')}],\n`);
  }
  if (state.ids.length) {
    put(`"id_sync":[${state.ids.map((t) => `{"segment":${str(t.segment)},"destination":${str(t.destination)},"strategy":${str(t.strategy)}}`).join(',')}],\n`);
  }
  const input = state.mode === 'event' ? state.event : state.profile;
  if (input.trim() !== '') {
    put(state.mode === 'event' ? '"event":' : '"profile":');
    raw('input', input, 'input');
    put(',\n');
  }
  put('"mappings":[');
  state.mappings.forEach((m, i) => {
    if (i) put(',\n');
    put(`{"name":${str(m.name)},"enabled":${!!m.enabled},"trigger_fql":${str(m.fql)},"fields":{`);
    m.fields.forEach((f, j) => {
      if (j) put(',');
      put(`${str(f.key)}:`);
      if (f.mode === 'json') {
        if (f.text.trim() === '') put('null');
        else raw(`field:${i}:${j}`, f.text, 'json');
      } else {
        put(`{"@path":${str(f.text)}}`);
      }
    });
    put('}');
    const req = splitList(m.required);
    if (req.length) put(`,"required_fields":${str(req)}`);
    put('}');
  });
  put(']');
  const t = state.extra || '';
  const open = t.indexOf('{');
  const close = t.lastIndexOf('}');
  if (open >= 0 && close > open && t.slice(open + 1, close).trim() !== '') {
    // Other top-level settings (timestamp, limits) kept from an uploaded config: the members of
    // the object the user typed, spliced in, with offsets still counted in the typed text.
    put(',\n');
    segments.push({ id: 'extra', start: out.length - (open + 1), end: out.length - (open + 1) + t.length, text: t, kind: 'object' });
    out += t.slice(open + 1, close);
  }
  put('}\n');
  return { text: out, segments };
}

export function splitList(s) {
  return String(s || '').split(',').map((x) => x.trim()).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Config -> state

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v, fallback = '') => (typeof v === 'string' ? v : fallback);
const pretty = (v) => JSON.stringify(v, null, 2);

/**
 * Turns an activation config (a parsed object) into a state. `fqlOf(ast)` returns the FQL text of
 * a trigger AST (the worker's generateFql), used for mappings that give `trigger` without
 * `trigger_fql`. Unknown settings are kept in `extra` so nothing is lost on download.
 */
export async function stateFromConfig(config, fqlOf) {
  if (!isObj(config)) throw new Error('the configuration is not a JSON object');
  const s = blankState();
  const c = isObj(config.computation) ? config.computation : {};
  s.computation = {
    class: text(c.class, 'audience'),
    key: text(c.key, ''),
    action: text(c.action, c.class === 'trait' ? 'computed' : 'entered'),
    value: c.value === undefined ? '' : JSON.stringify(c.value),
  };
  const d = isObj(config.destination) ? config.destination : {};
  const en = isObj(d.event_names) ? d.event_names : {};
  const traits = Array.isArray(config.trait_enrichment) ? config.trait_enrichment : [];
  const ids = Array.isArray(config.id_sync) ? config.id_sync : [];
  s.destination = {
    kind: text(d.kind, 'actions'),
    name: text(d.name, ''),
    send_identify: d.send_identify !== false,
    send_track: d.send_track !== false,
    send_mobile_ids: d.send_mobile_ids === true,
    setup: text(d.setup, traits.length || ids.length ? 'customized' : 'default'),
    event_names: { entered: text(en.entered), exited: text(en.exited), computed: text(en.computed) },
    extra: d.google === undefined ? '' : pretty(d.google),
  };
  s.traits = traits.filter(isObj).slice(0, CAPS.rows).map((t) => ({
    segment: text(t.segment), destination: text(t.destination, text(t.segment)),
  }));
  s.ids = ids.filter(isObj).slice(0, CAPS.rows).map((t) => ({
    segment: text(t.segment), destination: text(t.destination, text(t.segment)), strategy: text(t.strategy, 'last_added'),
  }));
  if (config.event !== undefined && config.event !== null) {
    s.mode = 'event';
    s.event = pretty(config.event) + '\n';
  }
  s.profile = pretty(isObj(config.profile) ? config.profile : { traits: {}, identifiers: [] }) + '\n';
  const mappings = Array.isArray(config.mappings) ? config.mappings.filter(isObj).slice(0, CAPS.mappings) : [];
  s.mappings = [];
  for (const [i, m] of mappings.entries()) {
    let fql = typeof m.trigger_fql === 'string' ? m.trigger_fql : '';
    if (typeof m.trigger_fql !== 'string' && m.trigger !== undefined && fqlOf) {
      const r = await fqlOf(m.trigger);
      fql = r && typeof r.fql === 'string' ? r.fql : '';
    }
    const fields = isObj(m.fields) ? Object.entries(m.fields).slice(0, CAPS.fields) : [];
    s.mappings.push({
      name: text(m.name, `Mapping ${i + 1}`),
      enabled: m.enabled !== false,
      fql,
      fields: fields.map(([key, v]) => fieldRow(key, v)),
      required: Array.isArray(m.required_fields) ? m.required_fields.filter((x) => typeof x === 'string').join(', ') : '',
    });
  }
  const known = new Set(['version', 'computation', 'destination', 'trait_enrichment', 'id_sync', 'profile', 'event', 'mappings']);
  const extra = {};
  let any = false;
  for (const [k, v] of Object.entries(config)) {
    if (!known.has(k)) { Object.defineProperty(extra, k, { value: v, enumerable: true, writable: true, configurable: true }); any = true; }
  }
  s.extra = any ? pretty(extra) : '';
  return s;
}

/** One field row: a plain @path becomes a path row; anything else is JSON. */
export function fieldRow(key, v) {
  if (isObj(v) && Object.keys(v).length === 1 && typeof v['@path'] === 'string') {
    return { key, mode: 'path', text: v['@path'] };
  }
  return { key, mode: 'json', text: JSON.stringify(v) };
}

/** The activation config of a state, as a value (for download); throws when a text is not JSON. */
export function configOf(state) {
  const built = buildConfig(state);
  const v = JSON.parse(built.text);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Checking a state that came from outside (share link, upload, local storage)

/**
 * Checks that `v` has the shape of a state and returns a clean copy (only known members, only
 * the right types, within CAPS). Throws an Error with a sentence for the user when it cannot.
 */
export function sanitizeState(v) {
  if (!isObj(v)) throw new Error('it does not hold a playground state');
  const s = blankState();
  const str = (x, where, max = CAPS.text) => {
    if (x === undefined) return '';
    if (typeof x !== 'string') throw new Error(`${where} is not text`);
    if (x.length > max) throw new Error(`${where} is too long`);
    return x;
  };
  const bool = (x, dflt) => (typeof x === 'boolean' ? x : dflt);
  const pick = (x, list, dflt) => (list.some(([k]) => k === x) ? x : dflt);
  s.mode = v.mode === 'event' ? 'event' : 'profile';
  s.profile = str(v.profile, 'the profile');
  s.event = str(v.event, 'the event');
  const c = isObj(v.computation) ? v.computation : {};
  s.computation = {
    class: pick(c.class, COMPUTATION_CLASSES, 'audience'),
    key: str(c.key, 'the computation key', 1000),
    action: pick(c.action, ACTIONS, 'entered'),
    value: str(c.value, 'the trait value', 100000),
  };
  const d = isObj(v.destination) ? v.destination : {};
  const en = isObj(d.event_names) ? d.event_names : {};
  s.destination = {
    kind: pick(d.kind, DEST_KINDS, 'actions'),
    name: str(d.name, 'the destination name', 1000),
    send_identify: bool(d.send_identify, true),
    send_track: bool(d.send_track, true),
    send_mobile_ids: bool(d.send_mobile_ids, false),
    setup: d.setup === 'customized' ? 'customized' : 'default',
    event_names: {
      entered: str(en.entered, 'an event name', 1000),
      exited: str(en.exited, 'an event name', 1000),
      computed: str(en.computed, 'an event name', 1000),
    },
    extra: str(d.extra, 'the destination settings', 100000),
  };
  const list = (x, where, max) => {
    if (x === undefined) return [];
    if (!Array.isArray(x)) throw new Error(`${where} is not a list`);
    if (x.length > max) throw new Error(`${where} has more than ${max} rows`);
    return x.map((r) => { if (!isObj(r)) throw new Error(`${where} has a row that is not an object`); return r; });
  };
  s.traits = list(v.traits, 'Trait Enrichment', CAPS.rows).map((r) => ({
    segment: str(r.segment, 'a trait', 1000), destination: str(r.destination, 'a trait', 1000),
  }));
  s.ids = list(v.ids, 'ID Sync', CAPS.rows).map((r) => ({
    segment: str(r.segment, 'an identifier', 1000), destination: str(r.destination, 'an identifier', 1000),
    strategy: pick(r.strategy, STRATEGIES, 'last_added'),
  }));
  s.mappings = list(v.mappings, 'the mappings', CAPS.mappings).map((m) => ({
    name: str(m.name, 'a mapping name', 1000),
    enabled: bool(m.enabled, true),
    fql: str(m.fql, 'a trigger', 100000),
    fields: list(m.fields, 'a mapping', CAPS.fields).map((f) => ({
      key: str(f.key, 'a field name', 1000), mode: f.mode === 'json' ? 'json' : 'path', text: str(f.text, 'a field value', 1000000),
    })),
    required: str(m.required, 'the required fields', 10000),
  }));
  s.extra = str(v.extra, 'the other settings', 100000);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Report -> diagnostics with targets

function inSegment(segments, off) {
  return segments.find((s) => off >= s.start && off <= s.end) || null;
}

/**
 * Where a diagnostic of the config points, in the user's terms:
 *  { kind: 'segment', id, from, to }          a text the user typed (editor, JSON field, ...)
 *  { kind: 'trigger', mapping, from, to }     a mapping's FQL text
 *  { kind: 'form', pointer }                  a form control (config pointer)
 *  { kind: 'event', event, pointer }          a place in an emitted (or pasted) event
 */
export function targetOf(d, built, eventIndex) {
  const r = d.range;
  if (d.source === 'trigger') {
    const m = /^\/mappings\/(\d+)\/trigger_fql/.exec(d.pointer);
    if (m) return { kind: 'trigger', mapping: +m[1], from: r ? r.start.utf16Offset : 0, to: r ? r.end.utf16Offset : 0 };
  }
  if (d.source === 'event') return { kind: 'event', event: eventIndex, pointer: d.pointer };
  if (r && (d.source === 'config' || d.source === '')) {
    const seg = inSegment(built.segments, r.start.utf16Offset);
    // A range that starts in a typed text and stays in it points there; one that covers more
    // (a whole mapping, say) points at the form.
    if (seg && r.end.utf16Offset <= seg.end) {
      return { kind: 'segment', id: seg.id, from: r.start.utf16Offset - seg.start, to: r.end.utf16Offset - seg.start };
    }
  }
  return { kind: 'form', pointer: d.pointer };
}

/**
 * Every diagnostic of a report, once each, with its target and where it was found
 * (`where`: the event label and mapping name). Ordered errors first, then warnings, then info.
 */
export function collectDiagnostics(report, built) {
  const out = [];
  const seen = new Map();
  const add = (d, where, eventIndex) => {
    const key = `${d.code}\u0000${d.source}\u0000${d.pointer}\u0000${d.message}`;
    if (seen.has(key)) { seen.get(key).count++; return; }
    const item = {
      code: d.code, severity: d.severity, message: d.message, fix: d.fix, docs: d.docs,
      source: d.source, pointer: d.pointer, where, count: 1, target: targetOf(d, built, eventIndex),
    };
    seen.set(key, item);
    out.push(item);
  };
  for (const d of report.diagnostics || []) add(d, '', -1);
  (report.events || []).forEach((ev, i) => {
    for (const d of ev.diagnostics || []) add(d, ev.label, i);
    for (const m of ev.mappings || []) for (const d of m.diagnostics || []) add(d, `${ev.label} › ${m.name}`, i);
  });
  const rank = { error: 0, warning: 1, info: 2 };
  out.sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Paths

/** "$.context.traits.email", "traits.email", "products[0].id" -> ["context","traits","email"] ... */
export function pathSegments(path) {
  let p = String(path).trim();
  if (p.startsWith('$')) p = p.slice(1);
  if (p.startsWith('.')) p = p.slice(1);
  p = p.replace(/\[(\d+)\]/g, '.$1').replace(/\['([^']*)'\]/g, '.$1').replace(/\["([^"]*)"\]/g, '.$1');
  return p === '' ? [] : p.split('.');
}

/** Whether `path` names a value in `obj` (own members only). */
export function hasPath(obj, path) {
  let cur = obj;
  for (const seg of pathSegments(path)) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return false;
    cur = cur[seg];
  }
  return cur !== undefined;
}

/** The `$.`-paths of the members of the given events (objects only, depth <= 6, at most `max`). */
export function collectPaths(events, max = 400) {
  const set = new Set();
  const walk = (v, prefix, depth) => {
    if (set.size >= max || depth > 6 || v === null || typeof v !== 'object' || Array.isArray(v)) return;
    for (const k of Object.keys(v)) {
      if (!/^[A-Za-z0-9_$-]+$/.test(k)) continue;
      const p = `${prefix}.${k}`;
      set.add(p);
      if (set.size >= max) return;
      walk(v[k], p, depth + 1);
    }
  };
  for (const e of events) walk(e, '$', 0);
  return [...set].sort();
}
