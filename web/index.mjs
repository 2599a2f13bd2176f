// The package entry for browsers and bundlers. init() fetches dist/mapcheck-core.wasm next to this
// file; Vite and webpack see the `new URL(..., import.meta.url)` below and emit the .wasm as an
// asset. Pass init({ wasm }) to host it elsewhere.
import { host } from './src/host.mjs';

host.defaultWasm = () => new URL('./dist/mapcheck-core.wasm', import.meta.url);
host.read = (source) => fetch(source);

export * from './src/api.mjs';
