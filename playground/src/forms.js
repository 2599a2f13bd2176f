// The connection forms: computation, destination settings, Trait Enrichment and ID Sync rows,
// and the destination mappings with their trigger builder (conditions <-> FQL text) and field
// rows. Every control carries data-ptr, the config pointer it edits, so a diagnostic can be
// shown beside it and a click in the diagnostics list can jump to it.
import { h, clear, uid, select } from './dom.js';
import {
  DEST_KINDS, COMPUTATION_CLASSES, ACTIONS, STRATEGIES, IDENTIFIER_TYPES, CAPS, ptrSeg, emptyMapping,
} from './model.js';

export const CONDITION_TYPES = [
  ['event-type', 'Event Type'],
  ['event', 'Event Name'],
  ['event-property', 'Event Property'],
  ['event-trait', 'Event Trait'],
  ['event-context', 'Event Context'],
  ['userId', 'User ID'],
  ['name', 'Name'],
];
const NAMED = new Set(['event-property', 'event-trait', 'event-context']);
export const OPERATORS = [
  ['=', 'is'],
  ['!=', 'is not'],
  ['contains', 'contains'],
  ['not_contains', 'does not contain'],
  ['starts_with', 'starts with'],
  ['not_starts_with', 'does not start with'],
  ['ends_with', 'ends with'],
  ['not_ends_with', 'does not end with'],
  ['exists', 'exists'],
  ['not_exists', 'does not exist'],
  ['is_true', 'is true'],
  ['is_false', 'is false'],
  ['number_equals', '= (number)'],
  ['number_not_equals', '≠ (number)'],
  ['<', '<'],
  ['<=', '≤'],
  ['>', '>'],
  ['>=', '≥'],
];
const NO_VALUE = new Set(['exists', 'not_exists', 'is_true', 'is_false']);
const NUMERIC = new Set(['<', '<=', '>', '>=', 'number_equals', 'number_not_equals']);

/** A builder row from an AST leaf, or null when the leaf is not one the builder shows. */
function rowOf(leaf) {
  if (!leaf || typeof leaf !== 'object' || leaf.type === 'group') return null;
  if (!CONDITION_TYPES.some(([t]) => t === leaf.type)) return null;
  return {
    type: leaf.type,
    name: typeof leaf.name === 'string' ? leaf.name : '',
    operator: typeof leaf.operator === 'string' ? leaf.operator : '=',
    value: leaf.value === undefined || leaf.value === null ? '' : String(leaf.value),
    valueType: typeof leaf.value,
  };
}

/** The builder model of a parsed trigger: { operator, rows, simple }. */
export function builderOf(ast) {
  if (!ast || ast.type !== 'group' || !Array.isArray(ast.children)) return { operator: 'and', rows: [], simple: !ast };
  const rows = ast.children.map(rowOf);
  return { operator: ast.operator === 'or' ? 'or' : 'and', rows: rows.filter(Boolean), simple: rows.every(Boolean) };
}

/** The AST of a builder model. */
export function astOf(b) {
  return {
    type: 'group',
    operator: b.operator,
    children: b.rows.map((r) => {
      const leaf = { type: r.type };
      if (NAMED.has(r.type)) leaf.name = r.name;
      leaf.operator = r.operator;
      if (!NO_VALUE.has(r.operator)) {
        let v = r.value;
        if (NUMERIC.has(r.operator)) v = Number(r.value);
        else if (r.valueType === 'number' && r.value.trim() !== '' && !Number.isNaN(Number(r.value))) v = Number(r.value);
        else if (r.valueType === 'boolean' && (r.value === 'true' || r.value === 'false')) v = r.value === 'true';
        leaf.value = v;
      }
      return leaf;
    }),
  };
}

function field(label, control, extra) {
  const id = control.id || uid('f');
  control.id = id;
  return h('div', { className: 'field', ...extra }, h('label', { for: id }, label), control);
}

function rowMsgs() {
  return h('div', { className: 'row-msgs' });
}

