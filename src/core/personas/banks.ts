/**
 * The team-written paraphrase bank: how customers ask for common customer-service things, per concept and at
 * several lengths, plus the persona framings (greetings, backstories, thanks, complaints), the digression
 * banks by kind, repair and reassurance requests, handoff demands and give-up lines.
 *
 * Every line here was written for flowstress. Bank phrasings deliberately carry no politeness marker: the
 * realizer adds politeness per persona so the measured share of polite turns follows `parameters.ts`.
 *
 * A flow's intents are mapped to concepts by keyword overlap with the intent's id, label and training
 * phrases. Intents with no concept are paraphrased by transforming their training phrases (synonyms,
 * reframing, dropped words, context clauses), so a simulated customer never simply replays the flow's own
 * training phrases (product.md §4).
 */
import type { Intent } from '../flow/types.ts';
import type { CompiledFlow } from '../runtime/types.ts';
import type { Rng } from '../simulate/random.ts';
import type { DigressionKind, PersonaId } from './types.ts';

/** A customer-service request and the ways customers word it. */
export interface Concept {
  id: string;
  /** Keywords (any inflection; stemmed before comparison) and their weight for mapping intents. */
  keywords: Readonly<Record<string, number>>;
  /** Neutral phrasings, 3 to 14 words, lower case, no final punctuation, no politeness marker. */
  phrasings: readonly string[];
  /** Telegraphic forms of 1 to 4 words (the impatient register). */
  terse: readonly string[];
  /** Everyday-vocabulary forms for the non-native speaker (the grammar channel adds learner errors later). */
  simple: readonly string[];
  /** A sentence of context an elderly customer puts before the request. */
  backstories: readonly string[];
}

