/**
 * Migration 0002 on a SQLite database that already holds readers indexed by 0001: the per-column trigram
 * indexes are rebuilt from the rows, so filters keep finding them. (SQLite only: on PostgreSQL 0002 does
 * nothing, and the other tests of this folder run there through the harness.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { testConfig } from '../../../test/harness.js';
import { authMigrations } from '../../auth/migrations/index.js';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrations.js';
import { allMigrations } from '../../migrations.js';
import { createOrg } from '../orgs/orgs.js';
import { bulkInsertReaders } from '../readers/bulk-insert.js';
import { listReaders } from '../routes/users/users.queries.js';
import { m0001Rki } from './0001-rki.js';

const dir = mkdtempSync(join(tmpdir(), 'campus-rki-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('rebuilds the per-column trigram indexes from readers indexed by 0001', async () => {
  const url = `sqlite:${join(dir, 'upgrade.db')}`;
  const config = testConfig({ DATABASE_URL: url });
  const db = openDatabase({ url });
  try {
    await migrate(db, [authMigrations, { plugin: 'rki', migrations: { '0001-rki': m0001Rki } }]);
    const org = await createOrg(db, config, 'Старая база');
    // Inserted under 0001 (its shared index); bulkInsertReaders' final merge targets 0002's tables.
    await db.kysely
      .insertInto('accounts')
      .values({
        username: 'old@example.org',
        email: 'Old@Example.org',
        email_norm: 'old@example.org',
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    const account = await db.kysely.selectFrom('accounts').select('id').executeTakeFirstOrThrow();
    await db.kysely
      .insertInto('rki_users')
      .values({
        org_id: org.clientId,
        account_id: account.id,
        org_seq: 1,
        fullname: 'Старожил Пётр',
        registered_on: '2020-01-01',
        email_lc: 'old@example.org',
        username_lc: 'old@example.org',
        fullname_lc: 'старожил пётр',
      })
      .execute();
    await db.kysely.updateTable('rki_orgs').set({ user_count: 1 }).execute();
    await migrate(db, allMigrations);
    await bulkInsertReaders(
      db,
      org.clientId,
      [{ email: 'new@example.org', fullname: 'Новичок Пётр' }],
      'x',
      '2024-01-01',
    );
    const ctx = { id: org.clientId, userCount: 2 };
    expect((await listReaders(db, ctx, { fullname: 'пётр' }, 10, 0)).rows.map((r) => r.email)).toEqual([
      'Old@Example.org',
      'new@example.org',
    ]);
    expect((await listReaders(db, ctx, { email: 'old@exa' }, 10, 0)).total).toBe(1);
    expect((await listReaders(db, ctx, { username: 'new@exa' }, 10, 0)).total).toBe(1);
  } finally {
    await db.close();
  }
});
