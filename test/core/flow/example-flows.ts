import { readdirSync, readFileSync } from 'node:fs';

/** The example flows shipped with the demo, as `[file name, parsed JSON]`, sorted by name. */
export function exampleFlowFiles(): [string, unknown][] {
  const dir = new URL('../../../demo/flows/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(new URL(f, dir), 'utf8'))]);
}

/** The raw text of one example flow. */
export function exampleFlowText(name: string): string {
  return readFileSync(new URL(`../../../demo/flows/${name}`, import.meta.url), 'utf8');
}