export const CONCEPTS: readonly Concept[] = [
  {
    id: 'order_status',
    keywords: { track: 3, tracking: 3, status: 2, where: 2, shipped: 2, order: 1, package: 1, parcel: 1, arrive: 1, update: 1, delivery: 1 },
    phrasings: [
      'where is my order',
      "where's my parcel",
      'can you tell me where my order is',
      'I want to know the status of my order',
      'has my order been shipped yet',
      "what's happening with my order",
      "I'd like to track a package",
      'is my order on its way',
      'when is my order going to arrive',
      'I need an update on my delivery',
      "my order hasn't turned up yet, where is it",
      'could you check on an order for me',
      'I ordered something last week and still have no idea where it is',
      'how far along is my delivery',
      'any news on when my package will get here',
      "I'm trying to find out when my stuff will be delivered",
      'track my parcel',
      "what's the tracking status for my order",
    ],
    terse: ['order status', "where's my order", 'track order', 'tracking', 'parcel status', 'where is my parcel', 'delivery status', 'order update'],
    simple: [
      'I want to know where my order is',
      'where is my order now',
      'I want to check my order',
      'when will my package come',
      'I want information about my order',
    ],
    backstories: [
      'I ordered a birthday present for my grandson and nothing has come yet.',
      'My daughter set up the order for me on the computer last week.',
      "I've been waiting in all week for a parcel and I'm starting to worry.",
    ],
  },
  {
    id: 'cancel_order',
    keywords: { cancel: 3, cancellation: 3, order: 1, purchase: 1, stop: 1, changed: 1, mind: 1 },
    phrasings: [
      'I want to cancel my order',
      'cancel the order I just placed',
      'I need to cancel an order',
      'can I still cancel my purchase',
      "I changed my mind and don't want the order anymore",
      'how do I cancel something I ordered',
      'stop my order from being sent',
      "I'd like to call off my order",
      'is it too late to cancel my order',
      'I ordered the wrong thing by mistake and want to cancel it',
      'cancel my purchase',
      "I don't need the order anymore, cancel it",
      'scrap the order I made this morning',
      'can you cancel an order for me',
      'I placed the same order twice by accident and need one cancelled',
    ],
    terse: ['cancel order', 'cancel it', 'cancel my order', 'stop the order', 'cancel purchase', 'order cancel'],
    simple: [
      'I want to cancel my order',
      "I don't want my order anymore",
      'cancel the order for me',
      'I want to stop my order',
      'I made the order by mistake and I want to cancel',
    ],
    backstories: [
      'I ordered a coat for myself but my sister has given me one of hers instead.',
      'I think I pressed the button twice by accident and now there are two orders.',
    ],
  },
  {
    id: 'change_order',
    keywords: { change: 2, modify: 3, edit: 3, add: 2, swap: 2, remove: 2, quantity: 2, size: 1, order: 1 },
    phrasings: [
      'I need to change something in my order',
      'can I add an item to my order',
      'I want to change the size on my order',
      'is it possible to swap an item in my order',
      'I ordered the wrong colour, can I change it before it ships',
      "I'd like to modify my order",
      'update the quantity on my order',
      'can I still edit my order',
      'remove one item from my order',
      'I want to make a change to what I ordered',
    ],
    terse: ['change order', 'edit order', 'modify order', 'change size', 'add item'],
    simple: ['I want to change my order', 'I need a different size in my order', 'can I change the order', 'I want to add one more thing to my order'],
    backstories: ["I ordered slippers for my husband but I've just realised I got the wrong size."],
  },
  {
    id: 'delivery_problem',
    keywords: {
      missing: 3, lost: 3, late: 3, never: 2, arrived: 2, delivered: 2, courier: 2, driver: 1, received: 1, overdue: 3, delay: 3, delayed: 3,
      problem: 2, issue: 2, delivery: 1,
    },
    phrasings: [
      'my package never arrived',
      'my delivery is late',
      "the parcel says delivered but I don't have it",
      "my order hasn't arrived and it's past the delivery date",
      "the courier didn't show up",
      'I think my parcel got lost',
      "tracking says delivered but there's nothing here",
      'my order is really late',
      'still waiting for a delivery that was due days ago',
      "the driver left my parcel somewhere and I can't find it",
      'nothing has come and it was supposed to be here yesterday',
      'I missed the delivery, what happens now',
      "where is my delivery, it's overdue",
    ],
    terse: ['parcel missing', 'late delivery', 'never arrived', 'not delivered', 'package lost', 'still not here'],
    simple: [
      'my package did not come',
      'the delivery is late',
      'I did not receive my order',
      'I think the parcel is lost',
      "it says delivered but I don't have it",
    ],
    backstories: [
      'I stayed in all day yesterday because the email said it would come, and nobody knocked.',
      'The message says it was left with a neighbour but none of my neighbours have it.',
    ],
  },
  {
    id: 'damaged_item',
    keywords: { damaged: 4, broken: 4, faulty: 3, cracked: 3, smashed: 3, defective: 3, work: 1, scratched: 2 },
    phrasings: [
      'the item I got is broken',
      'my order arrived damaged',
      'the product was smashed in the box',
      'what I received is faulty',
      'it came with a crack in it',
      "the thing I ordered doesn't work",
      'one of the items is broken',
      'the box was crushed and the item inside is damaged',
      'my new kettle stopped working after a day',
      'the screen was cracked when I opened it',
      'it arrived in pieces',
      'the packaging was ripped and the product is scratched',
    ],
    terse: ['item broken', 'arrived damaged', 'faulty item', "it's broken", 'damaged order', "doesn't work"],
    simple: ['my item is broken', 'the product came damaged', 'it does not work', 'the thing I bought is broken', 'when I opened the box it was broken'],
    backstories: ['I bought a teapot as a present for my friend and when I opened the box the lid was in two pieces.'],
  },
  {
    id: 'wrong_item',
    keywords: { wrong: 4, incorrect: 3, different: 1, mistake: 1, instead: 1 },
    phrasings: [
      'I got the wrong item',
      'you sent me the wrong thing',
      "this isn't what I ordered",
      'the size I received is wrong',
      'I ordered blue but got red',
      "there's someone else's order in my box",
      'wrong product in my parcel',
      "the item in the package doesn't match my order",
      'I received a completely different product',
    ],
    terse: ['wrong item', 'wrong size', 'not what I ordered', 'wrong product', 'wrong colour'],
    simple: ['I got the wrong item', 'this is not my order', 'you sent me the wrong thing', 'the size is wrong'],
    backstories: ['I ordered a pair of brown shoes for church and a pair of trainers arrived instead.'],
  },
  {
    id: 'return_item',
    keywords: { return: 4, returns: 4, exchange: 2, label: 2, send: 1, back: 1, fit: 1 },
    phrasings: [
      'I want to return something',
      'how do I send an item back',
      "I'd like to return my order",
      'can I get a return label',
      "I need to return a product that doesn't fit",
      'I want to send this back',
      'how can I return a jacket I bought',
      'start a return for me',
      "the shoes don't fit, I want to return them",
      'is it too late to return an item',
      'where do I send a return',
      "I'd like to exchange an item",
    ],
    terse: ['return item', 'return this', 'send it back', 'return label', 'start a return', 'make a return'],
    simple: ['I want to return my item', 'how can I send the product back', 'I want to give back the item', 'I need to make a return', 'the item is not good for me, I want to return it'],
    backstories: ['My granddaughter says the jumper I bought her is too small, bless her.'],
  },
  {
    id: 'returns_policy',
    keywords: { policy: 5, fee: 2, free: 1, limit: 2, long: 1, days: 1, rules: 2, return: 1, returns: 1 },
    phrasings: [
      "what's your returns policy",
      'how long do I have to send something back',
      'do I have to pay for returns',
      'are returns free',
      'can I return something I bought in the sale',
      'is there a time limit on returns',
      'what are the rules for sending things back',
      'do you take returns without a receipt',
      'how many days do I get to return an item',
      'will it cost me anything to return an order',
    ],
    terse: ['returns policy', 'return rules', 'free returns', 'return time limit', 'return costs'],
    simple: ['how many days can I return', 'is the return free', 'what are the rules for return', 'do I pay money to return'],
    backstories: ["I'm never sure about these things, in my day you just took it back to the counter."],
  },
  {
    id: 'refund_status',
    keywords: { refund: 4, refunded: 4, money: 2, back: 1, reimburse: 3, reimbursement: 3 },
    phrasings: [
      'where is my refund',
      "I'm still waiting for my refund",
      'when will I get my money back',
      'has my refund been processed',
      "I returned an item and haven't been refunded",
      'how long does a refund take',
      'I want to check on my refund',
      "my refund hasn't shown up in my account",
      "did you get my return, I haven't seen the money",
      'I was promised a refund two weeks ago',
      "what's the status of my refund",
      'I need my money back',
    ],
    terse: ['refund status', "where's my refund", 'refund', 'money back', 'refund not received', 'still no refund'],
    simple: ['I want my money back', 'when do I get my refund', 'I did not get my refund', 'where is my money for the return', 'I want to know about my refund'],
    backstories: ['I sent the parcel back at the post office a fortnight ago and kept the receipt.'],
  },
  {
    id: 'change_address',
    keywords: { address: 4, moved: 2, postcode: 2, shipping: 1, change: 1, deliver: 1 },
    phrasings: [
      'I need to change my delivery address',
      'can I update the shipping address on my order',
      "I've moved and need to change my address",
      'send my order to a different address',
      'the address on my order is wrong',
      'update my address',
      'I want the parcel delivered to my work instead',
      'can I change where my order is going',
      'I put the wrong postcode on my order',
      'change the address for delivery',
    ],
    terse: ['change address', 'new address', 'wrong address', 'update address', 'address change'],
    simple: ['I want to change my address', 'my address is wrong', 'I have a new address', 'send it to another address', 'I want to change where the order goes'],
    backstories: ["I'm staying with my son for a few weeks while my kitchen is being redone."],
  },
  {
    id: 'book_appointment',
    keywords: { book: 3, appointment: 3, schedule: 2, slot: 2, booking: 2, available: 1, visit: 1, make: 1 },
    phrasings: [
      'I want to book an appointment',
      'can I make an appointment',
      'I need to schedule a visit',
      'are there any appointments available',
      "I'd like to book a slot",
      'can I come in next week',
      'I want to set up an appointment',
      'book me in',
      'I need to see someone, how do I book',
      'do you have any free slots',
      "I'd like to arrange a time to come in",
      'how do I make a booking',
    ],
    terse: ['book appointment', 'appointment', 'booking', 'book a slot', 'new appointment', 'book me in'],
    simple: ['I want to make an appointment', 'I need an appointment', 'can I book a time', 'I want to come and see you, I need a time', 'how can I make an appointment'],
    backstories: ['My doctor said I should get my hearing checked, so my daughter told me to book with you.'],
  },
  {
    id: 'reschedule_appointment',
    keywords: { reschedule: 4, move: 2, rearrange: 3, change: 1, appointment: 2, booking: 1, different: 1, time: 1, date: 1, another: 1 },
    phrasings: [
      'I need to change my appointment',
      'can I move my appointment to another day',
      'I want to reschedule',
      "I can't make my appointment, can we change the time",
      'is it possible to move my booking',
      "I'd like a different time for my appointment",
      'push my appointment back a week',
      'something came up and I need to rearrange my appointment',
      'change the date of my booking',
    ],
    terse: ['reschedule', 'change appointment', 'move appointment', 'new time', 'change booking', 'different date'],
    simple: ['I want to change my appointment', 'I need another day for my appointment', 'can I change the time', 'I cannot come, I want to change the day'],
    backstories: ["I've got a hospital appointment that clashes with the one I booked with you."],
  },
  {
    id: 'cancel_appointment',
    keywords: { cancel: 3, appointment: 3, booking: 2, visit: 1, come: 1 },
    phrasings: [
      'I need to cancel my appointment',
      'cancel my booking',
      "I can't come to my appointment anymore",
      'I want to cancel the appointment I made',
      'how do I cancel a booking',
      "I won't be able to make it, cancel my appointment",
      'can you cancel my visit',
      "I'd like to call off my appointment",
      'take me off the appointment list',
    ],
    terse: ['cancel appointment', 'cancel booking', 'cancel my slot', 'cancel visit', "won't make it"],
    simple: ['I want to cancel my appointment', 'I cannot come, cancel my appointment', "I don't need the appointment anymore", 'cancel my booking'],
    backstories: ["My husband isn't very well at the moment so I won't be going out."],
  },
  {
    id: 'talk_to_human',
    keywords: { human: 4, person: 3, agent: 4, someone: 2, representative: 4, operator: 4, speak: 2, talk: 2, manager: 2, real: 1 },
    phrasings: [
      'I want to talk to a person',
      'can I speak to someone real',
      'put me through to an agent',
      'I need a human',
      'is there a real person I can talk to',
      'connect me with customer service',
      'let me speak to a manager',
      "I'd rather talk to someone",
      'get me an actual human',
      'transfer me to a representative',
    ],
    terse: ['agent', 'human', 'real person', 'operator', 'speak to someone', 'live agent'],
    simple: ['I want to speak with a person', 'I need to talk with somebody', 'can I talk with a real person', 'I want a human'],
    backstories: ["I'd much rather explain this to a person, if it's all the same."],
  },
  {
    id: 'opening_hours',
    keywords: { open: 4, opening: 4, hours: 3, close: 2, closing: 2, time: 1 },
    phrasings: [
      'what time do you open',
      'when are you open',
      'what are your opening hours',
      'are you open on Sundays',
      'what time does the shop close today',
      'are you open on bank holidays',
      'how late are you open',
      'when does the store open tomorrow',
      'what are your hours',
      'can I come in on Saturday',
    ],
    terse: ['opening hours', 'hours', 'open today', 'closing time', 'when open'],
    simple: ['what time is the shop open', 'when do you open', 'I want to know your opening times', 'is the shop open on Sunday'],
    backstories: ["I don't drive anymore so I have to plan around the bus."],
  },
  {
    id: 'payment_problem',
    keywords: { payment: 4, pay: 3, card: 3, charged: 3, declined: 4, billed: 2, charge: 3, paid: 2 },
    phrasings: [
      "my payment didn't go through",
      'my card was declined',
      'I was charged twice',
      "there's a charge I don't recognise",
      'the payment keeps failing',
      'I paid but the order says unpaid',
      'why was my card charged',
      "I can't pay for my order",
      "I've been billed the wrong amount",
      "the checkout won't take my card",
      'money was taken but I have no order',
    ],
    terse: ['payment failed', 'card declined', 'charged twice', 'payment problem', 'wrong charge', "can't pay"],
    simple: ['my payment does not work', 'the card is not accepted', 'you took the money two times', 'I paid but there is no order', 'I have a problem with the payment'],
    backstories: ["I'm not used to paying on the internet, my grandson usually does it for me."],
  },
  {
    id: 'account_login',
    keywords: { login: 4, log: 3, password: 4, locked: 3, account: 2, sign: 2, reset: 2 },
    phrasings: [
      "I can't log in",
      'I forgot my password',
      "I'm locked out of my account",
      'how do I reset my password',
      "my login isn't working",
      'the site says my password is wrong',
      'I never got the password reset email',
      "I can't get into my account",
      'I need to get back into my account',
      'my account is blocked',
    ],
    terse: ["can't log in", 'password reset', 'forgot password', 'locked out', 'login problem', 'reset password'],
    simple: ['I cannot enter my account', 'I forgot the password', 'the login does not work', 'I want a new password', 'my account is locked'],
    backstories: ["I wrote my password in a little book but I can't find the book anywhere."],
  },
  {
    id: 'update_details',
    keywords: { details: 3, contact: 2, email: 2, phone: 2, update: 2, information: 2, name: 1, change: 1, personal: 2 },
    phrasings: [
      'I need to update my email address',
      'change the phone number on my account',
      'how do I change my details',
      'my email has changed',
      'update my contact details',
      'I want to change the name on my account',
      "I've got a new phone number",
      'can I edit my personal information',
    ],
    terse: ['update email', 'change phone number', 'update details', 'change email', 'new number'],
    simple: ['I want to change my email', 'I have a new phone number', 'I need to change my information', 'my email is different now'],
    backstories: ['My old email stopped working when I changed internet provider.'],
  },
  {
    id: 'billing_invoice',
    keywords: { invoice: 4, receipt: 4, bill: 2, billing: 3, vat: 3, statement: 2 },
    phrasings: [
      'I need a copy of my invoice',
      'can you send me a receipt',
      'where can I find my invoice',
      'I need a VAT receipt for my order',
      'my bill looks wrong',
      'can I get an invoice for my purchase',
      'how do I download my receipt',
      'the invoice has the wrong address on it',
    ],
    terse: ['invoice', 'receipt', 'copy of invoice', 'billing', 'need receipt'],
    simple: ['I need the invoice', 'can you send me the receipt', 'I want a receipt for my order'],
    backstories: ['My accountant needs all the paperwork by the end of the month.'],
  },
  {
    id: 'delivery_options',
    keywords: { shipping: 2, delivery: 2, cost: 2, express: 3, free: 1, abroad: 3, collect: 2, options: 2, deliver: 2, ship: 2 },
    phrasings: [
      'how much is delivery',
      'do you deliver to my area',
      'what are the shipping options',
      'how long does delivery take',
      'do you offer next day delivery',
      'is shipping free',
      'can I collect in store instead',
      'do you ship abroad',
      'what does express delivery cost',
    ],
    terse: ['delivery cost', 'shipping cost', 'next day delivery', 'free shipping', 'delivery times'],
    simple: ['what is the delivery price', 'how long is the delivery', 'do you send to other countries', 'is delivery free'],
    backstories: ['I live out in the countryside and parcels often take longer to reach me.'],
  },
  {
    id: 'product_availability',
    keywords: { stock: 4, available: 3, availability: 4, sold: 2, restock: 3 },
    phrasings: [
      'is this item in stock',
      'when will it be back in stock',
      'do you have this in a medium',
      'is the blue one still available',
      'have you got any more of these',
      'can I check stock in my local store',
      'is this product sold out',
      'will you be getting more of these',
    ],
    terse: ['in stock', 'stock check', 'available', 'back in stock', 'sold out'],
    simple: ['do you have this product', 'is this item available', 'when do you have it again', 'I want to know if you have this'],
    backstories: ['I saw a lovely cardigan in the catalogue that came through my door.'],
  },
  {
    id: 'complaint',
    keywords: { complain: 4, complaint: 4, unhappy: 3, feedback: 2, terrible: 2, awful: 2, service: 1 },
    phrasings: [
      'I want to make a complaint',
      "I'm not happy with the service",
      'how do I file a complaint',
      "I've had a terrible experience",
      'I want to complain about a delivery driver',
      'this service has been awful',
      'who do I complain to',
      "I'd like to give some feedback about my order",
    ],
    terse: ['complaint', 'make complaint', 'bad service', 'not happy', 'file complaint'],
    simple: ['I want to complain', 'I am not happy with the service', 'the service was very bad', 'I want to make a complaint'],
    backstories: ["I've been a customer for over twenty years and I've never been treated like this."],
  },
];

