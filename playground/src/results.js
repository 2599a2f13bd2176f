// The results pane: the events Engage would emit, each mapping's trigger result (condition by
// condition), its output payload with provenance on hover/focus, Facebook/Google previews,
// membership rows, assumptions and the list of all diagnostics. Everything is built with text
// nodes (dom.js); nothing from the report is parsed as HTML.
import { h, clear } from './dom.js';
import { toPointer } from './jsonpos.js';
import { pathSegments, hasPath, ptrSeg } from './model.js';

const MAX_EVENTS = 25;
const MAX_NODES = 4000;

/** A JSON value as a tree of rows; each member row has data-ptr (its pointer) and is focusable. */
export function renderJson(value, { focusable = false, attr = 'data-ptr' } = {}) {
  let budget = MAX_NODES;
  const scalar = (v) => {
    if (v === null) return h('span', { className: 'j-null' }, 'null');
    switch (typeof v) {
      case 'string': return h('span', { className: 'j-str' }, JSON.stringify(v));
      case 'number': return h('span', { className: 'j-num' }, String(v));
      case 'boolean': return h('span', { className: 'j-bool' }, String(v));
      default: return h('span', { className: 'j-null' }, String(v));
    }
  };
  const node = (v, ptr, key, last) => {
    budget -= 1;
    const row = h('div', { className: 'j-row' });
    row.setAttribute(attr, ptr);
    if (focusable && key !== null) row.tabIndex = 0;
    if (key !== null) row.appendChild(h('span', { className: 'j-key' }, typeof key === 'number' ? '' : `${JSON.stringify(key)}: `));
    const comma = last ? '' : ',';
    if (v !== null && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
      const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
      if (entries.length === 0) { row.appendChild(h('span', { className: 'j-punct' }, `${open}${close}${comma}`)); return row; }
      row.appendChild(h('span', { className: 'j-punct' }, open));
      const kids = h('div', { className: 'j-kids' });
      entries.forEach(([k, x], idx) => {
        if (budget <= 0) { if (idx === entries.length - 1 || budget === 0) { kids.appendChild(h('div', { className: 'j-more' }, '… (more not shown)')); budget = -1; } return; }
        kids.appendChild(node(x, `${ptr}/${ptrSeg(k)}`, Array.isArray(v) ? idx : k, idx === entries.length - 1));
      });
      row.appendChild(kids);
      row.appendChild(h('span', { className: 'j-punct' }, `${close}${comma}`));
    } else {
      row.appendChild(scalar(v));
      if (comma) row.appendChild(h('span', { className: 'j-punct' }, comma));
    }
    return row;
  };
  return h('div', { className: 'json' }, node(value, '', null, true));
}

function sevBadge(sev) {
  return h('span', { className: `sev sev-${sev}` }, sev);
}

function describeOperator(op) {
  return { '=': '=', '!=': '≠', number_equals: '=', number_not_equals: '≠' }[op] || op.replace(/_/g, ' ');
}

function renderConditions(run) {
  const t = run.trigger;
  if (!t) return h('p', { className: 'trigger-none' }, 'No trigger: this mapping runs on every event.');
  const items = [];
  if (t.error) items.push(h('li', { className: 'cond no' }, h('span', { className: 'mark', 'aria-hidden': 'true' }, '✗'), ` The trigger throws ${t.error.name}: ${t.error.message}`));
  for (const c of t.conditions || []) {
    const expected = c.expected === undefined ? '' : ` ${JSON.stringify(c.expected)}`;
    items.push(h('li', { className: `cond ${c.matched ? 'ok' : 'no'}` },
      h('span', { className: 'mark', 'aria-hidden': 'true' }, c.matched ? '✓' : '✗'),
      h('span', { className: 'sr-only' }, c.matched ? 'matched: ' : 'not matched: '),
      h('code', null, `${c.field} ${describeOperator(c.operator)}${expected}`),
      h('span', { className: 'reason' }, ` — ${c.reason}`)));
  }
  return h('ul', { className: 'conditions', 'aria-label': 'Trigger conditions' }, items);
}

function renderPreview(preview) {
  const values = Array.isArray(preview?.values) ? preview.values : [];
  if (!values.length) return null;
  return h('div', { className: 'preview' },
    h('h5', null, `What ${preview.destination === 'google' ? 'Google' : 'Facebook'} receives`),
    valuesTable(values));
}

