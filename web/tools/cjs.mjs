// Writes the CommonJS copies that node.cjs and matchers.cjs load, so `require('mapcheck')` never
// needs `import()` (Jest's module system has none without a flag):
//   dist/mapcheck-core.mjs -> dist/mapcheck-core.cjs   (Emscripten's ES module glue)
//   src/*.mjs              -> dist/cjs/*.cjs           (the shared API)
// The rewrites are exact text patterns; anything unexpected stops the build instead of producing
// a broken copy. Run by CMake after the wasm link: node web/tools/cjs.mjs <web dir> <dist dir>.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [webDir, distDir] = process.argv.slice(2);
if (!webDir || !distDir) {
  console.error('usage: node tools/cjs.mjs <web dir> <dist dir>');
  process.exit(2);
}

function fail(file, message) {
  console.error(`tools/cjs.mjs: ${file}: ${message}`);
  process.exit(1);
}

// Emscripten's MODULARIZE + EXPORT_ES6 glue: one `export default` at the end and import.meta.url
// for its own location (used only to find the .wasm, which the API always hands over itself).
function glueToCjs(file, text) {
  const tail = 'export default createMapcheckCore;';
  if (!text.trimEnd().endsWith(tail)) fail(file, `does not end with "${tail}"`);
  let out = text.trimEnd().slice(0, -tail.length) + 'module.exports = createMapcheckCore;\n';
  if (!out.includes('import.meta.url')) fail(file, 'has no import.meta.url');
  out = out.replaceAll('import.meta.url', 'require("url").pathToFileURL(__filename).href');
  if (/\bimport\s*\(|\bimport\.meta\b|^\s*(import|export)\s/m.test(out)) fail(file, 'still has ES module syntax');
  return out;
}

// Our own modules in src/: `import {a, b as c} from '...'`, `import x from '...'` and
// `export function|async function|const|class name` only.
function sourceToCjs(file, text) {
  const names = [];
  const specifier = (spec) => {
    if (spec === '../dist/mapcheck-core.mjs') return '../mapcheck-core.cjs';
    if (spec.startsWith('./') && spec.endsWith('.mjs')) return spec.slice(0, -4) + '.cjs';
    if (spec.startsWith('node:')) return spec;
    return fail(file, `cannot map import "${spec}"`);
  };
  let out = text.replace(/^import \{([^}]*)\} from '([^']+)';$/gm, (_, list, spec) =>
    `const {${list.replace(/(\w+) as (\w+)/g, '$1: $2')}} = require('${specifier(spec)}');`);
  out = out.replace(/^import (\w+) from '([^']+)';$/gm, (_, name, spec) =>
    `const ${name} = require('${specifier(spec)}');`);
  out = out.replace(/^export (async function|function|const|let|class) (\w+)/gm, (_, kind, name) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  if (/^\s*(import|export)\b|\bimport\.meta\b|\bimport\(/m.test(out)) fail(file, 'has ES module syntax this tool does not rewrite');
  return `'use strict';\n${out}\nmodule.exports = { ${names.join(', ')} };\n`;
}

const glue = join(distDir, 'mapcheck-core.mjs');
writeFileSync(join(distDir, 'mapcheck-core.cjs'), glueToCjs(glue, readFileSync(glue, 'utf8')));

const srcDir = join(webDir, 'src');
mkdirSync(join(distDir, 'cjs'), { recursive: true });
for (const name of readdirSync(srcDir).filter((n) => n.endsWith('.mjs'))) {
  const cjs = sourceToCjs(join(srcDir, name), readFileSync(join(srcDir, name), 'utf8'));
  writeFileSync(join(distDir, 'cjs', name.replace(/\.mjs$/, '.cjs')), cjs);
}
