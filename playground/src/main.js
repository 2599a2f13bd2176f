// The playground page: wires the editor, the connection forms and the results to the core, which
// runs in a module worker (src/worker.js). Each edit posts a run; only the newest run's result is
// shown, and a run that takes longer than RUN_TIMEOUT_MS is stopped by terminating the worker,
// which is then started again, so no input can freeze the page. The state lives in the URL
// fragment (share.js), which browsers never send to a server.
import { h, clear } from './dom.js';
import { createEditor } from './editor.js';
import { renderForms, renderBuilder, builderOf, focusKey, IDENTIFIER_TYPES } from './forms.js';
import { renderResults, renderDiagnostics } from './results.js';
import { encodeState, decodeState } from './share.js';
import { stateFromConfig, configOf, blankState, pathSegments } from './model.js';
import { locatePointer, toPointer } from './jsonpos.js';
import examples from 'virtual:examples';

const RUN_TIMEOUT_MS = 2000;
const DEFAULT_EXAMPLE = 'engage-event-mapping';
const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

const params = new URLSearchParams(location.search);
const embed = params.get('embed') === '1';
const readOnly = embed && params.get('readonly') === '1';

const $ = (id) => document.getElementById(id);
const formsRoot = $('config-forms');
const resultsBody = $('results-body');
const diagList = $('diagnostics');
const statusEl = $('status');
const bannerEl = $('banner');

const metrics = { ready: false, runs: 0, results: 0, firstResultMs: null, lastRunMs: null, runaways: 0, state: () => JSON.parse(JSON.stringify(app.state)) };
window.__mapcheck = metrics;
metrics.scriptStartMs = performance.now();

// ---------------------------------------------------------------------------------------------
// The worker

class Runner {
  constructor(handlers) {
    this.handlers = handlers;
    this.seq = 0;
    this.latestRun = 0;
    this.queue = [];
    this.pendingRun = null;
    this.spawn();
  }

  spawn() {
    this.ready = false;
    this.busy = null;
    // The first worker was started by boot.js while this bundle loaded; later ones start here.
    const boot = window.__mapcheckBoot;
    window.__mapcheckBoot = null;
    this.worker = boot ? boot.worker : new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'mapcheck-core' });
    this.worker.onmessage = (e) => this.onMessage(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.handlers.onInitError('the checker could not start in a worker');
    };
    if (boot) for (const e of boot.early) queueMicrotask(() => this.onMessage(e.data));
  }

  run(state) {
    const id = ++this.seq;
    this.latestRun = id;
    this.pendingRun = { id, type: 'run', state: JSON.parse(JSON.stringify(state)), requested: performance.now() };
    this.pump();
  }

  request(type, payload) {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.seq, type, ...payload, resolve, reject });
      this.pump();
    });
  }

  pump() {
    if (!this.ready || this.busy) return;
    let job = this.queue.shift();
    if (!job && this.pendingRun) {
      job = this.pendingRun;
      this.pendingRun = null;
    }
    if (!job) return;
    this.busy = job;
    job.started = performance.now();
    job.timer = setTimeout(() => this.runaway(job), RUN_TIMEOUT_MS);
    const { resolve, reject, timer, started, requested, ...msg } = job;
    this.worker.postMessage(msg);
  }

  onMessage(m) {
    if (m.type === 'loaded') return;
    if (m.type === 'ready') {
      this.ready = true;
      this.handlers.onReady();
      this.pump();
      return;
    }
    if (m.type === 'init-error') {
      this.handlers.onInitError(m.message);
      return;
    }
    const job = this.busy;
    if (!job || job.id !== m.id) return;
    clearTimeout(job.timer);
    this.busy = null;
    if (job.type === 'run') {
      // A result for an input that has changed since is stale: dropped (the newer run follows).
      if (job.id === this.latestRun && m.result) this.handlers.onResult(m.result, performance.now() - job.started, job.requested);
    } else if (m.error) job.reject(new Error(m.error));
    else job.resolve(m.result);
    this.pump();
  }

  runaway(job) {
    this.worker.terminate();
    this.busy = null;
    if (job.reject) job.reject(new Error('stopped: it took too long'));
    for (const q of this.queue) q.reject(new Error('stopped'));
    this.queue = [];
    this.handlers.onRunaway(job);
    this.spawn();
  }
}

