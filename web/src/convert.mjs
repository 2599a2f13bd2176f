// Turning JavaScript arguments into the text the core reads, and the core's positions back into
// positions in what the caller passed.
//
// Embind copies a JS string into the module as UTF-8 and mangles a lone surrogate (it pairs it
// with the next code unit). JSON.stringify already writes lone surrogates as \uXXXX escapes; JSON
// text passed as a string gets the same escapes here, and diagnostic ranges into that text are
// moved back so they point into the caller's string.

// A value that cannot be given to the core: circular structures, BigInt, undefined, functions.
export class InputProblem extends Error {
  constructor(source, message) {
    super(message);
    this.name = 'TypeError';
    this.source = source;
  }
}

// With the u flag a class of surrogates matches only unpaired halves: a pair is one code point.
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;
const HAS_LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const ESCAPE_LENGTH = 6; // "\uD800": 6 ASCII units and bytes in place of 1 unit, 3 UTF-8 bytes

function isWellFormed(text) {
  return typeof text.isWellFormed === 'function' ? text.isWellFormed() : !HAS_LONE_SURROGATE.test(text);
}

function describe(value) {
  if (value === undefined) return 'undefined';
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

// Returns `text` with each lone surrogate written as a \uXXXX escape, and records in `escapes`
// (a Map from source name to offsets) where the escapes start in the returned text. A lone
// surrogate right after an escaping backslash becomes U+FFFD instead, so text that is not JSON
// stays not JSON.
export function escapeLoneSurrogates(text, source, escapes) {
  if (isWellFormed(text)) return text;
  const at = [];
  let shift = 0;
  const out = text.replace(LONE_SURROGATE, (unit, offset) => {
    let backslashes = 0;
    while (offset - backslashes > 0 && text.charCodeAt(offset - backslashes - 1) === 0x5c) ++backslashes;
    if (backslashes % 2 === 1) return '\uFFFD';
    at.push(offset + shift);
    shift += ESCAPE_LENGTH - 1;
    return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (at.length) escapes.set(source, at);
  return out;
}

// Returns the JSON text for an argument named `source`: a string is taken as JSON text, anything
// else goes through JSON.stringify. Throws InputProblem when the value has no JSON form.
export function toJsonText(value, source, escapes) {
  if (typeof value === 'string') return escapeLoneSurrogates(value, source, escapes);
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InputProblem(source, `${source}: ${error.message}`);
  }
  if (text === undefined) throw new InputProblem(source, `${source}: ${describe(value)} has no JSON form`);
  return text;
}

// Argument kinds for `define` in api.mjs. Each returns the values handed to the binding.

// A required JSON argument (JSON text or a JS value).
export const json = (source) => (value, escapes) => [toJsonText(value, source, escapes)];

// An optional JSON argument: '' when undefined.
export const optionalJson = (source) => (value, escapes) =>
  value === undefined ? [''] : [toJsonText(value, source, escapes)];

// An optional JSON argument followed by a "was given" flag: ['', false] when undefined.
export const jsonWithPresence = (source) => (value, escapes) =>
  value === undefined ? ['', false] : [toJsonText(value, source, escapes), true];

// Plain text that is not JSON (for example an FQL query); lone surrogates become U+FFFD.
export const text = (source) => (value) => {
  if (typeof value !== 'string') throw new InputProblem(source, `${source}: expected text, got ${describe(value)}`);
  return [typeof value.toWellFormed === 'function' ? value.toWellFormed() : value.replace(LONE_SURROGATE, '\uFFFD')];
};

// A trigger: FQL text, or an AST (a value, or JSON text starting with "{", as the core tells
// them apart).
export const fqlOrAst = (source) => (value, escapes) =>
  typeof value === 'string' && !/^\s*\{/.test(value) ? text(source)(value) : [toJsonText(value, source, escapes)];

// Newline-delimited JSON: NDJSON text as is, or an array of values, one line each.
export const ndjson = (source) => (value, escapes) => {
  if (!Array.isArray(value)) return [toJsonText(value, source, escapes)];
  const lines = value.map((item, i) => {
    let line;
    try {
      line = JSON.stringify(item);
    } catch (error) {
      throw new InputProblem(source, `${source} line ${i + 1}: ${error.message}`);
    }
    if (line === undefined) throw new InputProblem(source, `${source} line ${i + 1}: ${describe(item)} has no JSON form`);
    return line;
  });
  return [lines.join('\n')];
};

// Moves a position in escaped text back to the caller's text (see escapeLoneSurrogates).
function restorePosition(position, at) {
  const lineStart = position.utf16Offset - (position.utf16Column - 1);
  let before = 0;
  let beforeOnLine = 0;
  let inside = 0;
  for (const start of at) {
    if (start >= position.utf16Offset) break;
    if (position.utf16Offset < start + ESCAPE_LENGTH) {
      inside = position.utf16Offset - start; // inside an escape: at the surrogate it stands for
      break;
    }
    ++before;
    if (start >= lineStart) ++beforeOnLine;
  }
  const units = (ESCAPE_LENGTH - 1) * before;
  const unitsOnLine = (ESCAPE_LENGTH - 1) * beforeOnLine;
  return {
    ...position,
    offset: position.offset - inside - (ESCAPE_LENGTH - 3) * before,
    column: position.column - inside - unitsOnLine,
    utf16Column: position.utf16Column - inside - unitsOnLine,
    utf16Offset: position.utf16Offset - inside - units,
  };
}

function restoreDiagnostics(diagnostics, escapes, messages) {
  for (const d of diagnostics) {
    const at = d && d.range && escapes.get(d.source);
    if (!at) continue;
    const start = restorePosition(d.range.start, at);
    const where = `(line ${d.range.start.line}, column ${d.range.start.column}).`;
    if (typeof d.message === 'string' && d.message.endsWith(where)) {
      const message = `${d.message.slice(0, -where.length)}(line ${start.line}, column ${start.column}).`;
      messages.set(d.message, message);
      d.message = message;
    }
    d.range = { start, end: restorePosition(d.range.end, at) };
  }
}

// Rewrites, anywhere in a result, the ranges of diagnostics (items of arrays named
// "diagnostics") whose source had lone surrogates escaped, and the "(line L, column C)." that
// ends a JSON-* message. Returns a Map from each rewritten message to its new text, so the caller
// can rewrite copies of it (error.message, errors[]).
export function restoreRanges(result, escapes) {
  const messages = new Map();
  if (escapes.size === 0) return messages;
  const visit = (value) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    for (const [key, member] of Object.entries(value)) {
      if (key === 'diagnostics' && Array.isArray(member)) restoreDiagnostics(member, escapes, messages);
      visit(member);
    }
  };
  visit(result);
  return messages;
}
