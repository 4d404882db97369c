/**
 * A seeded generator of plausible customer utterances for measuring the noise channels. Templates use `{a|b|c}`
 * alternatives and slot markers (#ORDER, #EMAIL, #PHONE) whose values come back in `protect`.
 */
import { createRng, type Rng } from '../../../../src/core/simulate/random.ts';

const TEMPLATES = [
  'Where is my {order|package|parcel|delivery}?',
  'I {want|need|would like} to {cancel|check|change|track} my {order|subscription|booking|delivery}.',
  "I haven't received my {refund|package|order|confirmation email} yet.",
  'My order number is #ORDER.',
  'The order number is #ORDER and my email is #EMAIL.',
  'Can you tell me when my {delivery|package|refund} will arrive?',
  'Hi, I ordered {two|three|some} items {last week|yesterday|five days ago} and they still have not arrived.',
  'I would like a refund for order #ORDER please.',
  "It doesn't work, can you help me?",
  'How can I change my {delivery address|password|email address|phone number}?',
  'I need to update the address for my account, it is #EMAIL.',
  'Why was I charged twice for the same order?',
  'Please cancel my subscription {immediately|today|before the next payment}.',
  'Is it possible to {change|cancel} the delivery date to tomorrow?',
  'I definitely paid for express shipping but it is not here.',
  'Could you check whether my payment went through?',
  'My package was delivered to the wrong address.',
  'I am waiting for my refund for two weeks now.',
  'What is the status of my order?',
  'I forgot my password and I cannot log in to my account.',
  'Thank you for your help, that is all I needed.',
  "I'm not sure which option I should choose.",
  'The tracking number does not show anything on the website.',
  'You can reach me at #PHONE or by email.',
  'I received a damaged item and I want a replacement.',
  'Good morning, I hope you are well, I have a question about my order.',
  'My granddaughter helped me order a present for her birthday and it has not come.',
  'Sorry, I am not very good with computers, could you explain that again?',
  'Did that go through all right?',
  'I bought {a jacket|a laptop|two shirts|new shoes} from your shop on Monday.',
  'Their customer service told me to contact you about the refund.',
  'There is a problem with my invoice, the amount is wrong.',
  'When will the {item|parcel|order} be available again?',
  'I need to speak to a real person.',
  'The discount code did not work at checkout.',
  'Your website says the delivery is late, is that right?',
  'I think there was a mistake in my order, I got the wrong size.',
  'Can I return it if it does not fit?',
  'Please send the receipt to #EMAIL.',
  'I was told the replacement would arrive by Wednesday.',
  'Unfortunately the item is broken and I would like my money back.',
  'I have been a customer for years and I am really disappointed.',
  'Is there any way to get it before the weekend?',
  'My card was charged but I never got a confirmation.',
  "I don't know where to find the order number, is it in the email?",
];

/** Terse, telegraphic turns (impatient: 3-5 words, product.md §4; Hill et al. 2015: 4.29 words per message to a bot). */
const TERSE = [
  'where is my {order|parcel|package}',
  'order #ORDER where',
  'cancel my {order|subscription} now',
  'refund status?',
  'I want a refund',
  'track order #ORDER',
  'still not delivered!',
  'need to speak to {someone|a person|an agent}',
  'agent please',
  'change delivery {address|date}',
  "it doesn't work",
  'wrong item again',
  'email is #EMAIL',
  'why charged twice?',
  'just cancel it',
  'order number #ORDER',
  'this is ridiculous',
  'when will it arrive?',
  'reset my password',
  'no, the other one',
  'yes, that one',
  "I've waited two weeks",
  'talk to a human',
  'where is my refund?',
  'tomorrow is fine',
];

/** Openings and backstories of social elderly customers (Bost & Moore 2014; persona-realism.md §4.1). */
const SOCIAL = [
  'Good {morning|afternoon}, I hope you are well.',
  'Hello dear, thank you for helping me.',
  'I am sorry to bother you.',
  'My {grandson|granddaughter|daughter} usually does these things for me.',
  'I bought a present for my granddaughter and it has not come yet.',
  'I am not very good with computers, so please bear with me.',
  'I have been a customer for many years and I have never had a problem before.',
  'I received a letter about my account and I do not really understand it.',
];

const FIRST = ['jane', 'tom', 'maria', 'ahmed', 'li', 'sam', 'olga', 'peter'];
const DOMAINS = ['gmail.com', 'hotmail.com', 'yahoo.com', 'outlook.com', 'example.org'];

function expand(template: string, rng: Rng): { text: string; protect: string[] } {
  const protect: string[] = [];
  let text = template.replace(/\{([^}]+)\}/g, (_m, alts: string) => rng.pick(alts.split('|')));
  text = text.replace(/#ORDER/g, () => {
    const v = rng.chance(0.5) ? `${rng.between(10000, 99999)}` : `AB-${rng.between(100000, 999999)}`;
    protect.push(v);
    return v;
  });
  text = text.replace(/#EMAIL/g, () => {
    const v = `${rng.pick(FIRST)}.${rng.pick(FIRST)}@${rng.pick(DOMAINS)}`;
    protect.push(v);
    return v;
  });
  text = text.replace(/#PHONE/g, () => {
    const v = `07${rng.between(100000000, 999999999)}`;
    protect.push(v);
    return v;
  });
  return { text, protect };
}

export interface CustomerSentence {
  text: string;
  protect: string[];
}

export type SentenceStyle = 'neutral' | 'terse' | 'social';

/**
 * `count` utterances from a fixed seed. `neutral`: 1-2 template sentences; `terse`: a short fragment;
 * `social`: a pleasantry or backstory around one or two requests.
 */
export function customerSentences(count: number, seed: string | number = 'sentences', style: SentenceStyle = 'neutral'): CustomerSentence[] {
  const rng = createRng('noise-test', seed, style);
  const out: CustomerSentence[] = [];
  const join = (parts: CustomerSentence[]) => ({ text: parts.map((p) => p.text).join(' '), protect: parts.flatMap((p) => p.protect) });
  for (let i = 0; i < count; i++) {
    if (style === 'terse') {
      out.push(expand(rng.pick(TERSE), rng));
    } else if (style === 'social') {
      const parts = [expand(rng.pick(SOCIAL), rng), expand(rng.pick(TEMPLATES), rng)];
      if (rng.chance(0.5)) parts.push(expand(rng.pick(TEMPLATES), rng));
      if (rng.chance(0.5)) parts.push(expand('Thank you {very much|so much|dear}.', rng));
      out.push(join(parts));
    } else {
      const parts = [expand(rng.pick(TEMPLATES), rng)];
      if (rng.chance(0.3)) parts.push(expand(rng.pick(TEMPLATES), rng));
      out.push(join(parts));
    }
  }
  return out;
}
