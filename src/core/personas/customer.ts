/**
 * A simulated customer: policy -> realizer -> noise channels (persona-realism.md §1.1). The policy decides the
 * acts, the realizer words them (the template realizer unless another is passed), then the seeded channels
 * perturb the words: slot values get the persona's own, lower, slot-value error rate and are protected from
 * everything else; learner grammar (non-native only), typos and writing style follow. Every turn carries its
 * ground truth. Each stage draws from its own stream, so switching one off never moves another's draws.
 */
import type { EntitySpec } from '../flow/types.ts';
import type { Awaiting, CompiledFlow } from '../runtime/types.ts';
import { isVerbatimTrainingPhrase } from './banks.ts';
import { applyLearnerGrammar, applySlotValueNoise, applyStyle, applyTypos, type SlotValueKind } from './noise/index.ts';
import { PERSONAS, type PersonaParameters } from './parameters.ts';
import { createPolicy } from './policy.ts';
import { findSlotValue } from '../runtime/matcher/index.ts';
import { questionFor, templateRealizer } from './realizer.ts';
import { spokenValue } from './value-forms.ts';
import { drawValueHabit, formatValue, isFormattable, type ValueVariant } from './value-format.ts';
import type { CreateCustomerOptions, Customer, CustomerTurn, Perturbation } from './types.ts';

/** Which slot-value error model fits a value, or null for prose that the ordinary channels may touch. */
function valueKind(entity: EntitySpec | undefined, slot: string, value: string): SlotValueKind | null {
  switch (entity?.type) {
    case 'email':
      return 'email';
    case 'phone':
    case 'number':
      return 'digits';
    case 'pattern':
    case 'date':
      return /\d/.test(value) ? 'digits' : 'text';
    case 'choice':
    case 'yes_no':
      return 'text';
    case 'text':
      // Names are values; a description of a problem is prose.
      return /name/i.test(slot) ? 'text' : null;
    default:
      return /\d|@/.test(value) ? 'digits' : 'text';
  }
}

function entityOf(flow: CompiledFlow, awaiting: Awaiting | null, slot: string): EntitySpec | undefined {
  if (awaiting?.kind === 'question' && awaiting.slot === slot) return awaiting.entity;
  return questionFor(flow, slot)?.entity;
}

/** Replaces every occurrence of `from` in `text` (values are literal strings, never patterns). */
function replaceAll(text: string, from: string, to: string): string {
  return from === '' ? text : text.split(from).join(to);
}

/**
 * Creates one customer for one conversation. Stateful: call `respond` once per bot step, in order.
 *
 * @example
 * const customer = createCustomer({ persona: 'elderly', flow, goal, streams: createStreams(seed, i, 'elderly') });
 * const turn = customer.respond({ turn: 0, messages, events, awaiting });
 * turn.text;        // "Good morning. Where is my order? My order number is KD905217."
 * turn.truth.slots; // { order: 'KD905217' }
 */
export function createCustomer(opts: CreateCustomerOptions & { params?: PersonaParameters }): Customer {
  const { persona, flow, goal, streams } = opts;
  const params = opts.params ?? PERSONAS[persona];
  const realizer = opts.realizer ?? templateRealizer;
  const policy = createPolicy({ persona, flow, goal, rng: streams.get('policy'), digressionRng: streams.get('digression'), params });
  const realizerRng = streams.get('realizer');
  const typoRng = streams.get('typo');
  const grammarRng = streams.get('grammar');
  const styleRng = streams.get('style');
  const formatRng = streams.get('format');
  const formRng = streams.get('value_form');
  // The customer's way of writing identifiers, drawn on first use and kept (a habit, not a slip).
  let habit: ValueVariant | null | undefined;
  let lastFormatted: { slot: string; entity: EntitySpec } | null = null;

  return {
    respond(obs): CustomerTurn {
      // A value written our own way was rejected: with an example of the expected form in the bot's words the
      // customer copies it; without one they mostly retype it the same way.
      if (lastFormatted && habit) {
        const { slot, entity } = lastFormatted;
        const accepted = obs.events.some((e) => e.type === 'slot_filled' && e.slot === slot);
        if (!accepted) {
          const botText = obs.messages.map((m) => m.text).join(' ');
          const shown = entity.type === 'pattern' && findSlotValue(entity, botText) !== null;
          if (shown || !formatRng.chance(params.valueFormat.repeatAfterReject)) habit = null;
        }
      }
      lastFormatted = null;
      const decision = policy.decide(obs);
      // Facts are canonical (an ISO date, a plain amount); the words are the person's own form of them.
      const spoken: Record<string, string> = {};
      const acts = decision.acts.map((a) => {
        if (a.act !== 'inform') return a;
        const form = spokenValue(entityOf(flow, obs.awaiting, a.slot), a.slot, a.value, persona, formRng);
        if (form === a.value) return a;
        spoken[a.slot] = form;
        return { ...a, value: form };
      });
      const lastBotText = obs.messages.length > 0 ? obs.messages[obs.messages.length - 1].text : '';
      const clean = realizer.realize({
        persona,
        acts,
        awaiting: obs.awaiting,
        lastBotText,
        flow,
        rand: realizerRng.next,
        context: opts.language ? { ...decision.context, language: opts.language } : decision.context,
      });

      const perturbations: Perturbation[] = [];
      let text = clean;
      const protect: string[] = [];
      for (const [slot, fact] of Object.entries(decision.slots)) {
        const value = spoken[slot] ?? fact;
        const entity = entityOf(flow, obs.awaiting, slot);
        const kind = valueKind(entity, slot, value);
        if (kind === null || !text.includes(value)) continue;
        let written = value;
        if (entity && isFormattable(entity)) {
          if (habit === undefined) habit = drawValueHabit(params.valueFormat, formatRng);
          if (habit) {
            written = formatValue(value, habit);
            if (written !== value) {
              text = replaceAll(text, value, written);
              perturbations.push({ kind: 'value_format', from: value, to: written });
              lastFormatted = { slot, entity };
            }
          }
        }
        const noisy = applySlotValueNoise(written, kind, params.slotValueNoise, typoRng);
        if (noisy.text !== written) {
          text = replaceAll(text, written, noisy.text);
          perturbations.push(...noisy.perturbations);
        }
        protect.push(noisy.text);
      }
      if (params.grammarRate > 0) {
        const g = applyLearnerGrammar(text, params.grammarRate, grammarRng, protect);
        text = g.text;
        perturbations.push(...g.perturbations);
      }
      const t = applyTypos(text, params.typos, typoRng, protect);
      text = t.text;
      perturbations.push(...t.perturbations);
      const s = applyStyle(text, { ...params.style, frustrated: decision.frustrated }, styleRng, protect);
      text = s.text;
      perturbations.push(...s.perturbations);

      return {
        text,
        leaves: decision.leaves,
        truth: {
          acts: decision.acts,
          ...(decision.intent !== undefined ? { intent: decision.intent } : {}),
          slots: decision.slots,
          ...(decision.digression ? { digression: decision.digression } : {}),
          clean,
          perturbations,
          verbatimTrainingPhrase: isVerbatimTrainingPhrase(text, flow),
        },
      };
    },
  };
}
