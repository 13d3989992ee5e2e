import type { Kysely } from 'kysely';

export interface PartitionRow {
  readonly id: number;
  readonly formsemestre_id: number;
  readonly partition_name: string | null;
  readonly numero: number;
  readonly bul_show_rank: number;
  readonly show_in_lists: number;
  readonly groups_editable: number;
  readonly is_parcours: number;
  /** From the formsemestre: department and lock. */
  readonly dept_id: number;
  readonly fs_etat: number;
}

export interface GroupRow {
  readonly id: number;
  readonly partition_id: number;
  readonly group_name: string | null;
  readonly numero: number;
  readonly edt_id: string | null;
}

const P_COLS = [
  'p.id',
  'p.formsemestre_id',
  'p.partition_name',
  'p.numero',
  'p.bul_show_rank',
  'p.show_in_lists',
  'p.groups_editable',
  'p.is_parcours',
  'fs.dept_id',
  'fs.etat as fs_etat',
] as const;

function partitionSelect(db: Kysely<any>) {
  return db
    .selectFrom('sco_partition as p')
    .innerJoin('sco_formsemestre as fs', 'fs.id', 'p.formsemestre_id')
    .select(P_COLS);
}

export function partitionById(db: Kysely<any>, id: number): Promise<PartitionRow | undefined> {
  return partitionSelect(db).where('p.id', '=', id).executeTakeFirst() as Promise<PartitionRow | undefined>;
}

/** Partitions of a formsemestre by numero, id (scodoc.md D28); `named` leaves out the default one. */
export function partitionsOf(db: Kysely<any>, formsemestreId: number, named: boolean): Promise<PartitionRow[]> {
  let q = partitionSelect(db).where('p.formsemestre_id', '=', formsemestreId);
  if (named) q = q.where('p.partition_name', 'is not', null);
  return q.orderBy('p.numero').orderBy('p.id').execute() as Promise<PartitionRow[]>;
}

/** Groups of several partitions, by numero, id: one query. */
export function groupsOf(db: Kysely<any>, partitionIds: readonly number[]): Promise<GroupRow[]> {
  if (partitionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sco_group')
    .select(['id', 'partition_id', 'group_name', 'numero', 'edt_id'])
    .where('partition_id', 'in', [...partitionIds])
    .orderBy('numero')
    .orderBy('id')
    .execute() as Promise<GroupRow[]>;
}

export function groupById(db: Kysely<any>, id: number): Promise<GroupRow | undefined> {
  return db
    .selectFrom('sco_group')
    .select(['id', 'partition_id', 'group_name', 'numero', 'edt_id'])
    .where('id', '=', id)
    .executeTakeFirst() as Promise<GroupRow | undefined>;
}

/** Sets the numero of each id to its position in `ids` (those of `table` under `parentCol` = parent). */
export async function reorder(
  db: Kysely<any>,
  table: string,
  parentCol: string,
  parent: number,
  ids: readonly number[],
) {
  await db.transaction().execute(async (trx) => {
    for (const [i, id] of ids.entries()) {
      await trx.updateTable(table).set({ numero: i }).where('id', '=', id).where(parentCol, '=', parent).execute();
    }
  });
}

export function isInscrit(db: Kysely<any>, formsemestreId: number, etudid: number) {
  return db
    .selectFrom('sco_inscription')
    .select('etat')
    .where('formsemestre_id', '=', formsemestreId)
    .where('etudid', '=', etudid)
    .executeTakeFirst();
}

/** Puts a student in a group, leaving any other group of the same partition (one statement). */
export async function setMember(db: Kysely<any>, g: GroupRow, etudid: number) {
  await db
    .insertInto('sco_group_member')
    .values({ partition_id: g.partition_id, group_id: g.id, etudid })
    .onConflict((oc) => oc.columns(['partition_id', 'etudid']).doUpdateSet({ group_id: g.id }))
    .execute();
}
