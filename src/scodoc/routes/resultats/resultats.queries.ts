/** SQL of the results routes beyond the cached loader: note dates (etat_evals), moduleimpl teachers (programme). */
import type { Kysely } from 'kysely';

export async function noteDatesOfFs(db: Kysely<any>, fsId: number): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom('sco_note as n')
    .innerJoin('sco_evaluation as e', 'e.id', 'n.evaluation_id')
    .innerJoin('sco_moduleimpl as mi', 'mi.id', 'e.moduleimpl_id')
    .select(['n.evaluation_id', 'n.date'])
    .where('mi.formsemestre_id', '=', fsId)
    .execute();
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const e = Number(r.evaluation_id);
    let l = out.get(e);
    if (!l) {
      l = [];
      out.set(e, l);
    }
    l.push(Number(r.date));
  }
  return out;
}

export async function ensOfFs(db: Kysely<any>, fsId: number): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom('sco_moduleimpl_ens as x')
    .innerJoin('sco_moduleimpl as mi', 'mi.id', 'x.moduleimpl_id')
    .select(['x.moduleimpl_id', 'x.user_id'])
    .where('mi.formsemestre_id', '=', fsId)
    .orderBy('x.user_id')
    .execute();
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const k = Number(r.moduleimpl_id);
    out.set(k, [...(out.get(k) ?? []), Number(r.user_id)]);
  }
  return out;
}