/**
 * Renders all connection forms into `root`. `app` gives { state, changed(opts), fqlFromBuilder(i, ast),
 * builders } and is called back on every edit.
 */
export function renderForms(root, app) {
  const s = app.state;
  const active = document.activeElement && root.contains(document.activeElement) ? document.activeElement.getAttribute('data-focus-key') : null;
  clear(root);
  const edit = (fn, structural = false) => (e) => { fn(e.target); app.changed({ structural }); };
  const fk = (k) => ({ 'data-focus-key': k });

  // Computation
  const c = s.computation;
  root.appendChild(h('fieldset', { className: 'card', 'data-ptr': '/computation' },
    h('legend', null, 'Audience, trait or journey step'),
    h('div', { className: 'grid3' },
      field('Kind', select(COMPUTATION_CLASSES, c.class, { 'data-ptr': '/computation/class', ...fk('c.class'), onchange: edit((t) => {
        c.class = t.value;
        if (c.class === 'trait') c.action = 'computed';
        else if (c.action === 'computed') c.action = 'entered';
      }, true) })),
      field('Key', h('input', { type: 'text', value: c.key, spellcheck: 'false', 'data-ptr': '/computation/key', ...fk('c.key'), oninput: edit((t) => { c.key = t.value; }) })),
      field('Change', select(ACTIONS, c.action, { 'data-ptr': '/computation/action', ...fk('c.action'), onchange: edit((t) => { c.action = t.value; }) })),
    ),
    c.class === 'trait' ? field('Computed value (JSON)', h('input', { type: 'text', value: c.value, spellcheck: 'false', 'data-seg': 'cvalue', 'data-ptr': '/computation/value', ...fk('c.value'), oninput: edit((t) => { c.value = t.value; }) })) : null,
    rowMsgs(),
  ));

  // Destination
  const d = s.destination;
  const toggle = (key, label) => h('label', { className: 'check' },
    h('input', { type: 'checkbox', checked: d[key], 'data-ptr': `/destination/${key}`, ...fk(`d.${key}`), onchange: edit((t) => { d[key] = t.checked; }) }), ' ', label);
  const setupName = uid('setup');
  const google = d.kind.startsWith('google');
  root.appendChild(h('fieldset', { className: 'card', 'data-ptr': '/destination' },
    h('legend', null, 'Destination connection'),
    h('div', { className: 'grid2' },
      field('Destination', select(DEST_KINDS, d.kind, { 'data-ptr': '/destination/kind', ...fk('d.kind'), onchange: edit((t) => { d.kind = t.value; }, true) })),
      field('Name', h('input', { type: 'text', value: d.name, placeholder: 'e.g. Braze Cloud Mode (Actions)', 'data-ptr': '/destination/name', ...fk('d.name'), oninput: edit((t) => { d.name = t.value; }) })),
    ),
    h('div', { className: 'toggles' },
      toggle('send_identify', 'Send Identify'),
      toggle('send_track', 'Send Track'),
      toggle('send_mobile_ids', 'Send Mobile IDs'),
    ),
    h('div', { role: 'radiogroup', 'aria-label': 'Event settings', className: 'setup', 'data-ptr': '/destination/setup' },
      h('span', { className: 'setup-label' }, 'Event settings:'),
      ...[['default', 'Default Setup'], ['customized', 'Customized Setup']].map(([v, l]) => h('label', { className: 'radio' },
        h('input', { type: 'radio', name: setupName, value: v, checked: d.setup === v, ...fk(`d.setup.${v}`), onchange: edit(() => { d.setup = v; }, true) }), ' ', l)),
    ),
    h('details', { className: 'event-names', open: Object.values(d.event_names).some(Boolean) ? true : null },
      h('summary', null, 'Event names (Enter / Exit / Compute)'),
      h('div', { className: 'grid3' },
        ...[['entered', 'Audience Entered'], ['exited', 'Audience Exited'], ['computed', 'Trait Computed']].map(([k, ph]) =>
          field(`${k[0].toUpperCase()}${k.slice(1)} event`, h('input', { type: 'text', value: d.event_names[k], placeholder: ph, 'data-ptr': `/destination/event_names/${k}`, ...fk(`d.en.${k}`), oninput: edit((t) => { d.event_names[k] = t.value; }) }))),
      ),
    ),
    google || d.extra ? field('Google settings (JSON)', h('textarea', { rows: 3, spellcheck: 'false', value: d.extra, placeholder: '{ "phone_country_code": "+1", "consent": { "ad_user_data": "GRANTED", "ad_personalization": "GRANTED" } }', 'data-seg': 'google', 'data-ptr': '/destination/google', ...fk('d.google'), oninput: edit((t) => { d.extra = t.value; }) })) : null,
    rowMsgs(),
  ));

  const customized = d.setup === 'customized';
  // Trait Enrichment
  const traitRows = s.traits.map((t, i) => {
    const segIn = h('input', { type: 'text', value: t.segment, list: 'profile-traits', spellcheck: 'false', 'aria-label': `Segment trait, row ${i + 1}`, 'data-ptr': `/trait_enrichment/${i}/segment`, ...fk(`t.${i}.s`) });
    const dstIn = h('input', { type: 'text', value: t.destination, spellcheck: 'false', list: d.kind.startsWith('facebook') ? 'facebook-keys' : null, 'aria-label': `Destination name, row ${i + 1}`, 'data-ptr': `/trait_enrichment/${i}/destination`, ...fk(`t.${i}.d`) });
    segIn.addEventListener('input', () => {
      // The UI pre-fills the destination name with the same name until it is changed.
      if (t.destination === t.segment) { t.destination = segIn.value; dstIn.value = segIn.value; }
      t.segment = segIn.value;
      app.changed();
    });
    dstIn.addEventListener('input', () => { t.destination = dstIn.value; app.changed(); });
    return h('div', { className: 'row', 'data-ptr': `/trait_enrichment/${i}` },
      segIn, h('span', { className: 'arrow', 'aria-hidden': 'true' }, '→'), dstIn,
      h('button', { type: 'button', className: 'icon', 'aria-label': `Remove trait row ${i + 1}`, onclick: () => { s.traits.splice(i, 1); app.changed({ structural: true, focus: 'add.t' }); } }, '×'),
      rowMsgs());
  });
  root.appendChild(h('fieldset', { className: `card${customized ? '' : ' muted'}`, 'data-ptr': '/trait_enrichment' },
    h('legend', null, 'Trait Enrichment'),
    customized ? null : h('p', { className: 'hint' }, 'Default Setup sends no enriched traits; choose Customized Setup to use these rows.'),
    traitRows.length ? h('div', { className: 'row head', 'aria-hidden': 'true' }, h('span', null, 'Segment'), h('span'), h('span', null, 'Destination')) : null,
    ...traitRows,
    h('button', { type: 'button', className: 'add', 'data-focus-key': 'add.t', disabled: s.traits.length >= CAPS.rows, onclick: () => {
      s.traits.push({ segment: '', destination: '' });
      if (d.setup !== 'customized') d.setup = 'customized';
      app.changed({ structural: true, focus: `t.${s.traits.length - 1}.s` });
    } }, '+ Add Trait'),
    rowMsgs(),
  ));

  // ID Sync
  const idRows = s.ids.map((t, i) => {
    const segIn = h('input', { type: 'text', value: t.segment, list: 'identifier-types', spellcheck: 'false', 'aria-label': `Identifier, row ${i + 1}`, 'data-ptr': `/id_sync/${i}/segment`, ...fk(`i.${i}.s`) });
    const dstIn = h('input', { type: 'text', value: t.destination, spellcheck: 'false', 'aria-label': `Destination name, row ${i + 1}`, 'data-ptr': `/id_sync/${i}/destination`, ...fk(`i.${i}.d`) });
    segIn.addEventListener('input', () => {
      if (t.destination === t.segment) { t.destination = segIn.value; dstIn.value = segIn.value; }
      t.segment = segIn.value;
      app.changed();
    });
    dstIn.addEventListener('input', () => { t.destination = dstIn.value; app.changed(); });
    return h('div', { className: 'row ids', 'data-ptr': `/id_sync/${i}` },
      segIn, h('span', { className: 'arrow', 'aria-hidden': 'true' }, '→'), dstIn,
      select(STRATEGIES, t.strategy, { 'aria-label': `Strategy, row ${i + 1}`, 'data-ptr': `/id_sync/${i}/strategy`, ...fk(`i.${i}.st`), onchange: edit((el) => { t.strategy = el.value; }) }),
      h('button', { type: 'button', className: 'icon', 'aria-label': `Remove identifier row ${i + 1}`, onclick: () => { s.ids.splice(i, 1); app.changed({ structural: true, focus: 'add.i' }); } }, '×'),
      rowMsgs());
  });
  root.appendChild(h('fieldset', { className: `card${customized ? '' : ' muted'}`, 'data-ptr': '/id_sync' },
    h('legend', null, 'ID Sync'),
    customized ? null : h('p', { className: 'hint' }, 'Default Setup sends every value of each identifier; choose Customized Setup to pick identifiers and strategies.'),
    idRows.length ? h('div', { className: 'row ids head', 'aria-hidden': 'true' }, h('span', null, 'Identifier'), h('span'), h('span', null, 'Destination'), h('span', null, 'Strategy')) : null,
    ...idRows,
    h('button', { type: 'button', className: 'add', 'data-focus-key': 'add.i', disabled: s.ids.length >= CAPS.rows, onclick: () => {
      s.ids.push({ segment: '', destination: '', strategy: 'last_added' });
      if (d.setup !== 'customized') d.setup = 'customized';
      app.changed({ structural: true, focus: `i.${s.ids.length - 1}.s` });
    } }, '+ Add Identifier'),
    rowMsgs(),
  ));

  // Mappings
  const maps = h('section', { className: 'mappings', 'data-ptr': '/mappings', 'aria-labelledby': 'mappings-title' },
    h('h2', { id: 'mappings-title' }, 'Destination mappings'));
  s.mappings.forEach((m, i) => maps.appendChild(renderMapping(m, i, app, edit, fk)));
  maps.appendChild(h('button', { type: 'button', className: 'add', 'data-focus-key': 'add.m', disabled: s.mappings.length >= CAPS.mappings, onclick: () => {
    s.mappings.push(emptyMapping(s.mappings.length + 1));
    app.builders.length = 0;
    app.changed({ structural: true, focus: `m.${s.mappings.length - 1}.name` });
  } }, '+ New Mapping'));
  maps.appendChild(rowMsgs());
  root.appendChild(maps);

  if (active) focusKey(root, active);
}