// ---------------------------------------------------------------------------------------------------------
// Persona framings.

/** Openers by persona. Non-native openers end in a comma because a request follows in the same sentence. */
export const GREETINGS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['hi'],
  'typo-prone': ['hi', 'hey', 'hello', 'hi there'],
  'non-native': ['Hello,', 'Good day,', 'Hi,', 'Dear Sir or Madam,', 'Hello, good morning,', 'Excuse me,'],
  elderly: ['Good morning.', 'Hello there.', 'Good afternoon.', "Hello, I hope you're keeping well.", 'Hello dear.', 'Good morning to you.'],
};

export const THANKS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['thx'],
  'typo-prone': ['thanks', 'cheers', 'thx', 'thanks a lot'],
  'non-native': ['Thank you.', 'Thanks a lot.', 'Thank you very much for the help.', 'Many thanks.'],
  elderly: ['Thank you very much.', "That's very kind of you, thank you.", 'Thank you, dear.', 'Lovely, thank you.', 'Thank you ever so much.'],
};

/** Polite closers an elderly customer adds to a request. */
export const ELDERLY_CLOSINGS: readonly string[] = [
  'Thank you ever so much for your help.',
  "I'd be very grateful.",
  'Thanks in advance, dear.',
  'I do appreciate it.',
  "Thank you, I know you're very busy.",
];

