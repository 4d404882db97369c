import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONCEPTS,
  DIGRESSIONS,
  SLOT_LOOKALIKES,
  compressPhrase,
  foldText,
  hasPolitenessMarker,
  isVerbatimTrainingPhrase,
  mapIntentsToConcepts,
  transformPhrase,
} from '../../../src/core/personas/banks.ts';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import { createRng } from '../../../src/core/simulate/random.ts';
import { miniFlow } from '../../fixtures/mini-flow.ts';

const FLOWS_DIR = resolve(import.meta.dirname, '../../../demo/flows');
const demo = (name: string) => compileFlow(JSON.parse(readFileSync(resolve(FLOWS_DIR, `${name}.json`), 'utf8')));

describe('the paraphrase bank', () => {
  it('has many phrasings at several lengths per concept', () => {
    for (const c of CONCEPTS) {
      expect(c.phrasings.length, c.id).toBeGreaterThanOrEqual(8);
      expect(c.terse.length, c.id).toBeGreaterThanOrEqual(5);
      expect(c.simple.length, c.id).toBeGreaterThanOrEqual(3);
      const lengths = new Set(c.phrasings.map((p) => p.split(' ').length));
      expect(lengths.size, c.id).toBeGreaterThanOrEqual(4);
      for (const t of c.terse) expect(t.split(' ').length, t).toBeLessThanOrEqual(4);
    }
  });

  it('carries no politeness marker in request wording (politeness is added per persona)', () => {
    for (const c of CONCEPTS) {
      for (const p of [...c.phrasings, ...c.terse, ...c.simple]) expect(hasPolitenessMarker(p), p).toBe(false);
    }
  });

  it('has no duplicate phrasing across concepts', () => {
    const seen = new Map<string, string>();
    for (const c of CONCEPTS) {
      for (const p of c.phrasings) {
        expect(seen.get(foldText(p)), `${p} in ${c.id}`).toBeUndefined();
        seen.set(foldText(p), c.id);
      }
    }
  });

  it('has digressions for every kind and a slot look-alike for every entity type', () => {
    for (const kind of Object.values(DIGRESSIONS)) for (const reg of Object.values(kind)) expect(reg.length).toBeGreaterThan(0);
    for (const byReg of Object.values(SLOT_LOOKALIKES)) for (const reg of Object.values(byReg)) expect(reg.length).toBeGreaterThan(0);
  });

  it('recognises politeness markers', () => {
    expect(hasPolitenessMarker('where is my order please')).toBe(true);
    expect(hasPolitenessMarker('Good morning. My order')).toBe(true);
    expect(hasPolitenessMarker('thx')).toBe(true);
    expect(hasPolitenessMarker('where is my order')).toBe(false);
    expect(hasPolitenessMarker('this thing is useless')).toBe(false);
  });
});

describe('mapIntentsToConcepts', () => {
  it('maps the demo flows by id, label and phrases, one concept per intent', () => {
    const ids = (name: string) => Object.fromEntries([...mapIntentsToConcepts(demo(name).doc.intents)].map(([k, v]) => [k, v?.id ?? null]));
    expect(ids('order-tracking-fixed')).toMatchObject({
      track_order: 'order_status',
      cancel_order: 'cancel_order',
      delivery_problem: 'delivery_problem',
      talk_to_human: 'talk_to_human',
    });
    // The draft has two phrases per intent: the id alone must carry the mapping.
    expect(ids('order-tracking-draft')).toEqual({ track_order: 'order_status', cancel_order: 'cancel_order', delivery_problem: 'delivery_problem' });
    expect(ids('appointment-booking')).toMatchObject({ book_appointment: 'book_appointment', cancel_appointment: 'cancel_appointment', opening_hours: 'opening_hours' });
    expect(ids('returns-refunds')).toMatchObject({ start_return: 'return_item', refund_status: 'refund_status', return_policy: 'returns_policy' });
  });

  it('leaves intents with no fitting concept unmapped', () => {
    const m = mapIntentsToConcepts([{ id: 'loyalty_points', phrases: ['how many loyalty points do i have', 'points balance'] }]);
    expect(m.get('loyalty_points')).toBeNull();
  });
});

describe('training-phrase transformations', () => {
  it('never returns a training phrase verbatim', () => {
    const flow = demo('order-tracking-fixed');
    const avoid = new Set(flow.doc.intents.flatMap((i) => i.phrases.map(foldText)));
    const rng = createRng('transform');
    let changed = 0;
    for (let i = 0; i < 3000; i++) {
      const phrase = rng.pick(rng.pick(flow.doc.intents).phrases);
      const out = transformPhrase(phrase, rng, avoid);
      expect(isVerbatimTrainingPhrase(out, flow), `${phrase} -> ${out}`).toBe(false);
      if (foldText(out) !== foldText(phrase)) changed++;
    }
    expect(changed).toBe(3000);
  });

  it('swaps synonyms, reframes and adds context', () => {
    const rng = createRng('variety');
    const outs = new Set(Array.from({ length: 200 }, () => transformPhrase('i want to cancel my order', rng)));
    expect(outs.size).toBeGreaterThan(20);
    expect([...outs].some((o) => o.includes('purchase') || o.includes('call off'))).toBe(true);
  });

  it('does not turn nouns into verbs ("an update on my order" keeps its noun)', () => {
    const rng = createRng('nouns');
    for (let i = 0; i < 300; i++) {
      const out = transformPhrase("i'd like an update on my order status", rng);
      expect(out).not.toMatch(/\ban? (change|modify)\b/);
    }
  });

  it('compresses a request to its content words', () => {
    expect(compressPhrase('I would like to cancel my order please')).toBe('cancel order');
    expect(compressPhrase('so basically has my package shipped')).toBe('package shipped');
  });
});

describe('isVerbatimTrainingPhrase', () => {
  const flow = compileFlow(miniFlow());
  it('folds case, punctuation and spacing', () => {
    expect(isVerbatimTrainingPhrase('Where is my order?', flow)).toBe(true);
    expect(isVerbatimTrainingPhrase('  TRACK   my order!!', flow)).toBe(true);
    expect(isVerbatimTrainingPhrase('stop my order, please', flow)).toBe(true);
  });
  it('is false for anything else', () => {
    expect(isVerbatimTrainingPhrase('where is my parcel', flow)).toBe(false);
    expect(isVerbatimTrainingPhrase('where is my order AB123456', flow)).toBe(false);
  });
});
