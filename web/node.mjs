// The package entry for Node's `import`. Emscripten 3.1.6's loader fetches the .wasm with Node's
// global fetch, which cannot read files; this entry reads the file itself.
import { host } from './src/host.mjs';
import { readWasm } from './src/node-host.mjs';

host.defaultWasm = () => new URL('./dist/mapcheck-core.wasm', import.meta.url);
host.read = readWasm;

export * from './src/api.mjs';
