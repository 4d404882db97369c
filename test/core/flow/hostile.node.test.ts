/** Issue 11 in the engine: patterns screened before they run, size and depth limits, no recursion to overflow. */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findEndPaths } from '../../../src/core/flow/graph.ts';
import { FLOW_LIMITS, findJsonErrorOffset, measureNesting, parseFlow, parseFlowText } from '../../../src/core/flow/parse.ts';
import { compileSafePattern, MAX_PATTERN_INPUT, patternRisk } from '../../../src/core/flow/pattern-safety.ts';
import { compileEntityPattern, validateFlow } from '../../../src/core/flow/validate.ts';
import { generateFromPattern, matchesPattern } from '../../../src/core/personas/pattern-generator.ts';
import { findPatternValues } from '../../../src/core/runtime/matcher/find-pattern-values.ts';
import { createRng } from '../../../src/core/simulate/random.ts';
import { chainFlow, reservedNamesFlow } from '../../fixtures/hostile/hostile-inputs.ts';

const REFUSED: [string, RegExp][] = [
  ['(a+)+b', /nested quantifiers/],
  ['(x+x+)+y|x{40}', /nested quantifiers/],
  ['\\d{5}|x{300000000}', /the repeat \{300000000\} is larger than 1000/],
  ['a{1001}', /larger than 1000/],
  ['(x{100}){101}', /multiply to more than 10000/],
  ['(a|ab)+c', /alternatives that can start with the same character/],
  ['(\\w|\\d)*$', /alternatives/],
  ['(a?)*', /nested quantifiers/],
  ['(a+){3}', /nested quantifiers/],
  ['(x{1,3}|(x{0,40}){1,3}){1,3}', /repeated group/],
  ['((a+){2}){2}', /nested quantifiers/],
  ['\\d+\\d+\\d+x', /three or more open-ended repeats/],
  ['.*a.*a.*b', /three or more open-ended repeats/],
  ['(?=(a+)+b)a', /nested quantifiers/],
  ['(a)\\1*', /nested quantifiers/],
  ['x'.repeat(501), /more than 500/],
];
const ACCEPTED = [
  '^[A-Z]{2}\\d{6}$',
  'ORD-\\d{5}',
  '#?\\d{4,8}',
  '[A-Z]{3}-?\\d{3,4}',
  '^\\w+@\\w+\\.\\w+$',
  '(\\d{1,3}\\.){3}\\d{1,3}',
  '(?:\\d{3}-){2}\\d{4}',
  '[A-Z]+-\\d+-[a-z]+',
  '(?:[A-Z]{2}|\\d{2})+',
  'BK-[A-HJ-NP-Z0-9]{6}',
  '\\d{5}(-\\d{4})?',
];

describe('pattern screen (FS019)', () => {
  it.each(REFUSED)('refuses %s', (pattern, why) => {
    expect(patternRisk(pattern)).toMatch(why);
    // Nothing anywhere compiles or runs it.
    expect(compileSafePattern(pattern)).toBeNull();
    expect(compileEntityPattern(pattern)).toBeNull();
    expect(matchesPattern(pattern, 'a'.repeat(34) + 'c')).toBe(false);
    expect(generateFromPattern(pattern, createRng(1, 0, 't'))).toBeNull();
    expect(() => findPatternValues({ pattern, example: 'x' }, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac')).toThrow(/FS019/);
  });

  it.each(ACCEPTED)('accepts %s', (pattern) => {
    expect(patternRisk(pattern)).toBeNull();
    expect(compileSafePattern(pattern)).toBeInstanceOf(RegExp);
  });

  it('accepts every pattern of the demo flows and fixtures', () => {
    const dirs = [resolve(import.meta.dirname, '../../../demo/flows'), resolve(import.meta.dirname, '../../fixtures/flows')];
    const patterns: string[] = [];
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        JSON.stringify(JSON.parse(readFileSync(resolve(dir, file), 'utf8')), (k, v) => (k === 'pattern' && typeof v === 'string' ? (patterns.push(v), v) : v));
      }
    }
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) expect(patternRisk(p), p).toBeNull();
  });

  it('screens any input without hanging (arbitrary pattern-like text)', () => {
    const rng = createRng(7, 0, 'patterns');
    const alphabet = '()[]{}|*+?.\\^$ab1,-:=!<>dws';
    for (let i = 0; i < 2000; i++) {
      const len = 1 + rng.int(40);
      let p = '';
      for (let k = 0; k < len; k++) p += alphabet[rng.int(alphabet.length)];
      const risk = patternRisk(p);
      expect(risk === null || typeof risk === 'string').toBe(true);
    }
  });

  it('every pattern the screen accepts answers near-miss inputs quickly (fuzz over risky shapes)', () => {
    const rng = createRng(11, 0, 'fuzz');
    const atoms = ['a', 'b', '\\d', '\\w', '.', '[ab]', '[a-z]', '\\s', 'x', '[^b]', '-'];
    const quants = ['', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '{0,40}', '+?'];
    const gen = (depth: number): string => {
      let out = '';
      for (let i = 0, n = 1 + rng.int(4); i < n; i++) {
        const atom = rng.int(10) < 3 && depth < 3 ? `(${Array.from({ length: 1 + rng.int(3) }, () => gen(depth + 1)).join('|')})` : atoms[rng.int(atoms.length)];
        out += atom + quants[rng.int(quants.length)];
      }
      return out;
    };
    const inputs = ['a'.repeat(256), `${'a'.repeat(255)}!`, 'ab'.repeat(128), `${'x'.repeat(255)}y`, `${'1'.repeat(255)}z`, 'aaaaaaaaaa-'.repeat(23)];
    let accepted = 0;
    let worst = 0;
    let worstPattern = '';
    for (let i = 0; i < 3000; i++) {
      const re = compileSafePattern(gen(0));
      if (!re) continue;
      accepted++;
      for (const s of inputs) {
        const t = performance.now();
        re.test(s);
        const ms = performance.now() - t;
        if (ms > worst) [worst, worstPattern] = [ms, re.source];
      }
    }
    expect(accepted).toBeGreaterThan(1000);
    // (x{1,3}|(x{0,40}){1,3}){1,3} took minutes before the screen counted nested ways; a liveness bound.
    expect(worst, worstPattern).toBeLessThan(500);
  });

  it('the matcher never tests values longer than the bound', () => {
    const long = 'A'.repeat(MAX_PATTERN_INPUT + 1);
    expect(matchesPattern('A+', long)).toBe(false);
    expect(findPatternValues({ pattern: 'A+', example: 'AAA' }, long)).toEqual([]);
    expect(findPatternValues({ pattern: 'A+', example: 'AAA' }, 'AAAA')).toEqual(['AAAA']);
  });

  it('an example longer than the bound is FS019', () => {
    const doc = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/flows/base-valid.json'), 'utf8'));
    const ask = doc.nodes.find((n: { id: string }) => n.id === 'ask_order');
    ask.data.entity = { type: 'pattern', pattern: 'A+', example: 'A'.repeat(300) };
    const parsed = parseFlow(doc);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(validateFlow(parsed.flow).find((f) => f.code === 'FS019')?.message).toMatch(/an example of 300 characters/);
  });
});

