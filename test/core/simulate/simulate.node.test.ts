import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../../../src/core/flow/index.ts';
import type { FlowDocument } from '../../../src/core/flow/types.ts';
import { PERSONA_IDS } from '../../../src/core/personas/types.ts';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import { simulateBatch } from '../../../src/core/simulate/batch.ts';
import { simulateConversation } from '../../../src/core/simulate/conversation.ts';
import { miniFlow } from '../../fixtures/mini-flow.ts';

function example(name: string): FlowDocument {
  const r = parseFlow(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../demo/flows', `${name}.json`), 'utf8')));
  if (!r.ok) throw new Error(name);
  return r.flow;
}
const draft = compileFlow(example('order-tracking-draft'));
const fixed = compileFlow(example('order-tracking-fixed'));

describe('determinism', () => {
  it('the same flow, persona and seed give byte-identical transcripts', () => {
    for (const persona of PERSONA_IDS) {
      const a = JSON.stringify(simulateBatch(draft, persona, 25, 1234));
      const b = JSON.stringify(simulateBatch(compileFlow(example('order-tracking-draft')), persona, 25, 1234));
      expect(a).toBe(b);
    }
  });

  it('a different seed gives different customers', () => {
    expect(JSON.stringify(simulateBatch(draft, 'elderly', 10, 1))).not.toBe(JSON.stringify(simulateBatch(draft, 'elderly', 10, 2)));
  });

  it('conversation i does not depend on batch size or order (streams per conversation)', () => {
    const batch = simulateBatch(fixed, 'impatient', 20, 77);
    expect(JSON.stringify(simulateConversation(fixed, 'impatient', 77, 13))).toBe(JSON.stringify(batch[13]));
  });

  it('two drafts meet the same customers: goals are drawn from a stream shared across personas and drafts', () => {
    for (let i = 0; i < 20; i++) {
      const a = simulateConversation(draft, 'typo-prone', 5, i).goal;
      const b = simulateConversation(draft, 'elderly', 5, i).goal;
      expect(a).toEqual(b);
    }
  });

  it('guards a golden transcript so any change to it is deliberate (bump ENGINE_VERSION when it moves)', () => {
    const c = simulateConversation(draft, 'typo-prone', 1, 0);
    const lines = c.turns.map((t) => `${t.speaker}: ${t.text}`);
    expect(lines).toMatchSnapshot();
  });
});

describe('conversation results', () => {
  const all = PERSONA_IDS.flatMap((p) => [...simulateBatch(draft, p, 40, 9), ...simulateBatch(fixed, p, 40, 9)]);

  it('every conversation ends with exactly one outcome and consistent bookkeeping', () => {
    for (const c of all) {
      expect(['completed', 'handoff', 'abandoned', 'stuck', 'max_turns', 'loop_detected']).toContain(c.outcome);
      expect(c.customerTurns).toBe(c.turns.filter((t) => t.speaker === 'customer').length);
      expect(c.fallbacks).toBe(c.turns.flatMap((t) => t.events).filter((e) => e.type === 'fallback').length);
      expect(c.recovered === null).toBe(c.digressions.length === 0);
      for (const t of c.turns) if (t.speaker === 'customer') expect(t.truth).toBeDefined();
    }
  });

  it('digressions happen only while the bot waits, and are recorded at that node', () => {
    for (const c of all) {
      for (const d of c.digressions) {
        const t = c.turns[d.turn];
        expect(t.speaker).toBe('customer');
        expect(t.truth?.digression).toBe(d.kind);
        expect(t.nodeId).toBe(d.nodeId);
      }
    }
  });

  it('a digression at the draft\'s free-text question is hijacked: stored as the answer', () => {
    const hijacks = all.flatMap((c) => c.digressions).filter((d) => d.hijacked);
    expect(hijacks.length).toBeGreaterThan(0);
    expect(hijacks.every((d) => d.nodeId === 'ask_delivery_details')).toBe(true);
  });

  it('the draft\'s restart fallback loses the waiting question, so digressions there are not recovered', () => {
    const draftDigressions = PERSONA_IDS.flatMap((p) => simulateBatch(draft, p, 40, 9)).flatMap((c) => c.digressions);
    const lost = draftDigressions.filter((d) => !d.hijacked && !d.returned);
    expect(lost.length).toBeGreaterThan(0);
  });

  it('a harness failure becomes an error outcome, never an exception', () => {
    const broken = compileFlow(miniFlow());
    // Sabotage the compiled matcher to simulate an engine bug.
    const sabotaged = { ...broken, intents: { ...broken.intents, match: () => { throw new Error('matcher exploded'); } } };
    const c = simulateConversation(sabotaged, 'elderly', 1, 0);
    expect(c.outcome).toBe('error');
    expect(c.error?.code).toBe('FS150');
    expect(c.error?.message).toMatch(/matcher exploded/);
  });

  it('ends as max_turns when the customer keeps going past the limit', () => {
    const cs = simulateBatch(draft, 'elderly', 30, 3, { maxTurns: 2 });
    expect(cs.some((c) => c.outcome === 'max_turns')).toBe(true);
    for (const c of cs) expect(c.customerTurns).toBeLessThanOrEqual(2);
  });
});
