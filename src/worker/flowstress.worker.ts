import * as Comlink from 'comlink';
import { createWorkerApi } from './worker-api.ts';

// The shell only: all logic lives in worker-api.ts. Explicit `self` because comlink's default endpoint
// (globalThis) misses the fake `self` some test environments inject (toolchain.md §4).
Comlink.expose(createWorkerApi(), self as unknown as Comlink.Endpoint);
