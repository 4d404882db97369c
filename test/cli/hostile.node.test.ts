/**
 * Issue 11 on the command line: hostile and extreme flow files end in a numbered error or bounded
 * behaviour, never a hang, a crash or a misleading exit code. Inputs come from the generators in
 * test/fixtures/hostile (nothing large is committed).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runConversations } from '../../src/cli/run-conversations.ts';
import { createRunAccumulator, runFailed } from '../../src/cli/run-summary.ts';
import { EXIT_BAD_INPUT, EXIT_HARNESS, EXIT_OK, EXIT_THRESHOLD, runCli } from '../../src/cli/run-cli.ts';
import { parseFlow } from '../../src/core/flow/parse.ts';
import { summarizeRun } from '../../src/core/score/summarize.ts';
import { compileFlow } from '../../src/core/runtime/compile.ts';
import { simulateConversation } from '../../src/core/simulate/conversation.ts';
import type { ConversationResult } from '../../src/core/simulate/types.ts';
import { PERSONA_IDS } from '../../src/core/personas/types.ts';
import {
  CATASTROPHIC,
  chainFlow,
  deepEntityText,
  hugePhrasesText,
  noGoalFlow,
  patternFlow,
  phrasesText,
  reservedNamesFlow,
  unclosedBrackets,
} from '../fixtures/hostile/hostile-inputs.ts';

const flows = resolve(import.meta.dirname, '../../demo/flows');
// Runs start worker threads: generous limits for a loaded 2-core machine (a hang would still fail them).
vi.setConfig({ testTimeout: 60_000 });

/** Runs the CLI in-process on a virtual file holding `text`; stdout is collected chunk by chunk. */
async function cli(text: string | null, ...argv: string[]) {
  const chunks: string[] = [];
  let err = '';
  const code = await runCli(argv, {
    readFile: async (p) => (p === '/virtual/flow.json' && text !== null ? text : readFile(p, 'utf8')),
    stdout: (t) => void chunks.push(t),
    stderr: (t) => void (err += t),
  });
  return { code, out: chunks.join(''), chunks, err };
}
const json = (v: unknown) => JSON.stringify(v);

describe('catastrophic regular expressions', () => {
  it.each(Object.entries(CATASTROPHIC))('%s is refused with FS019 by validate, at once', async (_name, { pattern, example }) => {
    const started = Date.now();
    const r = await cli(json(patternFlow(pattern, example)), 'validate', '/virtual/flow.json');
    expect(r.code).toBe(EXIT_THRESHOLD); // validate: the flow has errors
    expect(r.out).toMatch(/FS019: Question "Order number" \(ask_order\) has the pattern/);
    // Was 97 s for (a+)+b; a generous bound that only a hang would break.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each(Object.entries(CATASTROPHIC))('%s never runs: run stops before any conversation (FS104, exit 2)', async (_name, { pattern, example }) => {
    const r = await cli(json(patternFlow(pattern, example)), 'run', '/virtual/flow.json', '--n', '3', '--persona', 'impatient');
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.err).toMatch(/FS104/);
    expect(r.err).toMatch(/FS019/);
    expect(r.out).toBe('');
  });

  it('validate --json reports the same FS019 finding', async () => {
    const { pattern, example } = CATASTROPHIC.overlapping;
    const r = await cli(json(patternFlow(pattern, example)), 'validate', '/virtual/flow.json', '--json');
    const report = JSON.parse(r.out);
    expect(report.findings.map((f: { code: string }) => f.code)).toEqual(['FS019']);
    expect(report.findings[0].nodeId).toBe('ask_order');
  });
});

