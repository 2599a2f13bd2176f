// Builds the playground into dist/: the page, its styles, the app and worker bundles (esbuild),
// the WebAssembly module (as a hashed asset), the examples gallery (from
// tests/fixtures/activation, copied in here) and a diagnostics reference page.
// Usage: node build.mjs [--dev]   (--dev: no minification, with source maps)
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync, rmSync, readdirSync, copyFileSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, generateFql, catalogue, version } from 'mapcheck';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const dev = process.argv.includes('--dev');
const fixtures = join(here, '..', 'tests', 'fixtures', 'activation');

// Gallery order: the docs' walkthroughs first, then destinations, then common mistakes.
const ORDER = [
  'engage-event-mapping', 'trait-enrichment', 'id-sync-strategies', 'default-setup', 'audience-exited',
  'id-sync-mobile-ids', 'facebook-custom-audiences', 'google-ads-remarketing-lists', 'google-customer-match',
  'email-on-track', 'event-trait-on-track', 'custom-event-names',
];

await init();

function loadExamples() {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.json'));
  const list = files.map((f) => {
    const id = basename(f, '.json');
    const ex = JSON.parse(readFileSync(join(fixtures, f), 'utf8'));
    const config = structuredClone(ex.config);
    // The playground edits triggers as FQL (the builder shows the conditions): a trigger given
    // as an AST becomes the FQL text Segment's generateFql writes for it.
    for (const m of config.mappings || []) {
      if (typeof m.trigger_fql !== 'string' && m.trigger !== undefined) {
        const r = generateFql(m.trigger);
        if (typeof r.fql !== 'string') throw new Error(`${f}: cannot write the trigger of ${m.name} as FQL`);
        m.trigger_fql = r.fql;
        delete m.trigger;
      }
    }
    return { id, title: ex.title, description: ex.description, source: ex.source, config };
  });
  const rank = (id) => { const i = ORDER.indexOf(id); return i < 0 ? ORDER.length : i; };
  list.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  return list;
}

const examplesPlugin = {
  name: 'examples',
  setup(b) {
    b.onResolve({ filter: /^virtual:examples$/ }, () => ({ path: 'examples', namespace: 'virtual' }));
    b.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({ contents: JSON.stringify(loadExamples()), loader: 'json' }));
  },
};

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function diagnosticsPage() {
  const items = catalogue().map((c) => {
    const id = c.docs.split('#')[1] || c.code.toLowerCase();
    return `<section class="card" id="${esc(id)}">
<h2><code>${esc(c.code)}</code> ${esc(c.title)} <span class="sev sev-${esc(c.severity)}">${esc(c.severity)}</span></h2>
<p>${esc(c.message)}</p>
<p><strong>Fix:</strong> ${esc(c.fix)}</p>
<p class="hint">Basis: ${esc(c.basis)}</p>
</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'">
<meta name="color-scheme" content="light dark">
<title>mapcheck diagnostics reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="../app.css">
</head>
<body class="docs">
<header class="top"><h1><span class="logo">mapcheck</span> <span class="sub">diagnostics reference</span></h1>
<p class="tagline">Every code mapcheck ${esc(version())} reports, with its message template and fix. <a href="../">Back to the playground</a></p></header>
<main class="docs-main">
${items.join('\n')}
</main>
</body>
</html>
`;
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'docs'), { recursive: true });
const common = {
  bundle: true, format: 'esm', target: 'es2022', platform: 'browser', minify: !dev, sourcemap: dev,
  legalComments: 'none', logLevel: 'warning', outdir: dist,
  loader: { '.wasm': 'file' }, assetNames: '[name]-[hash]',
};
await build({ ...common, entryPoints: { app: join(here, 'src', 'main.js') }, plugins: [examplesPlugin] });
await build({ ...common, entryPoints: { worker: join(here, 'src', 'worker.js') } });
await build({ ...common, entryPoints: { boot: join(here, 'src', 'boot.js') }, external: ['./app.js'] });
for (const f of ['index.html', 'app.css', 'editor.css']) copyFileSync(join(here, 'static', f), join(dist, f));
writeFileSync(join(dist, 'docs', 'diagnostics.html'), diagnosticsPage());

// The docs-page demo of the <mapcheck-example> component, served at /docs-demo/ next to the
// playground (whose embed mode its iframe shows). The package and the worked examples are copied
// in the repository's layout, so the demo page's relative paths work unchanged.
const repo = join(here, '..');
const demo = join(dist, 'docs-demo');
const copyInto = (from, names) => {
  mkdirSync(join(demo, from), { recursive: true });
  for (const name of names) copyFileSync(join(repo, from, name), join(demo, from, name));
};
copyInto('web', ['index.mjs']);
copyInto('web/src', readdirSync(join(repo, 'web', 'src')).filter((f) => f.endsWith('.mjs') && !f.startsWith('node')));
copyInto('web/dist', ['mapcheck-core.mjs', 'mapcheck-core.wasm']);
copyInto('web/component', readdirSync(join(repo, 'web', 'component')));
copyInto('tests/fixtures/activation', readdirSync(join(repo, 'tests', 'fixtures', 'activation')).filter((f) => f.endsWith('.json')));
writeFileSync(join(demo, 'index.html'), '<!doctype html><meta charset="utf-8"><title>mapcheck docs demo</title>' +
  '<meta http-equiv="refresh" content="0; url=web/component/demo.html">' +
  '<a href="web/component/demo.html">The docs-page demo of &lt;mapcheck-example&gt;</a>\n');
console.log(`playground: built ${dist} (docs demo at /docs-demo/)`);