describe('size and depth limits', () => {
  it('an entity nested 100,000 levels deep given as a value is FS107, without recursion', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const doc = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/flows/base-valid.json'), 'utf8'));
    doc.nodes.find((n: { id: string }) => n.id === 'ask_order').data.entity.extra = deep;
    const res = parseFlow(doc);
    expect(res.ok).toBe(false);
    expect(res.findings.map((f) => f.code)).toEqual(['FS107']);
    expect(res.findings[0].path).toBe('nodes[2].data.entity');
  });

  it('measureNesting stops on cycles and shared objects', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(measureNesting(a, 10)).toBeNull();
    const shared = { x: 1 };
    expect(measureNesting({ a: shared, b: shared }, 3)).toBeNull();
    expect(measureNesting([[[[]]]], 3)).toBe('depth');
    expect(measureNesting(new Array(50).fill(0), 5, 10)).toBe('values');
  });

  it('counts over the limits are refused before anything else is read', () => {
    const doc = chainFlow(FLOW_LIMITS.nodes + 1);
    const res = parseFlow(doc);
    expect(res.findings.map((f) => f.code)).toEqual(['FS106']);
  });

  it('a text over the limit is FS106 at its path', () => {
    const doc = chainFlow(2);
    doc.nodes[1].data.text = 'x'.repeat(FLOW_LIMITS.textChars + 1);
    const res = parseFlow(doc);
    expect(res.findings.find((f) => f.code === 'FS106')?.path).toBe('nodes[1].data.text');
  });

  it('FS100 points at the end of 100,000 unclosed brackets (the scanner has no depth cap)', () => {
    expect(findJsonErrorOffset('['.repeat(100_000))).toBe(100_000);
    expect(findJsonErrorOffset('{"a": [1, 2, }')).toBe(13);
    const res = parseFlowText('['.repeat(100_000));
    expect(res.findings[0].message).toMatch(/line 1, column 100001/);
  });
});

describe('the path search is iterative', () => {
  it('finds the one path through a chain of 50,000 nodes', () => {
    const doc = chainFlow(50_000) as never;
    const paths = findEndPaths(doc, { maxSteps: 100_000 });
    expect(paths).toHaveLength(1);
    expect(paths[0].nodes).toHaveLength(50_002);
  });
});

describe('reserved names (FS020)', () => {
  it('a tool result key "__proto__" from JSON text is reported, and nothing is polluted', () => {
    const doc = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/flows/base-valid.json'), 'utf8'));
    const text = JSON.stringify(doc).replace('"result":{"status":"shipped"}', '"result":{"__proto__":"x","status":"shipped"}');
    expect(text).toContain('"__proto__"');
    const res = parseFlowText(text);
    expect(res.ok).toBe(true);
    if (res.ok) expect(validateFlow(res.flow).filter((f) => f.code === 'FS020').map((f) => f.message)).toEqual([expect.stringMatching(/a tool result is named "__proto__"/)]);
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });

  it('finds every reserved name in the hostile fixture', () => {
    const res = parseFlow(reservedNamesFlow());
    expect(res.ok).toBe(true);
    if (res.ok) expect(validateFlow(res.flow).filter((f) => f.code === 'FS020')).toHaveLength(4);
  });
});
