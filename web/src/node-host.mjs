// Reading the wasm file in Node: paths and file: URLs from disk, other URLs with fetch. Node 20's
// global fetch cannot read file: URLs, which is why Emscripten's own loader fails there.
import { readFile } from 'node:fs/promises';

// Returns the bytes (or, for http(s) and data: URLs, the fetch Response) of `source`, a URL or a
// string holding a URL or a filesystem path. Rejects when the file cannot be read.
export async function readWasm(source) {
  // "C:\dir" is a Windows path, not a URL with the scheme "c".
  const url = typeof source !== 'string' ? new URL(source.href)
    : /^[a-z][a-z0-9+.-]+:/i.test(source) ? new URL(source) : undefined;
  if (url === undefined) return readFile(source);
  if (url.protocol === 'file:') return readFile(url);
  return fetch(url);
}
