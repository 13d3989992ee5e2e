/**
 * The Hierarchy (parent → child, one parent, no cycles: service-modes.md, CMDB) kept as `parent_id` plus a
 * closure table, changed only here and always inside the caller's transaction, so the closure never
 * disagrees with the links. Cycles and second parents are refused on every write.
 */
import { type Kysely, sql } from 'kysely';
import { SmError } from '../../errors.js';
import { refreshSubtree } from '../../mode-visibility.js';

/** Closure rows of a new CI: itself at distance 0, and every ancestor of its parent one step further. */
export async function addToHierarchy(trx: Kysely<any>, ciId: number, parentId: number | null): Promise<void> {
  await trx.insertInto('sm_ci_closure').values({ ancestor_id: ciId, descendant_id: ciId, distance: 0 }).execute();
  if (parentId !== null) {
    await sql`insert into sm_ci_closure (ancestor_id, descendant_id, distance)
      select ancestor_id, cast(${ciId} as bigint), distance + 1 from sm_ci_closure where descendant_id = ${parentId}`.execute(
      trx,
    );
  }
}

/** True when `candidate` is `ciId` or one of its descendants (making it the parent would close a cycle). */
export async function inSubtree(trx: Kysely<any>, ciId: number, candidate: number): Promise<boolean> {
  const row = await trx
    .selectFrom('sm_ci_closure')
    .select('distance')
    .where('ancestor_id', '=', ciId)
    .where('descendant_id', '=', candidate)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Sets (or clears, with null) the parent of `ciId`, moving its whole subtree in the closure table.
 * `allowReplace`: false refuses a CI that already has another parent (links route: one parent per CI).
 */
export async function setParent(
  trx: Kysely<any>,
  ciId: number,
  parentId: number | null,
  allowReplace: boolean,
): Promise<void> {
  const ci = await trx.selectFrom('sm_config_items').select('parent_id').where('id', '=', ciId).executeTakeFirst();
  const current = ci?.parent_id === null || ci?.parent_id === undefined ? null : Number(ci.parent_id);
  if (current === parentId) return;
  if (parentId !== null && (await inSubtree(trx, ciId, parentId))) throw new SmError('SM_ERR_CMDB_CYCLE');
  if (parentId !== null && current !== null && !allowReplace) throw new SmError('SM_ERR_CMDB_SECOND_PARENT');
  // Detach: drop every (outside ancestor → subtree member) row.
  await sql`delete from sm_ci_closure
    where descendant_id in (select descendant_id from sm_ci_closure where ancestor_id = ${ciId})
      and ancestor_id in (select ancestor_id from sm_ci_closure where descendant_id = ${ciId} and distance > 0)`.execute(
    trx,
  );
  if (parentId !== null) {
    await sql`insert into sm_ci_closure (ancestor_id, descendant_id, distance)
      select a.ancestor_id, s.descendant_id, a.distance + s.distance + 1
      from sm_ci_closure a cross join sm_ci_closure s
      where a.descendant_id = ${parentId} and s.ancestor_id = ${ciId}`.execute(trx);
  }
  await trx.updateTable('sm_config_items').set({ parent_id: parentId }).where('id', '=', ciId).execute();
  // Inherited sight of the subtree's modes changed with its ancestors.
  await refreshSubtree(trx, ciId);
}

/** True when an Influence path already leads from `from` to `to` (a new to → from link would close a cycle). */
export async function influencePath(trx: Kysely<any>, from: number, to: number): Promise<boolean> {
  if (from === to) return true;
  const r = await sql<{ n: number }>`with recursive reach(id) as (
      select cast(${from} as bigint)
      union
      select l.target_id from sm_ci_links l join reach on l.source_id = reach.id where l.type = 'Influence'
    ) select count(*) as n from reach where id = ${to}`.execute(trx);
  return Number(r.rows[0]?.n ?? 0) > 0;
}
