import type { GroupRow, PartitionRow } from './partitions.queries.js';

/** scodoc.md §5.6 `group` (+ 9.6 `edt_id`). */
export function presentGroup(g: GroupRow) {
  return {
    id: Number(g.id),
    partition_id: Number(g.partition_id),
    group_name: g.group_name,
    numero: Number(g.numero),
    edt_id: g.edt_id,
  };
}

/** scodoc.md §5.6 `partition`, `groups` a dict keyed by group id (a deployed client requires it). */
export function presentPartition(p: PartitionRow, groups: readonly GroupRow[]) {
  const byId: Record<string, ReturnType<typeof presentGroup>> = {};
  for (const g of groups) if (Number(g.partition_id) === Number(p.id)) byId[String(g.id)] = presentGroup(g);
  return {
    id: Number(p.id),
    formsemestre_id: Number(p.formsemestre_id),
    partition_name: p.partition_name,
    numero: Number(p.numero),
    bul_show_rank: Boolean(p.bul_show_rank),
    show_in_lists: Boolean(p.show_in_lists),
    groups_editable: Boolean(p.groups_editable),
    is_parcours: Boolean(p.is_parcours),
    groups: byId,
  };
}
