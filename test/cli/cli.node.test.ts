import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_THRESHOLD, runCli } from '../../src/cli/run-cli.ts';

const flows = resolve(import.meta.dirname, '../../demo/flows');
const draft = resolve(flows, 'order-tracking-draft.json');
const fixed = resolve(flows, 'order-tracking-fixed.json');
// `run` plays conversations in worker threads (each starts the engine under tsx here): room for a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const virtual: Record<string, string> = {
    '/virtual/broken.json': '{ "id": "x", "nodes": [ ',
    '/virtual/wrong.json': JSON.stringify({ id: 1, name: 'x', nodes: 'no', edges: [] }),
  };
  const code = await runCli(argv, {
    readFile: async (p) => virtual[p] ?? readFile(p, 'utf8'),
    stdout: (t) => { out += t; },
    stderr: (t) => { err += t; },
  });
  return { code, out, err };
}

describe('flowstress CLI', () => {
  it('prints a table with the three scores and intervals', async () => {
    const r = await cli('run', fixed, '--persona', 'typo-prone', '--n', '20', '--seed', '3');
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/Completion/);
    expect(r.out).toMatch(/Fallback rate/);
    expect(r.out).toMatch(/Off-topic recovery/);
    expect(r.out).toMatch(/Typo-prone\s+\d+\s+\d+% \[\d+%-\d+%\]/);
  });

  it('emits the documented JSON report, deterministic for the same seed', async () => {
    const a = await cli('run', draft, '--persona', 'all', '--n', '10', '--seed', '42', '--json');
    const b = await cli('run', draft, '--persona', 'all', '--n', '10', '--seed', '42', '--json');
    expect(a.code).toBe(EXIT_OK);
    expect(a.out).toBe(b.out);
    const report = JSON.parse(a.out);
    expect(report.flow).toMatchObject({ id: expect.any(String), hash: expect.any(String) });
    expect(report.runs.map((r: { persona: string }) => r.persona)).toEqual(['impatient', 'typo-prone', 'non-native', 'elderly']);
    const run = report.runs[1];
    expect(run).toMatchObject({ n: 10, seed: 42, engineVersion: expect.any(String) });
    for (const key of ['completion', 'fallbackRate']) {
      const s = run.scores[key];
      expect(s.value).toBeGreaterThanOrEqual(0);
      expect(s.value).toBeLessThanOrEqual(1);
      expect(s.low).toBeLessThanOrEqual(s.value);
      expect(s.high).toBeGreaterThanOrEqual(s.value);
      expect(['green', 'amber', 'red']).toContain(s.band);
    }
    expect(Object.keys(run.outcomes)).toEqual(['completed', 'wrong_end', 'handoff', 'abandoned', 'stuck', 'max_turns', 'loop_detected', 'error']);
    expect(run.conversations).toHaveLength(10);
    expect(run.conversations[0]).toMatchObject({ index: 0, outcome: expect.any(String), fallbacks: expect.any(Number), turns: expect.any(Array) });
    const node = Object.values(run.nodes)[0] as Record<string, number>;
    expect(Object.keys(node).sort()).toEqual(['abandoned', 'fallbacks', 'hijacks', 'misroutes', 'offTopic', 'offTopicRecovered', 'reached', 'started', 'stuck', 'visits']);
  });

  it('reports progress on stderr for long runs, keeping stdout clean for the report', async () => {
    const r = await cli('run', fixed, '--persona', 'all', '--n', '130', '--json');
    expect(r.code).toBe(EXIT_OK);
    const lines = r.err.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.at(-1)).toBe('flowstress: 520/520 conversations');
    expect(() => JSON.parse(r.out)).not.toThrow();
    const short = await cli('run', fixed, '--persona', 'elderly', '--n', '10');
    expect(short.err).toBe('');
  });

  it('exits 1 when a threshold is missed and names it', async () => {
    const r = await cli('run', draft, '--persona', 'typo-prone', '--n', '20', '--min-completion', '100%');
    expect(r.code).toBe(EXIT_THRESHOLD);
    expect(r.err).toMatch(/Typo-prone: completion \d+% is below 100%/);
  });

  it('exits 0 when thresholds are met', async () => {
    const r = await cli('run', fixed, '--persona', 'elderly', '--n', '10', '--min-completion', '0', '--max-fallback-rate', '1');
    expect(r.code).toBe(EXIT_OK);
  });

  it.each([
    [['run'], /FS301/],
    [['run', fixed, '--persona', 'grumpy'], /FS152/],
    [['run', fixed, '--n', 'ten'], /FS302/],
    [['run', fixed, '--min-completion', '1.5'], /FS302/],
    [['run', fixed, '--frobnicate'], /FS300/],
    [['explode'], /FS300/],
    [['run', '/no/such/flow.json'], /FS103/],
    [['run', '/virtual/broken.json'], /FS100/],
    [['run', '/virtual/wrong.json'], /FS10[12]/],
  ])('exits 2 on bad input %j with a numbered message', async (argv, code) => {
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.err).toMatch(code);
  });

  it('validate prints findings and exits 0 for a flow without errors', async () => {
    const r = await cli('validate', fixed);
    expect(r.code).toBe(EXIT_OK);
    const j = await cli('validate', fixed, '--json');
    expect(JSON.parse(j.out).findings.every((f: { severity: string }) => f.severity !== 'error')).toBe(true);
  });
});
