import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOW_SCHEMA, toFlowSchema } from '../../../src/core/flow/schema.ts';
import { BROKEN_FLOWS, baseFlowJson } from '../../fixtures/flows/broken-flows.ts';
import { exampleFlowFiles } from './example-flows.ts';
import { checkSchema } from './json-schema-check.ts';

const publicSchema = JSON.parse(readFileSync(new URL('../../../public/flow.schema.json', import.meta.url), 'utf8'));

describe('FLOW_SCHEMA', () => {
  it('is what public/flow.schema.json holds', () => {
    // To regenerate: npx tsx -e "import {FLOW_SCHEMA} from './src/core/flow/schema.ts'; import {writeFileSync} from 'node:fs';
    //   writeFileSync('public/flow.schema.json', JSON.stringify(FLOW_SCHEMA, null, 2) + '\n')"
    expect(publicSchema).toEqual(FLOW_SCHEMA);
  });

  it('is draft 2020-12 and hands out copies', () => {
    expect(FLOW_SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const copy = toFlowSchema();
    expect(copy).toEqual(FLOW_SCHEMA);
    copy.title = 'changed';
    expect(FLOW_SCHEMA.title).not.toBe('changed');
  });

  it.each(exampleFlowFiles())('accepts the example flow %s', (_name, doc) => {
    expect(checkSchema(FLOW_SCHEMA, doc)).toEqual([]);
  });

  it('accepts the base fixture, and React Flow fields on nodes and edges', () => {
    const doc = baseFlowJson() as { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
    Object.assign(doc.nodes[0], { selected: true, measured: { width: 1, height: 2 } });
    Object.assign(doc.edges[0], { animated: true, sourceHandle: null });
    expect(checkSchema(FLOW_SCHEMA, doc)).toEqual([]);
  });

  it('rejects what validation rejects for missing fields and bad values', () => {
    const rejected = (code: string, defect: string) => {
      const b = BROKEN_FLOWS.find((x) => x.code === code && x.defect === defect)!;
      return checkSchema(FLOW_SCHEMA, JSON.parse(JSON.stringify(b.flow)));
    };
    expect(rejected('FS006', 'a question without a slot')).toEqual(['$.nodes[8].data: missing "slot"']);
    expect(rejected('FS009', 'a choice without options')).toEqual(['$.nodes[12].data.entity.options: fewer than 1 items']);
    expect(rejected('FS009', 'an unknown entity type').length).toBeGreaterThan(0);
    expect(rejected('FS012', 'an intent without phrases')).toEqual(['$.intents[0].phrases: fewer than 1 items']);
    expect(rejected('FS013', 'a router with no intents')).toEqual(['$.nodes[1].data.intents: fewer than 1 items']);
    expect(rejected('FS015', 'an action without a mock')).toEqual(['$.nodes[3].data: missing "mock"']);
    expect(rejected('FS015', 'an error rate above 1')).toEqual(['$.nodes[3].data.mock.rate: above 1']);
    expect(checkSchema(FLOW_SCHEMA, { id: 'x', name: 'x', nodes: [{ id: 'a', type: 'sendText' }], edges: [] })).toEqual([
      '$.nodes[0].type: not one of ["start","message","question","router","condition","action","handoff","end"]',
    ]);
    expect(checkSchema(FLOW_SCHEMA, { ...baseFlowJson(), settings: { matcher: { typo: true } } })).toEqual(['$.settings.matcher.typo: not allowed']);
  });
});
