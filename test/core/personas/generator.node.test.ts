/**
 * Generator QA (persona-realism.md §8.1): at least 10,000 seeded utterances per persona, driven through
 * synthetic observations (a router and a question of every entity type, with seeded fallbacks), and the
 * fingerprint of each persona asserted inside the bands of product.md §4. Then the same customers through the
 * real conversation loop on the demo flows. Fixed seeds: every figure is deterministic, nothing is timed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { findDates } from '../../../src/core/runtime/matcher/find-dates.ts';
import { findNumbers } from '../../../src/core/runtime/matcher/find-numbers.ts';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasPolitenessMarker } from '../../../src/core/personas/banks.ts';
import { PERSONAS } from '../../../src/core/personas/parameters.ts';
import { PERSONA_IDS, type PersonaId } from '../../../src/core/personas/types.ts';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import type { CompiledFlow } from '../../../src/core/runtime/types.ts';
import { simulateConversation } from '../../../src/core/simulate/conversation.ts';
import type { ConversationResult } from '../../../src/core/simulate/types.ts';
import { compiledAllEntities, driveSynthetic, median, typoWordShare, wordCount, type DrivenTurn } from './persona-harness.ts';

const MIN_UTTERANCES = 10_000;

/** product.md §4 and persona-realism.md §8.1 fingerprint bands. */
const BANDS: Record<PersonaId, { words: [number, number]; typos: [number, number]; polite: [number, number]; digression: [number, number] }> = {
  // "few" typos: §8.1 <= 4% of words; politeness < 5%; digressions "rare".
  impatient: { words: [PERSONAS.impatient.words.min, PERSONAS.impatient.words.max], typos: [0, 0.04], polite: [0, 0.05], digression: [0.005, 0.04] },
  // 10-15% of words; ~20% polite; digressions "sometimes".
  'typo-prone': { words: [PERSONAS['typo-prone'].words.min, PERSONAS['typo-prone'].words.max], typos: [0.1, 0.15], polite: [0.15, 0.25], digression: [0.03, 0.1] },
  // 3-6% of words; 40-60% polite; "sometimes asks something unrelated".
  'non-native': { words: [PERSONAS['non-native'].words.min, PERSONAS['non-native'].words.max], typos: [0.03, 0.06], polite: [0.4, 0.6], digression: [0.03, 0.1] },
  // 3-5% of words; >= 60% polite; digressions "often".
  elderly: { words: [PERSONAS.elderly.words.min, PERSONAS.elderly.words.max], typos: [0.03, 0.05], polite: [0.6, 1], digression: [0.07, 0.2] },
};

const synthetic = new Map<PersonaId, DrivenTurn[]>();

beforeAll(() => {
  const flow = compiledAllEntities();
  for (const persona of PERSONA_IDS) {
    const turns: DrivenTurn[] = [];
    for (let seed = 1; turns.length < MIN_UTTERANCES; seed++) turns.push(...driveSynthetic(flow, persona, seed, 800));
    synthetic.set(persona, turns);
  }
}, 120_000);

