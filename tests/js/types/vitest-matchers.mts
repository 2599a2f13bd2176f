// The README's way to type the matchers in Vitest, checked against Vitest's own types.
import type { MapcheckMatchers } from 'mapcheck/matchers';
import { expect } from 'vitest';

declare module 'vitest' {
  interface Assertion<T = any> extends MapcheckMatchers<T> {}
}

expect({ type: 'track' }).toProducePayload({ a: 1 }, { a: 1 });
expect({ diagnostics: [] }).toHaveNoErrorDiagnostics();
expect({ diagnostics: [] }).not.toHaveDiagnostic('MK-01', '/a');
expect({ a: 1 }).toBeValidMapping();
// @ts-expect-error: toHaveDiagnostic needs a code
expect({ diagnostics: [] }).toHaveDiagnostic();
