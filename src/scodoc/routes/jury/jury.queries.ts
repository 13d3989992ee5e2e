/** Jury decisions (scodoc.md §5.12, §6.13–6.14): read them for a formsemestre, write them in one transaction. */
import type { Kysely } from 'kysely';
import { bumpResultsVersion } from '../evaluations/evaluations.queries.js';

export interface SemDecisionRow {
  readonly id: number;
  readonly etudid: number;
  readonly code: string;
  readonly assidu: number;
  readonly compense_formsemestre_id: number | null;
  readonly event_date: string;
}
export interface UeDecisionRow {
  readonly id: number;
  readonly formsemestre_id: number;
  readonly etudid: number;
  readonly ue_id: number;
  readonly code: string;
  readonly moy_ue: number | null;
  readonly event_date: string;
}
export interface RcueDecisionRow {
  readonly id: number;
  readonly etudid: number;
  readonly ue_id1: number;
  readonly ue_id2: number;
  readonly code: string;
  readonly moy: number | null;
  readonly event_date: string;
}
export interface AnneeDecisionRow {
  readonly id: number;
  readonly etudid: number;
  readonly ordre: number;
  readonly annee_scolaire: number;
  readonly code: string;
  readonly event_date: string;
}

export interface FsDecisions {
  readonly sem: ReadonlyMap<number, SemDecisionRow>;
  /** This formsemestre's UE decisions by etudid. */
  readonly ues: ReadonlyMap<number, readonly UeDecisionRow[]>;
  /** Every UE decision of the inscrits (any formsemestre), by `etudid:ue_id`: the RCUEs' other UE. */
  readonly anyUe: ReadonlyMap<string, UeDecisionRow>;
  readonly rcues: ReadonlyMap<number, readonly RcueDecisionRow[]>;
  readonly annee: ReadonlyMap<number, AnneeDecisionRow>;
  readonly autorisations: ReadonlyMap<number, readonly number[]>;
}

function groupBy<T extends { etudid: number }>(rows: readonly T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = Number(r.etudid);
    let l = m.get(k);
    if (!l) {
      l = [];
      m.set(k, l);
    }
    l.push(r);
  }
  return m;
}

export async function decisionsOfFs(db: Kysely<any>, fsId: number): Promise<FsDecisions> {
  const inscrits = db.selectFrom('sco_inscription').select('etudid').where('formsemestre_id', '=', fsId);
  const [sem, anyUe, rcues, annee, auth] = await Promise.all([
    db.selectFrom('sco_jury_semestre').selectAll().where('formsemestre_id', '=', fsId).execute(),
    db.selectFrom('sco_jury_ue').selectAll().where('etudid', 'in', inscrits).orderBy('id').execute(),
    db.selectFrom('sco_jury_rcue').selectAll().where('formsemestre_id', '=', fsId).orderBy('id').execute(),
    db.selectFrom('sco_jury_annee').selectAll().where('formsemestre_id', '=', fsId).execute(),
    db
      .selectFrom('sco_jury_autorisation')
      .select(['etudid', 'semestre_id'])
      .where('formsemestre_id', '=', fsId)
      .orderBy('semestre_id')
      .execute(),
  ]);
  const ues = (anyUe as UeDecisionRow[]).filter((u) => Number(u.formsemestre_id) === fsId);
  const autorisations = new Map<number, number[]>();
  for (const a of auth)
    autorisations.set(Number(a.etudid), [...(autorisations.get(Number(a.etudid)) ?? []), Number(a.semestre_id)]);
  return {
    sem: new Map((sem as SemDecisionRow[]).map((r) => [Number(r.etudid), r])),
    ues: groupBy(ues),
    anyUe: new Map((anyUe as UeDecisionRow[]).map((r) => [`${r.etudid}:${r.ue_id}`, r])),
    rcues: groupBy(rcues as RcueDecisionRow[]),
    annee: new Map((annee as AnneeDecisionRow[]).map((r) => [Number(r.etudid), r])),
    autorisations,
  };
}

/** One student's decisions to record; absent parts are left as they are. */
export interface JuryDecisionInput {
  readonly etudid: number;
  readonly semestre?: {
    readonly code: string;
    readonly assidu?: boolean;
    readonly compense_formsemestre_id?: number | null;
  } | null;
  readonly ues?: readonly { readonly ue_id: number; readonly code: string; readonly moy: number | null }[];
  readonly rcues?: readonly {
    readonly ue_id1: number;
    readonly ue_id2: number;
    readonly code: string;
    readonly moy: number | null;
  }[];
  readonly annee?: { readonly code: string; readonly ordre: number; readonly annee_scolaire: number } | null;
  readonly autorisations?: readonly number[];
}

