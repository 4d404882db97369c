/**
 * The JSON Schema (draft 2020-12) of a flow file, for editors (`"$schema": ".../flow.schema.json"`) and for
 * hosts that check documents before handing them over. `public/flow.schema.json` is this object written out;
 * a test keeps the two equal.
 *
 * The schema describes a *valid* document: it requires what validation requires (a question's slot and
 * entity, an action's mock, a router's routes, at least one phrase per intent). It cannot express graph
 * rules (one start node, edges that need each other); `validateFlow` does. Nodes and edges may carry React
 * Flow's own fields (`selected`, `measured`...); node `data` and `settings` may not carry unknown fields, as
 * those are usually typos.
 */
import { FLOW_LIMITS } from './parse.ts';
import { DEFAULT_SETTINGS, NODE_KINDS, type NodeKind } from './types.ts';

/** A JSON Schema object (kept loose: it is data, read by editors and validators). */
export type JsonSchemaObject = { [key: string]: unknown };

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
const stringList = (description?: string) => ({ type: 'array', items: { type: 'string' }, ...(description ? { description } : {}) });
const label = { type: 'string', description: 'Display name of the node, used in findings and on the canvas.' };
const attempts = { type: 'integer', minimum: 1, default: 3, description: 'Failed attempts before the no_match edge is taken.' };

/** `data` schema of one node kind: its own fields plus `label`, nothing else. */
const data = (properties: Record<string, unknown>, required: string[] = [], extra: JsonSchemaObject = {}) => ({
  type: 'object',
  properties: { label, ...properties },
  ...(required.length ? { required } : {}),
  additionalProperties: false,
  ...extra,
});

const DATA_SCHEMAS: Record<NodeKind, JsonSchemaObject> = {
  start: data({ greeting: { type: 'string', description: 'Said when the conversation opens.' } }),
  message: data({ text: { type: 'string', description: 'What the bot says; {{slot}} is replaced by a captured value.' } }, ['text']),
  question: data(
    {
      slot: { ...ref('nonEmptyString'), description: 'Slot the answer is stored under.' },
      prompt: ref('nonEmptyString'),
      entity: ref('entity'),
      reprompt: { type: 'string', description: 'Said after an invalid answer instead of the prompt.' },
      maxAttempts: attempts,
    },
    ['slot', 'prompt', 'entity'],
  ),
  router: data(
    {
      prompt: ref('nonEmptyString'),
      mode: { enum: ['intent', 'options'], default: 'intent', description: 'Route by the flow\'s intents or by button-like options.' },
      intents: { ...stringList('Intent ids routed from here; each needs an edge with that sourceHandle.'), uniqueItems: true },
      options: { type: 'array', items: ref('routerOption') },
      reprompt: { type: 'string' },
      maxAttempts: attempts,
    },
    ['prompt'],
    {
      if: { properties: { mode: { const: 'options' } }, required: ['mode'] },
      then: { required: ['options'], properties: { options: { minItems: 1 } } },
      else: { required: ['intents'], properties: { intents: { minItems: 1 } } },
    },
  ),
  condition: data({ branches: { type: 'array', items: ref('conditionBranch'), description: 'Tried in order; the first true branch wins, else the "else" edge.' } }, ['branches']),
  action: data(
    {
      tool: { ...ref('nonEmptyString'), description: 'Name of the tool or API called.' },
      args: stringList('Slot names passed to the tool.'),
      mock: ref('toolMock'),
      text: { type: 'string', description: 'Said while calling.' },
    },
    ['tool', 'mock'],
  ),
  handoff: data({ text: { type: 'string' } }),
  end: data({ text: { type: 'string' } }),
};

/** One `if type is X then data is ...` per entity type / node kind / mock mode. */
const byConst = (key: string, cases: Record<string, JsonSchemaObject>) =>
  Object.entries(cases).map(([value, then]) => ({ if: { properties: { [key]: { const: value } }, required: [key] }, then }));

const entityCase = (properties: Record<string, unknown>, required: string[] = []) => ({
  properties: { type: true, ...properties },
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});

const d = DEFAULT_SETTINGS;

