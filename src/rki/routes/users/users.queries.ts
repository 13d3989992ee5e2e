/**
 * Hot reads of the users routes, compiled once and run through the prepared-statement cache.
 * - A page without filters seeks on (org_id, org_seq): `offset` N is `org_seq > N` (readers are never
 *   deleted, so an organisation's org_seq runs 1…user_count in id order); its total is the org's counter.
 * - Filters are case-insensitive substrings on lower-cased shadow columns. SQLite: the longest pattern of
 *   3 code points or more goes through its column's FTS5 trigram index (a quoted phrase), the others
 *   through LIKE on the rows found. PostgreSQL: LIKE, which the pg_trgm GIN indexes serve. `%`, `_` and
 *   `\` are escaped.
 * Each combination of filters is its own statement, so no plan has to cover the absent ones.
 */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../../db/database.js';
import { defineQuery, param, type QueryDef } from '../../../db/statements.js';
import type { ReaderListRow, ReaderRow } from '../../tables.js';
import { codePointLength } from '../../validation/code-points.js';

export const FILTERS = ['email', 'username', 'fullname'] as const;
export type FilterField = (typeof FILTERS)[number];
/** Lower-cased filter values; absent or empty means no filter. */
export type Filters = Partial<Record<FilterField, string>>;

const LIST_COLUMNS = [
  'u.id',
  'a.username',
  'u.fullname',
  'a.email',
  'u.blocked',
  'u.user_type',
  'u.registered_on',
  'u.blocked_after',
] as const;

const DETAIL_COLUMNS = [
  ...LIST_COLUMNS,
  'u.class_no',
  'u.specialty',
  'u.group_name',
  'u.facultet',
  'u.department',
] as const;

export const readerById = defineQuery<{ id: number; org: number }, ReaderRow>('rki_reader_by_id', (db) =>
  db
    .selectFrom('rki_users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(DETAIL_COLUMNS)
    .where('u.id', '=', param('id'))
    .where('u.org_id', '=', param('org')),
);

const pageUnfiltered = defineQuery<{ org: number; after: number; limit: number }, ReaderListRow>(
  'rki_readers_page',
  (db) =>
    db
      .selectFrom('rki_users as u')
      .innerJoin('accounts as a', 'a.id', 'u.account_id')
      .select(LIST_COLUMNS)
      .where('u.org_id', '=', param('org'))
      .where('u.org_seq', '>', param('after'))
      .orderBy('u.org_seq')
      .limit(param('limit')),
);

interface Shape {
  /** SQLite: the column searched through its trigram index (the longest pattern of 3+ code points). */
  readonly fts: FilterField | null;
  /** Columns filtered with LIKE. */
  readonly likes: readonly FilterField[];
}

function shapeName(s: Shape): string {
  return `${s.fts ? `f${s.fts[0]}_` : ''}${s.likes.map((c) => c[0]).join('')}`;
}

function ftsTable(col: FilterField): string {
  return `rki_users_fts_${col}_lc`;
}

function filtered(db: Kysely<any>, s: Shape): SelectQueryBuilder<any, any, any> {
  // With a trigram search, start from its index (CROSS JOIN fixes the order in SQLite): left to itself the
  // planner walks the organisation's index and probes the match list for each of its readers.
  let q = s.fts
    ? db
        .selectFrom(ftsTable(s.fts))
        .crossJoin('rki_users as u')
        .where(sql<boolean>`${sql.table(ftsTable(s.fts))} match ${param('match')}`)
        .where(sql<boolean>`u.id = ${sql.ref(`${ftsTable(s.fts)}.rowid`)}`)
        .where('u.org_id', '=', param('org'))
    : db.selectFrom('rki_users as u').where('u.org_id', '=', param('org'));
  for (const col of s.likes) {
    q = q.where(sql<boolean>`${sql.ref(`u.${col}_lc`)} like ${param(col)} escape '\\'`);
  }
  return q;
}

interface ShapeQueries {
  readonly page: QueryDef<Record<string, unknown>, ReaderListRow>;
  readonly count: QueryDef<Record<string, unknown>, { n: number }>;
}

function shapeQueries(dialect: string, s: Shape): ShapeQueries {
  const name = `rki_readers_${dialect}_${shapeName(s)}`;
  return {
    page: defineQuery(`${name}_page`, (db) =>
      filtered(db, s)
        .innerJoin('accounts as a', 'a.id', 'u.account_id')
        .select(LIST_COLUMNS)
        // The trigram index yields rowids (= u.id) in order: no sort needed.
        .orderBy(s.fts ? sql.ref(`${ftsTable(s.fts)}.rowid`) : sql`u.id`)
        .limit(param('limit'))
        .offset(param('offset')),
    ),
    count: defineQuery(`${name}_count`, (db) => filtered(db, s).select(sql<number>`count(*)`.as('n'))),
  };
}

/** Every statement shape, built once: key = shape name. */
function allShapes(dialect: 'sqlite' | 'postgres'): ReadonlyMap<string, ShapeQueries> {
  const out = new Map<string, ShapeQueries>();
  for (let mask = 0; mask < 1 << FILTERS.length; mask++) {
    const likes = FILTERS.filter((_, i) => mask & (1 << i));
    for (const fts of dialect === 'sqlite' ? [null, ...FILTERS] : [null]) {
      if (likes.includes(fts as FilterField) || (!fts && likes.length === 0)) continue;
      const s = { fts, likes };
      out.set(shapeName(s), shapeQueries(dialect, s));
    }
  }
  return out;
}

const SHAPES = { sqlite: allShapes('sqlite'), postgres: allShapes('postgres') };

/** `%`, `_` and `\` taken literally in a LIKE pattern with `escape '\'`. */
export function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A quoted FTS5 phrase: with the trigram tokenizer, a substring match. */
function ftsPhrase(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export interface Page {
  readonly total: number;
  readonly rows: ReaderListRow[];
}

/**
 * One page of the organisation's readers, in id order, and the total after filtering.
 * `userCount` is the organisation's counter (the unfiltered total, read with the token check).
 */
export async function listReaders(
  db: Database,
  org: { readonly id: number; readonly userCount: number },
  filters: Filters,
  limit: number,
  offset: number,
): Promise<Page> {
  const active = FILTERS.filter((f) => filters[f]);
  if (active.length === 0) {
    if (offset >= org.userCount) return { total: org.userCount, rows: [] };
    const rows = await db.statements.all(pageUnfiltered, { org: org.id, after: offset, limit });
    return { total: org.userCount, rows };
  }
  const params: Record<string, unknown> = { org: org.id };
  // SQLite: the longest pattern of 3+ code points goes through its trigram index, the rest through LIKE.
  let fts: FilterField | null = null;
  if (db.dialect === 'sqlite') {
    for (const f of active) {
      const n = codePointLength(filters[f]!);
      if (n >= 3 && (!fts || n > codePointLength(filters[fts]!))) fts = f;
    }
  }
  const likes = active.filter((f) => f !== fts);
  if (fts) params['match'] = ftsPhrase(filters[fts]!);
  for (const f of likes) params[f] = likeContains(filters[f]!);
  const shape = SHAPES[db.dialect].get(shapeName({ fts, likes }))!;
  const rows = await db.statements.all(shape.page, { ...params, limit, offset });
  // A first page that is not full is the whole result: no need to count.
  if (offset === 0 && rows.length < limit) return { total: rows.length, rows };
  const counted = await db.statements.first(shape.count, params);
  return { total: Number(counted?.n ?? 0), rows };
}
