/** Stored integers of the attendance states (scodoc-assiduites.md §1.1, §1.2); input in any case, output upper. */

export const ASSIDUITE_ETATS = ['PRESENT', 'RETARD', 'ABSENT'] as const;
export const JUSTIF_ETATS = ['VALIDE', 'NON_VALIDE', 'ATTENTE', 'MODIFIE'] as const;

/** `"absent"` → 2; unknown → undefined. */
export function etatCode(names: readonly string[], v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const i = names.indexOf(v.trim().toUpperCase());
  return i < 0 ? undefined : i;
}

/** `etat=absent,retard` (any case): the codes asked for, null for all; unknown names match nothing (D20). */
export function etatsFilter(names: readonly string[], v: string | undefined): Set<number> | null {
  if (v === undefined || v.trim() === '') return null;
  const out = new Set<number>();
  for (const x of v.split(',')) {
    const c = etatCode(names, x);
    if (c !== undefined) out.add(c);
  }
  return out;
}
