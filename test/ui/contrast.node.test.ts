/** The panel's text colours against their backgrounds meet WCAG 2 AA (4.5:1 for normal text). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(resolve(import.meta.dirname, '../../src/ui/flowstress.css'), 'utf8');
const vars = Object.fromEntries([...css.matchAll(/(--fs-[a-z-]+):\s*(#[0-9a-f]{6})\b/gi)].map((m) => [m[1], m[2]]));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('panel colours', () => {
  it.each([
    ['--fs-fg', '--fs-bg'], ['--fs-muted', '--fs-bg'], ['--fs-muted', '--fs-surface'], ['--fs-accent-fg', '--fs-accent'],
    ['--fs-accent', '--fs-bg'], ['--fs-good-fg', '--fs-good-bg'], ['--fs-fair-fg', '--fs-fair-bg'], ['--fs-poor-fg', '--fs-poor-bg'],
    ['--fs-fg', '--fs-customer-bg'], ['--fs-fg', '--fs-bot-bg'], ['--fs-muted', '--fs-customer-bg'],
  ])('%s on %s is at least 4.5:1', (fg, bg) => {
    expect(vars[fg], fg).toBeDefined();
    expect(vars[bg], bg).toBeDefined();
    expect(contrast(vars[fg], vars[bg])).toBeGreaterThanOrEqual(4.5);
  });
});
