/**
 * Keeps sm_mode_workgroups (migrations/0004-mode-workgroups.ts) exact: after a change, the rows of the
 * affected modes are recomputed from their entries, the closure table, owners and shares — in the
 * caller's transaction.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';

async function refresh(trx: Kysely<any>, modes: RawBuilder<unknown>): Promise<void> {
  await sql`delete from sm_mode_workgroups where mode_id in (${modes})`.execute(trx);
  await sql`insert into sm_mode_workgroups (mode_id, workgroup_id)
    select distinct e.mode_id, c.owner_workgroup_id from sm_mode_entries e
      join sm_ci_closure cl on cl.descendant_id = e.ci_id
      join sm_config_items c on c.id = cl.ancestor_id
    where e.mode_id in (${modes})
    union
    select distinct e.mode_id, s.workgroup_id from sm_mode_entries e
      join sm_ci_closure cl on cl.descendant_id = e.ci_id
      join sm_ci_shares s on s.ci_id = cl.ancestor_id
    where e.mode_id in (${modes})`.execute(trx);
}

/** After a mode's scope changed. */
export function refreshMode(trx: Kysely<any>, modeId: number): Promise<void> {
  return refresh(trx, sql`${modeId}`);
}

/** After a change at CI `ciId` that its whole subtree inherits (owner, share, move). */
export function refreshSubtree(trx: Kysely<any>, ciId: number): Promise<void> {
  return refresh(
    trx,
    sql`select e2.mode_id from sm_mode_entries e2 where e2.ci_id in (select cl2.descendant_id from sm_ci_closure cl2 where cl2.ancestor_id = ${ciId})`,
  );
}

/** Modes with an entry on CI `ciId` (to refresh after the CI and its entries are gone). */
export async function modesOnCi(trx: Kysely<any>, ciId: number): Promise<number[]> {
  const rows = await trx.selectFrom('sm_mode_entries').select('mode_id').distinct().where('ci_id', '=', ciId).execute();
  return rows.map((r) => Number(r.mode_id));
}

/** After entries of these modes were removed (CI deletion). */
export async function refreshModes(trx: Kysely<any>, modeIds: readonly number[]): Promise<void> {
  for (const id of modeIds) await refreshMode(trx, id);
}
