// The package entry for Node's `require` (and Jest): the same API as node.mjs, from the CommonJS
// copies in dist/cjs/ that the build generates from src/ (tools/cjs.mjs). Nothing here imports
// ESM, so it also runs where `import()` is unavailable, such as Jest's module system.
'use strict';
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { host } = require('./dist/cjs/host.cjs');
const { readWasm } = require('./dist/cjs/node-host.cjs');

host.defaultWasm = () => pathToFileURL(join(__dirname, 'dist', 'mapcheck-core.wasm'));
host.read = readWasm;

module.exports = require('./dist/cjs/api.cjs');