describe.each(PERSONA_IDS)('%s: fingerprint over >= 10,000 synthetic utterances', (persona) => {
  const band = BANDS[persona];
  const turns = () => synthetic.get(persona)!;

  it('has enough utterances', () => {
    expect(turns().length).toBeGreaterThanOrEqual(MIN_UTTERANCES);
  });

  it(`median words per turn in [${band.words.join(', ')}]`, () => {
    const m = median(turns().map((t) => wordCount(t.turn.text)));
    expect(m).toBeGreaterThanOrEqual(band.words[0]);
    expect(m).toBeLessThanOrEqual(band.words[1]);
  });

  it(`share of words with a typo in [${band.typos.join(', ')}]`, () => {
    const share = typoWordShare(turns().map((t) => t.turn));
    expect(share).toBeGreaterThanOrEqual(band.typos[0]);
    expect(share).toBeLessThanOrEqual(band.typos[1]);
  });

  it(`share of turns with a politeness marker in [${band.polite.join(', ')}]`, () => {
    const share = turns().filter((t) => hasPolitenessMarker(t.turn.text)).length / turns().length;
    expect(share).toBeGreaterThanOrEqual(band.polite[0]);
    expect(share).toBeLessThanOrEqual(band.polite[1]);
  });

  it(`digressions per waiting turn in [${band.digression.join(', ')}], only while a node waits`, () => {
    const digressed = turns().filter((t) => t.turn.truth.digression !== undefined);
    for (const t of digressed) expect(t.observation.awaiting).not.toBeNull();
    const rate = digressed.length / turns().length;
    expect(rate).toBeGreaterThanOrEqual(band.digression[0]);
    expect(rate).toBeLessThanOrEqual(band.digression[1]);
  });

  it('never digresses twice in a row, and returns to the task next', () => {
    const all = turns();
    for (let i = 1; i < all.length; i++) {
      if (all[i].opening) continue;
      if (all[i - 1].turn.truth.digression && !all[i - 1].turn.leaves) expect(all[i].turn.truth.digression).toBeUndefined();
    }
  });

  it('almost never replays a training phrase verbatim (< 5% of turns)', () => {
    const share = turns().filter((t) => t.turn.truth.verbatimTrainingPhrase).length / turns().length;
    expect(share).toBeLessThan(0.05);
  });

  it('records ground truth on every turn: clean text, slots given, intent at routers', () => {
    for (const { turn, observation } of turns()) {
      expect(turn.truth.clean.length).toBeGreaterThan(0);
      expect(turn.truth.acts.length).toBeGreaterThan(0);
      for (const a of turn.truth.acts) if (a.act === 'inform') expect(turn.truth.slots[a.slot]).toBe(a.value);
      const task = turn.truth.acts.some((a) => a.act === 'intent' || a.act === 'option');
      if (observation.awaiting?.kind === 'router' && task) expect(turn.truth.intent).toBeDefined();
    }
  });
});

describe('initiative', () => {
  it('impatient: >= 35% of opening turns carry >= 2 slots when the path has >= 2 questions to volunteer', () => {
    const openings = synthetic.get('impatient')!.filter((t) => t.opening && t.goal.routes.menu === 'track_order' && t.turn.truth.intent === 'track_order');
    expect(openings.length).toBeGreaterThan(400);
    const share = openings.filter((t) => Object.keys(t.turn.truth.slots).length >= 2).length / openings.length;
    expect(share).toBeGreaterThanOrEqual(0.35);
  });

  it('non-native: <= 15% of turns carry >= 2 slots (persona-realism.md §8.1)', () => {
    const all = synthetic.get('non-native')!;
    const share = all.filter((t) => Object.keys(t.turn.truth.slots).length >= 2).length / all.length;
    expect(share).toBeLessThanOrEqual(0.15);
  });

  it('volunteered values appear in the wording', () => {
    const doc = compiledAllEntities().doc;
    for (const persona of PERSONA_IDS) {
      for (const { turn } of synthetic.get(persona)!.slice(0, 3000)) {
        for (const a of turn.truth.acts) {
          if (a.act !== 'inform') continue;
          const entity = doc.nodes.find((n) => n.type === 'question' && n.data.slot === a.slot);
          const type = entity?.type === 'question' ? entity.data.entity.type : 'text';
          // yes/no answers are worded ("yep", "no thanks"); choices may use a synonym.
          if (type === 'yes_no' || type === 'choice') continue;
          // Dates and amounts are written in the customer's own form ("next Tuesday", "£45"): check they are there.
          if (type === 'date') {
            expect(findDates(turn.truth.clean, { abbreviations: true }).length, `${persona}: ${turn.truth.clean}`).toBeGreaterThan(0);
            continue;
          }
          if (type === 'number') {
            expect(findNumbers(turn.truth.clean), `${persona}: ${turn.truth.clean}`).toContain(Number(a.value));
            continue;
          }
          expect(turn.truth.clean.toLowerCase(), `${persona}: ${a.slot}`).toContain(a.value.toLowerCase());
        }
      }
    }
  });
});

