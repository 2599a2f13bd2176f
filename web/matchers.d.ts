// Types for mapcheck/matchers (Vitest and Jest). To type `expect(...)` calls, extend your test
// runner's matcher interface, for example in a .d.ts file of your project:
//   import type { MapcheckMatchers } from 'mapcheck/matchers';
//   declare module 'vitest' { interface Assertion<T = any> extends MapcheckMatchers<T> {} }
//   declare module 'expect' { interface Matchers<R> extends MapcheckMatchers<R> {} }   // Jest
import type { FqlNode, JsonInput, ValidateEventOptions } from './index.js';

export interface MapcheckMatchers<R = unknown> {
  /** The received event (a value or JSON text), mapped with `mapping`, equals `expected`. */
  toProducePayload(mapping: JsonInput, expected: unknown): R;
  /** The received result (or array of diagnostics) has no diagnostic of severity "error". */
  toHaveNoErrorDiagnostics(): R;
  /** The received result (or array of diagnostics) has a diagnostic `code`, at `pointer` if given. */
  toHaveDiagnostic(code: string, pointer?: string): R;
  /** Segment accepts the received mapping (a value or JSON text) when it is saved. */
  toBeValidMapping(): R;
  /** The trigger (FQL text or AST) matches the received event (a value or JSON text). */
  toMatchTrigger(trigger: string | FqlNode): R;
  /** validateEvent(received, options) finds no error. */
  toBeValidEvent(options?: ValidateEventOptions | string): R;
}

/** What expect.extend() takes: one function per matcher. */
export type MatcherFunctions = {
  [K in keyof MapcheckMatchers]: (
    this: any,
    received: unknown,
    ...args: Parameters<MapcheckMatchers[K]>
  ) => { pass: boolean; message: () => string };
};

export declare const matchers: MatcherFunctions;
export default matchers;
