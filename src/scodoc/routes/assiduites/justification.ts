/**
 * What every attendance write does inside its transaction (scodoc-assiduites.md §4, AS5, AS9):
 * serialise writers of the same students, recompute `est_just` of their records, bump the results version
 * of the formsemestres whose dates the written periods touch (issue 5's caches key on it), leave an audit row.
 */
import { type Kysely, sql } from 'kysely';
import { audit } from '../../../auth/audit.js';
import type { Dialect } from '../../../db/database.js';
import { inscriptionPeriods } from './assiduites.queries.js';
import { localDayAfter, localMidnight } from './local-datetime.js';

/**
 * Takes the write lock first. SQLite: a write statement makes the transaction a writer at once, so a
 * concurrent instance waits (busy_timeout) instead of failing on a read-then-write upgrade. PostgreSQL:
 * the students' rows are locked, so overlap checks of two concurrent requests cannot both pass.
 */
export async function lockStudents(trx: Kysely<any>, dialect: Dialect, etudids: readonly number[]) {
  if (dialect === 'sqlite') {
    await sql`update sco_results_version set version = version where 1 = 0`.execute(trx);
    return;
  }
  if (etudids.length === 0) return;
  await sql`select id from sco_etudiant where id in (${sql.join([...etudids].sort((a, b) => a - b))}) order by id for update`.execute(
    trx,
  );
}

/** Which records to recompute: all of some students, some records by id, or a student's records in a window. */
export type EstJustScope =
  | { readonly etudids: readonly number[] }
  | { readonly ids: readonly number[] }
  | { readonly etudid: number; readonly from: number; readonly to: number };

/**
 * §4: an ABSENT or RETARD record is justified iff one VALIDE justificatif of the student spans it entirely;
 * PRESENT never. One statement; only the records a write can change are touched (a new record, the records
 * inside a justificatif's old and new periods).
 */
export async function recomputeEstJust(trx: Kysely<any>, scope: EstJustScope | readonly number[]) {
  const sc: EstJustScope = Array.isArray(scope) ? { etudids: scope as readonly number[] } : (scope as EstJustScope);
  let where: ReturnType<typeof sql>;
  if ('etudids' in sc) {
    if (sc.etudids.length === 0) return;
    where = sql`etudid in (${sql.join([...new Set(sc.etudids)])})`;
  } else if ('ids' in sc) {
    if (sc.ids.length === 0) return;
    where = sql`id in (${sql.join([...sc.ids])})`;
  } else {
    where = sql`etudid = ${sc.etudid} and date_debut < ${sc.to} and date_fin > ${sc.from}`;
  }
  await sql`update sco_assiduite set est_just = case when etat <> 0 and exists (
      select 1 from sco_justificatif j
      where j.etudid = sco_assiduite.etudid and j.etat = 0
        and j.date_debut <= sco_assiduite.date_debut and j.date_fin >= sco_assiduite.date_fin
    ) then 1 else 0 end
    where ${where}`.execute(trx);
}

/**
 * Bumps the results version of each formsemestre (issue 5: results caches key on it, across instances).
 * Call it in the transaction of the write.
 */
export async function bumpResultsVersion(trx: Kysely<any>, formsemestreIds: Iterable<number>) {
  for (const fs of new Set(formsemestreIds)) {
    await trx
      .insertInto('sco_results_version')
      .values({ formsemestre_id: fs, version: 1 })
      .onConflict((oc) =>
        oc.column('formsemestre_id').doUpdateSet({ version: sql`sco_results_version.version + 1` as any }),
      )
      .execute();
  }
}

export interface Period {
  readonly etudid: number;
  readonly date_debut: number;
  readonly date_fin: number;
}

/** The formsemestres of the students whose dates (local days) overlap one of the periods. */
export async function formsemestresTouched(
  trx: Kysely<any>,
  periods: readonly Period[],
  timeZone: string,
): Promise<number[]> {
  if (periods.length === 0) return [];
  const ins = await inscriptionPeriods(trx, [...new Set(periods.map((p) => Number(p.etudid)))]);
  const out = new Set<number>();
  for (const i of ins) {
    const from = localMidnight(i.date_debut, timeZone);
    const to = localDayAfter(i.date_fin, timeZone);
    for (const p of periods) {
      if (Number(p.etudid) === Number(i.etudid) && p.date_debut < to && p.date_fin > from) {
        out.add(Number(i.formsemestre_id));
      }
    }
  }
  return [...out];
}

/**
 * The common tail of every attendance write (AS5, AS9): `est_just` of the records it can change — `recompute`:
 * the records written (assiduité side), or the records inside the periods written (justificatif side) —, the
 * results versions of the formsemestres touched, one audit record.
 */
export async function afterAttendanceWrite(
  trx: Kysely<any>,
  w: {
    readonly actor: string;
    readonly action: string;
    readonly ids: readonly number[];
    readonly periods: readonly Period[];
    readonly recompute: 'records' | 'periods' | 'none';
    readonly timeZone: string;
    readonly ip?: string;
  },
) {
  const etudids = [...new Set(w.periods.map((p) => Number(p.etudid)))];
  if (w.recompute === 'records') await recomputeEstJust(trx, { ids: w.ids });
  else if (w.recompute === 'periods') {
    for (const p of w.periods) {
      await recomputeEstJust(trx, { etudid: Number(p.etudid), from: Number(p.date_debut), to: Number(p.date_fin) });
    }
  }
  await bumpResultsVersion(trx, await formsemestresTouched(trx, w.periods, w.timeZone));
  // AS9: user, time, route, ids, students, dates; never file bytes nor `raison`.
  await audit(trx, {
    api: 'scodoc',
    actor: w.actor,
    action: w.action,
    target: w.ids.join(',') || null,
    ip: w.ip ?? null,
    detail: JSON.stringify({
      etudids,
      periods: w.periods.map((p) => [Number(p.date_debut), Number(p.date_fin)]),
    }),
  });
}
