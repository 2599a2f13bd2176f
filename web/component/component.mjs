// <mapcheck-example>: one mapcheck example in a docs page. The element reads an activation config
// (or {event, mapping, trigger?} for one transform) from a <script type="application/json">
// child or a same-origin `src` file, runs it with the package's WebAssembly core (loaded once per
// page by init()) and shows the events Engage sends, each mapping's trigger result and payload
// (hover or focus a field for where it came from) and the diagnostics. With `editable` the JSON
// is a textarea and every edit re-runs. User data only ever reaches the page as text nodes, the
// styles are a constructed stylesheet (no inline style or script, so a strict CSP is enough), and
// nothing is sent anywhere.
import { init, matchesFql, simulate, transform, validateEvent } from '../index.mjs';

const CSS = `
:host{display:block;margin:1.5em 0;container-type:inline-size;color-scheme:light dark;
--_bg:var(--mapcheck-bg,light-dark(#fff,#16181d));--_fg:var(--mapcheck-fg,light-dark(#1f2328,#e3e6ea));
--_muted:var(--mapcheck-muted,light-dark(#5a636e,#9ba5b1));--_border:var(--mapcheck-border,light-dark(#d0d7de,#343a42));
--_code:var(--mapcheck-code-bg,light-dark(#f6f8fa,#1e2127));--_accent:var(--mapcheck-accent,light-dark(#0a5fc2,#6cb6ff));
--_error:var(--mapcheck-error,light-dark(#c0241c,#ff7b72));--_warning:var(--mapcheck-warning,light-dark(#8a5300,#e3b341));
--_info:var(--mapcheck-info,light-dark(#0a5fc2,#79c0ff));--_ok:var(--mapcheck-ok,light-dark(#1a7f37,#57d364));
--_key:var(--mapcheck-key,light-dark(#0550ae,#79c0ff));--_str:var(--mapcheck-string,light-dark(#0a3069,#a5d6ff));
--_num:var(--mapcheck-number,light-dark(#953800,#ffa657));--_lit:var(--mapcheck-literal,light-dark(#7a3ad6,#d2a8ff));
--_mark:var(--mapcheck-mark,light-dark(#fff3b0,#5a4a00));
--_mono:var(--mapcheck-font-mono,ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace);
--_radius:var(--mapcheck-radius,8px)}
:host([theme=light]){color-scheme:light}:host([theme=dark]){color-scheme:dark}:host([theme=inherit]){color-scheme:inherit}
:host([hidden]){display:none}
.root{background:var(--_bg);color:var(--_fg);border:1px solid var(--_border);border-radius:var(--_radius);padding:.75em 1em 1em;line-height:1.5}
.head{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25em .75em}
.title{font-weight:600;font-size:1.05em;margin:0}
.meta,.note,.label,.why,.sub{color:var(--_muted);font-size:.875em}
.counts{margin-left:auto;font-size:.8125em;display:flex;gap:.5em}
.desc{margin:.35em 0 0;font-size:.9375em}
.io{display:grid;grid-template-columns:minmax(0,1fr);gap:.75em 1.25em;margin-top:.75em}
@container (min-width:60rem){.io{grid-template-columns:minmax(0,1fr) minmax(0,1.2fr)}}
.bar{display:flex;align-items:center;gap:.75em;margin-bottom:.25em}
.label,.h{font-weight:600;letter-spacing:.02em}
.h{margin:.9em 0 .35em;font-size:.9375em}.h:first-child{margin-top:0}
.code{font-family:var(--_mono);font-size:.8125em;line-height:1.55;background:var(--_code);border:1px solid var(--_border);border-radius:calc(var(--_radius) - 2px);padding:.6em .75em;margin:0;overflow:auto;max-height:28em;white-space:pre;tab-size:2;color:inherit}
.input pre{max-height:22em}
textarea.code{display:block;box-sizing:border-box;width:100%;min-height:14em;resize:vertical}
.in{padding-left:2ch}
.ln{white-space:pre}
.f{border-radius:3px;cursor:default}
.f:hover,.f:focus{background:color-mix(in srgb,var(--_accent) 14%,transparent)}
.prov{display:none;color:var(--_muted);font-style:italic}
.f:hover>.prov,.f:focus>.prov,.miss>.prov{display:inline}
.miss{color:var(--_muted)}
.k{color:var(--_key)}.s{color:var(--_str)}.n{color:var(--_num)}.l{color:var(--_lit)}
mark{background:var(--_mark);color:inherit;border-radius:2px}
.event{border-top:1px solid var(--_border);padding-top:.6em;margin-top:.6em}.h+.event{border:0;padding:0;margin:0}
.evh{font-weight:600;font-size:.9375em}
.tag{font-family:var(--_mono);font-size:.75em;font-weight:600;padding:.05em .45em;border-radius:1em;border:1px solid currentColor;white-space:nowrap}
.run{margin:.5em 0 0 .1em}
.runh{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25em .6em;margin-bottom:.25em}
.fql{font-family:var(--_mono);font-size:.8125em;color:var(--_muted)}
.ok{color:var(--_ok)}.no{color:var(--_muted)}.error{color:var(--_error)}.warning{color:var(--_warning)}.info{color:var(--_info)}
.why{margin:.1em 0 .35em;padding-left:1.25em}
details>summary{cursor:pointer;font-size:.875em;color:var(--_muted);margin:.25em 0}
table{border-collapse:collapse;font-size:.8125em;margin:.4em 0;width:100%}
th,td{text-align:left;padding:.2em .5em;border-bottom:1px solid var(--_border);vertical-align:top}
td{font-family:var(--_mono);word-break:break-all}th{font-weight:600;color:var(--_muted)}
caption{text-align:left;font-size:.875em;color:var(--_muted);padding:.2em 0}
.diags{list-style:none;margin:0;padding:0}
.diag{overflow-wrap:anywhere;padding:.45em .6em;border-left:3px solid currentColor;margin:.35em 0;background:var(--_code);border-radius:0 4px 4px 0}
.diag>*{color:var(--_fg)}.diag>.sev{color:inherit}
.sev{font-weight:600;font-size:.8125em;text-transform:uppercase;letter-spacing:.04em;margin-right:.5em}
.dcode{font-family:var(--_mono);font-weight:600;margin-right:.5em}
.fix{font-size:.875em;margin-top:.15em}
.at{font:inherit;font-size:.8125em;font-family:var(--_mono);color:var(--_accent);background:none;border:0;padding:0;cursor:pointer;text-decoration:underline dotted}
a{color:var(--_accent)}
button.reset{font:inherit;font-size:.8125em;color:inherit;background:var(--_code);border:1px solid var(--_border);border-radius:4px;padding:.1em .6em;cursor:pointer}
:focus-visible{outline:2px solid var(--_accent);outline-offset:1px}
.problem{color:var(--_error)}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){mark{transition:background .3s}}`;