/** Lead-ins of an elderly customer thinking aloud. No politeness marker: they are not polite, just slow. */
export const ELDERLY_LEAD_INS: readonly string[] = ['Well,', 'Let me see,', 'Now then,', 'Oh yes,', 'Right,'];

/** Self-blame after the bot did not understand (NN/g: older users blamed themselves 90% of the time). */
export const ELDERLY_APOLOGIES: readonly string[] = [
  "Sorry, I'm not very good with computers.",
  "Oh dear, I think I've done it wrong.",
  "I'm sorry, I don't think I explained that very well.",
  'Sorry, my fingers are not what they used to be.',
  "Sorry, I'm getting myself in a muddle.",
];

/** Elderly backstories that are not tied to a request (and carry no number or date a slot could catch). */
export const ELDERLY_GENERIC_BACKSTORIES: readonly string[] = [
  "My son usually helps me with these things but he's away.",
  "I'm doing this on my neighbour's tablet because mine has stopped working.",
  "I don't usually use the computer for this sort of thing.",
  'My late husband always dealt with the shopping online.',
];

/** What the non-native speaker puts around a request when being polite. `{x}` is the request. */
export const NON_NATIVE_POLITE_FRAMES: readonly string[] = [
  '{x}, please.',
  'Please, {x}.',
  '{x}. Thank you.',
  'Hello, {x}, please.',
  'Kindly help me, {x}.',
  'Excuse me, {x}.',
  'Sorry, {x}.',
];

/** The same around an answer or a side remark, where "help me" would not fit. */
export const NON_NATIVE_POLITE_ANSWER_FRAMES: readonly string[] = ['{x}, please.', '{x}. Thank you.', 'Sorry, {x}.', '{x}. Thank you very much.', 'Excuse me, {x}.'];

/** Typo-prone politeness: light, informal. */
export const CASUAL_POLITE_FRAMES: readonly string[] = ['hi, {x}', '{x} please', '{x}, thanks', 'hey {x}', '{x} pls', 'sorry, {x}'];

/** Impatient complaints, added to a turn after the bot failed. */
export const COMPLAINTS: readonly string[] = [
  'seriously', 'come on', 'ugh', 'already told you', 'this is useless', 'not again', 'are you kidding', 'read what I wrote',
  'how hard is this',
];

/** Non-impatient mild complaints after repeated failures. */
export const MILD_COMPLAINTS: readonly string[] = ["that's what I said", 'I already told you', 'hmm, that didn\'t work', 'this is confusing'];

// ---------------------------------------------------------------------------------------------------------
// Handoff demands and giving up.

export const HANDOFF_DEMANDS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['agent', 'human', 'real person now', 'get me a human', 'talk to a person', 'just give me an agent', 'person. now', 'operator', 'human agent'],
  'typo-prone': ['can I talk to a real person', "I'd like to speak to someone", 'is there a human I can talk to', 'put me through to an agent', 'let me talk to a person'],
  'non-native': ['I want to speak with a person', 'can I talk to a human', 'I need help from a real person', 'I want to talk with an agent'],
  elderly: [
    "Could I speak to a real person? I'm getting in a muddle.",
    "Is there someone I could talk to instead? I'm not very good with these things.",
    'Can you put me through to a person, dear?',
  ],
};

export const GIVE_UPS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['forget it', 'useless. bye', 'waste of time', "whatever, I'll go elsewhere", 'done with this', 'forget it, bye'],
  'typo-prone': ["never mind, I'll try later", 'ok forget it', "this isn't working, bye", "I'll sort it out another way"],
  'non-native': ['ok, I will try another time', 'sorry, I cannot do it, bye', 'never mind, I will call later'],
  elderly: [
    "I think I'll just ring you instead. Thank you anyway.",
    "Never mind, I'll pop into the shop and ask someone there.",
    "I'll ask my son to help me when he comes round. Goodbye.",
    "I'll give you a ring instead, this is too confusing for me.",
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Repair and reassurance requests.

export const REPEAT_REQUESTS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['what'],
  'typo-prone': ['what was that', 'can you repeat that', 'say that again'],
  'non-native': ['sorry, can you repeat', "I don't understand, can you say it again", 'please say it more simple', 'can you say it again slowly'],
  elderly: ["I'm sorry, could you say that again? I didn't quite follow.", 'Could you explain that a bit more slowly for me?', "Sorry, what was that? I didn't catch it."],
};

/** `{term}` is a word from the bot's message the customer did not know. */
export const CLARIFY_REQUESTS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['what is {term}'],
  'typo-prone': ['what does {term} mean'],
  'non-native': ['what does {term} mean', 'sorry, what is {term}', "I don't know the word {term}", 'what means {term}'],
  elderly: ["What do you mean by {term}? I'm not sure I understand.", "Sorry, what's {term}? I've not heard that before."],
};

