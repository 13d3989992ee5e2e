/** ScoDoc's stored `module_type` (ModuleType: 0 standard, 1 malus, 2 ressource, 3 SAÉ) → engine module kind. */
import type { ModuleKind } from './types.js';

const KINDS: readonly ModuleKind[] = ['standard', 'malus', 'ressource', 'sae'];

/** Unknown codes are treated as standard modules. */
export function moduleKindFromType(moduleType: number): ModuleKind {
  return KINDS[moduleType] ?? 'standard';
}
