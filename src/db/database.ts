/**
 * One database handle for the whole server: Kysely for writes and cold paths, plus a prepared-statement
 * cache for hot reads (see statements.ts). Two dialects from one code base: better-sqlite3 (embedded
 * default, WAL) and pg (production).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createPgStatementCache, createSqliteStatementCache, type StatementCache } from './statements.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  readonly dialect: Dialect;
  /** Typed per plugin with `db.kysely as Kysely<PluginTables>`; each plugin owns its table types. */
  readonly kysely: Kysely<any>;
  readonly statements: StatementCache;
  /** Statements run so far, through Kysely and through the cache (tests use it to catch N+1 queries). */
  queryCount(): number;
  /** Throws when the database cannot answer (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `sqlite:<file>` or `postgres://…` */
  readonly url: string;
  /** PostgreSQL schema to use (tests run each in a fresh one). */
  readonly pgSchema?: string;
  readonly poolSize?: number;
}

// int8 (counts, epoch milliseconds) and numeric as JS numbers: every value Campus stores fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function openDatabase(options: DatabaseOptions): Database {
  return options.url.startsWith('postgres') ? openPostgres(options) : openSqlite(options);
}

function openSqlite(options: DatabaseOptions): Database {
  const file = resolve(options.url.slice('sqlite:'.length));
  mkdirSync(dirname(file), { recursive: true });
  const writer = new SqliteDatabase(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = NORMAL');
  writer.pragma('foreign_keys = ON');
  writer.pragma('busy_timeout = 5000');
  // Hot reads use their own connection: Kysely's transactions await between statements on the writer
  // connection, and a read run there in the meantime would see (or join) an uncommitted transaction.
  const reader = new SqliteDatabase(file);
  reader.pragma('foreign_keys = ON');
  reader.pragma('busy_timeout = 5000');
  reader.pragma('cache_size = -65536');
  const counter = { n: 0 };
  const kysely = new Kysely<any>({
    dialect: new SqliteDialect({ database: writer }),
    log: () => {
      counter.n++;
    },
  });
  const statements = createSqliteStatementCache(kysely, reader);
  return {
    dialect: 'sqlite',
    kysely,
    statements,
    queryCount: () => counter.n + statements.executed,
    async ping() {
      reader.prepare('select 1').get();
    },
    async close() {
      await kysely.destroy();
      reader.close();
    },
  };
}

function openPostgres(options: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  // An idle client error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => sanitizeNulOnQuery(client));
  const counter = { n: 0 };
  const kysely = new Kysely<any>({
    dialect: new PostgresDialect({ pool }),
    log: () => {
      counter.n++;
    },
  });
  const statements = createPgStatementCache(kysely, pool);
  return {
    dialect: 'postgres',
    kysely,
    statements,
    queryCount: () => counter.n + statements.executed,
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    async close() {
      await kysely.destroy();
    },
  };
}

/**
 * PostgreSQL cannot hold U+0000 in text and fails the whole statement (SQLite stores it). Any parameter
 * that carries one is given U+FFFD instead, here, once for every query of both Kysely and the statement
 * cache: a lookup then finds nothing and a write keeps a visible replacement, never a 500.
 */
function sanitizeNulOnQuery(client: pg.PoolClient): void {
  const clean = (values: unknown) =>
    Array.isArray(values)
      ? values.map((v) => (typeof v === 'string' && v.includes('\u0000') ? v.replaceAll('\u0000', '\uFFFD') : v))
      : values;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
    config: unknown,
    values?: unknown,
    ...rest: unknown[]
  ) => {
    if (config && typeof config === 'object' && 'values' in config) {
      const c = config as { values?: unknown };
      return query({ ...c, values: clean(c.values) }, values, ...rest);
    }
    return query(config, clean(values), ...rest);
  };
}
