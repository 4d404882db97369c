/** The flow document: its types, reading, validation, schema, content hash and graph helpers. */
export * from './types.ts';
export { parseFlow, parseFlowText, withDefaultSettings, findJsonErrorOffset } from './parse.ts';
export type { ParseResult, ParseOptions, PartialFlowSettings } from './parse.ts';
export { validateFlow, hasErrors, severityOf, describeNode, compareFindings, compileEntityPattern } from './validate.ts';
export { FLOW_SCHEMA, toFlowSchema } from './schema.ts';
export type { JsonSchemaObject } from './schema.ts';
export { flowHash, canonicalFlow, canonicalJson } from './hash.ts';
export {
  indexFlow,
  handleOf,
  outgoingByHandle,
  reachableFrom,
  findEndPaths,
  findCyclesWithoutWait,
  routerRoutes,
  isListeningKind,
  isTerminalKind,
  compareStrings,
} from './graph.ts';
export type { FlowIndex, EndPath, FindEndPathsOptions } from './graph.ts';
