import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.ts';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'));

describe('README stays true', () => {
  it('shows the two newcomer commands near the top, and both scripts exist', () => {
    const top = readme.slice(0, 1500);
    expect(top).toContain('npm install && npm run demo');
    expect(top).toContain('npm install && npm test');
    expect(pkg.scripts.demo).toBeDefined();
    expect(pkg.scripts.test).toContain('vitest run');
  });

  it('lists every error code with the registry text', () => {
    for (const [code, text] of Object.entries(ERROR_CODES)) expect(readme).toContain(`| ${code} | ${text.replace(/\|/g, '\\|')} |`);
  });

  it('explains every runtime dependency', () => {
    for (const dep of Object.keys(pkg.dependencies)) expect(readme).toMatch(new RegExp(`\\| \`${dep}\` ${pkg.dependencies[dep].replace(/\./g, '\\.')} \\|`));
  });
});
