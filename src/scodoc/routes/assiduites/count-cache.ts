/**
 * Formsemestre counts are computed once per (query, stamp) and kept in the database (no process state: every
 * instance shares them). The stamp holds the formsemestre's results version (bumped by every attendance
 * write, in its transaction), a fingerprint of its inscriptions and dates, and the day settings; a changed
 * stamp is a miss.
 */
import type { Database } from '../../../db/database.js';
import { defineQuery, param } from '../../../db/statements.js';

const stampQuery = defineQuery<{ fs: number }, { v: number | null; n: number; s: number | null; d: string; f: string }>(
  'scodoc.assiduitesCountStamp',
  (db) =>
    db
      .selectFrom('sco_formsemestre as fs')
      .select((eb) => [
        eb.selectFrom('sco_results_version').select('version').where('formsemestre_id', '=', param('fs')).as('v'),
        eb
          .selectFrom('sco_inscription')
          .select((e2) => e2.fn.countAll().as('n'))
          .where('formsemestre_id', '=', param('fs'))
          .as('n'),
        eb
          .selectFrom('sco_inscription')
          .select((e2) => e2.fn.sum('etudid').as('s'))
          .where('formsemestre_id', '=', param('fs'))
          .as('s'),
        'fs.date_debut as d',
        'fs.date_fin as f',
      ])
      .where('fs.id', '=', param('fs')),
);

const cached = defineQuery<{ fs: number; key: string }, { stamp: string; value: string }>(
  'scodoc.assiduitesCountCached',
  (db) =>
    db
      .selectFrom('sco_assiduites_count_cache')
      .select(['stamp', 'value'])
      .where('formsemestre_id', '=', param('fs'))
      .where('query_key', '=', param('key')),
);

export async function countStamp(db: Database, fs: number, settings: string): Promise<string> {
  const r = await db.statements.first(stampQuery, { fs });
  return `${Number(r?.v ?? 0)}|${Number(r?.n ?? 0)}|${Number(r?.s ?? 0)}|${r?.d}|${r?.f}|${settings}`;
}

/** The cached JSON text of a count, or undefined on a miss. */
export async function readCount(db: Database, fs: number, key: string, stamp: string): Promise<string | undefined> {
  const r = await db.statements.first(cached, { fs, key });
  return r && r.stamp === stamp ? r.value : undefined;
}

export async function writeCount(db: Database, fs: number, key: string, stamp: string, value: string) {
  await db.kysely
    .insertInto('sco_assiduites_count_cache')
    .values({ formsemestre_id: fs, query_key: key, stamp, value })
    .onConflict((oc) => oc.columns(['formsemestre_id', 'query_key']).doUpdateSet({ stamp, value }))
    .execute();
}