export const FLOW_SCHEMA: JsonSchemaObject = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'flowstress flow document',
  description: 'A chatbot flow as a React Flow graph (nodes, edges) plus its intents and settings.',
  type: 'object',
  required: ['id', 'name', 'nodes', 'edges'],
  properties: {
    $schema: { type: 'string' },
    id: { ...ref('nonEmptyString'), description: 'Stable id of the flow; runs in the history are grouped by it.' },
    name: { type: 'string' },
    nodes: { type: 'array', items: ref('node'), maxItems: FLOW_LIMITS.nodes },
    edges: { type: 'array', items: ref('edge'), maxItems: FLOW_LIMITS.edges },
    intents: { type: 'array', items: ref('intent'), default: [], maxItems: FLOW_LIMITS.intents },
    settings: ref('settings'),
    domain: { type: 'string', description: 'The business the bot serves: a built-in domain id (banking_cards, telecom, insurance, utilities_energy, travel_hotels, healthcare_appointments, food_delivery, retail, software_accounts, public_services, education) or words. Inferred when absent.' },
    customerMessages: {
      type: 'array',
      description: 'Real customer messages by intent: simulated customers use them as wording; never added to the router.',
      maxItems: FLOW_LIMITS.customerMessages,
      items: {
        type: 'object',
        required: ['text', 'intent'],
        properties: { text: ref('nonEmptyString'), intent: ref('nonEmptyString') },
        additionalProperties: false,
      },
    },
  },
  $defs: {
    nonEmptyString: { type: 'string', minLength: 1, pattern: '\\S' },
    node: {
      type: 'object',
      required: ['id', 'type'],
      properties: {
        id: ref('nonEmptyString'),
        type: { enum: [...NODE_KINDS] },
        position: {
          type: 'object',
          required: ['x', 'y'],
          properties: { x: { type: 'number' }, y: { type: 'number' } },
          description: 'Canvas position; ignored by the engine (defaults to 0, 0).',
        },
        data: { type: 'object' },
      },
      allOf: byConst(
        'type',
        Object.fromEntries(
          NODE_KINDS.map((k) => [k, { properties: { data: DATA_SCHEMAS[k] }, ...(DATA_SCHEMAS[k].required ? { required: ['data'] } : {}) }]),
        ),
      ),
    },
    entity: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: ['text', 'number', 'email', 'phone', 'date', 'yes_no', 'choice', 'pattern'] } },
      allOf: byConst('type', {
        text: entityCase({ minWords: { type: 'integer', minimum: 0 } }),
        number: entityCase({ min: { type: 'number' }, max: { type: 'number' }, integer: { type: 'boolean' } }),
        email: entityCase({}),
        phone: entityCase({}),
        date: entityCase({ strict: { type: 'boolean', default: false, description: 'Accept only ISO dates (YYYY-MM-DD).' } }),
        yes_no: entityCase({ strict: { type: 'boolean', default: false, description: 'Accept only the words "yes" or "no" as the whole answer.' } }),
        choice: entityCase({ options: { type: 'array', minItems: 1, items: ref('choiceOption') } }, ['options']),
        pattern: entityCase(
          {
            pattern: { ...ref('nonEmptyString'), description: 'Regular expression matched against the whole answer, case-insensitive.' },
            example: { ...ref('nonEmptyString'), description: 'A value the pattern accepts; simulated customers use values like it.' },
            ignoreSeparators: { type: 'boolean', default: false, description: 'Strip spaces and dashes from the answer before matching.' },
          },
          ['pattern', 'example'],
        ),
      }),
    },
    choiceOption: {
      type: 'object',
      required: ['value'],
      properties: { value: ref('nonEmptyString'), synonyms: stringList('Words that select this option besides the value.') },
      additionalProperties: false,
    },
    routerOption: {
      type: 'object',
      required: ['id', 'label'],
      properties: { id: ref('nonEmptyString'), label: ref('nonEmptyString'), synonyms: stringList() },
      additionalProperties: false,
    },
    conditionBranch: {
      type: 'object',
      required: ['id', 'slot', 'op'],
      properties: {
        id: { ...ref('nonEmptyString'), description: 'Edge handle of this branch.' },
        slot: ref('nonEmptyString'),
        op: { enum: ['eq', 'neq', 'gt', 'lt', 'exists', 'missing', 'contains'] },
        value: { type: ['string', 'number'] },
      },
      additionalProperties: false,
      allOf: [{ if: { properties: { op: { enum: ['eq', 'neq', 'gt', 'lt', 'contains'] } }, required: ['op'] }, then: { required: ['value'] } }],
    },
    toolMock: {
      type: 'object',
      required: ['mode'],
      properties: { mode: { enum: ['success', 'error', 'error_rate'] } },
      allOf: byConst('mode', {
        success: { properties: { mode: true, result: ref('toolResult') }, additionalProperties: false },
        error: { properties: { mode: true }, additionalProperties: false },
        error_rate: {
          properties: { mode: true, rate: { type: 'number', minimum: 0, maximum: 1 }, result: ref('toolResult') },
          required: ['rate'],
          additionalProperties: false,
        },
      }),
    },
    toolResult: { type: 'object', additionalProperties: { type: 'string' }, description: 'Slots set when the call succeeds.' },
    edge: {
      type: 'object',
      required: ['id', 'source', 'target'],
      properties: {
        id: ref('nonEmptyString'),
        source: ref('nonEmptyString'),
        target: ref('nonEmptyString'),
        sourceHandle: {
          type: ['string', 'null'],
          description: 'question: valid | no_match; router: intent or option id | no_match; condition: branch id | else; action: success | error.',
        },
        targetHandle: { type: ['string', 'null'] },
        label: { type: 'string' },
        data: { type: 'object' },
      },
    },
    intent: {
      type: 'object',
      required: ['id', 'phrases'],
      properties: {
        id: ref('nonEmptyString'),
        label: { type: 'string' },
        description: { type: 'string', description: 'What the customer wants, in a sentence; simulated customers understand the intent from it too.' },
        phrases: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'Training phrases; use several varied ones.' },
      },
      additionalProperties: false,
    },
    settings: {
      type: 'object',
      properties: {
        fallback: {
          type: 'object',
          properties: {
            messages: { type: 'array', minItems: 1, items: { type: 'string' }, default: d.fallback.messages },
            behaviour: { enum: ['reprompt', 'message_only', 'restart'], default: d.fallback.behaviour },
            maxConsecutive: { type: 'integer', minimum: 1, default: d.fallback.maxConsecutive },
            giveUp: { enum: ['handoff', 'end'], default: d.fallback.giveUp },
            giveUpMessage: { type: 'string' },
          },
          additionalProperties: false,
        },
        globalIntents: {
          type: 'array',
          default: [],
          items: {
            type: 'object',
            required: ['intent', 'action'],
            properties: {
              intent: ref('nonEmptyString'),
              action: { enum: ['handoff', 'restart', 'repeat', 'help', 'goto'] },
              target: ref('nonEmptyString'),
              response: { type: 'string' },
            },
            additionalProperties: false,
            allOf: [{ if: { properties: { action: { const: 'goto' } }, required: ['action'] }, then: { required: ['target'] } }],
          },
        },
        matcher: {
          type: 'object',
          properties: {
            threshold: { type: 'number', minimum: 0, maximum: 1, default: d.matcher.threshold },
            margin: { type: 'number', minimum: 0, maximum: 1, default: d.matcher.margin },
            typoTolerance: { type: 'boolean', default: d.matcher.typoTolerance },
            globalThreshold: { type: 'number', minimum: 0, maximum: 1, default: d.matcher.globalThreshold, description: 'At a question whose answer reads as valid, a global intent (talk to a human, start over...) wins only at this score or above.' },
          },
          additionalProperties: false,
        },
        captureVolunteeredSlots: { type: 'boolean', default: d.captureVolunteeredSlots },
        stepBudget: { type: 'integer', minimum: 1, default: d.stepBudget },
      },
      additionalProperties: false,
    },
  },
};

/** A fresh, mutable copy of {@link FLOW_SCHEMA} (to extend or serialise). */
export function toFlowSchema(): JsonSchemaObject {
  return JSON.parse(JSON.stringify(FLOW_SCHEMA)) as JsonSchemaObject;
}
