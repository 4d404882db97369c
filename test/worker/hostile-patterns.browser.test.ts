import { afterEach, describe, expect, it } from 'vitest';
import { parseFlow } from '../../src/core/flow/index.ts';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import { createStressClient } from '../../src/worker/create-stress-client.ts';
import type { StressClient } from '../../src/worker/types.ts';
import { miniFlow } from '../fixtures/mini-flow.ts';

// Issue 11 in real Chromium: a flow's patterns never run on the page. A catastrophic pattern is refused
// before any worker starts (FS019), and a pattern example is checked inside the worker (FS016).

function withPattern(pattern: string, example: string): FlowDocument {
  const doc = miniFlow();
  const question = doc.nodes.find((n) => n.type === 'question' && (n.data as { entity?: { type?: string } }).entity?.type === 'pattern')!;
  (question.data as { entity: { pattern: string; example: string } }).entity = { ...(question.data as { entity: object }).entity, pattern, example } as never;
  const parsed = parseFlow(doc);
  if (!parsed.ok) throw new Error('fixture');
  return parsed.flow;
}

describe('flow patterns in the browser', () => {
  let client: StressClient | undefined;
  afterEach(() => client?.dispose());

  it('(a+)+b is refused at once with FS019, the page never runs it', async () => {
    client = createStressClient();
    const started = performance.now();
    const reply = await client.runBatch({ flow: withPattern('(a+)+b', `${'a'.repeat(34)}c`), personas: ['impatient'], n: 5, seed: 1 });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(/FS019/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('an example its pattern rejects comes back from the worker as FS016, naming the node', async () => {
    client = createStressClient();
    const reply = await client.runBatch({ flow: withPattern('^[A-Z]{2}\\d{6}$', '1234AB'), personas: ['impatient'], n: 3, seed: 1 });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('FS016');
      expect(reply.error.message).toMatch(/has the example "1234AB"/);
    }
  });

  it('a good flow still runs', async () => {
    client = createStressClient();
    const reply = await client.runBatch({ flow: withPattern('^[A-Z]{2}\\d{6}$', 'AB123456'), personas: ['impatient'], n: 3, seed: 1 });
    expect(reply.ok).toBe(true);
  });
});