// ---------------------------------------------------------------------------------------------
// App state and wiring

let userChanged = false;
let lastGood = null;

const app = {
  state: blankState(),
  collapsed: new Set(), // events whose JSON the user folded
  builders: [],
  builderSource: [],
  fqlReq: [],
  changed(opts = {}) {
    if (opts.structural) {
      renderForms(formsRoot, app);
      if (opts.focus) focusKey(formsRoot, opts.focus);
    }
    userChanged = true;
    requestRun();
    scheduleUrl();
  },
  fqlFromBuilder(i, ast) {
    app.builderSource[i] = 'builder';
    const req = (app.fqlReq[i] = (app.fqlReq[i] || 0) + 1);
    runner.request('generateFql', { ast }).then((r) => {
      if (app.fqlReq[i] !== req) return;
      const m = app.state.mappings[i];
      if (!m || typeof r.fql !== 'string') return;
      m.fql = r.fql;
      const input = triggerInput(i);
      if (input) input.value = r.fql;
      app.changed();
    }, () => {});
  },
  jump,
  highlightSource,
};

const runner = new Runner({
  onReady() {
    // A worker started again after a runaway waits for the next edit: running the same input
    // again would only stop again.
    if (metrics.ready) return;
    metrics.ready = true;
    metrics.workerReadyMs = performance.now();
    requestRun();
  },
  onInitError(message) {
    showBanner(`The checker could not start: ${message}. Reload the page to try again.`, 'error');
  },
  onResult(res, ms, requested) {
    metrics.results += 1;
    metrics.lastRunMs = ms;
    metrics.lastWorkerMs = res.ms;
    metrics.lastSimulateMs = res.simulateMs;
    const t0 = performance.now();
    show(res);
    metrics.lastRenderMs = performance.now() - t0;
    // From the edit to the result in the page (the browser paints right after this task).
    metrics.lastLatencyMs = performance.now() - requested;
    const abs = (t) => performance.timeOrigin + t;
    metrics.lastBreakdown = {
      toWorker: +(res.clock.receivedAt - abs(t0 - ms)).toFixed(1),
      worker: +(res.clock.sentAt - res.clock.receivedAt).toFixed(1),
      fromWorker: +(abs(t0) - res.clock.sentAt).toFixed(1),
      render: +metrics.lastRenderMs.toFixed(1),
    };
    if (metrics.firstResultMs === null) {
      metrics.firstResultMs = performance.now();
      document.body.setAttribute('data-ready', '1');
    }
  },
  onRunaway(job) {
    metrics.runaways += 1;
    const what = job.type === 'run' ? 'Checking this input' : 'Reading the trigger';
    showBanner(`${what} took longer than ${RUN_TIMEOUT_MS / 1000} s, so it was stopped and the checker restarted. The page is still usable: make the input smaller or simpler and it will be checked again.`, 'error');
    statusEl.textContent = 'Stopped: the last input took too long to check.';
    resultsBody.classList.add('stale');
  },
});

function requestRun() {
  metrics.runs += 1;
  runner.run(app.state);
}

// Editor
const editor = createEditor($('editor'), {
  text: '',
  readOnly,
  label: 'Profile JSON',
  onChange(text) {
    app.state[app.state.mode] = text;
    app.changed();
  },
});

function setMode(mode) {
  app.state.mode = mode;
  if (mode === 'event' && app.state.event.trim() === '' && lastGood && lastGood.report.events?.length) {
    // Start from the event Engage would send, so there is something to edit.
    app.state.event = `${JSON.stringify(lastGood.report.events[0].event, null, 2)}\n`;
  }
  syncEditor();
  app.changed();
}

