/**
 * Hand-written SQL for the statement cache. The queries here (visibility through the Hierarchy closure,
 * trigram search) read best as SQL; `rawQuery` wraps a `sql` template so that `defineQuery`'s cache
 * compiles it once per dialect, with `param('x')` placeholders as usual.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { defineQuery, type QueryDef } from '../db/statements.js';

/** True when `db` compiles for PostgreSQL (`$1` placeholders). */
export function isPostgres(db: Kysely<any>): boolean {
  return sql`${0}`.compile(db).sql === '$1';
}

export function rawQuery<P extends Record<string, unknown>, R>(
  name: string,
  build: (pg: boolean) => RawBuilder<unknown>,
): QueryDef<P, R> {
  return defineQuery<P, R>(name, (db) => ({ compile: () => build(isPostgres(db)).compile(db) }));
}

/** `x in (ids)` for a list given as one parameter: a JSON array on SQLite, an int8[] on PostgreSQL. */
export function inIdList(column: RawBuilder<unknown>, ids: unknown, pg: boolean): RawBuilder<unknown> {
  return pg ? sql`${column} = any(cast(${ids} as bigint[]))` : sql`${column} in (select value from json_each(${ids}))`;
}

/** The value for an `inIdList` parameter on the given dialect. */
export function idListParam(ids: readonly number[], pg: boolean): unknown {
  return pg ? ids : JSON.stringify(ids);
}
