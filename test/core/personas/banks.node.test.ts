import { readFileSync } from 'node:fs';
import { ELDERLY_GENERIC_BACKSTORIES } from '../../../src/core/personas/banks.ts';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DIGRESSIONS,
  SLOT_LOOKALIKES,
  compressPhrase,
  foldText,
  hasPolitenessMarker,
  isVerbatimTrainingPhrase,
  transformPhrase,
} from '../../../src/core/personas/banks.ts';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import { createRng } from '../../../src/core/simulate/random.ts';
import { miniFlow } from '../../fixtures/mini-flow.ts';

const FLOWS_DIR = resolve(import.meta.dirname, '../../../demo/flows');
const demo = (name: string) => compileFlow(JSON.parse(readFileSync(resolve(FLOWS_DIR, `${name}.json`), 'utf8')));

describe('the persona banks', () => {
  it('has digressions for every kind and a slot look-alike for every entity type', () => {
    for (const kind of Object.values(DIGRESSIONS)) for (const reg of Object.values(kind)) expect(reg.length).toBeGreaterThan(0);
    for (const byReg of Object.values(SLOT_LOOKALIKES)) for (const reg of Object.values(byReg)) expect(reg.length).toBeGreaterThan(0);
  });

  it('keeps shop words out of the domain-neutral banks (no parcels or orders in a bank: issue 9, point 5)', () => {
    const shop = /\b(order|orders|ordered|parcel|package|courier|postman|delivery|shop|shopping|catalogue|receipt|checkout)\b/i;
    const lines = [
      ...Object.values(DIGRESSIONS).flatMap((k) => Object.values(k).flat()),
      ...Object.values(SLOT_LOOKALIKES).flatMap((k) => Object.values(k).flat()),
      ...ELDERLY_GENERIC_BACKSTORIES,
    ];
    for (const l of lines) expect(l, l).not.toMatch(shop);
  });

  it('recognises politeness markers', () => {
    expect(hasPolitenessMarker('where is my order please')).toBe(true);
    expect(hasPolitenessMarker('Good morning. My order')).toBe(true);
    expect(hasPolitenessMarker('thx')).toBe(true);
    expect(hasPolitenessMarker('where is my order')).toBe(false);
    expect(hasPolitenessMarker('this thing is useless')).toBe(false);
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