function syncEditor() {
  const mode = app.state.mode;
  editor.setText(app.state[mode]);
  editor.setLabel(mode === 'event' ? 'Event JSON' : 'Profile JSON');
  for (const r of document.querySelectorAll('input[name="mode"]')) r.checked = r.value === mode;
  $('input-hint').textContent = mode === 'event'
    ? 'An Identify or Track event as Segment sends it. It is checked as it is: Trait Enrichment and ID Sync are not applied to it.'
    : 'A profile: traits, and identifiers as {type, id, created_at}. Engage builds the events below from it and the connection settings.';
}

for (const r of document.querySelectorAll('input[name="mode"]')) {
  r.disabled = readOnly;
  r.addEventListener('change', () => { if (r.checked) setMode(r.value); });
}

function setState(s) {
  app.state = s;
  app.builders = [];
  app.builderSource = [];
  app.fqlReq = [];
  syncEditor();
  renderForms(formsRoot, app);
  requestRun();
}

// ---------------------------------------------------------------------------------------------
// Showing a result

function show(res) {
  res.triggers.forEach((t, i) => {
    if (app.builderSource[i] === 'builder' && app.builders[i]) return;
    let b;
    if (t.empty) b = { operator: 'and', rows: [], simple: true };
    else if (t.ast) b = builderOf(t.ast);
    else b = { operator: 'and', rows: [], simple: false, note: 'The FQL does not parse; fix it in the text box below.' };
    app.builders[i] = b;
    const box = formsRoot.querySelector(`[data-builder="${i}"]`);
    if (box && !box.contains(document.activeElement)) renderBuilder(box, i, app);
  });

  const parts = (metrics.parts = {});
  let tp = performance.now();
  const lap = (name) => { const t = performance.now(); parts[name] = +(t - tp).toFixed(1); tp = t; };
  lap('builders');
  if (res.ok) {
    lastGood = res;
    renderResults(resultsBody, res, app);
    lap('results');
    resultsBody.classList.remove('stale');
    $('stale-note').hidden = true;
    fillList('event-paths', res.paths);
  } else {
    resultsBody.classList.add('stale');
    $('stale-note').hidden = !lastGood;
  }
  lap('paths');
  renderDiagnostics(diagList, res.diagnostics, app);
  lap('diags');
  showEditorDiagnostics(res.diagnostics);
  lap('editor');
  showFormDiagnostics(res.diagnostics);
  lap('forms');
  fillProfileLists();
  lap('lists');

  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of res.diagnostics) counts[d.severity] = (counts[d.severity] || 0) + d.count;
  const problems = `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}`;
  if (res.ok) {
    const evs = res.report.events || [];
    const rows = res.report.rows || [];
    const runs = evs.flatMap((e) => e.mappings || []);
    const matched = runs.filter((r) => r.matched).length;
    const what = rows.length && !evs.length
      ? `${rows.length} membership row${rows.length === 1 ? '' : 's'}`
      : `${evs.length} event${evs.length === 1 ? '' : 's'} · ${matched} of ${runs.length} mapping runs matched`;
    statusEl.textContent = `${what} · ${problems} · ${res.ms.toFixed(1)} ms`;
  } else {
    statusEl.textContent = `The input has JSON errors (${problems}); fix them to see results.`;
  }
  $('diag-count').textContent = `(${res.diagnostics.length})`;
}

function fillList(id, values) {
  const dl = $(id);
  clear(dl);
  for (const v of values.slice(0, 500)) dl.appendChild(h('option', { value: v }));
}

function fillProfileLists() {
  let traits = [];
  let types = [];
  const text = app.state.profile;
  if (text.length < 500000) {
    try {
      const p = JSON.parse(text);
      if (p && typeof p.traits === 'object' && p.traits) {
        for (const [k, v] of Object.entries(p.traits)) {
          traits.push(k);
          if (v && typeof v === 'object' && !Array.isArray(v)) for (const k2 of Object.keys(v)) traits.push(`${k}.${k2}`);
        }
      }
      if (Array.isArray(p?.identifiers)) types = p.identifiers.map((x) => x && x.type).filter((x) => typeof x === 'string');
    } catch { /* shown as a diagnostic */ }
  }
  fillList('profile-traits', [...new Set(traits)]);
  fillList('identifier-types', [...new Set([...IDENTIFIER_TYPES, ...types])]);
}

