import { readFileSync } from 'node:fs';
import { compileFlow } from './src/core/runtime/compile.ts';
import { simulateBatch } from './src/core/simulate/batch.ts';
const flow = compileFlow(JSON.parse(readFileSync(`demo/flows/order-tracking-fixed.json`,'utf8')));
const cs = simulateBatch(flow, 'typo-prone', 200, 1).filter(c => c.outcome === 'handoff' && !c.outOfScope).slice(0, 6);
for (const c of cs) { console.log('---', c.goal?.routes); for (const t of c.turns) console.log(t.speaker, t.nodeId, t.text.slice(0,100), t.events.filter(e=>['intent_matched','global_intent','fallback','handoff','tool_called'].includes(e.type)).map(e=>e.type+(('intent' in e)?':'+(e as any).intent:'')+(('ok' in e)?':'+(e as any).ok:'')).join(',')); }
