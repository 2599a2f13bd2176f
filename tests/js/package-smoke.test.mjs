// The package as users get it, in every place it runs: `require`/`import` of web/ in place, then
// `npm pack` installed into an empty project and used from there by Node (ESM and CommonJS), the
// README's examples (usage, Vitest, Jest), the TypeScript compiler on a consumer file, and
// headless Chromium loading an esbuild bundle, a Vite build and an unbundled page (with a strict
// Content Security Policy and a module worker). Any console error or warning fails the browser test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));
const web = join(root, 'web');
const bin = (pkg, path) => join(root, 'node_modules', pkg, path);
const exec = promisify(execFile);

let tmp;
let project; // an empty project with the packed package installed

// Runs `node args` in `cwd`; returns stdout, or fails the test with everything it printed.
async function node(args, cwd, env = {}) {
  try {
    const { stdout } = await exec(process.execPath, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      timeout: 120_000,
      maxBuffer: 16 << 20,
    });
    return stdout;
  } catch (error) {
    assert.fail(`node ${args.join(' ')} failed (${error.code ?? error.signal}):\n${error.stdout}\n${error.stderr}`);
  }
}

// The README's runnable blocks: a code fence right after `<!-- run: NAME ... -->`.
function readmeBlocks() {
  const readme = readFileSync(join(web, 'README.md'), 'utf8');
  const blocks = new Map();
  for (const m of readme.matchAll(/<!-- run: (\S+)[^>]*-->\n```\w*\n([\s\S]*?)\n```/g)) blocks.set(m[1], `${m[2]}\n`);
  return blocks;
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'mapcheck-smoke-'));
  const [packed] = JSON.parse(await exec('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: web }).then((r) => r.stdout));
  project = join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'smoke', private: true }));
  await exec('npm', ['install', '--no-audit', '--no-fund', '--offline', join(tmp, packed.filename)], { cwd: project });
  // The test runners come from the repository, as if the project had them installed.
  symlinkSync(join(root, 'node_modules', 'vitest'), join(project, 'node_modules', 'vitest'), 'dir');
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const check = `
  await m.init();
  const r = m.transform({ a: { '@path': '$.x' } }, '{"x":[1,"\\uD800"]}');
  if (JSON.stringify(r) !== '{"output":{"a":[1,"\\\\ud800"]},"diagnostics":[]}') throw new Error(JSON.stringify(r));
  console.log('ok', m.version());`;

test('in place: require("./web") and import("./web/node.mjs") from the repository', async () => {
  const cjs = await node(['-e', `(async () => { const m = require('./web'); ${check} })().catch((e) => { console.error(e); process.exit(1); })`], root);
  assert.match(cjs, /^ok \d+\.\d+\.\d+/);
  const esm = await node(['--input-type=module', '-e', `const m = await import('./web/node.mjs'); ${check}`], root);
  assert.match(esm, /^ok \d+\.\d+\.\d+/);
});

test('installed from npm pack: the package holds what it needs and nothing else', () => {
  const installed = join(project, 'node_modules', 'mapcheck');
  const list = (dir) => readdirSync(join(installed, dir)).sort();
  assert.deepEqual(list('.'), ['README.md', 'component', 'component.d.ts', 'dist', 'index.d.ts', 'index.mjs',
    'matchers.cjs', 'matchers.d.ts', 'matchers.mjs', 'node.cjs', 'node.mjs', 'package.json', 'src']);
  assert.deepEqual(list('component'), ['component.mjs']);
  assert.deepEqual(list('dist'), ['cjs', 'mapcheck-core.cjs', 'mapcheck-core.mjs', 'mapcheck-core.wasm']);
  assert.deepEqual(list('dist/cjs'), readdirSync(join(web, 'src')).map((f) => f.replace('.mjs', '.cjs')).sort());
  const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.dependencies, undefined);
});