let lastEditorDiagKey = '';
function showEditorDiagnostics(list) {
  const text = editor.getText();
  const mode = app.state.mode;
  const out = [];
  const canLocate = text.length <= 2 * 1024 * 1024;
  for (const d of list.slice(0, 200)) {
    const t = d.target;
    let r = null;
    if (t.kind === 'segment' && t.id === 'input') r = t;
    else if (t.kind === 'event' && mode === 'event' && canLocate) r = locatePointer(text, t.pointer);
    else if (t.kind === 'form' && canLocate) r = editorRangeOfConfigPointer(t.pointer);
    if (r) out.push({ from: r.from, to: r.to, severity: d.severity, message: `${d.code}: ${d.message}${d.fix ? ` Fix: ${d.fix}` : ''}`, code: d.code });
  }
  // Only when they change: an editor update measures layout, which is the costly part of a result.
  const key = JSON.stringify(out);
  if (key === lastEditorDiagKey) return;
  lastEditorDiagKey = key;
  editor.showDiagnostics(out);
}

function pointsIntoEditor(pointer) {
  const prefix = app.state.mode === 'event' ? '/event' : '/profile';
  return pointer === prefix || pointer.startsWith(prefix + '/');
}

function editorRangeOfConfigPointer(pointer) {
  const mode = app.state.mode;
  const prefix = mode === 'event' ? '/event' : '/profile';
  if (pointer !== prefix && !pointer.startsWith(prefix + '/')) return null;
  return locatePointer(editor.getText(), pointer.slice(prefix.length));
}

function byPtr(pointer) {
  let best = null;
  let bestLen = -1;
  for (const el of formsRoot.querySelectorAll('[data-ptr]')) {
    const p = el.getAttribute('data-ptr');
    if ((pointer === p || pointer.startsWith(p + '/') || p === '') && p.length > bestLen) {
      best = el;
      bestLen = p.length;
    }
  }
  return best;
}

function bySeg(id) {
  for (const el of formsRoot.querySelectorAll('[data-seg]')) if (el.getAttribute('data-seg') === id) return el;
  return null;
}

function triggerInput(i) {
  return formsRoot.querySelector(`input[data-trigger="${Number(i)}"]`);
}

function controlOf(t) {
  if (t.kind === 'form') return byPtr(t.pointer);
  if (t.kind === 'trigger') return triggerInput(t.mapping);
  if (t.kind === 'segment' && t.id !== 'input') return bySeg(t.id);
  return null;
}

function showFormDiagnostics(list) {
  for (const el of formsRoot.querySelectorAll('.row-msgs')) clear(el);
  for (const el of formsRoot.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const d of list) {
    const ctl = controlOf(d.target);
    if (!ctl || pointsIntoEditor(d.target.pointer || '')) continue;
    let box = ctl;
    while (box && box !== formsRoot && !(box.lastElementChild && box.lastElementChild.classList.contains('row-msgs'))) box = box.parentElement;
    if (!box || box === formsRoot) continue;
    const msgs = box.lastElementChild;
    if (msgs.childElementCount >= 6) continue;
    if (d.severity === 'error' && /^(INPUT|SELECT|TEXTAREA)$/.test(ctl.tagName)) ctl.setAttribute('aria-invalid', 'true');
    msgs.appendChild(h('p', { className: `msg msg-${d.severity}` }, h('strong', null, `${d.code} `), d.message));
  }
}

// ---------------------------------------------------------------------------------------------
// Jumping to a diagnostic's place, highlighting explained source paths

function flash(el) {
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
}