describe('determinism', () => {
  it('the same streams give the same words, byte for byte', () => {
    const flow = compiledAllEntities();
    for (const persona of PERSONA_IDS) {
      const a = driveSynthetic(flow, persona, 77, 40).map((t) => [t.turn.text, t.turn.truth]);
      const b = driveSynthetic(flow, persona, 77, 40).map((t) => [t.turn.text, t.turn.truth]);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
  });

  it('different seeds give different customers', () => {
    const flow = compiledAllEntities();
    const a = driveSynthetic(flow, 'elderly', 1, 20).map((t) => t.turn.text);
    const b = driveSynthetic(flow, 'elderly', 2, 20).map((t) => t.turn.text);
    expect(a).not.toEqual(b);
  });
});

describe('through the real conversation loop on the demo flows', () => {
  const FLOWS_DIR = resolve(import.meta.dirname, '../../../demo/flows');
  const flows: [string, CompiledFlow][] = readdirSync(FLOWS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), compileFlow(JSON.parse(readFileSync(resolve(FLOWS_DIR, f), 'utf8')))]);
  const results = new Map<string, ConversationResult[]>();
  const key = (flow: string, persona: PersonaId) => `${flow}/${persona}`;

  beforeAll(() => {
    for (const [name, flow] of flows) {
      for (const persona of PERSONA_IDS) {
        results.set(key(name, persona), Array.from({ length: 150 }, (_, i) => simulateConversation(flow, persona, 2024, i)));
      }
    }
  }, 120_000);

  const cases = flows.flatMap(([name]) => PERSONA_IDS.map((p) => [name, p] as const));

  it.each(cases)('%s, %s: no harness errors, digressions only at waiting nodes, < 5% verbatim training phrases', (name, persona) => {
    const rs = results.get(key(name, persona))!;
    let turns = 0;
    let verbatim = 0;
    for (const r of rs) {
      expect(r.outcome, JSON.stringify(r.error)).not.toBe('error');
      for (const t of r.turns) {
        if (t.speaker !== 'customer') continue;
        turns++;
        if (t.truth!.verbatimTrainingPhrase) verbatim++;
        if (t.truth!.digression) {
          const kind = r.path.length > 0 && t.nodeId ? compileFlowNodeKind(name, t.nodeId) : null;
          expect(['router', 'question']).toContain(kind);
        }
      }
    }
    expect(verbatim / turns).toBeLessThan(0.05);
  });

  it.each(cases)('%s, %s: the persona fingerprint holds against a real flow (median words in band)', (name, persona) => {
    const words = results.get(key(name, persona))!.flatMap((r) => r.turns.filter((t) => t.speaker === 'customer').map((t) => wordCount(t.text)));
    const m = median(words);
    expect(m).toBeGreaterThanOrEqual(BANDS[persona].words[0]);
    expect(m).toBeLessThanOrEqual(BANDS[persona].words[1]);
  });

  it('replays byte for byte from (flow, persona, seed)', () => {
    for (const [, flow] of flows) {
      for (const persona of PERSONA_IDS) {
        for (let i = 0; i < 5; i++) expect(JSON.stringify(simulateConversation(flow, persona, 9, i))).toBe(JSON.stringify(simulateConversation(flow, persona, 9, i)));
      }
    }
  });

  it('every persona meets the same goals on the same seed (paired runs)', () => {
    const [, flow] = flows[0];
    for (let i = 0; i < 20; i++) {
      const goals = PERSONA_IDS.map((p) => JSON.stringify(simulateConversation(flow, p, 5, i).goal));
      expect(new Set(goals).size).toBe(1);
    }
  });

  function compileFlowNodeKind(name: string, nodeId: string): string | null {
    const flow = flows.find(([n]) => n === name)![1];
    return flow.nodes.get(nodeId)?.type ?? null;
  }
});