function valuesTable(values) {
  return h('div', { className: 'table-wrap' }, h('table', { className: 'values' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Normalized'), h('th', { scope: 'col' }, 'Sent'))),
    h('tbody', null, values.map((v) => h('tr', null,
      h('th', { scope: 'row' }, String(v.key ?? '')),
      h('td', null, typeof v.raw === 'string' ? JSON.stringify(v.raw) : String(v.raw ?? '')),
      h('td', null, v.error ? h('span', { className: 'err' }, String(v.error)) : String(v.normalized ?? '')),
      h('td', { className: 'hash' }, String(v.sent ?? ''), v.hashed ? h('span', { className: 'tag' }, v.prehashed ? 'already hashed' : 'SHA-256') : null))))));
}

/** The explain steps of a run that concern output pointer p (the field itself or its parent). */
export function stepsFor(explain, p) {
  const list = Array.isArray(explain) ? explain : [];
  const exact = list.filter((s) => s.pointer === p);
  if (exact.length) return exact;
  const anc = list.filter((s) => p.startsWith(s.pointer + '/')).sort((a, b) => b.pointer.length - a.pointer.length);
  if (anc.length) return [anc[0]];
  return list.filter((s) => s.pointer.startsWith(p + '/'));
}

/** Words for one explain step. */
export function describeStep(step, event) {
  const what = step.directive ? step.directive : 'a fixed value (no directive)';
  const reads = (step.reads || []).map((r) => `${r}${hasPath(event, r) ? '' : ' (not in this event)'}`);
  return `${what}${reads.length ? ` reading ${reads.join(', ')}` : ''}`;
}

/**
 * Renders a simulation result into `root`. `app` provides state, jump(target) and
 * highlightSource(eventIndex, reads).
 */
export function renderResults(root, result, app) {
  clear(root);
  const report = result.report;
  const events = report.events || [];
  if (!events.length && !(report.rows || []).length) {
    root.appendChild(h('p', { className: 'empty' }, app.state.mode === 'event' && app.state.event.trim() === ''
      ? 'Paste an Identify or Track event in the editor to check it.'
      : 'No events: with these settings Engage sends nothing to this destination. See the diagnostics below.'));
  }
  events.slice(0, MAX_EVENTS).forEach((ev, i) => root.appendChild(renderEvent(ev, i, app)));
  if (events.length > MAX_EVENTS) root.appendChild(h('p', { className: 'hint' }, `${events.length - MAX_EVENTS} more events are not shown.`));

  if ((report.rows || []).length) {
    root.appendChild(h('section', { className: 'card rows' },
      h('h3', null, 'Membership rows sent to the list'),
      report.rows.slice(0, MAX_EVENTS).map((r, i) => h('div', { className: 'row-block' },
        h('h4', null, `Row ${i + 1}: ${r.membership}`),
        valuesTable(r.values || [])))));
  }
  if ((report.assumptions || []).length) {
    root.appendChild(h('section', { className: 'card assumptions' },
      h('h3', null, 'Assumptions'),
      h('ul', null, report.assumptions.map((a) => h('li', null, h('strong', null, `${a.id}: `), a.text)))));
  }
}

function renderEvent(ev, i, app) {
  const eventView = renderJson(ev.event, { attr: 'data-evptr' });
  eventView.setAttribute('data-event-view', String(i));
  const runs = (ev.mappings || []).map((run) => renderRun(run, i, ev, app));
  const labelId = `event-${i}-title`;
  return h('article', { className: 'card event', 'data-event': String(i), 'aria-labelledby': labelId },
    h('h3', { id: labelId }, h('span', { className: `type type-${ev.type}` }, ev.type || 'event'), ' ', ev.label),
    h('details', { className: 'event-json', open: !app.collapsed.has(i), ontoggle: (e) => {
      if (e.target.open) app.collapsed.delete(i); else app.collapsed.add(i);
    } },
    h('summary', null, 'Event as Segment sends it'),
    eventView),
    runs.length ? h('div', { className: 'runs' }, runs) : h('p', { className: 'hint' }, 'No destination mappings: add one to see what it sends.'));
}

function renderRun(run, i, ev, app) {
  const status = !run.enabled ? 'disabled' : run.matched ? 'matched' : 'not matched';
  const explainBox = h('p', { className: 'explain', 'aria-live': 'polite' }, run.output !== undefined ? 'Hover or focus a field of the output to see where it came from.' : '');
  const body = [];
  body.push(renderConditions(run));
  if (run.matched) {
    if (run.error) {
      body.push(h('p', { className: 'err' }, `Segment's transform throws ${run.error.name}: ${run.error.message}`));
    } else if (run.output !== undefined) {
      const out = renderJson(run.output, { focusable: true });
      out.classList.add('output');
      out.setAttribute('aria-label', `Output of ${run.name}`);
      const show = (target, pin) => {
        const row = target.closest && target.closest('[data-ptr]');
        if (!row || !out.contains(row)) return;
        const p = row.getAttribute('data-ptr');
        const steps = stepsFor(run.explain, p);
        const field = p === '' ? 'the output' : p.slice(1).split('/').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
        explainBox.textContent = steps.length
          ? `${field} ← ${steps.map((s) => describeStep(s, ev.event)).join('; ')}${mappingText(app, run, p)}`
          : `${field}: no directive recorded for this field.`;
        for (const r of out.querySelectorAll('.sel')) r.classList.remove('sel');
        row.classList.add('sel');
        app.highlightSource(i, steps.flatMap((s) => s.reads || []), pin);
      };
      out.addEventListener('mouseover', (e) => show(e.target, false));
      out.addEventListener('focusin', (e) => show(e.target, true));
      out.addEventListener('click', (e) => show(e.target, true));
      out.addEventListener('mouseleave', () => app.highlightSource(i, [], false));
      body.push(h('div', { className: 'output-box' }, h('h5', null, 'Output payload'), out, explainBox));
    } else {
      body.push(h('p', { className: 'hint' }, 'The mapping resolves to nothing (Segment\'s transform returns undefined).'));
    }
    const empty = (run.explain || []).filter((s) => s.empty);
    if (empty.length) {
      body.push(h('div', { className: 'empty-fields' }, h('h5', null, 'Fields that resolved to nothing'),
        h('ul', null, empty.map((s) => {
          const key = s.pointer.slice(1).split('/')[0];
          const why = (run.diagnostics || []).filter((d) => d.pointer.startsWith(`/mappings/${run.index}/fields/${key}`));
          return h('li', { tabIndex: 0, 'data-reads': (s.reads || []).join(' '),
            onfocus: () => app.highlightSource(i, s.reads || [], true),
            onmouseenter: () => app.highlightSource(i, s.reads || [], false) },
          h('code', null, s.pointer.slice(1).replace(/\//g, '.')), ': ', describeStep(s, ev.event), '.',
          why.map((d) => h('span', { className: 'why' }, ` ${d.code}: ${d.message}`)));
        }))));
    }
    const pv = renderPreview(run.preview);
    if (pv) body.push(pv);
  }
  return h('section', { className: `run run-${status.replace(' ', '-')}`, 'data-run': String(run.index) },
    h('h4', null, run.name || `Mapping ${run.index + 1}`, ' ', h('span', { className: `badge badge-${status.replace(' ', '-')}` }, status)),
    body);
}

function mappingText(app, run, p) {
  const m = app.state.mappings[run.index];
  if (!m) return '';
  const key = p.slice(1).split('/')[0]?.replace(/~1/g, '/').replace(/~0/g, '~');
  const f = m.fields.find((x) => x.key === key);
  if (!f) return '';
  return ` (mapping: ${f.mode === 'path' ? JSON.stringify({ '@path': f.text }) : f.text.replace(/\s+/g, ' ').slice(0, 200)})`;
}

/** The list of all diagnostics; a click on an item calls app.jump(item.target). */
export function renderDiagnostics(root, list, app) {
  clear(root);
  if (!list.length) {
    root.appendChild(h('li', { className: 'none' }, 'No problems found.'));
    return;
  }
  for (const d of list.slice(0, 500)) {
    const anchor = d.docs ? d.docs.split('#')[1] : d.code.toLowerCase();
    root.appendChild(h('li', { className: `diag diag-${d.severity}` },
      h('button', { type: 'button', className: 'diag-jump', onclick: () => app.jump(d.target) },
        sevBadge(d.severity), ' ',
        h('span', { className: 'diag-msg' }, d.message),
        d.count > 1 ? h('span', { className: 'count' }, ` ×${d.count}`) : null,
        d.where ? h('span', { className: 'where' }, ` (${d.where})`) : null),
      h('div', { className: 'diag-meta' },
        h('a', { href: `docs/diagnostics.html#${anchor}`, target: '_blank', rel: 'noopener', className: 'code' }, d.code),
        d.fix ? h('span', { className: 'fix' }, ` Fix: ${d.fix}`) : null)));
  }
}

export { toPointer, pathSegments };
