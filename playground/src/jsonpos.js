// Finds where a JSON pointer points in a JSON text, so a diagnostic about the pasted event (which
// the core reports by pointer) can be underlined in the editor, and an explained source path can
// be highlighted there. Works on text JSON.parse accepts; returns null when it cannot follow.

export function parsePointer(pointer) {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Pointer of a list of path segments. */
export function toPointer(segs) {
  return segs.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * The place of `pointer` in `text`: { from, to, missing }, UTF-16 offsets. When the last members
 * do not exist, the deepest existing one's key (or its first character) is given with
 * missing: true. Null when the text cannot be followed.
 */
export function locatePointer(text, pointer) {
  const segs = parsePointer(pointer);
  if (!segs) return null;
  const n = text.length;
  let i = 0;
  const ws = () => { while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++; };
  const skipString = () => {
    i++;
    while (i < n) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === '"') { i++; return true; }
      else i++;
    }
    return false;
  };
  const skipValue = () => {
    let depth = 0;
    do {
      ws();
      if (i >= n) return;
      const c = text[i];
      if (c === '"') skipString();
      else if (c === '{' || c === '[') { depth++; i++; }
      else if (c === '}' || c === ']') { depth--; i++; }
      else if (c === ',' || c === ':') i++;
      else while (i < n && !',:{}[] \t\n\r"'.includes(text[i])) i++;
    } while (depth > 0 && i < n);
  };
  ws();
  let key = null; // range of the key of the current value
  for (const seg of segs) {
    const start = i;
    const c = text[i];
    let found = false;
    if (c === '{') {
      i++;
      for (;;) {
        ws();
        if (text[i] !== '"') break;
        const ks = i;
        if (!skipString()) return null;
        const ke = i;
        let name;
        try { name = JSON.parse(text.slice(ks, ke)); } catch { return null; }
        ws();
        if (text[i] !== ':') return null;
        i++;
        ws();
        if (name === seg) { key = { from: ks, to: ke }; found = true; break; }
        skipValue();
        ws();
        if (text[i] === ',') i++; else break;
      }
    } else if (c === '[' && /^\d+$/.test(seg)) {
      i++;
      const want = +seg;
      for (let k = 0; ; k++) {
        ws();
        if (text[i] === ']' || i >= n) break;
        if (k === want) { key = null; found = true; break; }
        skipValue();
        ws();
        if (text[i] === ',') i++; else break;
      }
    }
    if (!found) {
      if (key) return { from: key.from, to: key.to, missing: true };
      return { from: start, to: Math.min(start + 1, n), missing: true };
    }
  }
  const from = i;
  skipValue();
  return { from: key && segs.length ? key.from : from, to: i, missing: false };
}
