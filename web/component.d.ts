// Types for mapcheck/component: the <mapcheck-example> custom element (component/component.mjs).
// Importing the module defines the element; its attributes are documented in the README
// ("Embedding in docs pages").
import type { Assumption, Diagnostic, ErrorInfo, ExplainStep, JsonValue, MembershipRow } from './index.js';

/** Which part of the result an example shows (attribute `view`); default "all". */
export type ExampleView = 'events' | 'payload' | 'diagnostics' | 'all';

/** One mapping run as the element shows it. */
export interface ExampleRun {
  name: string;
  enabled: boolean;
  /** Whether the trigger matched (true when the mapping has no trigger). */
  matched: boolean;
  /** How the trigger was evaluated: { evaluated, matches, conditions, error? }. */
  trigger?: JsonValue;
  /** The trigger as FQL text, when the example gives it as text. */
  fql?: string;
  output?: JsonValue;
  error?: ErrorInfo;
  explain?: ExplainStep[];
  preview?: JsonValue;
}

/** One event and the mapping runs on it. */
export interface ExampleEvent {
  label: string;
  type?: string | null;
  event: JsonValue;
  runs: ExampleRun[];
}

/** What an example shows, after each run. */
export interface ExampleResult {
  /** "simulate" (an activation config), "transform" ({event, mapping}) or "invalid" (not JSON). */
  kind: 'simulate' | 'transform' | 'invalid';
  /** e.g. "Braze Cloud Mode (Actions) · Default Setup · audience vip entered". */
  summary?: string;
  events: ExampleEvent[];
  rows?: MembershipRow[];
  assumptions: Assumption[];
  /** Every diagnostic once, errors first; pointers point into the example's JSON. */
  diagnostics: Diagnostic[];
}

/**
 * <mapcheck-example>: attributes `src`, `editable`, `view`, `title`, `theme`
 * ("light" | "dark" | "inherit") and `diagnostics-href`. Fires `mapcheck-render` after each run.
 */
export declare class MapcheckExample extends HTMLElement {
  /** The last result shown; undefined until the first run. */
  readonly result: ExampleResult | undefined;
  /** The JSON text the example runs (the edited text when editable). */
  readonly value: string;
}

/**
 * Where the value at a JSON pointer is in JSON text: [start, end) as UTF-16 offsets (from the
 * member's key), or of the nearest enclosing value; null when the text is not JSON.
 */
export declare function locate(text: string, pointer: string): [number, number] | null;

declare global {
  interface HTMLElementTagNameMap {
    'mapcheck-example': MapcheckExample;
  }
  interface HTMLElementEventMap {
    'mapcheck-render': CustomEvent<{ diagnostics: number }>;
  }
}