export const REASSURANCE_REQUESTS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['did that work'],
  'typo-prone': ['did that go through', 'has that worked', 'did you get that'],
  'non-native': ['did you receive it', 'is it ok now', 'is it saved'],
  elderly: [
    'Did that go through all right?',
    "Has that worked? I'm never sure with these things.",
    "Is that saved now? I don't want to do it all again.",
    'Is it safe to give my details on here?',
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Digressions (persona-realism.md §6.2). Registers: `neutral` (typo-prone, non-native), `elderly`, `impatient`.

export type Register = 'neutral' | 'elderly' | 'impatient';

export function registerOf(persona: PersonaId): Register {
  return persona === 'elderly' ? 'elderly' : persona === 'impatient' ? 'impatient' : 'neutral';
}

/** Digressions that do not depend on what the bot is waiting for. */
export const DIGRESSIONS: Readonly<Record<Exclude<DigressionKind, 'slot_lookalike' | 'topic_switch'>, Readonly<Record<Register, readonly string[]>>>> = {
  unrelated_question: {
    neutral: [
      'do you sell gift cards',
      'is there a shop near the train station',
      'how do I unsubscribe from your emails',
      'do you have a student discount',
      'can I pay with PayPal',
      'are you hiring at the moment',
      'who won the match last night',
      "what's a good recipe for banana bread",
      'do you know a good plumber',
      'is your app on android',
      'can I recycle the packaging',
      'do you have a loyalty scheme',
    ],
    elderly: [
      'While I have you, do you know if the post office on the high street still opens on Saturdays?',
      'Can I ask, do you still send out the printed catalogue? I much prefer it to the computer.',
      'Oh, before I forget, is there a shop of yours near the hospital?',
      'Do you happen to know how I make the writing bigger on this screen?',
      'Is it true you are closing the branch in town?',
    ],
    impatient: ['why is this so slow', 'do you even have a phone line', 'is there an app that actually works'],
  },
  small_talk: {
    neutral: [
      'are you a bot',
      'am I talking to a real person',
      'haha ok',
      'what can you do',
      "how's your day going",
      'are you a robot or a human',
      'lol',
      "that's funny",
      'do you like your job',
      'where are you based',
    ],
    elderly: [
      'Are you a real person or one of those computer programmes? My grandson says they are all computers now.',
      "Isn't it clever how these things work. Are you a machine?",
      "I hope you're having a nice day, it's lovely and sunny here.",
      "You're very patient with me, aren't you.",
    ],
    impatient: ['are you even a person', 'is this a bot', 'ugh, a robot', 'seriously, a bot'],
  },
  backstory: {
    neutral: [
      "it's been a long week",
      "it's for my sister's wedding so it really matters",
      "I'm doing this on my lunch break",
      "I've been a customer for years",
      "this is the first time I've ordered from you",
    ],
    elderly: [
      "It was meant to be a present for my granddaughter, she's just started at university.",
      "My late husband always dealt with these things, so I'm a bit lost.",
      "I'm doing this on my neighbour's tablet because mine has stopped working.",
      "I've been shopping with you since you were the little shop on the corner.",
      "My eyes aren't what they were, so I'm typing very slowly.",
      'My son usually helps me with the computer but he is away on holiday.',
    ],
    impatient: ["I've got a train to catch"],
  },
  meta_request: {
    neutral: ['hang on a second', 'wait, let me find it', 'one moment', 'hold on, I need to look for it', 'can you say that again', 'sorry what was the question', 'start over'],
    elderly: [
      'Just a moment, I need to find my glasses.',
      "Hold on, let me go and get the letter, it's in the other room.",
      "Could you say that again? I didn't quite catch it.",
      "Wait a minute, I've pressed something by mistake.",
    ],
    impatient: ['hurry up', 'how long is this going to take', 'just get on with it', 'come on', 'faster', 'skip this'],
  },
};

/**
 * Slot look-alikes: something that reads like an answer to the waiting question but is not one (the Watson
 * note: "what's the weather meant to be tomorrow?" at a pending date slot). `{a}`/`{b}` are choice options,
 * `{prefix}` the first characters of the pattern's example, `{short}` a too-short number.
 */
export const SLOT_LOOKALIKES: Readonly<Record<'date' | 'number' | 'email' | 'phone' | 'pattern' | 'yes_no' | 'choice' | 'text', Readonly<Record<Register, readonly string[]>>>> = {
  date: {
    neutral: ['is it going to rain tomorrow', "what's the date today", 'are you open next Monday', 'is Friday a bank holiday', 'can it come before the weekend'],
    elderly: ["Is it going to rain tomorrow, do you know? I've got washing out.", 'What is the date today? I lose track these days.'],
    impatient: ['what day is it even', 'why does the date matter'],
  },
  number: {
    neutral: ['how many can I order at once', 'is 2 the maximum', 'do I need to be over 18', 'how much is it, 20 pounds'],
    elderly: ['How many am I allowed? Is 2 too many?', 'Does it matter that I am over 70?'],
    impatient: ['how many is the max', 'why do you need a number'],
  },
  email: {
    neutral: ['is my email safe with you', 'do you need my work or my personal email', 'should I just email help@yourshop.com instead', 'will you send me spam'],
    elderly: ["Is it safe to put my email in here? My neighbour had her details stolen.", "I'm not sure which email you mean, I have two."],
    impatient: ['why do you need my email', 'will you spam me'],
  },
  phone: {
    neutral: ["what's your phone number", 'is the 0800 number free to call', 'do you have a number I can call', 'can you call me instead'],
    elderly: ['Could you not just ring me? It would be much easier.', 'Is there a number I can telephone instead?'],
    impatient: ['just call me', 'why do you need my number'],
  },
  pattern: {
    neutral: ['is that the number on the receipt', 'where do I find it', 'is it the one starting with {prefix}', 'is {short} the right format', 'does it have letters in it'],
    elderly: ['Is that the number on the letter or the one on the box?', "Where would I find that? Is it the one that starts with {prefix}?"],
    impatient: ['where do I even find that', 'is it the {prefix} thing'],
  },
  yes_no: {
    neutral: ['what happens if I say no', 'hmm, is there a fee for that', 'do I have a choice', 'not sure, what would you recommend'],
    elderly: ["I'm not sure. What would you do, if you were me?", 'Is there any charge for that? I am on a pension.'],
    impatient: ['does it matter', 'whatever is faster'],
  },
  choice: {
    neutral: ["what's the difference between {a} and {b}", 'which one is cheaper, {a} or {b}', 'is {a} any good'],
    elderly: ["What's the difference between {a} and {b}? I don't really follow.", 'Which would you recommend, {a} or {b}?'],
    impatient: ['{a} or {b}, which is faster', 'does it matter'],
  },
  text: {
    neutral: ['what do you need that for', 'why do you need to know', 'how much detail do you want', 'is there a word limit'],
    elderly: ['How much do you want me to write? I do tend to go on a bit.', 'What do you need to know that for?'],
    impatient: ['why does that matter', 'do I have to'],
  },
};

/** Topic switches: `{x}` is another request of the same flow, worded like any request. */
export const TOPIC_SWITCH_FRAMES: Readonly<Record<Register, readonly string[]>> = {
  neutral: ['actually, {x}', "oh and while I'm here, {x}", 'wait, before that, {x}', 'also, {x}', 'one more thing, {x}'],
  elderly: ['Oh, and I meant to ask as well, {x}.', 'Before I forget, {x}.', 'While I think of it, {x}.'],
  impatient: ['also {x}', 'and {x}'],
};

// ---------------------------------------------------------------------------------------------------------
// Answers to questions. `{value}` is the slot value, `{label}` the slot's name in words.

/** `date_past` answers "when did it arrive?", `date` a wish ("which day suits you?"). */
export type AnswerKind = 'default' | 'date' | 'date_past' | 'number' | 'email' | 'phone' | 'choice' | 'text' | 'name';

export const ANSWERS: Readonly<Record<PersonaId, Readonly<Partial<Record<AnswerKind, readonly string[]>>>>> = {
  impatient: {
    default: ['{value}', "it's {value}", '{label} {value}', '{value}, hurry', 'its {value} ok', '{label} is {value}', 'here: {value}', '{value} obviously', 'it is {value}'],
    date: ['{value}', 'on {value}', '{value} works', '{value}, asap'],
    date_past: ['{value}', 'on {value}', '{value} I think', 'it was {value}'],
    number: ['{value}', 'just {value}', '{value} ok', '{value}, next'],
    choice: ['{value}', '{value} obviously', 'just {value}', '{value}, next'],
    text: ['{value}', 'just {value}'],
    name: ['{value}', "it's {value}"],
  },
  'typo-prone': {
    default: [
      'my {label} is {value}', 'sure, my {label} is {value}', 'the {label} is {value}', 'ok my {label} is {value}', "yeah it's {value} I think",
      'here you go, the {label} is {value}', 'I think it is {value}', 'it should be {value}', 'the {label} on my email is {value}', 'ok so the {label} is {value}',
      'my {label} is {value} if that helps', 'sure thing, the {label} is {value}', 'I have it here, {value}',
    ],
    date: ['{value} if possible', 'can we do {value} then', '{value} works for me', 'how about {value} then', "I'd like {value} if that's free", 'ideally {value}'],
    date_past: ['it was {value}', 'on {value} I think', 'it came on {value}', 'I think it was {value}', 'around {value} I guess'],
    number: ['{value} of them I think', 'just {value} for now', 'make it {value} then', "I'd say about {value}", 'I need {value} of them'],
    choice: ["I'll go with {value}", 'I think {value} is best', "let's do {value} then", '{value} would be best', 'the {value} one I think'],
    text: ["it's {value}", 'basically {value}', 'so {value}', 'well {value}'],
    email: ['my email is {value}', 'my email address is {value}', 'you can use {value}', 'email me at {value}', 'the email I used is {value}', 'it should be {value} I think'],
    phone: ['my number is {value}', "it's {value}, that's my mobile", 'call me on {value}', 'my mobile is {value}', 'best number is {value}'],
    name: ["it's {value}", 'my name is {value}', "I'm {value}"],
  },
  'non-native': {
    default: ['My {label} is {value}.', 'The {label} is {value}.', 'It is {value}.', 'Yes, my {label} is {value}.', '{value} is my {label}.', 'This is my {label}: {value}.'],
    date: ['I would like {value}.', '{value} is good for me.', 'On {value}, if it is possible.', 'I can come on {value}.'],
    date_past: ['It was {value}.', 'On {value}.', 'I think {value}.', 'It came on {value}.'],
    number: ['{value}.', 'I need {value}.', '{value}, I think.', 'The number is {value}.'],
    choice: ['I choose {value}.', '{value}, I think.', '{value}.', 'My answer is {value}.'],
    text: ['{value}.', 'It is {value}.', 'The problem is {value}.'],
    email: ['My email is {value}.', 'My email address is {value}.', 'It is {value}.'],
    phone: ['My phone number is {value}.', 'The number is {value}.', 'You can call me at {value}.'],
    name: ['My name is {value}.', 'I am {value}.', 'It is {value}.'],
  },
  elderly: {
    default: [
      "My {label} is {value}, I've got it written down here.",
      'Let me see, the {label} is {value}. It was on the email they sent me.',
      'Yes, I have it here, it is {value}. My daughter wrote it down for me.',
      'It should be {value}, that is what it says on the letter.',
      "Oh yes, the {label}. I believe it's {value}, if I'm reading it right.",
    ],
    date: [
      "Would {value} be possible? I'm free most of that week.",
      "{value} would suit me best, if that's all right.",
      'Could I come on {value}? My daughter can drive me then.',
      'I think {value} would be best for me, I have nothing else on.',
    ],
    date_past: [
      'I think it was {value}. The postman brought it in the morning.',
      'It would have been {value}, if my memory serves me right.',
      'It came on {value}, I remember because my daughter was visiting.',
    ],
    number: ["{value}, if that's all right.", 'I think {value} will be enough for me.', 'Let me think. {value}, yes, {value} should do it.'],
    choice: ["I think I'd like {value}, that sounds the most sensible.", '{value}, I think. That would suit me best.', 'Oh, {value} would be best for me.'],
    text: ['{value}. I hope that makes sense.', 'Well, {value}, if you see what I mean.', 'Let me explain. {value}.'],
    email: [
      "My email address is {value}, but I don't check it very often.",
      "It's {value}. My grandson set it up for me.",
      "You can use {value}, that's the one I use for everything.",
    ],
    phone: ["My number is {value}, I'm usually in during the day.", "You can ring me on {value}. If I don't answer I'm probably in the garden."],
    name: ['My name is {value}.', "It's {value}, that's my full name.", "I'm {value}, I've been a customer for a long time."],
  },
};

/** The elderly factual sub-style: full sentences without the extra story. */
export const ELDERLY_FACTUAL_ANSWERS: Readonly<Partial<Record<AnswerKind, readonly string[]>>> = {
  default: ['My {label} is {value}, if that helps.', 'Yes, the {label} is {value}.', 'The {label} is {value}, I believe.', 'That would be {value}, I think.', 'Right, my {label} is {value}.'],
  date: ['{value} would be best for me.', 'Could I have {value}, do you think?', 'I would like {value}, if possible.'],
  date_past: ['It was {value}, I believe.', 'On {value}, I think.', 'It came on {value}.'],
  number: ['{value}, I think.', 'Just {value}, I believe.', 'It would be {value}.'],
  choice: ["I'd like {value}, I think.", '{value} would suit me.', 'I think {value}, yes.'],
  text: ['Well, {value}.', '{value}, I think.', 'It is that {value}.'],
  name: ['My name is {value}.', "It's {value}."],
};

export const YES_NO_ANSWERS: Readonly<Record<PersonaId, { yes: readonly string[]; no: readonly string[] }>> = {
  impatient: { yes: ['yes', 'yep', 'yes, go', 'yes obviously', 'yeah do it', 'y'], no: ['no', 'nope', 'no. next', "no, don't", 'nah'] },
  'typo-prone': {
    yes: ["yes that's right, go ahead", 'yeah that works for me', 'yes go ahead with it', "sure, yes that's fine", 'yep that works', 'yes that is correct', 'yes, that one'],
    no: ['no not really', 'no, not this time', 'nope, no need for that', "no I don't think so", 'no, leave it as it is'],
  },
  'non-native': { yes: ['Yes.', 'Yes, correct.', 'Yes, it is right.', 'Yes, I want this.'], no: ['No.', 'No, I do not want.', 'No, it is not correct.', 'No, not this.'] },
  elderly: {
    yes: ["Yes, that's right.", 'Yes, that would be lovely.', 'Oh yes, I think so.', 'Yes, go ahead.', "Yes, that's what I'd like."],
    no: ["No, I don't think so.", "No, that's not needed.", "No, that's not right, I'm afraid.", "No, I'd rather not."],
  },
};

/** How a customer picks a button-like option by typing. `{label}` is the option's label or a synonym. */
export const OPTION_ANSWERS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['{label}', '{label}', '{label} obviously', 'just {label}', '{label}, now'],
  'typo-prone': ["it's about {label}", 'I need help with {label}', '{label} I think', "I'm after {label}", 'I want the {label} option', 'the {label} one for me'],
  'non-native': ['I want {label}.', '{label}.', 'I choose {label}.', 'It is about {label}.'],
  elderly: ['I think I need the {label} one.', 'Oh, {label}, I think.', "It's about {label}, if that's the right button.", 'The {label} one, I believe.'],
};

