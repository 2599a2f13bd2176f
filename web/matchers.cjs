// Vitest and Jest matchers for CommonJS test files: `expect.extend(require('mapcheck/matchers').matchers)`.
'use strict';
const { matchers } = require('./dist/cjs/matchers.cjs');

module.exports = { matchers, default: matchers };