export function focusKey(root, key) {
  for (const el of root.querySelectorAll('[data-focus-key]')) {
    if (el.getAttribute('data-focus-key') === key) { el.focus(); return true; }
  }
  return false;
}

function renderMapping(m, i, app, edit, fk) {
  const base = `/mappings/${i}`;
  const fqlIn = h('input', { type: 'text', className: 'fql', value: m.fql, spellcheck: 'false', 'data-trigger': String(i), 'data-ptr': `${base}/trigger_fql`, ...fk(`m.${i}.fql`) });
  const builderBox = h('div', { className: 'builder', 'data-builder': String(i) });
  fqlIn.addEventListener('input', () => {
    m.fql = fqlIn.value;
    app.builderSource[i] = 'text';
    app.changed();
  });
  renderBuilder(builderBox, i, app);

  const fieldsBox = h('div', { className: 'fields' });
  m.fields.forEach((f, j) => {
    const ptr = `${base}/fields/${ptrSeg(f.key)}`;
    const keyIn = h('input', { type: 'text', value: f.key, spellcheck: 'false', 'aria-label': `Destination field, row ${j + 1}`, 'data-ptr': ptr, ...fk(`m.${i}.f.${j}.k`), oninput: edit((t) => { f.key = t.value; }) });
    const modeSel = select([['path', 'Path'], ['json', 'JSON']], f.mode, { 'aria-label': `Value kind, row ${j + 1}`, ...fk(`m.${i}.f.${j}.m`), onchange: edit((t) => {
      if (t.value === 'json' && f.mode === 'path') f.text = JSON.stringify({ '@path': f.text });
      else if (t.value === 'path' && f.mode === 'json') {
        try { const v = JSON.parse(f.text); f.text = v && typeof v['@path'] === 'string' ? v['@path'] : ''; } catch { f.text = ''; }
      }
      f.mode = t.value;
    }, true) });
    const valueIn = f.mode === 'path'
      ? h('input', { type: 'text', value: f.text, list: 'event-paths', spellcheck: 'false', placeholder: '$.context.traits.email', 'aria-label': `Source path, row ${j + 1}`, 'data-ptr': `${ptr}/@path`, ...fk(`m.${i}.f.${j}.v`), oninput: edit((t) => { f.text = t.value; }) })
      : h('textarea', { rows: Math.min(6, Math.max(1, f.text.split('\n').length)), value: f.text, spellcheck: 'false', placeholder: '{ "@template": "{{properties.name}}" }', 'aria-label': `Mapping-kit value (JSON), row ${j + 1}`, 'data-seg': `field:${i}:${j}`, 'data-ptr': ptr, ...fk(`m.${i}.f.${j}.v`), oninput: edit((t) => { f.text = t.value; }) });
    const row = h('div', { className: 'row frow', 'data-ptr': ptr },
      keyIn, h('span', { className: 'arrow', 'aria-hidden': 'true' }, '←'), modeSel, valueIn,
      h('button', { type: 'button', className: 'icon', 'aria-label': `Remove field ${f.key || j + 1}`, onclick: () => { m.fields.splice(j, 1); app.changed({ structural: true, focus: `add.f.${i}` }); } }, '×'),
      rowMsgs());
    // A renamed field keeps pointing where the core's diagnostics will point.
    keyIn.addEventListener('input', () => {
      const p = `${base}/fields/${ptrSeg(f.key)}`;
      row.setAttribute('data-ptr', p);
      keyIn.setAttribute('data-ptr', p);
      valueIn.setAttribute('data-ptr', f.mode === 'path' ? `${p}/@path` : p);
    });
    fieldsBox.appendChild(row);
  });

  return h('fieldset', { className: 'card mapping', 'data-ptr': base },
    h('legend', null, `Mapping ${i + 1}`),
    h('div', { className: 'grid-name' },
      field('Name', h('input', { type: 'text', value: m.name, 'data-ptr': `${base}/name`, ...fk(`m.${i}.name`), oninput: edit((t) => { m.name = t.value; }) })),
      h('label', { className: 'check' }, h('input', { type: 'checkbox', checked: m.enabled, 'data-ptr': `${base}/enabled`, ...fk(`m.${i}.en`), onchange: edit((t) => { m.enabled = t.checked; }) }), ' Enabled'),
      h('button', { type: 'button', className: 'icon', 'aria-label': `Remove mapping ${i + 1}`, onclick: () => { app.state.mappings.splice(i, 1); app.builders.length = 0; app.changed({ structural: true, focus: 'add.m' }); } }, '×'),
    ),
    h('div', { className: 'trigger', 'data-ptr': `${base}/trigger_fql` },
      h('h3', null, 'Trigger'),
      builderBox,
      field('FQL', fqlIn),
      rowMsgs()),
    h('div', { className: 'fields-box' },
      h('h3', null, 'Field mappings'),
      fieldsBox,
      h('button', { type: 'button', className: 'add', 'data-focus-key': `add.f.${i}`, disabled: m.fields.length >= CAPS.fields, onclick: () => {
        m.fields.push({ key: '', mode: 'path', text: '' });
        app.changed({ structural: true, focus: `m.${i}.f.${m.fields.length - 1}.k` });
      } }, '+ Add field'),
      field('Required fields (comma-separated)', h('input', { type: 'text', value: m.required, placeholder: 'email', 'data-ptr': `${base}/required_fields`, ...fk(`m.${i}.req`), oninput: edit((t) => { m.required = t.value; }) }))),
    rowMsgs(),
  );
}