/** Records decisions (replacing the previous ones of the same level) in one transaction. */
export async function recordDecisions(
  db: Kysely<any>,
  fsId: number,
  decisions: readonly JuryDecisionInput[],
  /** null: recorded from the command line. */
  userId: number | null,
  eventDate: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const d of decisions) {
      const base = { formsemestre_id: fsId, etudid: d.etudid, event_date: eventDate };
      if (d.semestre !== undefined) {
        await trx
          .deleteFrom('sco_jury_semestre')
          .where('formsemestre_id', '=', fsId)
          .where('etudid', '=', d.etudid)
          .execute();
        if (d.semestre) {
          await trx
            .insertInto('sco_jury_semestre')
            .values({
              ...base,
              code: d.semestre.code,
              assidu: d.semestre.assidu === false ? 0 : 1,
              compense_formsemestre_id: d.semestre.compense_formsemestre_id ?? null,
              user_id: userId,
            })
            .execute();
        }
      }
      if (d.ues) {
        for (const u of d.ues) {
          await trx
            .deleteFrom('sco_jury_ue')
            .where('formsemestre_id', '=', fsId)
            .where('etudid', '=', d.etudid)
            .where('ue_id', '=', u.ue_id)
            .execute();
          await trx
            .insertInto('sco_jury_ue')
            .values({ ...base, ue_id: u.ue_id, code: u.code, moy_ue: u.moy, user_id: userId })
            .execute();
        }
      }
      if (d.rcues) {
        for (const r of d.rcues) {
          await trx
            .deleteFrom('sco_jury_rcue')
            .where('formsemestre_id', '=', fsId)
            .where('etudid', '=', d.etudid)
            .where('ue_id1', '=', r.ue_id1)
            .where('ue_id2', '=', r.ue_id2)
            .execute();
          await trx
            .insertInto('sco_jury_rcue')
            .values({ ...base, ue_id1: r.ue_id1, ue_id2: r.ue_id2, code: r.code, moy: r.moy, user_id: userId })
            .execute();
        }
      }
      if (d.annee !== undefined) {
        await trx
          .deleteFrom('sco_jury_annee')
          .where('formsemestre_id', '=', fsId)
          .where('etudid', '=', d.etudid)
          .execute();
        if (d.annee) {
          await trx
            .insertInto('sco_jury_annee')
            .values({
              ...base,
              ordre: d.annee.ordre,
              annee_scolaire: d.annee.annee_scolaire,
              code: d.annee.code,
              user_id: userId,
            })
            .execute();
        }
      }
      if (d.autorisations) {
        await trx
          .deleteFrom('sco_jury_autorisation')
          .where('formsemestre_id', '=', fsId)
          .where('etudid', '=', d.etudid)
          .execute();
        for (const s of new Set(d.autorisations)) {
          await trx
            .insertInto('sco_jury_autorisation')
            .values({ ...base, semestre_id: s })
            .execute();
        }
      }
    }
    // Bulletins show decisions: they are part of what the results version covers.
    await bumpResultsVersion(trx, fsId);
  });
}

const VALIDATION_TABLES = {
  validation_ue: 'sco_jury_ue',
  validation_formsemestre: 'sco_jury_semestre',
  validation_rcue: 'sco_jury_rcue',
  validation_annee_but: 'sco_jury_annee',
  autorisation_inscription: 'sco_jury_autorisation',
} as const;
export type ValidationKind = keyof typeof VALIDATION_TABLES;
export const VALIDATION_KINDS = Object.keys(VALIDATION_TABLES) as ValidationKind[];

/** The formsemestre and department of one recorded decision of `etudid`, or undefined. */
export async function findValidation(db: Kysely<any>, kind: ValidationKind, id: number, etudid: number) {
  return db
    .selectFrom(`${VALIDATION_TABLES[kind]} as v`)
    .innerJoin('sco_formsemestre as fs', 'fs.id', 'v.formsemestre_id')
    .select(['v.id', 'v.formsemestre_id', 'fs.dept_id'])
    .where('v.id', '=', id)
    .where('v.etudid', '=', etudid)
    .executeTakeFirst();
}

export async function deleteValidation(db: Kysely<any>, kind: ValidationKind, id: number, fsId: number) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom(VALIDATION_TABLES[kind]).where('id', '=', id).execute();
    await bumpResultsVersion(trx, fsId);
  });
}
