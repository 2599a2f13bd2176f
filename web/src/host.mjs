// What the entry file for a runtime (Node, browser) tells the shared API: where the wasm file is
// by default and how to read a URL or path. The API reads these when init() runs.
export const host = {
  // () => URL | string: the module's default location, next to the entry file.
  defaultWasm: undefined,
  // (source: URL | string) => Promise<Uint8Array | ArrayBuffer | Response>
  read: undefined,
};
