/**
 * Values a simulated customer knows: an order number matching the flow's pattern, a plausible email, phone
 * number, date, quantity, yes/no, a choice, or a short free-text answer. All names, streets and products
 * below are invented for flowstress; the email domains are common webmail providers so addresses look real.
 */
import type { EntitySpec } from '../flow/types.ts';
import type { Rng } from '../simulate/random.ts';
import { addDays, SIM_TODAY } from './value-forms.ts';
import { generateFromPattern, matchesPattern, redrawDigits } from './pattern-generator.ts';

const FIRST_NAMES = [
  'maria', 'james', 'aisha', 'tom', 'li', 'sofia', 'daniel', 'grace', 'omar', 'helen', 'pavel', 'nina', 'arjun',
  'joan', 'kofi', 'emma', 'lucas', 'yuki', 'peter', 'fatima', 'george', 'ines', 'david', 'mei', 'robert', 'ana',
];
const LAST_NAMES = [
  'lopez', 'carter', 'khan', 'brennan', 'wei', 'rossi', 'okafor', 'hughes', 'haddad', 'novak', 'schmidt', 'patel',
  'morris', 'mensah', 'fischer', 'silva', 'tanaka', 'walsh', 'ahmed', 'kowalski', 'evans', 'moreau', 'reid', 'costa',
];
const MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com', 'proton.me', 'btinternet.com', 'aol.com'];
const STREETS = ['Elm Road', 'Station Street', 'Mill Lane', 'Park Avenue', 'Church Close', 'Victoria Road', 'Orchard Way', 'High Street'];
const TOWNS = ['Leeds', 'Bristol', 'Norwich', 'York', 'Cardiff', 'Brighton', 'Derby', 'Exeter'];
const PRODUCTS = [
  'the blue running shoes', 'a grey wool jumper', 'the coffee grinder', 'two bath towels', 'a phone case',
  'the garden chair set', 'a kettle', 'the kids raincoat', 'a desk lamp', 'the noise cancelling headphones',
];
const PROBLEMS = [
  'the screen is cracked', 'it stopped working after two days', 'the zip broke the first time I used it',
  'one of the parts is missing', 'it is the wrong size', 'the colour is not what I ordered',
  'it arrived damaged', 'the box was empty', 'it makes a loud noise', 'the charger does not fit',
];
const GENERIC_TEXT = ['it is about my last order', 'a question about my account', 'something I bought last month', 'the parcel from last week'];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function personName(rng: Rng): string {
  return `${cap(rng.pick(FIRST_NAMES))} ${cap(rng.pick(LAST_NAMES))}`;
}

function email(rng: Rng): string {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const shapes = [`${first}.${last}`, `${first}${last}`, `${first}_${last}${rng.between(1, 99)}`, `${first[0]}${last}`, `${first}${rng.between(70, 99)}`];
  return `${rng.pick(shapes)}@${rng.pick(MAIL_DOMAINS)}`;
}

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => String(rng.int(10))).join('');

function phone(rng: Rng): string {
  // UK mobile and landline shapes and a North American one; digits grouped the way people type them.
  switch (rng.int(5)) {
    case 0:
      return `07${digits(rng, 3)} ${digits(rng, 6)}`;
    case 1:
      return `+44 7${digits(rng, 3)} ${digits(rng, 6)}`;
    case 2:
      return `(${rng.between(201, 989)}) ${digits(rng, 3)}-${digits(rng, 4)}`;
    case 3:
      return `0${rng.between(113, 191)} ${digits(rng, 3)} ${digits(rng, 4)}`;
    default:
      return `07${digits(rng, 9)}`;
  }
}

/** A date question about the past ("when did it arrive?") rather than a wish ("which day suits you?"). */
export const PAST_DATE_RE = /\b(did|was|were|arrived?|received|happened|bought|ordered|placed|delivered|last|started|began|took place)\b/i;

/**
 * A date as the customer's true fact, in ISO form, near the simulation's today: up to a month back when the
 * question is about the past, up to six weeks ahead for a wish. How it is written is value-forms.ts's job.
 */
function date(prompt: string, rng: Rng): string {
  return PAST_DATE_RE.test(prompt) ? addDays(SIM_TODAY, -rng.between(1, 30)) : addDays(SIM_TODAY, rng.between(1, 42));
}