/** (Re)renders the condition builder of mapping i from app.builders[i]. */
export function renderBuilder(box, i, app) {
  const b = app.builders[i];
  clear(box);
  if (!b) { box.appendChild(h('p', { className: 'hint' }, 'Reading the trigger…')); return; }
  if (!b.simple) {
    box.appendChild(h('p', { className: 'hint' }, b.note || 'This trigger has nested groups or conditions the builder cannot show; edit it as FQL below.'));
    return;
  }
  const update = () => app.fqlFromBuilder(i, astOf(b));
  const opName = uid('op');
  box.appendChild(h('div', { className: 'group-op', role: 'radiogroup', 'aria-label': `Mapping ${i + 1}: match` },
    h('span', null, 'Match'),
    ...[['and', 'all conditions (ALL)'], ['or', 'any condition (ANY)']].map(([v, l]) => h('label', { className: 'radio' },
      h('input', { type: 'radio', name: opName, value: v, checked: b.operator === v, 'data-focus-key': `b.${i}.op.${v}`, onchange: () => { b.operator = v; update(); } }), ' ', l))));
  const list = h('ol', { className: 'conditions-edit' });
  b.rows.forEach((r, k) => {
    const n = `condition ${k + 1}`;
    const nameIn = h('input', { type: 'text', value: r.name, spellcheck: 'false', placeholder: 'name', 'aria-label': `Mapping ${i + 1} ${n}: property name`, hidden: !NAMED.has(r.type), 'data-focus-key': `b.${i}.${k}.name`, oninput: () => { r.name = nameIn.value; update(); } });
    const valIn = h('input', { type: 'text', value: r.value, spellcheck: 'false', placeholder: 'value', list: r.type === 'event-type' ? 'event-types' : null, 'aria-label': `Mapping ${i + 1} ${n}: value`, hidden: NO_VALUE.has(r.operator), 'data-focus-key': `b.${i}.${k}.value`, oninput: () => { r.value = valIn.value; update(); } });
    list.appendChild(h('li', { className: 'cond-row' },
      select(CONDITION_TYPES, r.type, { 'aria-label': `Mapping ${i + 1} ${n}: type`, 'data-focus-key': `b.${i}.${k}.type`, onchange: (e) => {
        r.type = e.target.value;
        nameIn.hidden = !NAMED.has(r.type);
        update();
      } }),
      nameIn,
      select(OPERATORS, r.operator, { 'aria-label': `Mapping ${i + 1} ${n}: operator`, 'data-focus-key': `b.${i}.${k}.op`, onchange: (e) => {
        r.operator = e.target.value;
        valIn.hidden = NO_VALUE.has(r.operator);
        update();
      } }),
      valIn,
      h('button', { type: 'button', className: 'icon', 'aria-label': `Remove mapping ${i + 1} ${n}`, onclick: () => { b.rows.splice(k, 1); update(); renderBuilder(box, i, app); box.querySelector('button.add')?.focus(); } }, '×')));
  });
  box.appendChild(list);
  box.appendChild(h('button', { type: 'button', className: 'add small', disabled: b.rows.length >= CAPS.conditions, onclick: () => {
    b.rows.push({ type: 'event-type', name: '', operator: '=', value: 'track', valueType: 'string' });
    update();
    renderBuilder(box, i, app);
    const sel = box.querySelectorAll('select');
    if (sel.length) sel[sel.length - 2]?.focus();
  } }, '+ Add condition'));
}

export { IDENTIFIER_TYPES };