let sheet; // one constructed stylesheet, adopted by every instance
let ids = 0; // for aria-describedby links inside each shadow root

const VIEWS = new Set(['events', 'payload', 'diagnostics', 'all']);
const SEVERITY = { error: 0, warning: 1, info: 2 };

// Builds an element; children that are strings become text nodes (never parsed as HTML).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const escapeToken = (key) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

// JSON text as highlighted spans (keys, strings, numbers, literals); the rest stays plain text.
const TOKEN = /("(?:[^"\\\n]|\\.)*")(\s*:)?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\b(?:true|false|null)\b/g;
function highlight(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    out.push(text.slice(last, m.index));
    const kind = m[1] ? (m[2] ? 'k' : 's') : /^[tfn]/.test(m[0]) ? 'l' : 'n';
    out.push(h('span', { class: kind }, m[1] ?? m[0]));
    if (m[2]) out.push(m[2]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

// Where the value at `pointer` is in the JSON `text`, as [start, end) UTF-16 offsets, starting at
// the member's key; the nearest enclosing value when the pointer goes deeper than the text.
// Returns null when the text cannot be read.
export function locate(text, pointer) {
  const want = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let i = 0;
  let best = null;
  const space = () => {
    while (/[ \t\r\n]/.test(text[i] ?? '')) i++;
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return JSON.parse(text.slice(start, ++i));
  };
  const next = (close) => {
    space();
    const c = text[i++];
    if (c === close) return false;
    if (c !== ',') throw new SyntaxError('not JSON');
    return true;
  };
  const value = (depth, onPath, from) => {
    space();
    const start = from ?? i;
    const open = text[i];
    if (open === '{' || open === '[') {
      i++;
      space();
      if (text[i] === (open === '{' ? '}' : ']')) i++;
      else {
        for (let n = 0; ; n++) {
          space();
          const keyAt = i;
          const key = open === '{' ? string() : String(n);
          if (open === '{') {
            space();
            i++; // the colon
          }
          value(depth + 1, onPath && want[depth] === key, open === '{' ? keyAt : undefined);
          if (!next(open === '{' ? '}' : ']')) break;
        }
      }
    } else if (open === '"') string();
    else while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    if (onPath && depth <= want.length && (!best || depth > best.depth)) best = { start, end: i, depth };
  };
  try {
    value(0, true);
  } catch {
    return null;
  }
  return best && [best.start, best.end];
}

// Removes the indentation a <script> block's JSON has from the surrounding HTML.
function dedent(text) {
  const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

// Runs the example's JSON text and returns what to show: { kind, summary, events, rows,
// assumptions, diagnostics }. `kind` is "simulate", "transform" or "invalid" (text that is not
// JSON). Every diagnostic's pointer is moved into the example's own JSON.
function run(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The core's message says where (line and column), in the words the rest of mapcheck uses.
    const core = simulate(text).diagnostics.filter((d) => d.code.startsWith('JSON'));
    const diagnostics = core.length ? core : [{ code: 'JSON-01', severity: 'error', message: error.message, fix: '', pointer: '', docs: 'docs/diagnostics.md#json-01' }];
    for (const d of diagnostics) d.message = `The example is not valid JSON: ${d.message.replace(/^config: /, '')}`;
    return { kind: 'invalid', events: [], assumptions: [], diagnostics };
  }
  if (isObject(value) && 'mapping' in value && !('version' in value)) return runTransform(value);
  const report = simulate(text);
  const all = [...report.diagnostics];
  const mappings = isObject(value) && Array.isArray(value.mappings) ? value.mappings : [];
  const events = report.events.map((e) => {
    all.push(...e.diagnostics);
    for (const m of e.mappings) {
      all.push(...m.diagnostics);
      if (typeof mappings[m.index]?.trigger_fql === 'string') m.fql = mappings[m.index].trigger_fql;
    }
    return { label: e.label, type: e.type, event: e.event, runs: e.mappings };
  });
  const d = isObject(value) && isObject(value.destination) ? value.destination : {};
  const c = isObject(value) && isObject(value.computation) ? value.computation : {};
  const summary = [d.name ?? report.destination, report.setup && `${report.setup[0].toUpperCase()}${report.setup.slice(1)} Setup`,
    typeof c.key === 'string' && `${c.class ?? 'audience'} ${c.key} ${c.action ?? (c.class === 'trait' ? 'computed' : 'entered')}`];
  return { kind: 'simulate', summary: summary.filter(Boolean).join(' · '), events, rows: report.rows, assumptions: report.assumptions, diagnostics: all };
}

// {event, mapping, trigger?, required?}: one transform, with the trigger (FQL text) evaluated on
// the event and, for an Identify or Track event, the event's own checks.
function runTransform({ event, mapping, trigger, required }) {
  const at = { mapping: '/mapping', payload: '/event', event: '/event', trigger: '/trigger', options: '' };
  const moved = (list) => list.map((d) => ({ ...d, pointer: (at[d.source] ?? '') + d.pointer }));
  const result = transform(mapping, event, { explain: true, required });
  const diagnostics = moved(result.diagnostics);
  let triggerResult;
  if (typeof trigger === 'string') {
    const m = matchesFql(trigger, event);
    triggerResult = { evaluated: true, matches: m.matches, conditions: m.conditions, error: m.error };
    diagnostics.push(...moved(m.diagnostics));
  }
  if (isObject(event) && (event.type === 'identify' || event.type === 'track')) {
    diagnostics.push(...moved(validateEvent(event).diagnostics));
  }
  const matched = triggerResult ? triggerResult.matches : true;
  const runResult = { name: 'Mapping', enabled: true, matched, trigger: triggerResult, fql: typeof trigger === 'string' ? trigger : undefined, explain: result.explain, error: result.error };
  if (matched) runResult.output = result.output;
  const label = isObject(event) && typeof event.type === 'string' ? `${event.type[0].toUpperCase()}${event.type.slice(1)} event` : 'Event';
  return { kind: 'transform', summary: 'One mapping on one event', events: [{ label, type: event?.type, event, runs: [runResult] }], assumptions: [], diagnostics };
}

// Keeps one of each (code, pointer, message), errors first.
function tidy(diagnostics) {
  const seen = new Set();
  return diagnostics
    .filter((d) => {
      const key = `${d.code}\n${d.pointer}\n${d.message}`;
      return seen.has(key) ? false : seen.add(key);
    })
    .sort((a, b) => (SEVERITY[a.severity] ?? 3) - (SEVERITY[b.severity] ?? 3));
}

// Where a payload field came from, in words.
function provenance(step) {
  const reads = step.reads.join(', ');
  if (!step.directive) return reads ? `built from ${reads}` : 'a fixed value in the mapping';
  return `${step.directive} ${reads ? `← ${reads}` : '(reads nothing from the event)'}`;
}

// The mapped payload as a JSON tree: each field whose provenance is known is focusable and shows
// where it came from on hover or focus; fields that resolved to nothing are listed with why.
function payload(output, explain = []) {
  const steps = new Map(explain.map((s) => [s.pointer, s]));
  const missing = new Map();
  for (const s of explain) {
    if (!s.empty) continue;
    const cut = s.pointer.lastIndexOf('/');
    const parent = s.pointer.slice(0, cut);
    if (!missing.has(parent)) missing.set(parent, []);
    missing.get(parent).push([s.pointer.slice(cut + 1).replace(/~1/g, '/').replace(/~0/g, '~'), s]);
  }
  const line = (step, ...parts) => {
    if (!step) return h('div', { class: 'ln' }, parts);
    const id = `mc${++ids}`;
    return h('div', { class: 'ln f', tabindex: 0, 'aria-describedby': id }, parts, h('span', { class: 'prov', id }, `  // ${provenance(step)}`));
  };
  const scalar = (v) => h('span', { class: v === null || typeof v === 'boolean' ? 'l' : typeof v === 'number' ? 'n' : 's' }, JSON.stringify(v));
  const node = (value, pointer, key, comma, depth) => {
    const label = key === undefined ? [] : [h('span', { class: 'k' }, JSON.stringify(key)), ': '];
    const step = steps.get(pointer);
    if (value === null || typeof value !== 'object' || depth > 40) {
      return line(step, label, depth > 40 ? '…' : scalar(value), comma);
    }
    const list = Array.isArray(value);
    const entries = list ? value.map((v, i) => [i, v]) : Object.entries(value);
    const absent = list ? [] : (missing.get(pointer) ?? []).filter(([k]) => !Object.hasOwn(value, k));
    const [open, close] = list ? '[]' : '{}';
    if (!entries.length && !absent.length) return line(step, label, open + close, comma);
    const body = entries.map(([k, v], i) => node(v, `${pointer}/${escapeToken(k)}`, list ? undefined : k, i < entries.length - 1 ? ',' : '', depth + 1));
    for (const [k, s] of absent) {
      body.push(h('div', { class: 'ln miss' }, h('span', { class: 'k' }, JSON.stringify(k)), ': ', h('span', { class: 'prov' }, `// not sent: ${provenance(s)} resolved to nothing`)));
    }
    return [line(step, label, open), h('div', { class: 'in' }, body), h('div', { class: 'ln' }, close + comma)];
  };
  return h('div', { class: 'code tree', role: 'group', 'aria-label': 'Mapped payload' }, node(output, '', undefined, '', 0));
}

// Normalized and hashed values (Facebook, Google): what leaves Segment.
function valuesTable(caption, values) {
  return h('table', {}, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['field', 'value', 'normalized', 'sent'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, values.map((v) => h('tr', {}, h('td', {}, v.key), h('td', {}, String(v.raw ?? '')),
      h('td', {}, v.error ? h('span', { class: 'error' }, v.error) : String(v.normalized ?? '')),
      h('td', {}, String(v.sent ?? ''), v.hashed ? h('span', { class: 'vh' }, ' (SHA-256)') : '')))));
}

// One mapping run: trigger result (matched, or why not), then its payload, error and preview.
function mappingRun(r) {
  const t = r.trigger;
  const state = !r.enabled ? ['no', 'disabled'] : r.matched ? ['ok', 'triggered'] : ['no', 'not triggered'];
  // Why: the conditions that decided it (the matching ones, or the failing ones), each once.
  const reasons = [...new Set((t?.conditions ?? []).filter((c) => c.matched === r.matched).map((c) => c.reason))].map((c) => h('li', {}, c));
  if (t?.error) reasons.push(h('li', { class: 'error' }, `${t.error.name}: ${t.error.message}`));
  const parts = [h('div', { class: 'runh' }, h('span', { class: `tag ${state[0]}` }, state[0] === 'ok' ? '✓ ' : '✗ ', state[1]),
    h('span', {}, r.name), r.fql ? h('code', { class: 'fql' }, r.fql) : !t && r.enabled && h('span', { class: 'sub' }, 'no trigger: runs on every event'))];
  if (reasons.length) parts.push(h('ul', { class: 'why', 'aria-label': r.matched ? 'Why it matched' : 'Why not' }, reasons));
  if (r.error) parts.push(h('p', { class: 'error' }, `Segment's transform throws ${r.error.name}: ${r.error.message}`));
  else if (r.matched && r.output === undefined) parts.push(h('p', { class: 'note' }, 'The mapping resolves to nothing: Segment sends no payload.'));
  else if (r.output !== undefined) parts.push(payload(r.output, r.explain));
  if (r.preview && Array.isArray(r.preview.values)) {
    parts.push(valuesTable(`What ${r.preview.destination === 'google' ? 'Google' : 'Facebook'} receives`, r.preview.values));
  }
  return h('div', { class: 'run' }, parts);
}

class MapcheckExample extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'editable', 'view', 'title', 'diagnostics-href'];
  }

  #shadow;
  #text = ''; // the JSON shown and run
  #original = ''; // as loaded, for Reset
  #info = {}; // title and description of a worked-example file
  #result;
  #load = 0; // the latest load; an older one that finishes late is dropped
  #pending = 0;
  #observer;
  #els = {};

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    this.#shadow.adoptedStyleSheets = [sheet];
  }

  /** The last result shown: { kind, summary, events, rows?, assumptions, diagnostics }. */
  get result() {
    return this.#result;
  }

  /** The JSON text the example runs (the edited text when editable). */
  get value() {
    return this.#text;
  }

  connectedCallback() {
    this.#observer ??= new MutationObserver(() => {
      if (!this.hasAttribute('src')) this.#start();
    });
    this.#observer.observe(this, { childList: true, subtree: true, characterData: true });
    this.#start();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
  }

  attributeChangedCallback(name, before, after) {
    if (!this.isConnected || before === after) return;
    if (name === 'src') this.#start();
    else if (this.#els.root?.dataset.state === 'done') this.#renderAll();
  }

  // Loads the JSON (child script or src) and the engine, then renders. Never throws.
  async #start() {
    const load = ++this.#load;
    this.#frame('loading', h('p', { class: 'note' }, 'Loading mapcheck…'));
    let text;
    let problem;
    const src = this.getAttribute('src');
    if (src) {
      try {
        const url = new URL(src, document.baseURI);
        if (url.origin !== location.origin) throw new Error('src must be on the same origin as the page');
        const response = await fetch(url, { mode: 'same-origin', credentials: 'same-origin' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        text = await response.text();
      } catch (error) {
        problem = `Could not load the example from ${src}: ${error.message}`;
      }
    } else {
      const script = this.querySelector(':scope > script[type="application/json"]');
      if (script) text = dedent(script.textContent);
      else problem = 'This example has no JSON: put a <script type="application/json"> inside the element or give it a src attribute.';
    }
    try {
      await init();
    } catch (error) {
      problem ??= `Could not start mapcheck: ${error.message}`;
    }
    if (load !== this.#load) return;
    if (problem) {
      this.#frame('error', h('p', { class: 'problem', role: 'alert' }, problem));
      return;
    }
    this.#info = {};
    try {
      const value = JSON.parse(text);
      if (isObject(value) && isObject(value.config) && !('version' in value) && !('mapping' in value)) {
        this.#info = { title: value.title, description: value.description };
        text = JSON.stringify(value.config, null, 2);
      }
    } catch {
      // shown as a diagnostic by run()
    }
    this.#text = this.#original = text;
    this.#renderAll();
  }

  // Replaces the whole shadow content with a frame holding `body`.
  #frame(state, ...body) {
    const root = h('div', { class: 'root', part: 'root', 'data-state': state, title: '' }, body);
    this.#els = { root };
    this.#shadow.replaceChildren(root);
    return root;
  }

  #renderAll() {
    const editable = this.hasAttribute('editable');
    const title = this.getAttribute('title') || this.#info.title;
    const els = {};
    els.meta = h('span', { class: 'meta' });
    els.counts = h('span', { class: 'counts', 'aria-live': 'polite' });
    const head = h('div', { class: 'head', part: 'header' },
      title ? h('div', { class: 'title', role: 'heading', 'aria-level': 3, part: 'title' }, title) : null, els.meta, els.counts);
    const input = h('div', { class: 'input', part: 'input' });
    let parsed;
    try {
      parsed = JSON.parse(this.#text);
    } catch {
      // not JSON yet: run() reports it
    }
    const label = isObject(parsed) && 'mapping' in parsed && !('version' in parsed) ? 'Event and mapping' : 'Configuration';
    if (editable) {
      els.reset = h('button', { type: 'button', class: 'reset', hidden: true, onclick: () => this.#edit(this.#original, true) }, 'Reset');
      els.editor = h('textarea', { class: 'code', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', rows: Math.min(28, Math.max(10, this.#text.split('\n').length + 1)), 'aria-label': `${label} (JSON, editable: results update as you type)`, oninput: (e) => this.#edit(e.target.value) });
      els.editor.value = this.#text;
      input.append(h('div', { class: 'bar' }, h('span', { class: 'label' }, label), h('span', { class: 'note' }, 'editable: results update as you type'), els.reset), els.editor);
    } else {
      els.source = h('pre', { class: 'code', tabindex: 0, 'aria-label': `${label} (JSON)` }, highlight(this.#text));
      input.append(h('div', { class: 'bar' }, h('span', { class: 'label' }, label)), els.source);
    }
    els.output = h('div', { class: 'output', part: 'output' });
    const root = this.#frame('done', head,
      this.#info.description ? h('p', { class: 'desc' }, this.#info.description) : null,
      h('div', { class: 'io' }, input, els.output));
    this.#els = { ...els, root };
    this.#renderOutput();
  }

  #edit(text, reset) {
    this.#text = text;
    if (reset) this.#els.editor.value = text;
    this.#els.reset.hidden = text === this.#original;
    // One run per frame however fast the typing.
    cancelAnimationFrame(this.#pending);
    this.#pending = requestAnimationFrame(() => this.#renderOutput());
  }

  #renderOutput() {
    const { output, meta, counts } = this.#els;
    let result;
    try {
      result = run(this.#text);
    } catch (error) {
      output.replaceChildren(h('p', { class: 'problem', role: 'alert' }, `mapcheck could not run this example: ${error.message}`));
      return;
    }
    result.diagnostics = tidy(result.diagnostics);
    this.#result = result;
    meta.textContent = result.summary ?? '';
    const n = (s) => result.diagnostics.filter((d) => d.severity === s).length;
    counts.replaceChildren(...['error', 'warning', 'info'].filter(n).map((s) => h('span', { class: s }, plural(n(s), s === 'info' ? 'note' : s))));
    let view = this.getAttribute('view');
    if (!VIEWS.has(view)) view = 'all';
    const show = (part) => view === 'all' || view === part || result.kind === 'invalid';
    const out = [];
    if (result.kind !== 'invalid' && (show('events') || show('payload'))) {
      out.push(h('div', { class: 'h', role: 'heading', 'aria-level': 4 }, result.kind === 'transform' ? 'Result' : !result.events.length && result.rows ? 'Membership rows' : show('events') ? 'Events Engage sends' : 'Mappings'));
      if (!result.events.length && !result.rows) out.push(h('p', { class: 'note' }, 'No events: Engage sends nothing for this configuration.'));
      out.push(...result.events.map((e, i) => this.#eventBlock(e, i, result, view)));
      if (result.rows?.length) {
        out.push(...result.rows.map((r) => valuesTable(`Membership row: ${r.membership === 'remove' ? 'remove from' : 'add to'} the list`, r.values)));
      }
    }
    if (show('diagnostics')) {
      out.push(h('div', { class: 'h', role: 'heading', 'aria-level': 4 }, 'Diagnostics'));
      if (!result.diagnostics.length) out.push(h('p', { class: 'note' }, 'No diagnostics.'));
      else out.push(h('ul', { class: 'diags', part: 'diagnostics' }, result.diagnostics.map((d) => this.#diagnostic(d))));
      if (result.assumptions.length) {
        out.push(h('details', {}, h('summary', {}, `Assumptions (${result.assumptions.length})`),
          h('ul', { class: 'why' }, result.assumptions.map((a) => h('li', {}, `${a.id}: ${a.text}`)))));
      }
    }
    output.replaceChildren(...out);
    this.dispatchEvent(new CustomEvent('mapcheck-render', { bubbles: true, composed: true, detail: { diagnostics: result.diagnostics.length } }));
  }

  #eventBlock(e, index, result, view) {
    const parts = [h('div', { class: 'evh' }, h('span', { class: 'tag' }, e.type ?? 'event'), ' ', e.label)];
    if (result.kind === 'simulate' && (view === 'events' || view === 'all')) {
      const open = view === 'events' || result.events.length === 1;
      parts.push(h('details', { open }, h('summary', {}, 'Event JSON'), h('pre', { class: 'code', tabindex: 0, 'aria-label': `${e.label} (JSON)` }, highlight(JSON.stringify(e.event, null, 2)))));
    } else if (result.kind === 'transform' && view === 'events') {
      parts.push(h('pre', { class: 'code', tabindex: 0 }, highlight(JSON.stringify(e.event, null, 2) ?? 'undefined')));
    }
    if (view !== 'events') {
      if (!e.runs.length) parts.push(h('p', { class: 'note' }, 'No mappings.'));
      parts.push(...e.runs.map((r) => mappingRun(r)));
    }
    return h('section', { class: 'event', 'aria-label': `Event ${index + 1}: ${e.label}` }, parts);
  }

  #diagnostic(d) {
    const docs = this.getAttribute('diagnostics-href');
    const anchor = (d.docs ?? '').split('#')[1];
    const href = anchor && (docs ? `${docs}#${anchor}` : new URL(`../../${d.docs}`, import.meta.url).href);
    // The core's range when it points into this text (the config as given), else the pointer's place.
    const own = d.range && (this.#result.kind === 'invalid' || (this.#result.kind === 'simulate' && d.source === 'config'));
    const where = own ? [d.range.start.utf16Offset, d.range.end.utf16Offset] : locate(this.#text, d.pointer);
    const line = where && this.#text.slice(0, where[0]).split('\n').length;
    return h('li', { class: `diag ${d.severity}` },
      h('span', { class: 'sev' }, d.severity),
      href ? h('a', { class: 'dcode', href, title: `${d.code} in the diagnostics reference` }, d.code) : h('span', { class: 'dcode' }, d.code),
      h('span', { class: 'msg' }, d.message),
      d.fix ? h('div', { class: 'fix' }, `Fix: ${d.fix}`) : null,
      where ? h('button', { type: 'button', class: 'at', onclick: () => this.#show(where) }, `line ${line}${d.pointer ? ` · ${d.pointer}` : ''}`) : d.pointer ? h('span', { class: 'sub' }, d.pointer) : null);
  }

  // Shows the span [start, end) of the JSON: selected in the editor, marked in the read-only view.
  #show([start, end]) {
    const { editor, source } = this.#els;
    const lineHeight = (el) => parseFloat(getComputedStyle(el).lineHeight) || 18;
    const line = this.#text.slice(0, start).split('\n').length;
    if (editor) {
      editor.focus();
      editor.setSelectionRange(start, Math.max(end, start + 1));
      editor.scrollTop = Math.max(0, (line - 3) * lineHeight(editor));
      return;
    }
    const t = this.#text;
    const mark = h('mark', {}, highlight(t.slice(start, Math.max(end, start + 1))));
    source.replaceChildren(...highlight(t.slice(0, start)), mark, ...highlight(t.slice(Math.max(end, start + 1))));
    source.scrollTop = Math.max(0, (line - 3) * lineHeight(source));
    source.focus();
  }
}

if (!customElements.get('mapcheck-example')) customElements.define('mapcheck-example', MapcheckExample);

export { MapcheckExample };