function jump(t) {
  if (!t) return;
  if (t.kind === 'segment' && t.id === 'input') { editor.select(t.from, t.to); return; }
  if (t.kind === 'event' && app.state.mode === 'event') {
    const r = locatePointer(editor.getText(), t.pointer);
    if (r) editor.select(r.from, r.to);
    return;
  }
  if (t.kind === 'form') {
    const r = editorRangeOfConfigPointer(t.pointer);
    if (r) { editor.select(r.from, r.to); return; }
  }
  if (t.kind === 'event') {
    const view = resultsBody.querySelector(`[data-event-view="${Math.max(0, Number(t.event) || 0)}"]`);
    if (!view) return;
    let node = null;
    let best = -1;
    for (const el of view.querySelectorAll('[data-evptr]')) {
      const p = el.getAttribute('data-evptr');
      if ((t.pointer === p || t.pointer.startsWith(p + '/')) && p.length > best) { node = el; best = p.length; }
    }
    node = node || view;
    node.closest('details')?.setAttribute('open', '');
    node.tabIndex = -1;
    node.scrollIntoView({ block: 'center' });
    node.focus({ preventScroll: true });
    flash(node);
    return;
  }
  const ctl = controlOf(t);
  if (!ctl) return;
  ctl.closest('details')?.setAttribute('open', '');
  const focusable = /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(ctl.tagName) ? ctl : ctl.querySelector('input, select, textarea, button');
  ctl.scrollIntoView({ block: 'center' });
  if (focusable) {
    focusable.focus({ preventScroll: true });
    if ((t.kind === 'trigger' || t.kind === 'segment') && typeof focusable.setSelectionRange === 'function') {
      focusable.setSelectionRange(t.from, Math.max(t.from, t.to));
    }
  }
  flash(ctl.closest('.row, .field, fieldset') || ctl);
}

function highlightSource(eventIndex, reads, pin) {
  for (const el of resultsBody.querySelectorAll('.hl')) el.classList.remove('hl');
  const view = resultsBody.querySelector(`[data-event-view="${Number(eventIndex)}"]`);
  const pointers = reads.map((r) => toPointer(pathSegments(r)));
  if (view) {
    let first = null;
    for (const el of view.querySelectorAll('[data-evptr]')) {
      if (pointers.includes(el.getAttribute('data-evptr'))) { el.classList.add('hl'); first = first || el; }
    }
    if (pin && first) first.scrollIntoView({ block: 'nearest' });
  }
  if (app.state.mode === 'event') {
    const text = editor.getText();
    const ranges = [];
    for (const p of pointers) {
      const r = locatePointer(text, p);
      if (r && !r.missing) ranges.push(r);
    }
    editor.highlight(ranges);
  }
}

// ---------------------------------------------------------------------------------------------
// Banner, share links, examples, files

function showBanner(text, kind = 'info', extra = null) {
  clear(bannerEl);
  bannerEl.className = `banner banner-${kind}`;
  bannerEl.appendChild(h('p', null, text));
  if (extra) bannerEl.appendChild(extra);
  bannerEl.appendChild(h('button', { type: 'button', className: 'icon', 'aria-label': 'Dismiss message', onclick: () => { bannerEl.hidden = true; } }, '×'));
  bannerEl.hidden = false;
}

let urlTimer = null;
let writtenHash = '';
function scheduleUrl() {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(updateUrl, 250);
}

async function updateUrl() {
  clearTimeout(urlTimer);
  if (!userChanged) return location.href;
  const frag = await encodeState(app.state);
  writtenHash = `#${frag}`;
  history.replaceState(null, '', `${location.pathname}${location.search}#${frag}`);
  updateOpenLink();
  return location.href;
}

function updateOpenLink() {
  const a = $('open-playground');
  if (!a) return;
  const url = new URL(location.href);
  url.search = '';
  a.href = url.href;
}

async function copyText(text, what) {
  try {
    await navigator.clipboard.writeText(text);
    showBanner(`${what} copied to the clipboard.`, 'info');
  } catch {
    const box = h('input', { type: 'text', readOnly: true, value: text, className: 'copy-box', 'aria-label': what });
    showBanner(`Copy the ${what.toLowerCase()} below:`, 'info', box);
    box.select();
  }
}

function exampleById(id) {
  return examples.find((e) => e.id === id) || null;
}

async function loadExample(ex) {
  const s = await stateFromConfig(ex.config, fqlOf);
  setState(s);
}

function fqlOf(ast) {
  return runner.request('generateFql', { ast });
}

async function loadDefault() {
  await loadExample(exampleById(DEFAULT_EXAMPLE) || examples[0]);
}

