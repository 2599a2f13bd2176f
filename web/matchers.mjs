// Vitest and Jest matchers for ES module test files: `expect.extend(matchers)`.
export { matchers, matchers as default } from './src/matchers.mjs';
