import type { Kysely } from 'kysely';
import type { ModuleRow } from '../formations/formations.present.js';
import { MODULE_COLS } from '../formations/formations.queries.js';

export interface ModuleimplRow {
  readonly id: number;
  readonly formsemestre_id: number;
  readonly module_id: number;
  readonly responsable_id: number | null;
  readonly computation_expr: string | null;
  readonly dept_id: number;
}

export async function moduleimplById(db: Kysely<any>, id: number) {
  const mi = (await db
    .selectFrom('sco_moduleimpl as mi')
    .innerJoin('sco_formsemestre as fs', 'fs.id', 'mi.formsemestre_id')
    .select(['mi.id', 'mi.formsemestre_id', 'mi.module_id', 'mi.responsable_id', 'mi.computation_expr', 'fs.dept_id'])
    .where('mi.id', '=', id)
    .executeTakeFirst()) as ModuleimplRow | undefined;
  if (!mi) return undefined;
  const module = (await db
    .selectFrom('sco_module')
    .select(MODULE_COLS)
    .where('id', '=', mi.module_id)
    .executeTakeFirstOrThrow()) as ModuleRow;
  const ens = await db
    .selectFrom('sco_moduleimpl_ens')
    .select('user_id')
    .where('moduleimpl_id', '=', id)
    .orderBy('user_id')
    .execute();
  return { mi, module, ens: ens.map((e) => Number(e.user_id)) };
}