function buildGallery() {
  const list = $('gallery-list');
  clear(list);
  for (const ex of examples) {
    list.appendChild(h('li', null, h('button', { type: 'button', className: 'example', 'data-example': ex.id, onclick: async () => {
      $('gallery').close();
      userChanged = true;
      await loadExample(ex);
      scheduleUrl();
    } },
    h('strong', { className: 'ex-title' }, ex.title),
    h('span', { className: 'ex-desc' }, ex.description),
    h('span', { className: 'ex-source' }, `Source: ${ex.source}`))));
  }
}

$('btn-examples')?.addEventListener('click', () => $('gallery').showModal());
$('gallery-close')?.addEventListener('click', () => $('gallery').close());
$('btn-share')?.addEventListener('click', async () => copyText(await forceUrl(), 'Link'));
$('btn-embed')?.addEventListener('click', async () => {
  await forceUrl();
  const src = `${location.origin}${location.pathname}?embed=1${location.hash}`;
  copyText(`<iframe src="${src}" title="mapcheck example" width="100%" height="520" loading="lazy"></iframe>`, 'Embed code');
});
$('btn-reset')?.addEventListener('click', async () => {
  userChanged = false;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  bannerEl.hidden = true;
  await loadDefault();
});
$('btn-download')?.addEventListener('click', () => {
  let config;
  try {
    config = configOf(app.state);
  } catch {
    showBanner('The configuration has JSON errors (see the diagnostics); fix them before downloading.', 'error');
    return;
  }
  const blob = new Blob([`${JSON.stringify(config, null, 2)}\n`], { type: 'application/json' });
  const a = h('a', { href: URL.createObjectURL(blob), download: 'mapcheck-config.json' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});
$('file-upload')?.addEventListener('change', async (e) => {
  const file = e.target.files && e.target.files[0];
  e.target.value = '';
  if (!file) return;
  try {
    if (file.size > MAX_UPLOAD_BYTES) throw new Error('the file is larger than 8 MB');
    let v;
    try { v = JSON.parse(await file.text()); } catch { throw new Error('the file is not valid JSON'); }
    const config = v && typeof v === 'object' && v.config && typeof v.config === 'object' && !Array.isArray(v.config) ? v.config : v;
    if (!config || typeof config !== 'object' || Array.isArray(config) || config.version === undefined) {
      throw new Error('it is not an activation config (it has no "version"); see docs/activation-config.md');
    }
    const s = await stateFromConfig(config, fqlOf);
    userChanged = true;
    setState(s);
    scheduleUrl();
    showBanner(`Loaded ${file.name}.`, 'info');
  } catch (err) {
    showBanner(`That file could not be loaded: ${err.message}.`, 'error');
  }
});

// A share link pasted into the address bar of an open playground (only the fragment changes).
window.addEventListener('hashchange', async () => {
  if (location.hash === writtenHash) return;
  await openFromHash(location.hash);
});

async function forceUrl() {
  userChanged = true;
  return updateUrl();
}

// ---------------------------------------------------------------------------------------------
// Start

async function start() {
  if (embed) {
    document.body.classList.add('embed');
    if (readOnly) document.body.classList.add('readonly');
  }
  buildGallery();
  await openFromHash(location.hash);
  updateOpenLink();
}

async function openFromHash(hash) {
  let state = null;
  let problem = null;
  if (hash.startsWith('#example=')) {
    let name = null;
    try { name = decodeURIComponent(hash.slice(9)); } catch { /* not a name */ }
    const ex = name === null ? null : exampleById(name);
    if (ex) state = await stateFromConfig(ex.config, fqlOf);
    else problem = 'it names an example that does not exist';
  } else if (hash.length > 1) {
    try {
      state = await decodeState(hash);
      if (!state) problem = 'it is not a playground share link';
    } catch (e) {
      problem = e.message;
    }
  }
  bannerEl.hidden = true;
  if (state) setState(state);
  else await loadDefault();
  if (problem) showBanner(`This share link could not be opened: ${problem}. Showing the default example instead.`, 'error');
}

start().catch((e) => showBanner(`The playground could not start: ${e.message}`, 'error'));