test('installed: import and require, of the API and the matchers', async () => {
  const esm = await node(['--input-type=module', '-e', `const m = await import('mapcheck'); ${check}
    const { matchers } = await import('mapcheck/matchers');
    console.log(Object.keys(matchers).join());`], project);
  assert.match(esm, /^ok .*\ntoProducePayload,toHaveNoErrorDiagnostics,toHaveDiagnostic,toMatchTrigger,toBeValidEvent,toBeValidMapping\n$/);
  const cjs = await node(['-e', `(async () => { const m = require('mapcheck'); ${check}
    const { matchers } = require('mapcheck/matchers');
    console.log(Object.keys(matchers).join(), require('mapcheck/matchers').default === matchers);
  })().catch((e) => { console.error(e); process.exit(1); })`], project);
  assert.match(cjs, /^ok .*\ntoProducePayload,toHaveNoErrorDiagnostics,toHaveDiagnostic,toMatchTrigger,toBeValidEvent,toBeValidMapping true\n$/);
});

test('the README usage example runs and prints what its comments say', async () => {
  const source = readmeBlocks().get('usage.mjs');
  assert.ok(source, 'README has no <!-- run: usage.mjs --> block');
  assert.ok(source.trim().split('\n').length <= 10, 'the usage example is longer than ten lines');
  const expected = [...source.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
  assert.ok(expected.length > 0);
  writeFileSync(join(project, 'usage.mjs'), source);
  const printed = await node(['usage.mjs'], project);
  assert.deepEqual(printed.trimEnd().split('\n'), expected);
});

// Matcher behaviour beyond the README: failures, messages and `.not`, for Vitest and Jest alike.
const matcherChecks = `
  test('matchers fail with messages that say why', () => {
    const mapping = { email: { '@path': '$.email' } };
    expect({ email: 'a@b.c' }).toProducePayload(mapping, { email: 'a@b.c' });
    expect({ email: 'a@b.c' }).not.toProducePayload(mapping, { email: 'x@y.z' });
    expect(() => expect({ email: 'a@b.c' }).toProducePayload(mapping, { email: 'x@y.z' })).toThrow(/x@y\\.z/);
    expect(() => expect({}).toProducePayload({ a: { '@path': 5 } }, {})).toThrow(/throws AggregateError[\\s\\S]*MK-01/);
    expect(() => expect({ a: { '@if': 1 } }).toBeValidMapping()).toThrow(/Segment rejects the mapping \\(AggregateError\\)/);
    expect(transform('{', {})).toHaveDiagnostic('JSON-01');
    expect(transform('{', {})).not.toHaveDiagnostic('JSON-01', '/nope');
    expect(() => expect(transform('{', {})).toHaveNoErrorDiagnostics()).toThrow(/found 1:\\n  JSON-01 error/);
    expect([]).toHaveNoErrorDiagnostics();
    expect(() => expect(42).toHaveNoErrorDiagnostics()).toThrow(/expects a mapcheck result/);
    expect({ type: 'track', properties: { vip: true } }).toMatchTrigger('type = "track" and properties.vip = true');
    expect({ type: 'track', properties: { vip: 'true' } }).not.toMatchTrigger('properties.vip = true');
    expect(() => expect({ type: 'identify' }).toMatchTrigger('type = "track"')).toThrow(/did not match/);
    const event = { type: 'identify', userId: 'u1', messageId: 'm1', traits: { email: 'a@b.c' } };
    expect(event).toBeValidEvent();
    expect(() => expect({ type: 'identify' }).toBeValidEvent()).toThrow(/SPEC-02/);
    expect({ type: 'identify' }).not.toBeValidEvent({ audienceKey: 'vip' });
  });`;

test('Vitest runs the README example and the matchers work there', async () => {
  const dir = join(project, 'vitest');
  mkdirSync(dir);
  writeFileSync(join(dir, 'mapping.test.mjs'), readmeBlocks().get('mapping.test.mjs'));
  writeFileSync(join(dir, 'more.test.mjs'), `import { beforeAll, expect, test } from 'vitest';
import { init, transform } from 'mapcheck';
import matchers from 'mapcheck/matchers';
expect.extend(matchers);
beforeAll(() => init());
${matcherChecks}`);
  const report = join(tmp, 'vitest.json');
  await node([bin('vitest', 'vitest.mjs'), 'run', '--root', dir, '--reporter=json', `--outputFile=${report}`], dir);
  const result = JSON.parse(readFileSync(report, 'utf8'));
  assert.equal(result.numFailedTests, 0);
  assert.equal(result.numPassedTests, 2);
});

test('Jest runs the README example (CommonJS) and the matchers work there', async () => {
  const dir = join(project, 'jest');
  mkdirSync(dir);
  writeFileSync(join(dir, 'mapping.test.cjs'), readmeBlocks().get('mapping.test.cjs'));
  writeFileSync(join(dir, 'more.test.cjs'), `const { init, transform } = require('mapcheck');
expect.extend(require('mapcheck/matchers').matchers);
beforeAll(() => init());
${matcherChecks}`);
  const report = join(tmp, 'jest.json');
  await node([bin('jest', 'bin/jest.js'), '--rootDir', dir, '--ci', '--json', `--outputFile=${report}`,
    '--cacheDirectory', join(tmp, 'jest-cache')], dir);
  const result = JSON.parse(readFileSync(report, 'utf8'));
  assert.equal(result.numFailedTests, 0);
  assert.equal(result.numPassedTests, 2);
});

test('TypeScript: a consumer of the installed package type-checks, and misuse does not', async () => {
  const dir = join(project, 'types');
  cpSync(join(root, 'tests', 'js', 'types'), dir, { recursive: true });
  await node([bin('typescript', 'bin/tsc'), '-p', join(dir, 'tsconfig.json')], dir);
});

// ---- Browsers ------------------------------------------------------------------------------
// The page script: load, transform, validate, and (unbundled page only) a trap and a worker.
const pageScript = (importFrom, { preamble = '', initArgs = '' } = {}) => `import { init, transform, validateMapping, version } from '${importFrom}';
${preamble}
try {
  await init(${initArgs});
  const result = transform({ email: { '@path': '$.context.traits.email' } }, { context: { traits: { email: 'jane@example.com' } } });
  window.__result = { output: result.output, valid: validateMapping({ a: { '@path': 5 } }).valid, version: version() };
} catch (error) {
  window.__result = { failed: String((error && error.stack) || error) };
}
`;

async function withServer(dir, run) {
  const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const port = await new Promise((resolve, reject) => {
      server.stdout.on('data', (d) => {
        const m = /port (\d+)/.exec(String(d));
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`http.server exited ${code}`)));
    });
    return await run(`http://127.0.0.1:${port}`);
  } finally {
    server.kill();
  }
}

