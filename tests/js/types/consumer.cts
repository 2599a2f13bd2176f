// A CommonJS consumer of the package's types (require through the "node" condition).
import mapcheck = require('mapcheck');
import matchersModule = require('mapcheck/matchers');

async function main(): Promise<void> {
  await mapcheck.init();
  const result = mapcheck.transform({ a: { '@path': '$.a' } }, { a: 1 });
  const codes: string[] = result.diagnostics.map((d) => d.code);
  const names: string[] = Object.keys(matchersModule.matchers);
  console.log(codes, names, mapcheck.validateMapping({}).valid);
}
void main();