/** Kinds of value a customer volunteers, each with its own clause shapes. */
export type VolunteerKind = 'default' | 'date' | 'count' | 'choice';

/**
 * How a customer adds a slot they were not asked for yet. `{count}` is a number with its label
 * ("3 items", "guests 2").
 */
export const VOLUNTEER_CLAUSES: Readonly<Record<PersonaId, Readonly<Record<VolunteerKind, readonly string[]>>>> = {
  impatient: { default: ['{short} {value}', '{value}', '{short} {value}'], date: ['{value}', 'on {value}'], count: ['{count}'], choice: ['{value}'] },
  // Choices are named bare: "preferably X" fits a wish (a time of day) but not a fact (what went wrong).
  'typo-prone': {
    default: ['my {label} is {value}', '{label} {value}', '{label} is {value}'],
    date: ['on {value}', 'for {value}', 'ideally {value}'],
    count: ['{count}', 'for {count}'],
    choice: ['{value}'],
  },
  'non-native': { default: ['my {label} is {value}', 'the {label} is {value}'], date: ['on {value}', 'for {value}'], count: ['for {count}'], choice: ['{value}'] },
  elderly: {
    default: ['my {label} is {value}', "I have my {label} here, it's {value}", 'the {label} is {value}, I think'],
    date: ['I was thinking of {value}', 'on {value}, if possible'],
    count: ['it would be for {count}'],
    choice: ['{value}, I think', 'it is {value}'],
  },
};

