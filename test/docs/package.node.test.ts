/**
 * The package's own files stay consistent (issue 12): the require() stub says FS350 in the registry's words,
 * and package-lock.json describes package.json, so `npm install` has nothing to rewrite in the tracked lockfile.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/core/errors.ts';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8'));

describe('package.json', () => {
  it('require() gets the numbered FS350 explanation (the package is ES modules only)', () => {
    expect(pkg.exports['.'].require).toBe('./dist/require.cjs');
    const req = createRequire(import.meta.url);
    let thrown: (Error & { code?: string }) | undefined;
    try {
      req(resolve(root, 'src/cjs/require.cjs'));
    } catch (e) {
      thrown = e as Error & { code?: string };
    }
    expect(thrown?.message).toBe(formatMessage('FS350'));
    expect(thrown?.code).toBe('FS350');
  });

  it('has top-level types, a package.json export, a prepack build, a license and a repository', () => {
    expect(pkg.types).toBe(pkg.exports['.'].types);
    expect(pkg.exports['./package.json']).toBe('./package.json');
    expect(pkg.exports['./style.css']).toBe('./dist/flowstress.css');
    expect(pkg.scripts.prepack).toContain('build:lib');
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(resolve(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\//);
  });

  it('package-lock.json matches package.json, so npm install leaves it alone', () => {
    const locked = lock.packages[''];
    for (const field of ['name', 'version', 'license', 'dependencies', 'devDependencies', 'peerDependencies', 'engines']) {
      expect(locked[field], field).toEqual(pkg[field]);
    }
    // npm records bin paths without the leading "./".
    expect(locked.bin).toEqual(Object.fromEntries(Object.entries(pkg.bin as Record<string, string>).map(([k, v]) => [k, v.replace(/^\.\//, '')])));
  });

});
