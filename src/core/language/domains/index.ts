import type { DomainPack } from '../types.ts';
export const DOMAIN_PACKS: readonly DomainPack[] = [];
