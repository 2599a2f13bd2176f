// Matchers for Vitest and Jest (`expect.extend(matchers)`), over the same API instance as the
// package entry: call `await init()` once (for example in beforeAll) before using them.
//
//   expect(event).toProducePayload(mapping, expected)
//   expect(result).toHaveNoErrorDiagnostics()
//   expect(result).toHaveDiagnostic('MK-04', '/a/@if')
//   expect(mapping).toBeValidMapping()
//   expect(event).toMatchTrigger('type = "track" and properties.vip = true')
//   expect(event).toBeValidEvent({ audienceKey: 'vip' })
import { matchesFql, transform, validateEvent, validateMapping } from './api.mjs';

function diagnosticsOf(received) {
  if (Array.isArray(received)) return received;
  if (received !== null && typeof received === 'object' && Array.isArray(received.diagnostics)) {
    return received.diagnostics;
  }
  return undefined;
}

function listDiagnostics(diagnostics) {
  if (diagnostics.length === 0) return '  (no diagnostics)';
  return diagnostics
    .map((d) => `  ${d.code} ${d.severity}${d.pointer ? ` at ${d.source} ${d.pointer}` : ''}: ${d.message}`)
    .join('\n');
}

function notADiagnosticsHolder(utils, received, matcher) {
  return {
    pass: false,
    message: () =>
      `${matcher} expects a mapcheck result (with a diagnostics array) or an array of diagnostics; ` +
      `received ${utils.printReceived(received)}`,
  };
}

export const matchers = {
  /** Passes when `mapping` run on the received event (a value or JSON text) gives `expected`. */
  toProducePayload(event, mapping, expected) {
    const { utils, isNot } = this;
    const hint = utils.matcherHint('toProducePayload', 'event', 'mapping, expected', { isNot });
    const result = transform(mapping, event);
    if (result.error) {
      return {
        pass: false,
        message: () =>
          `${hint}\n\nThe mapping does not produce a payload: it throws ${result.error.name}: ` +
          `${result.error.message}\n\nDiagnostics:\n${listDiagnostics(result.diagnostics)}`,
      };
    }
    const pass = this.equals(result.output, expected);
    return {
      pass,
      message: () =>
        pass
          ? `${hint}\n\nExpected the payload not to equal ${utils.printExpected(expected)}`
          : `${hint}\n\n${utils.diff(expected, result.output) ?? `Received: ${utils.printReceived(result.output)}`}` +
            `\n\nDiagnostics:\n${listDiagnostics(result.diagnostics)}`,
    };
  },

  /** Passes when the received result (or diagnostics array) has no diagnostic of severity "error". */
  toHaveNoErrorDiagnostics(received) {
    const { utils, isNot } = this;
    const diagnostics = diagnosticsOf(received);
    if (!diagnostics) return notADiagnosticsHolder(utils, received, 'toHaveNoErrorDiagnostics');
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const hint = utils.matcherHint('toHaveNoErrorDiagnostics', 'result', '', { isNot });
    return {
      pass: errors.length === 0,
      message: () =>
        errors.length === 0
          ? `${hint}\n\nExpected error diagnostics, found none:\n${listDiagnostics(diagnostics)}`
          : `${hint}\n\nExpected no error diagnostics, found ${errors.length}:\n${listDiagnostics(errors)}`,
    };
  },

  /** Passes when the received result (or diagnostics array) has a diagnostic `code` (at `pointer`). */
  toHaveDiagnostic(received, code, pointer) {
    const { utils, isNot } = this;
    const diagnostics = diagnosticsOf(received);
    if (!diagnostics) return notADiagnosticsHolder(utils, received, 'toHaveDiagnostic');
    const pass = diagnostics.some((d) => d.code === code && (pointer === undefined || d.pointer === pointer));
    const wanted = pointer === undefined ? code : `${code} at ${pointer}`;
    const hint = utils.matcherHint('toHaveDiagnostic', 'result', 'code', { isNot });
    return {
      pass,
      message: () =>
        `${hint}\n\nExpected ${pass ? 'no ' : ''}diagnostic ${wanted}; the result has:\n${listDiagnostics(diagnostics)}`,
    };
  },

  /** Passes when the trigger (FQL text or AST) matches the received event, as Segment decides. */
  toMatchTrigger(event, trigger) {
    const { utils, isNot } = this;
    const result = matchesFql(trigger, event);
    const hint = utils.matcherHint('toMatchTrigger', 'event', 'trigger', { isNot });
    const conditions = result.conditions.map((c) => `  ${c.matched ? 'matched' : 'did not match'}: ${c.reason}`);
    return {
      pass: result.matches,
      message: () =>
        `${hint}\n\nExpected the trigger ${utils.printExpected(trigger)} ${result.matches ? 'not ' : ''}to match` +
        (result.error ? `; it fails with ${result.error.name}: ${result.error.message}` : '') +
        (conditions.length ? `\n${conditions.join('\n')}` : ''),
    };
  },

  /** Passes when the received event has no error diagnostics from validateEvent(event, options). */
  toBeValidEvent(event, options) {
    const { utils, isNot } = this;
    const result = validateEvent(event, options);
    const hint = utils.matcherHint('toBeValidEvent', 'event', options === undefined ? '' : 'options', { isNot });
    return {
      pass: result.valid,
      message: () =>
        result.valid
          ? `${hint}\n\nExpected the event to have error diagnostics; it has:\n${listDiagnostics(result.diagnostics)}`
          : `${hint}\n\nThe event has error diagnostics:\n${listDiagnostics(result.diagnostics.filter((d) => d.severity === 'error'))}`,
    };
  },

  /** Passes when Segment would accept the received mapping (a value or JSON text) when saved. */
  toBeValidMapping(mapping) {
    const { utils, isNot } = this;
    const result = validateMapping(mapping);
    const hint = utils.matcherHint('toBeValidMapping', 'mapping', '', { isNot });
    return {
      pass: result.valid,
      message: () =>
        result.valid
          ? `${hint}\n\nExpected the mapping to be invalid, but Segment accepts it.`
          : `${hint}\n\nSegment rejects the mapping (${result.errorName}):\n` +
            result.errors.map((e) => `  ${e}`).join('\n'),
    };
  },
};
