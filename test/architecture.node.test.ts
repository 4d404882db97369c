/**
 * The dependency rules of the architecture, checked on the source so they cannot rot:
 * ui -> store -> (worker client, history) -> core, never back; core imports only core and has no clock or
 * global randomness; the demo uses only the public entry.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

/** Import specifiers of a file, with whether the import is type-only. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const src = readFileSync(file, 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) out.push({ spec: m[3], typeOnly: Boolean(m[2]) });
  for (const m of src.matchAll(/^\s*import\s+'([^']+)'/gm)) out.push({ spec: m[1], typeOnly: false });
  for (const m of src.matchAll(/import\(\s*'([^']+)'\s*\)/g)) out.push({ spec: m[1], typeOnly: false });
  return out;
}

const layer = (file: string, spec: string) => relative(join(root, 'src'), resolve(dirname(file), spec)).split('/')[0];

describe('architecture', () => {
  it('src/core imports only src/core, and no library at all', () => {
    for (const f of files(join(root, 'src/core'))) {
      for (const { spec } of imports(f)) {
        expect(spec.startsWith('.'), `${relative(root, f)} imports "${spec}"`).toBe(true);
        expect(layer(f, spec), `${relative(root, f)} imports "${spec}"`).toBe('core');
      }
    }
  });

  it('src/core never reads the clock or global randomness', () => {
    for (const f of files(join(root, 'src/core'))) {
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, relative(root, f)).not.toMatch(/Math\.random|Date\.now|new Date\(|performance\.now/);
    }
  });

  it('the UI reaches workers and history only through their types (the store gets the implementations)', () => {
    for (const f of files(join(root, 'src/ui'))) {
      for (const { spec, typeOnly } of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = layer(f, spec);
        if (target === 'worker' || target === 'history') {
          expect(typeOnly || /\/types\.ts$/.test(spec), `${relative(root, f)} imports "${spec}"`).toBe(true);
        }
        expect(['cli'], `${relative(root, f)} imports "${spec}"`).not.toContain(target);
      }
    }
  });

  it('nothing below the UI imports the UI or the store', () => {
    for (const dir of ['core', 'worker', 'history', 'adapters', 'cli']) {
      for (const f of files(join(root, 'src', dir))) {
        for (const { spec } of imports(f)) {
          if (spec.startsWith('.')) expect(['ui', 'store'], `${relative(root, f)} imports "${spec}"`).not.toContain(layer(f, spec));
        }
      }
    }
  });

  it('the demo uses only the public entry', () => {
    for (const f of files(join(root, 'demo'))) {
      for (const { spec } of imports(f)) {
        expect(spec.includes('src/'), `${relative(root, f)} imports "${spec}"`).toBe(false);
      }
    }
  });
});