describe('every conversation is bounded, as in the browser', () => {
  const flow = parseFlow(JSON.parse(readFileSync(resolve(flows, 'order-tracking-fixed.json'), 'utf8')));
  if (!flow.ok) throw new Error('fixture');

  it('a conversation that hangs is stopped as FS252, a crash is FS251; the rest run, in order', async () => {
    const got: ConversationResult[] = [];
    await runConversations({
      flow: flow.flow,
      hash: 'h',
      seed: 1,
      personas: ['impatient'],
      n: 6,
      simulation: {},
      threads: 2,
      timeoutMs: 1500,
      threadEntry: new URL('./misbehaving-thread.ts', import.meta.url),
      onResult: (c) => void got.push(c),
    });
    expect(got.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(got.map((c) => c.outcome)).toEqual(['completed', 'error', 'error', 'completed', 'completed', 'completed']);
    expect(got[1].error?.code).toBe('FS252');
    expect(got[1].error?.message).toMatch(/ran longer than 1\.5 s and was stopped/);
    expect(got[2].error?.code).toBe('FS251');
  });

  it('threads give the same conversations as in-process simulation', async () => {
    const compiled = compileFlow(flow.flow);
    const got: ConversationResult[] = [];
    await runConversations({ flow: flow.flow, hash: compiled.hash, seed: 9, personas: ['elderly', 'typo-prone'], n: 4, simulation: {}, threads: 2, onResult: (c) => void got.push(c) });
    const expected = (['elderly', 'typo-prone'] as const).flatMap((p) => [0, 1, 2, 3].map((i) => simulateConversation(compiled, p, 9, i)));
    expect(got).toEqual(expected);
  });
});

describe('exit codes', () => {
  it('a run whose conversations are all harness errors exits 3 with FS155, never 0', async () => {
    const r = await cli(json(noGoalFlow()), 'run', '/virtual/flow.json', '--n', '4');
    expect(r.code).toBe(EXIT_HARNESS);
    expect(r.err).toMatch(/FS155: 4 persona runs failed/);
    expect(r.err).toMatch(/Impatient: 4 of 4 conversations failed to run \(the first: FS153/);
    expect(r.out).toMatch(/failed to run/);
  });

  it('the JSON report marks such a run as failed', async () => {
    const r = await cli(json(noGoalFlow()), 'run', '/virtual/flow.json', '--n', '2', '--persona', 'elderly', '--json');
    expect(r.code).toBe(EXIT_HARNESS);
    const report = JSON.parse(r.out);
    expect(report.runs[0].failed).toBe(true);
    expect(report.runs[0].scores.errors).toBe(2);
  });

  it('a run counts as failed when most conversations failed to run, not when a few did', () => {
    const scores = (errors: number, scored: number) => ({ scores: { errors, scored, outOfScope: { total: 0, misrouted: 0, rejected: {} as never } } }) as never;
    expect(runFailed(scores(6, 0))).toBe(true);
    expect(runFailed(scores(4, 2))).toBe(true);
    expect(runFailed(scores(3, 3))).toBe(false);
    expect(runFailed(scores(1, 49))).toBe(false);
  });

  it('a good run still exits 0', async () => {
    const r = await cli(null, 'run', resolve(flows, 'order-tracking-fixed.json'), '--n', '5', '--persona', 'impatient');
    expect(r.code).toBe(EXIT_OK);
  });
});

describe('size limits (FS106, FS107) and the path search', () => {
  it('a chain of 4,000 nodes validates and runs: the path search is iterative', async () => {
    const doc = chainFlow(4000);
    doc.settings = { stepBudget: 5000 };
    const text = json(doc);
    const v = await cli(text, 'validate', '/virtual/flow.json');
    expect(v.code, v.out + v.err).toBe(EXIT_OK);
    const r = await cli(text, 'run', '/virtual/flow.json', '--n', '2', '--persona', 'impatient', '--json', '--no-transcripts');
    expect(r.code, r.err).toBe(EXIT_OK);
    const report = JSON.parse(r.out);
    expect(report.runs[0].outcomes.completed).toBe(2);
    expect(report.runs[0].outcomes.error).toBe(0);
  });

  it('more nodes than the limit is FS106', async () => {
    const r = await cli(json(chainFlow(6000)), 'validate', '/virtual/flow.json');
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.err).toMatch(/FS106: nodes has 6002 nodes, more than 5000/);
  });

  it('100,000 levels of nesting inside an entity is FS107 for validate, validate --json and run alike', async () => {
    const text = deepEntityText(100_000);
    for (const argv of [['validate'], ['validate', '--json'], ['run', '--n', '1']]) {
      const r = await cli(text, argv[0], '/virtual/flow.json', ...argv.slice(1));
      expect(r.code, argv.join(' ')).toBe(EXIT_BAD_INPUT);
      expect(r.err).toMatch(/FS107: the file nests objects and arrays more than 64 levels deep/);
      expect(r.err).not.toMatch(/FS150/);
    }
  });

  it('a file of 32 MB of phrases is refused by size (FS106) before it is parsed', async () => {
    const r = await cli(hugePhrasesText(32), 'run', '/virtual/flow.json', '--n', '1');
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.err).toMatch(/FS106: the file is \d+ characters long, more than 5000000/);
  });

  it('too many phrases (4.5 MB) and too long a phrase are FS106', async () => {
    const many = await cli(hugePhrasesText(4.5), 'validate', '/virtual/flow.json');
    expect(many.err).toMatch(/FS106: the intents have \d+ training phrases in all, more than 5000/);
    const long = await cli(phrasesText(1, 600), 'validate', '/virtual/flow.json');
    expect(long.err).toMatch(/FS106: intents\[0\]\.phrases\[\d+\] is 600 characters long, more than 500/);
  });

  it('FS100 for 100,000 unclosed "[" points at the end of the text', async () => {
    const r = await cli(unclosedBrackets(100_000), 'validate', '/virtual/flow.json');
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.err).toMatch(/FS100: the text is not valid JSON at line 1, column 100001/);
  });
});

