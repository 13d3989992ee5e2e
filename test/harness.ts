/**
 * Test harness: every test file gets a fresh database on the dialect chosen by CAMPUS_TEST_DB
 * (`sqlite`, the default, or `postgres`). SQLite: a new file in a temp directory. PostgreSQL: a new
 * schema in CAMPUS_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), dropped afterwards,
 * so runs never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrations.js';
import { allMigrations } from '../src/migrations.js';

export const testDialect: 'sqlite' | 'postgres' = process.env.CAMPUS_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const pgUrl = process.env.CAMPUS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fixed test key: tests may need to decrypt what they stored. */
export const TEST_SECRET_KEY = 'a'.repeat(64);

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    CAMPUS_SECRET_KEY: TEST_SECRET_KEY,
    // Real argon2id, cheaper cost: tests hash many passwords.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    LOG_LEVEL: 'info',
    DATABASE_URL: 'sqlite::memory:',
    ...env,
  });
}

export interface TestDatabase {
  readonly db: Database;
  readonly url: string;
  readonly pgSchema?: string;
  /** Opens another handle on the same database (a second server instance). */
  openAnother(): Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDialect === 'postgres') {
    const schema = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const handles: Database[] = [];
    const open = () => {
      const d = openDatabase({ url: pgUrl, pgSchema: schema, poolSize: 5 });
      handles.push(d);
      return d;
    };
    const db = open();
    await migrate(db, allMigrations);
    return {
      db,
      url: pgUrl,
      pgSchema: schema,
      openAnother: open,
      async drop() {
        for (const h of handles) await h.close().catch(() => {});
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'campus-test-'));
  const url = `sqlite:${join(dir, 'campus.db')}`;
  const handles: Database[] = [];
  const open = () => {
    const d = openDatabase({ url });
    handles.push(d);
    return d;
  };
  const db = open();
  await migrate(db, allMigrations);
  return {
    db,
    url,
    openAnother: open,
    async drop() {
      for (const h of handles) await h.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects log lines written by the app. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  }
  get text() {
    return this.lines.join('\n');
  }
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly config: Config;
  readonly logs: LogCapture;
  readonly testDb: TestDatabase;
  /** Builds a second app (another instance) on the same database. */
  another(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const config = testConfig({ DATABASE_URL: testDb.url, ...env });
  const logs = new LogCapture();
  const app = await buildApp({ config, db: testDb.db, logStream: logs, defaultMetrics: false });
  await app.ready();
  const others: FastifyInstance[] = [];
  return {
    app,
    db: testDb.db,
    config,
    logs,
    testDb,
    async another() {
      const other = await buildApp({
        config,
        db: testDb.openAnother(),
        logStream: new LogCapture(),
        defaultMetrics: false,
      });
      await other.ready();
      others.push(other);
      return other;
    },
    async close() {
      for (const o of others) await o.close();
      await app.close();
      await testDb.drop();
    },
  };
}
