// A consumer of mapcheck/component's types: the element from the DOM, its result and event.
// Each line marked as an expected error must stay an error.
import { MapcheckExample, locate, type ExampleResult, type ExampleView } from 'mapcheck/component';

const example = document.querySelector('mapcheck-example');
if (example) {
  const shown: MapcheckExample = example;
  const result: ExampleResult | undefined = shown.result;
  const codes: string[] = result?.diagnostics.map((d) => d.code) ?? [];
  const text: string = shown.value;
  shown.addEventListener('mapcheck-render', (e) => console.log(e.detail.diagnostics, codes, text));
  // @ts-expect-error: the result is read-only
  shown.result = undefined;
}
const view: ExampleView = 'payload';
// @ts-expect-error: not a view
const wrong: ExampleView = 'output';
const at: [number, number] | null = locate('{"a":1}', '/a');
console.log(view, wrong, at, new MapcheckExample().value);
