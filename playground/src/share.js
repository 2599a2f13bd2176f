// Share links: the whole state in the URL fragment (never sent to a server), as
// `#v1=<base64url of deflate-raw of the state's JSON>`. Decoding is bounded at every step and
// every failure is an Error whose message tells the user what was wrong with the link.
import { sanitizeState } from './model.js';

export const MAX_LINK_CHARS = 512 * 1024; // encoded fragment
export const MAX_STATE_BYTES = 8 * 1024 * 1024; // after decompression

function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pump(stream, input, limit) {
  const writer = stream.writable.getWriter();
  writer.write(input).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw new Error(`it unpacks to more than ${Math.round(limit / 1048576)} MB`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

/** The fragment (`v1=...`, without '#') for a state. */
export async function encodeState(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  const packed = await pump(new CompressionStream('deflate-raw'), bytes, Infinity);
  return 'v1=' + toBase64url(packed);
}

/**
 * The state in a fragment (with or without '#'), checked and cleaned; null when the fragment is
 * not a share link at all. Throws an Error with the reason for a link that is broken.
 */
export async function decodeState(fragment) {
  const f = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (f === '') return null;
  const m = /^v(\d+)=/.exec(f);
  if (!m) return null;
  if (m[1] !== '1') throw new Error(`it was made by a newer version of the playground (format v${m[1]})`);
  const body = f.slice(m[0].length);
  if (body.length > MAX_LINK_CHARS) throw new Error('it is too long');
  if (!/^[A-Za-z0-9_-]*$/.test(body)) throw new Error('it contains characters a share link never has (was it cut or edited?)');
  if (body.length === 0) throw new Error('it is empty');
  let packed;
  try { packed = fromBase64url(body); } catch { throw new Error('it is not valid base64url'); }
  let bytes;
  try {
    bytes = await pump(new DecompressionStream('deflate-raw'), packed, MAX_STATE_BYTES);
  } catch (e) {
    if (/unpacks to more/.test(e.message)) throw e;
    throw new Error('its compressed data is damaged or cut short');
  }
  let json;
  try { json = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { throw new Error('it does not decode to text'); }
  let value;
  try { value = JSON.parse(json); } catch { throw new Error('it does not hold valid JSON'); }
  return sanitizeState(value);
}
