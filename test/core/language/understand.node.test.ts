/**
 * Understanding a flow's intents (language/understand.ts): the mapping logic on a small test bank written for
 * this test, then the built-in bank on flows that name no domain.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type FlowDocument, type Intent } from '../../../src/core/flow/types.ts';
import { DOMAIN_PACKS } from '../../../src/core/language/domains/index.ts';
import type { DomainPack, Meaning } from '../../../src/core/language/types.ts';
import { understandDocument } from '../../../src/core/language/understand.ts';

const meaning = (id: string, phrasings: string[]): Meaning => ({ id, name: id.replace(/_/g, ' '), description: phrasings[0], phrasings, terse: [], simple: [], backstories: [] });

const TEST_BANK: DomainPack[] = [
  {
    id: 'cards', name: 'Cards', keywords: ['card', 'bank', 'pin', 'account'], backstories: [], asides: [],
    meanings: [
      meaning('card_missing', ['my new card never came in the post', 'the card you sent has not turned up', 'still no sign of my replacement card', 'card not delivered yet after two weeks']),
      meaning('pin_change', ['how can i change my pin', 'i want a new pin number for my card', 'forgot my pin and need to reset it', 'set a different pin']),
      meaning('stolen_card', ['someone stole my card', 'my card was taken from my bag', 'block my card it was stolen', 'card stolen last night']),
    ],
  },
  {
    id: 'parcels', name: 'Parcels', keywords: ['parcel', 'courier', 'delivery', 'order'], backstories: [], asides: [],
    meanings: [
      meaning('parcel_missing', ['my parcel never arrived', 'the courier did not deliver my order', 'where is my package it is late', 'order not delivered']),
      meaning('return_item', ['i want to send this back', 'how do i return an item', 'return my order for a refund', 'send the parcel back']),
    ],
  },
];

function flowWith(intents: Intent[], extra: Partial<FlowDocument> = {}): FlowDocument {
  return { id: 'f', name: 'f', nodes: [], edges: [], intents, settings: structuredClone(DEFAULT_SETTINGS), ...extra };
}

describe('understandDocument (test bank)', () => {
  it('maps an intent from all its phrases and infers the domain; the generic word "delivered" does not pull it to parcels', () => {
    const lang = understandDocument(flowWith([
      { id: 'card_arrival', phrases: ['my card has not been delivered', 'new card not here yet', 'still waiting for my replacement card'] },
      { id: 'new_pin', phrases: ['change pin', 'reset my pin number'] },
    ]), TEST_BANK);
    expect(lang.domain).toBe('cards');
    expect(lang.intents.get('card_arrival')).toMatchObject({ source: 'meaning', meaning: { domain: 'cards', id: 'card_missing' }, estimated: false });
    expect(lang.intents.get('new_pin')).toMatchObject({ source: 'meaning', meaning: { id: 'pin_change' } });
  });

  it('an intent no meaning fits is worded by hold-out and marked estimated', () => {
    const lang = understandDocument(flowWith([
      { id: 'loyalty_points', phrases: ['how many loyalty points do i have', 'points balance', 'check my rewards'] },
      { id: 'card_arrival', phrases: ['my card has not arrived', 'card not here yet'] },
    ]), TEST_BANK);
    expect(lang.intents.get('loyalty_points')).toMatchObject({ source: 'held_out', estimated: true });
  });

  it('never gives one meaning to two intents', () => {
    const lang = understandDocument(flowWith([
      { id: 'card_late', phrases: ['my card never came', 'card not delivered'] },
      { id: 'card_missing', phrases: ['the card has not turned up', 'no card in the post'] },
    ]), TEST_BANK);
    const ids = [...lang.intents.values()].filter((i) => i.source === 'meaning').map((i) => i.meaning!.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a stated domain wins, by id or in words', () => {
    const intents = [{ id: 'thing', phrases: ['something unclear', 'another thing'] }];
    expect(understandDocument(flowWith(intents, { domain: 'parcels' }), TEST_BANK)).toMatchObject({ domain: 'parcels', domainSource: 'stated' });
    expect(understandDocument(flowWith(intents, { domain: 'We deliver parcels' }), TEST_BANK)).toMatchObject({ domain: 'parcels', domainSource: 'stated' });
  });

  it('imported real messages are the wording source of their intent', () => {
    const lang = understandDocument(flowWith([{ id: 'card_arrival', phrases: ['my card has not arrived'] }], { customerMessages: [{ text: 'card still not here', intent: 'card_arrival' }] }), TEST_BANK);
    expect(lang.intents.get('card_arrival')).toMatchObject({ source: 'imported', messages: ['card still not here'], estimated: false });
  });
});

describe('the built-in bank', () => {
  it('covers at least the ten domains the issue names, plus general requests, each with a dozen meanings', () => {
    const ids = DOMAIN_PACKS.map((d) => d.id);
    for (const d of ['banking_cards', 'telecom', 'insurance', 'utilities_energy', 'travel_hotels', 'healthcare_appointments', 'food_delivery', 'retail', 'software_accounts', 'public_services', 'general']) {
      expect(ids).toContain(d);
    }
    for (const d of DOMAIN_PACKS) {
      expect(d.meanings.length, d.id).toBeGreaterThanOrEqual(10);
      for (const m of d.meanings) {
        expect(m.phrasings.length, `${d.id}/${m.id}`).toBeGreaterThanOrEqual(15);
        expect(m.terse.length, `${d.id}/${m.id}`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('maps the demo order-tracking flow to the retail domain, and a bank flow to banking', () => {
    const lang = understandDocument(flowWith([
      { id: 'lost_card', phrases: ['i lost my card', 'my debit card is missing', 'block my card'] },
      { id: 'card_not_arrived', phrases: ['my new card has not arrived', 'where is my replacement card', 'card still not delivered'] },
    ]));
    expect(lang.domain).toBe('banking_cards');
    for (const i of lang.intents.values()) if (i.meaning) expect(i.meaning.domain).toMatch(/banking_cards|general/);
  });
});