/** Range of a number question from its bounds, or from its slot name when the designer gave none. */
function numberRange(entity: { min?: number; max?: number }, slot: string): [number, number] {
  const s = slot.toLowerCase();
  let lo = 1;
  let hi = 20;
  if (/(guest|people|person|party|adult|child|seat|ticket|quantit|qty|count|items?$|number_of)/.test(s)) [lo, hi] = [1, 6];
  else if (/(meter|reading)/.test(s)) [lo, hi] = [10000, 999999];
  else if (/(mileage|miles|odometer)/.test(s)) [lo, hi] = [3000, 160000];
  else if (/(year)/.test(s)) [lo, hi] = [1950, 2025];
  else if (/age/.test(s)) [lo, hi] = [18, 90];
  else if (/(amount|price|total|cost|budget|payment|balance|refund|fee|charge|bill|spend)/.test(s)) [lo, hi] = [5, 400];
  else if (/(rating|score)/.test(s)) [lo, hi] = [1, 5];
  if (entity.min !== undefined) lo = Math.max(lo, entity.min);
  if (entity.max !== undefined) hi = Math.min(hi, entity.max);
  if (lo > hi) {
    // The slot-name guess conflicts with the designer's bounds: the bounds win.
    lo = entity.min ?? hi;
    hi = entity.max ?? lo + 10;
  }
  return [lo, hi];
}

function freeText(slot: string, prompt: string, rng: Rng): string {
  const s = `${slot} ${prompt}`.toLowerCase();
  if (/(name)/.test(s) && !/(product|item|company)/.test(s)) return personName(rng);
  if (/(postcode|post code|zip)/.test(s)) return `${rng.pick(['LS', 'BS', 'NR', 'YO', 'CF'])}${rng.between(1, 19)} ${rng.between(1, 9)}${rng.pick(['AB', 'DF', 'HJ', 'PQ', 'TW'])}`;
  if (/(address|street)/.test(s)) return `${rng.between(2, 98)} ${rng.pick(STREETS)}, ${rng.pick(TOWNS)}`;
  if (/(city|town)/.test(s)) return rng.pick(TOWNS);
  if (/(product|item|what did you (buy|order))/.test(s)) return rng.pick(PRODUCTS);
  if (/(reason|issue|problem|describe|description|detail|wrong|fault|comment|feedback|note|message)/.test(s)) return rng.pick(PROBLEMS);
  return rng.pick(GENERIC_TEXT);
}

/**
 * A value the customer would give for one entity. `slot` and `prompt` steer free text and number ranges
 * ("guests" -> 1-6). Pattern values come from the pattern itself, else from the example with its digits
 * redrawn, else the example.
 *
 * @example
 * generateEntityValue({ type: 'pattern', pattern: '[A-Z]{2}\\d{6}', example: 'AB123456' }, 'order', '', rng) // "KD905217"
 */
export function generateEntityValue(entity: EntitySpec, slot: string, prompt: string, rng: Rng): string {
  switch (entity.type) {
    case 'pattern': {
      const generated = generateFromPattern(entity.pattern, rng);
      if (generated !== null) return generated;
      return redrawDigits(entity.example, entity.pattern, rng);
    }
    case 'email':
      return email(rng);
    case 'phone':
      return phone(rng);
    case 'date':
      return date(prompt, rng);
    case 'number': {
      const [lo, hi] = numberRange(entity, slot);
      if (entity.integer === false && rng.chance(0.3)) {
        const v = lo + rng.next() * (hi - lo);
        return String(Math.round(v * 100) / 100);
      }
      return String(rng.between(Math.ceil(lo), Math.floor(hi)));
    }
    case 'yes_no':
      return rng.chance(0.5) ? 'yes' : 'no';
    case 'choice':
      return entity.options.length > 0 ? rng.pick(entity.options).value : '';
    case 'text': {
      let text = freeText(slot, prompt, rng);
      const min = entity.minWords ?? 0;
      while (text.split(/\s+/).length < min) text += ` ${rng.pick(PROBLEMS)}`;
      return text;
    }
  }
}

/** True when a generated value is one the entity accepts by construction (used by goal checks). */
export function fitsEntity(entity: EntitySpec, value: string): boolean {
  switch (entity.type) {
    case 'pattern':
      return matchesPattern(entity.pattern, value);
    case 'number': {
      const n = Number(value);
      return Number.isFinite(n) && (entity.min === undefined || n >= entity.min) && (entity.max === undefined || n <= entity.max) && (entity.integer !== true || Number.isInteger(n));
    }
    case 'choice':
      return entity.options.some((o) => o.value.toLowerCase() === value.toLowerCase());
    case 'yes_no':
      return value === 'yes' || value === 'no';
    case 'text':
      return value.trim() !== '' && value.split(/\s+/).length >= (entity.minWords ?? 0);
    default:
      return value.trim() !== '';
  }
}
