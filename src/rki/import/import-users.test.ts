/**
 * `campus rki import`: creates and updates readers by the add/edit rules, idempotent on the normalised
 * email, rejects rows with reasons (Laravel texts, the 409 text for another organisation's email), and
 * writes in batches; also the demo seeder's login help, which prints a working client_id and secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../test/harness.js';
import { countRows, type RkiOrgClient, rkiOrg, send } from '../../../test/rki-client.js';
import { verifyPassword } from '../../auth/password.js';
import { signRkiToken } from '../auth/jwt-hs256.js';
import { rkiSeeder } from '../seed.js';
import { importUsers } from './import-users.js';

let t: TestApp;
let org: RkiOrgClient;
let other: RkiOrgClient;

beforeAll(async () => {
  t = await createTestApp({ RKI_WRITE_BURST: '100000' });
  org = await rkiOrg(t, 'Импорт');
  other = await rkiOrg(t, 'Другая');
  await other.call('/users/add', { email: 'Foreign@Example.org', fullname: 'Чужой', password: 'p' });
});
afterAll(async () => {
  await t?.close();
});

const CSV = [
  'email,fullname,password,user_type,class,specialty,group,facultet,department,blockedafter,ignored',
  'Anna@Example.org,Анна Смирнова,pw-1,1,2,Лингвистика,Л-1,Филологический,русского языка,30.06.2030,x',
  'boris@example.org,"Борис, младший",pw-2,,,,,,,,',
  'bad-email,Некто,pw,,,,,,,,',
  'foreign@example.org,Чужой дубль,pw,,,,,,,,',
  'vera@example.org,,pw,7,,,,,,31.02.2020,',
  'gleb@example.org,Глеб,,,,,,,,,',
].join('\n');

describe(`РКИ CSV import on ${testDialect}`, () => {
  it('creates, rejects with reasons, and is idempotent', async () => {
    const progress: number[] = [];
    const first = await importUsers(t.db, t.config, org.clientId, CSV, {
      batchSize: 2,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([2, 4, 6]);
    expect(first.created).toBe(2);
    expect(first.updated).toBe(0);
    expect(first.rejected).toEqual([
      { line: 4, email: 'bad-email', reasons: ['The email must be a valid email address.'] },
      {
        line: 5,
        email: 'foreign@example.org',
        reasons: ['Пользователь с таким email-адресом уже зарегистрирован в ЭБС'],
      },
      {
        line: 6,
        email: 'vera@example.org',
        reasons: [
          'The fullname field is required.',
          'The user type must be between 1 and 4.',
          'The blockedafter does not match the format d.m.Y.',
        ],
      },
      { line: 7, email: 'gleb@example.org', reasons: ['The password field is required.'] },
    ]);
    const list = await org.call('/users', {});
    expect(list.body.total).toBe(2);
    const anna = await org.call(`/users/get/${list.body.data[0].id}`);
    expect(anna.body.data).toMatchObject({
      username: 'anna@example.org',
      email: 'Anna@Example.org',
      fullname: 'Анна Смирнова',
      user_type: 1,
      class: 2,
      specialty: 'Лингвистика',
      group: 'Л-1',
      facultet: 'Филологический',
      department: 'русского языка',
      blockedafter: '30.06.2030',
    });
    expect((await org.call(`/users/get/${list.body.data[1].id}`)).body.data).toMatchObject({
      fullname: 'Борис, младший',
      user_type: 4,
    });
    // The foreign reader is untouched.
    expect((await other.call('/users', { email: 'foreign' })).body.data[0].fullname).toBe('Чужой');

    const counts = await Promise.all(['accounts', 'rki_users'].map((x) => countRows(t, x)));
    const second = await importUsers(t.db, t.config, org.clientId, CSV);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(second.rejected).toHaveLength(4);
    expect(await Promise.all(['accounts', 'rki_users'].map((x) => countRows(t, x)))).toEqual(counts);
  });

  it('updates known emails (any case), keeping what empty cells leave out', async () => {
    const csv = ['email,fullname,password,group', 'ANNA@example.org,Анна С.,new-pass,', 'boris@example.org,,,Б-2'].join(
      '\n',
    );
    const r = await importUsers(t.db, t.config, org.clientId, csv);
    expect(r).toMatchObject({ created: 0, updated: 2, unchanged: 0, rejected: [] });
    const rows = (await org.call('/users', { limit: 10 })).body.data;
    const anna = (await org.call(`/users/get/${rows[0].id}`)).body.data;
    expect(anna).toMatchObject({ fullname: 'Анна С.', group: 'Л-1', email: 'ANNA@example.org' });
    const hash = await t.db.kysely
      .selectFrom('accounts')
      .select('password_hash')
      .where('email_norm', '=', 'anna@example.org')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(hash.password_hash, 'new-pass', t.config.argon2)).toBe(true);
    expect((await org.call(`/users/get/${rows[1].id}`)).body.data).toMatchObject({
      fullname: 'Борис, младший',
      group: 'Б-2',
    });
    expect((await importUsers(t.db, t.config, org.clientId, csv)).unchanged).toBe(2);
    const audits = await t.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'import').execute();
    expect(audits).toHaveLength(4);
  });

  it('seeds a demo organisation whose printed secret works', async () => {
    const lines: string[] = [];
    const ctx = { db: t.db, config: t.config, log: (l: string) => lines.push(l) };
    await rkiSeeder.seed(ctx, { scale: 1 });
    await rkiSeeder.seed(ctx, { scale: 1 });
    const help = (await rkiSeeder.loginHelp(ctx)).join('\n');
    const m = /client_id (\d+), secret ([A-Za-z0-9]{32})/.exec(help);
    expect(m).not.toBeNull();
    const [clientId, secret] = [Number(m![1]), m![2]];
    const token = signRkiToken(secret, { client_id: clientId, time: Math.floor(Date.now() / 1000), ip: null });
    const r = await send(t, '/users', { client_id: clientId }, 'get', { authorization: `Bearer ${token}` });
    expect(r.body.total).toBe(30);
    expect(r.body.data).toHaveLength(10);
  });
});