// ---------------------------------------------------------------------------------------------------------
// Politeness.

const POLITENESS_RE =
  /\b(please|pls|plz|thanks?|thank you|thankyou|thx|cheers|sorry|apologi[sz]e|apologies|hello|hi|hey|good (morning|afternoon|evening|day)|kindly|excuse me|dear|appreciate|grateful|would you mind|many thanks|ever so)\b/i;

/** True when a turn carries a politeness marker (greeting, thanks, please, apology...). */
export function hasPolitenessMarker(text: string): boolean {
  return POLITENESS_RE.test(text);
}

// ---------------------------------------------------------------------------------------------------------
// Mapping flow intents to concepts.

const STOP = new Set([
  'i', 'me', 'my', 'a', 'an', 'the', 'to', 'is', 'it', 'do', 'you', 'can', 'could', 'would', 'want', 'need', 'like', 'of', 'for', 'on', 'in',
  'and', 'or', 'be', 'please', 'how', 'what', 'this', 'that', 'with', 'about', 'get', 'am', 'are', 'im', "i'm", "i'd", 'id', 'just', 'some',
]);

/** A crude stem: enough for "tracking" ~ "track" and "refunds" ~ "refund". */
export function stemWord(word: string): string {
  let w = word.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('es')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

/** Words of an identifier or phrase: splits snake_case, kebab-case and camelCase. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .filter((w) => w !== '');
}

const conceptKeywordStems = new Map<string, Map<string, number>>();
function keywordStems(c: Concept): Map<string, number> {
  let m = conceptKeywordStems.get(c.id);
  if (!m) {
    m = new Map();
    for (const [k, w] of Object.entries(c.keywords)) m.set(stemWord(k), Math.max(w, m.get(stemWord(k)) ?? 0));
    conceptKeywordStems.set(c.id, m);
  }
  return m;
}

/** How well a concept fits an intent: keyword weight, doubled for words in the intent's id or label. */
export function conceptScore(concept: Concept, intent: Intent): number {
  const named = new Set(wordsOf(`${intent.id} ${intent.label ?? ''}`).filter((w) => !STOP.has(w)).map(stemWord));
  const phrased = new Set(intent.phrases.flatMap((p) => wordsOf(p)).filter((w) => !STOP.has(w)).map(stemWord));
  let score = 0;
  for (const [k, w] of keywordStems(concept)) {
    if (named.has(k)) score += 2 * w;
    else if (phrased.has(k)) score += w;
  }
  return score;
}

/** Minimum score for a concept to stand for an intent (one strong keyword in the id, or several in phrases). */
const MIN_CONCEPT_SCORE = 5;

/**
 * Maps each intent to the concept it asks for, one concept per intent at most and each concept used once,
 * greedily by score (so "cancel_order" and "cancel_appointment" in one flow get different concepts).
 */
export function mapIntentsToConcepts(intents: readonly Intent[]): Map<string, Concept | null> {
  const pairs: { intent: string; concept: Concept; score: number }[] = [];
  for (const intent of intents) {
    for (const c of CONCEPTS) {
      const s = conceptScore(c, intent);
      if (s >= MIN_CONCEPT_SCORE) pairs.push({ intent: intent.id, concept: c, score: s });
    }
  }
  // Stable order: best score first, then document order of intents and concepts.
  pairs.sort((a, b) => b.score - a.score);
  const out = new Map<string, Concept | null>(intents.map((i) => [i.id, null]));
  const used = new Set<string>();
  for (const p of pairs) {
    if (out.get(p.intent) !== null || used.has(p.concept.id)) continue;
    out.set(p.intent, p.concept);
    used.add(p.concept.id);
  }
  return out;
}

const flowConcepts = new WeakMap<CompiledFlow, Map<string, Concept | null>>();

/** The concept of one intent of a compiled flow (cached per flow), or null when none fits. */
export function conceptOf(flow: CompiledFlow, intentId: string): Concept | null {
  let m = flowConcepts.get(flow);
  if (!m) {
    m = mapIntentsToConcepts(flow.doc.intents);
    flowConcepts.set(flow, m);
  }
  return m.get(intentId) ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Transforming training phrases.

/** Small synonym groups: any member may replace another. Multi-word members are matched as whole phrases. */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['order', 'purchase'],
  ['parcel', 'package'],
  ['want to', 'need to', 'would like to'],
  ['cancel', 'call off'],
  ['check', 'look up', 'see'],
  ['change', 'update', 'modify'],
  ['receive', 'get'],
  ['problem', 'issue', 'trouble'],
  ['broken', 'damaged'],
  ['wrong', 'incorrect'],
  ['book', 'schedule', 'arrange'],
  ['appointment', 'booking'],
  ['help', 'assist'],
  ['item', 'product'],
  ['talk', 'speak', 'chat'],
  ['person', 'human', 'someone'],
  ['find out', 'know'],
  ['tell me', 'let me know'],
  ['arrive', 'turn up', 'show up'],
  ['account', 'profile'],
  ['shop', 'store'],
  ['quickly', 'fast', 'soon'],
  ['status', 'progress'],
  ['delivery', 'shipment'],
  ['refund', 'money back'],
  ['reset', 'recover'],
  ['details', 'information', 'info'],
  ['question', 'query'],
  ['fix', 'sort out'],
  ['missing', 'lost'],
  ['late', 'delayed'],
  ['new', 'another'],
];

/** Leading frames that can be swapped for one another ("I want to X" -> "how can I X"). */
const LEADING_FRAMES = [
  'i would like to', "i'd like to", 'i want to', 'i need to', 'i wanna', 'can i', 'can you', 'could you', 'how do i', 'how can i', 'help me',
  'i have to', "i'm trying to", 'is it possible to', 'please',
];
const NEW_FRAMES = ["I'm trying to", 'how can I', 'is it possible to', 'I have to', 'need to', 'trying to', 'I was hoping to', 'is there a way to'];

/** Verbs that can follow a frame ("how can I" + verb...). */
const FRAME_VERBS = new Set([
  'cancel', 'track', 'change', 'return', 'book', 'check', 'update', 'reset', 'talk', 'speak', 'get', 'find', 'know', 'see', 'send', 'make',
  'order', 'pay', 'buy', 'add', 'remove', 'report', 'modify', 'schedule', 'arrange', 'reschedule', 'move', 'open', 'close', 'delete',
  'contact', 'complain', 'claim', 'request', 'apply', 'sign', 'log', 'login', 'recover', 'renew', 'upgrade', 'downgrade', 'transfer', 'use',
  'exchange', 'swap', 'edit', 'stop', 'pause', 'start', 'activate', 'view', 'download', 'receive', 'collect', 'confirm', 'look', 'call',
]);

const CONTEXT_PREFIXES = ['quick question,', 'so', 'ok so', 'right,', 'um', 'so basically'];
/** Clauses that fit after a request ("cancel my order as soon as possible"). */
const CONTEXT_SUFFIXES = [', if that is possible', ' as soon as possible', ' today', " - it's urgent", ' for me', ", I've been trying for a while", ' this week'];
/** Clauses that fit after a question ("where is my order, any idea"). */
const QUESTION_SUFFIXES = [", it's urgent", " - I've been waiting ages", ', any idea', ' right now', ', do you know', ' at the moment'];
const QUESTION_WORDS = new Set(['where', 'what', 'when', 'how', 'why', 'who', 'which', 'can', 'could', 'is', 'are', 'has', 'have', 'do', 'does', 'did', 'will', 'would', "where's", "what's"]);
const DROPPABLE = new Set(['my', 'the', 'a', 'an', 'just', 'really', 'some', 'please', 'still', 'currently']);

/** Lower case, letters, digits and single spaces: the folding used to compare utterances with training phrases. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}@.' ]+/gu, ' ')
    .replace(/(?<![\p{L}\p{N}])[.']|[.'](?![\p{L}\p{N}])/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const trainingSets = new WeakMap<object, Set<string>>();

function trainingSet(flow: CompiledFlow | { doc: { intents: readonly Intent[] } }): Set<string> {
  let s = trainingSets.get(flow);
  if (!s) {
    s = new Set(flow.doc.intents.flatMap((i) => i.phrases.map(foldText)));
    trainingSets.set(flow, s);
  }
  return s;
}

/**
 * True when `text` is, after case and punctuation folding, exactly one of the flow's training phrases (any
 * intent). The simulated customers should almost never do this (product.md §4).
 */
export function isVerbatimTrainingPhrase(text: string, flow: CompiledFlow | { doc: { intents: readonly Intent[] } }): boolean {
  return trainingSet(flow).has(foldText(text));
}

function replaceWord(words: string[], from: number, len: number, by: string): string[] {
  return [...words.slice(0, from), ...by.split(' '), ...words.slice(from + len)];
}

/**
 * Groups whose members are verbs here but nouns elsewhere ("an update on my order" must not become "an
 * modify"): swapped only where a verb is expected.
 */
const VERB_GROUPS = new Set(['change', 'check', 'book', 'cancel', 'receive', 'help', 'talk', 'fix', 'reset', 'arrive', 'find out', 'tell me']);
/** Words after which a verb follows ("to change", "I change", "can you change", "how do I change"). */
const BEFORE_VERB = new Set(['to', 'i', 'can', 'you', 'please', 'not', "can't", 'cannot', 'me', 'and', "let's", 'lets', 'will', 'should', 'must', 'could', 'would']);

/** Swaps one synonym-group member found in the phrase for another member (fixing "a"/"an" before it). */
function swapSynonym(words: string[], rng: Rng): string[] {
  const hits: { at: number; len: number; group: readonly string[]; member: string }[] = [];
  for (const group of SYNONYM_GROUPS) {
    const verbs = VERB_GROUPS.has(group[0]);
    for (const member of group) {
      const parts = member.split(' ');
      for (let i = 0; i + parts.length <= words.length; i++) {
        if (!parts.every((p, k) => words[i + k] === p)) continue;
        if (verbs && i > 0 && !BEFORE_VERB.has(words[i - 1])) continue;
        hits.push({ at: i, len: parts.length, group, member });
      }
    }
  }
  if (hits.length === 0) return words;
  const h = rng.pick(hits);
  const others = h.group.filter((m) => m !== h.member);
  const out = replaceWord(words, h.at, h.len, rng.pick(others));
  const before = out[h.at - 1];
  if (before === 'a' || before === 'an') out[h.at - 1] = /^[aeiou]/.test(out[h.at]) ? 'an' : 'a';
  return out;
}

/** Replaces a leading frame ("i want to") by another, or adds one before a bare verb. */
function reframe(words: string[], rng: Rng): string[] {
  const joined = words.join(' ');
  for (const f of LEADING_FRAMES) {
    if (joined === f || !joined.startsWith(`${f} `)) continue;
    const rest = words.slice(f.split(' ').length);
    // Only a known verb can take a new frame; "can i come in" keeps its own.
    if (rest.length === 0 || !FRAME_VERBS.has(rest[0])) return words;
    return [...rng.pick(NEW_FRAMES).split(' '), ...rest];
  }
  if (words.length > 0 && FRAME_VERBS.has(words[0])) return [...rng.pick(NEW_FRAMES).split(' '), ...words];
  return words;
}

function dropWord(words: string[], rng: Rng): string[] {
  const idx = words.map((w, i) => (DROPPABLE.has(w) ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0 || words.length <= 2) return words;
  const at = rng.pick(idx);
  return [...words.slice(0, at), ...words.slice(at + 1)];
}

/** Moves a trailing "for me"/"today"/"now"/"please" clause, or swaps two comma-separated clauses. */
function reorder(phrase: string, rng: Rng): string {
  const parts = phrase.split(/,\s*/);
  if (parts.length === 2 && parts[0] && parts[1]) return `${parts[1]}, ${parts[0]}`;
  const m = /^(.*\S)\s+(today|now|asap|please|again|for me)$/.exec(phrase);
  if (m && rng.chance(0.5)) return `${m[2]}, ${m[1]}`;
  return phrase;
}

function addContext(phrase: string, rng: Rng): string {
  if (rng.chance(0.5)) return `${rng.pick(CONTEXT_PREFIXES)} ${phrase}`;
  const question = QUESTION_WORDS.has(phrase.split(' ')[0]);
  return `${phrase}${rng.pick(question ? QUESTION_SUFFIXES : CONTEXT_SUFFIXES)}`;
}

/**
 * A paraphrase of one training phrase: synonym swaps, a different leading frame, a dropped function word,
 * reordered clauses and sometimes a context clause. Never returns one of `avoid` (folded) when it can help it:
 * after a few tries it adds a context clause, which always changes the folded text.
 *
 * @example
 * transformPhrase('i want to cancel my order', rng, set) // "is it possible to call off my order"
 */
export function transformPhrase(phrase: string, rng: Rng, avoid: ReadonlySet<string> = new Set()): string {
  const base = foldText(phrase);
  for (let attempt = 0; attempt < 4; attempt++) {
    let words = base.split(' ').filter((w) => w !== '');
    if (rng.chance(0.75)) words = swapSynonym(words, rng);
    if (rng.chance(0.5)) words = swapSynonym(words, rng);
    if (rng.chance(0.5)) words = reframe(words, rng);
    if (rng.chance(0.3)) words = dropWord(words, rng);
    let out = words.join(' ');
    if (rng.chance(0.3)) out = reorder(out, rng);
    if (rng.chance(0.3)) out = addContext(out, rng);
    if (out !== base && !avoid.has(foldText(out))) return out;
  }
  return addContext(base, rng);
}

/** Words an impatient customer leaves out when reducing a request to keywords. */
const FUNCTION_WORDS = new Set([...STOP, 'basically', 'quick', 'question', 'ok', 'um', 'right', 'so', 'was', 'hoping', 'trying', 'way', 'will', 'should', 'does', 'did', 'has', 'have', 'been', 'was', 'there', 'any', 'yet', 'at', 'from', 'so', 'know', 'tell', 'let', 'possible', "i've", "don't", 'dont']);

/** A request cut to its content words ("I would like to cancel my order" -> "cancel order"), at most `max` words. */
export function compressPhrase(phrase: string, max = 4): string {
  const words = foldText(phrase).split(' ').filter((w) => w !== '');
  const content = words.filter((w) => !FUNCTION_WORDS.has(w));
  const kept = (content.length > 0 ? content : words).slice(0, max);
  return kept.join(' ');
}

/** The training phrases of the flow, folded (for `transformPhrase`'s avoid set). */
export function trainingPhrasesOf(flow: CompiledFlow): ReadonlySet<string> {
  return trainingSet(flow);
}
