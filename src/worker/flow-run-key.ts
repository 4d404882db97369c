import { canonicalJson, flowHash } from '../core/flow/hash.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import { hashString } from '../core/simulate/random.ts';

/**
 * The key a worker caches a compiled flow under. The content hash (`flowHash`) names a flow version in the
 * history and leaves out what is not the bot (the stated domain, imported customer messages), but those change
 * the simulated customers: a worker that reused a flow compiled with other customer messages would run the
 * wrong customers. So the key is the content hash, plus a digest of those when present.
 *
 * @example
 * flowRunKey(flow) === flowHash(flow); // true for a flow without customer messages or domain
 */
export function flowRunKey(flow: FlowDocument, contentHash: string = flowHash(flow)): string {
  const extra = { domain: flow.domain, customerMessages: flow.customerMessages };
  if (extra.domain === undefined && extra.customerMessages === undefined) return contentHash;
  return `${contentHash}+${hashString(canonicalJson(extra))}`;
}
