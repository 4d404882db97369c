/**
 * Slot-value noise: the labelled, separate error rate for the values a customer types (order numbers, emails,
 * names). Kept apart from the typo channel, which never touches values, so a flow's failure to capture a value is
 * never confused with its failure to understand a sentence (persona-realism.md §2.5).
 */
import type { PersonaId } from '../types.ts';
import type { Rng } from '../../simulate/random.ts';
import type { NoiseResult } from './typos.ts';
import { pickNeighbour } from './qwerty.ts';

export type SlotValueKind = 'digits' | 'email' | 'text';

/** Probability that a typed slot value carries one error, per persona (persona-realism.md §2.3, "Slot-value noise"). */
export const SLOT_VALUE_NOISE: Readonly<Record<PersonaId, number>> = {
  impatient: 0.01,
  'typo-prone': 0.05,
  'non-native': 0.01,
  elderly: 0.02,
};

/**
 * Domain slips people make in the big webmail names. Their frequency is why email-domain spell checkers
 * (mailcheck, @zootools/email-spell-checker) exist (persona-realism.md §2.5).
 */
const DOMAIN_SLIPS: Readonly<Record<string, readonly string[]>> = {
  gmail: ['gmial', 'gmal', 'gmai', 'gamil', 'gnail'],
  hotmail: ['hotmial', 'hotmal', 'hotmai', 'hotmil'],
  yahoo: ['yaho', 'yahooo', 'yhaoo'],
  outlook: ['outlok', 'outllook', 'otlook'],
  icloud: ['iclod', 'icoud', 'icluod'],
  live: ['liv', 'lve'],
  aol: ['ao', 'aoll'],
};

/** Top-level domain slips: ".con" for ".com" (the m and n keys are neighbours), dropped or swapped letters. */
const TLD_SLIPS: Readonly<Record<string, readonly string[]>> = {
  com: ['con', 'cm', 'co', 'ocm', 'comm'],
  net: ['nte', 'ne', 'bet'],
  org: ['ogr', 'or'],
  uk: ['uj', 'k'],
  de: ['ed', 'd'],
};

/** Swaps two neighbouring characters at `at`, `at + 1`. */
function swapAt(s: string, at: number): string {
  return s.slice(0, at) + s[at + 1] + s[at] + s.slice(at + 2);
}

function digitsSlip(value: string, rng: Rng): string {
  const options: Array<() => string> = [];
  const swappable: number[] = [];
  for (let i = 0; i + 1 < value.length; i++) {
    if (/\d/.test(value[i]) && /\d/.test(value[i + 1]) && value[i] !== value[i + 1]) swappable.push(i);
  }
  // Transposed digits: the classic transcription error when copying a number from paper.
  if (swappable.length > 0) {
    const swap = () => swapAt(value, rng.pick(swappable));
    options.push(swap, swap);
  }
  // Grouped digits ("12 34 56", "123-456"): people chunk long numbers the way they read them.
  const run = /\d{5,}/.exec(value);
  if (run) {
    options.push(() => {
      const sep = rng.chance(0.5) ? ' ' : '-';
      const size = rng.chance(0.5) ? 2 : 3;
      const digits = run[0];
      const groups: string[] = [];
      for (let i = 0; i < digits.length; i += size) groups.push(digits.slice(i, i + size));
      return value.slice(0, run.index) + groups.join(sep) + value.slice(run.index + digits.length);
    });
  }
  // Letter O for zero (persona-realism.md §2.5).
  if (value.includes('0')) {
    options.push(() => {
      const zeros: number[] = [];
      for (let i = 0; i < value.length; i++) if (value[i] === '0') zeros.push(i);
      const at = rng.pick(zeros);
      return value.slice(0, at) + 'O' + value.slice(at + 1);
    });
  }
  if (options.length === 0) return value;
  return rng.pick(options)();
}

function emailSlip(value: string, rng: Rng): string {
  const at = value.lastIndexOf('@');
  if (at < 0) return textSlip(value, rng);
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  const name = labels[0].toLowerCase();
  const tld = labels[labels.length - 1].toLowerCase();
  const canSlipName = name in DOMAIN_SLIPS || labels[0].length >= 3;
  const canSlipTld = labels.length > 1 && tld in TLD_SLIPS;
  if (canSlipName && (!canSlipTld || rng.chance(0.6))) {
    const known = DOMAIN_SLIPS[name];
    labels[0] = known ? rng.pick(known) : swapAt(labels[0], rng.between(1, labels[0].length - 2));
  } else if (canSlipTld) {
    labels[labels.length - 1] = rng.pick(TLD_SLIPS[tld]);
  } else {
    return textSlip(value, rng);
  }
  return `${local}@${labels.join('.')}`;
}

/** One motor slip, never on the first character (Yannakoudakis & Fawthrop 1983: few first-letter errors). */
function textSlip(value: string, rng: Rng): string {
  if (value.length < 2) return value;
  const at = rng.between(1, value.length - 1);
  const c = value[at];
  switch (rng.weightedIndex([40, 25, 20, 15])) {
    case 0: {
      const n = pickNeighbour(c.toLowerCase(), rng);
      if (n) return value.slice(0, at) + (c === c.toUpperCase() ? n.toUpperCase() : n) + value.slice(at + 1);
      return value.slice(0, at) + c + value.slice(at);
    }
    case 1:
      return value.slice(0, at) + value.slice(at + 1);
    case 2:
      return value.slice(0, at) + c + value.slice(at);
    default:
      return at + 1 < value.length ? swapAt(value, at) : swapAt(value, at - 1);
  }
}

/**
 * With probability `rate`, types `value` with one realistic error for its kind: transposed or grouped digits and O
 * for 0 (`digits`), a domain or TLD slip (`email`), or one motor slip (`text`). The result's perturbation, of kind
 * `slot_noise`, records the intended and typed value so a scorer can count invalid values the bot accepted.
 *
 * @example
 * applySlotValueNoise('jane@gmail.com', 'email', 1, createRng(1)); // { text: 'jane@gmial.com', perturbations: [...] }
 */
export function applySlotValueNoise(value: string, kind: SlotValueKind, rate: number, rng: Rng): NoiseResult {
  if (rate <= 0 || value.length === 0 || !rng.chance(rate)) return { text: value, perturbations: [] };
  const typed = kind === 'digits' ? digitsSlip(value, rng) : kind === 'email' ? emailSlip(value, rng) : textSlip(value, rng);
  if (typed === value) return { text: value, perturbations: [] };
  return { text: typed, perturbations: [{ kind: 'slot_noise', from: value, to: typed }] };
}