describe('prototype keys', () => {
  it('slots, templates and node ids that objects reserve are FS020 errors: the flow never runs', async () => {
    const text = json(reservedNamesFlow());
    const v = await cli(text, 'validate', '/virtual/flow.json');
    expect(v.code).toBe(EXIT_THRESHOLD);
    expect(v.out).toMatch(/FS020: a node is named "__proto__"/);
    expect(v.out).toMatch(/FS020: the slot of a question is named "constructor"/);
    expect(v.out).toMatch(/FS020: the placeholder \{\{toString\}\}/);
    const r = await cli(text, 'run', '/virtual/flow.json', '--n', '1');
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(({} as Record<string, unknown>).visits).toBeUndefined();
  });
});

describe('huge batches', () => {
  it('streams the JSON report in chunks, one conversation at a time, and it parses whole', async () => {
    const r = await cli(null, 'run', resolve(flows, 'returns-refunds.json'), '--n', '150', '--persona', 'elderly', '--json');
    expect(r.code).toBe(EXIT_OK);
    expect(r.chunks.length).toBeGreaterThan(3);
    const report = JSON.parse(r.out);
    expect(report.runs[0].conversations).toHaveLength(150);
    expect(report.runs[0].conversations[0].turns.length).toBeGreaterThan(0);
  });

  it('--no-transcripts leaves the turns out', async () => {
    const r = await cli(null, 'run', resolve(flows, 'returns-refunds.json'), '--n', '5', '--persona', 'elderly', '--json', '--no-transcripts');
    const report = JSON.parse(r.out);
    expect(report.runs[0].conversations[0].turns).toBeUndefined();
  });

  it('the running summary equals summarizeRun on the same conversations (every persona, demo flows)', async () => {
    for (const file of ['order-tracking-draft.json', 'returns-refunds.json', 'appointment-booking.json']) {
      const parsed = parseFlow(JSON.parse(await readFile(resolve(flows, file), 'utf8')));
      if (!parsed.ok) throw new Error(file);
      const compiled = compileFlow(parsed.flow);
      for (const persona of PERSONA_IDS) {
        const list = Array.from({ length: 40 }, (_, i) => simulateConversation(compiled, persona, 11, i));
        const acc = createRunAccumulator(persona, 40, 11, { flow: parsed.flow });
        for (const c of list) acc.add(c);
        expect(acc.summary(), `${file} ${persona}`).toEqual(summarizeRun(persona, 40, 11, list, { flow: parsed.flow }));
      }
    }
  });
});

describe('customer messages files', () => {
  it('more messages than the limit is FS106', async () => {
    const csv = ['text,intent', ...Array.from({ length: 5001 }, (_, i) => `where is parcel ${i},order_status`)].join('\n');
    let err = '';
    const code = await runCli(['run', resolve(flows, 'order-tracking-fixed.json'), '--messages', '/virtual/m.csv', '--n', '1'], {
      readFile: async (p) => (p === '/virtual/m.csv' ? csv : readFile(p, 'utf8')),
      stdout: () => {},
      stderr: (t) => void (err += t),
    });
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err).toMatch(/FS106: \/virtual\/m\.csv holds 5001 messages, more than 5000/);
  });
});