test('browsers: an esbuild bundle, a Vite build and an unbundled page run in headless Chromium', async (t) => {
  const site = join(project, 'site');
  const html = (script, head = '') =>
    `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">${head}</head>` +
    `<body><script type="module" src="${script}"></script></body></html>`;

  // esbuild: the .wasm through the file loader, handed to init().
  const esbuildApp = join(project, 'esbuild-app');
  mkdirSync(esbuildApp);
  writeFileSync(join(esbuildApp, 'main.mjs'), pageScript('mapcheck',
    { preamble: "import wasmUrl from 'mapcheck/mapcheck-core.wasm';", initArgs: '{ wasm: wasmUrl }' }));
  const esbuild = await import(bin('esbuild', 'lib/main.js'));
  const built = await esbuild.build({
    entryPoints: [join(esbuildApp, 'main.mjs')], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', outdir: join(site, 'esbuild'), loader: { '.wasm': 'file' }, logLevel: 'silent',
  });
  assert.deepEqual(built.warnings, []);
  writeFileSync(join(site, 'esbuild', 'index.html'), html('./main.js'));

  // Vite: no configuration for the .wasm; it follows new URL(..., import.meta.url).
  const viteApp = join(project, 'vite-app');
  mkdirSync(viteApp);
  writeFileSync(join(viteApp, 'main.mjs'), pageScript('mapcheck'));
  writeFileSync(join(viteApp, 'index.html'), html('./main.mjs'));
  const vite = await import(bin('vite', 'dist/node/index.js'));
  const warnings = [];
  await vite.build({
    root: viteApp, base: './', configFile: false, logLevel: 'warn',
    customLogger: { ...vite.createLogger('warn'), warn: (m) => warnings.push(m), warnOnce: (m) => warnings.push(m) },
    build: { outDir: join(site, 'vite'), target: 'es2022', emptyOutDir: true },
  });
  assert.deepEqual(warnings, []);
  assert.equal(readdirSync(join(site, 'vite', 'assets')).filter((f) => f.endsWith('.wasm')).length, 1);

  // Unbundled: the package's files as they are, under a CSP without 'unsafe-eval'.
  cpSync(join(project, 'node_modules', 'mapcheck'), join(site, 'mapcheck'), { recursive: true });
  mkdirSync(join(site, 'plain'));
  const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">`;
  writeFileSync(join(site, 'plain', 'index.html'), html('./main.mjs', csp));
  writeFileSync(join(site, 'plain', 'main.mjs'), `${pageScript('../mapcheck/index.mjs')}
// A stack overflow inside the engine, then a normal call on the instance that replaces it.
let stopped;
const dive = () => {
  try { dive(); } catch {}
  if (stopped) return;
  try {
    const r = transform('${'{"a":'.repeat(250)}1${'}'.repeat(250)}', {});
    if (r.diagnostics.some((d) => d.code === 'LIM-02')) stopped = r.error.name;
  } catch {}
};
dive();
window.__result.trap = stopped;
window.__result.afterTrap = transform({ a: { '@path': '$.x' } }, { x: 2 }).output;
const worker = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
window.__result.worker = await new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); });
const shown = document.createElement('pre');
shown.textContent = JSON.stringify(window.__result, null, 2);
document.body.append(shown);
window.__done = true;
`);
  writeFileSync(join(site, 'plain', 'worker.mjs'), `import { init, transform } from '../mapcheck/index.mjs';
await init();
postMessage(transform({ a: { '@path': '$.x' } }, { x: 'from a worker' }).output);
`);

  const { chromium } = await import(bin('playwright-core', 'index.mjs'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await withServer(site, async (origin) => {
      for (const page of ['esbuild', 'vite', 'plain']) {
        await t.test(page, async () => {
          const tab = await browser.newPage();
          const problems = [];
          tab.on('pageerror', (e) => problems.push(e.message));
          tab.on('console', (m) => {
            if (['error', 'warning'].includes(m.type())) problems.push(`${m.type()}: ${m.text()}`);
          });
          tab.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
          await tab.goto(`${origin}/${page}/index.html`);
          await tab.waitForFunction(page === 'plain' ? () => window.__done : () => window.__result, null, { timeout: 30_000 });
          const result = await tab.evaluate(() => window.__result);
          assert.equal(result.failed, undefined);
          assert.deepEqual(result.output, { email: 'jane@example.com' });
          assert.equal(result.valid, false);
          assert.match(result.version, /^\d+\.\d+\.\d+$/);
          if (page === 'plain') {
            assert.match(result.trap, /^(RangeError|RuntimeError)$/);
            assert.deepEqual(result.afterTrap, { a: 2 });
            assert.deepEqual(result.worker, { a: 'from a worker' });
            await tab.screenshot({ path: join(root, 'build-wasm', 'package-smoke.png') });
          }
          assert.deepEqual(problems, []);
          await tab.close();
        });
      }
    });
  } finally {
    await browser.close();
  }
});
