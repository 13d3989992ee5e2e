import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campus, useCliEnvironment } from '../../test/cli-harness.js';
import { testDialect } from '../../test/harness.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { greyPng } from '../scodoc/routes/etudiants/photo-default.js';

const FIXTURES = new URL('../scodoc/routes/formations/fixtures/', import.meta.url);
const env = useCliEnvironment('campus-scodoc-cli-');

async function withApp<T>(
  fn: (inject: (m: 'GET' | 'POST', url: string, headers?: Record<string, string>) => Promise<any>) => Promise<T>,
) {
  const config = loadConfig();
  const db = openDatabase({ url: config.databaseUrl });
  const app = await buildApp({ config, db, logging: false, defaultMetrics: false });
  try {
    return await fn((method, url, headers = {}) => app.inject({ method, url, headers }));
  } finally {
    await app.close();
    await db.close();
  }
}

describe(`campus scodoc CLI on ${testDialect}`, () => {
  let adminPassword = '';
  it('seed --demo adds the ScoDoc demo and prints how to get a token; admin is SuperAdmin', async () => {
    const out = await campus('seed', '--demo');
    expect(out).toMatch(/scodoc: 2 departments, 5 formsemestres, 100 students/);
    expect(out).toMatch(/curl -u admin:<admin password> -X POST http:\/\/\S+\/ScoDoc\/api\/tokens/);
    adminPassword = /Admin account: admin \/ (\S+)/.exec(out)![1];
    await withApp(async (inject) => {
      const basic = `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}`;
      const tok = (await inject('POST', '/ScoDoc/api/tokens', { authorization: basic })).json().token;
      const roles = await inject('GET', '/ScoDoc/api/users/query?starts_with=admin', {
        authorization: `Bearer ${tok}`,
      });
      expect(roles.json()[0]).toMatchObject({ user_name: 'admin', roles_string: 'SuperAdmin_' });
      const demo = /ScoDoc demo users \(password (\S+)\)/.exec(out)![1];
      const ens = await inject('POST', '/ScoDoc/api/tokens', {
        authorization: `Basic ${Buffer.from(`ens_info:${demo}`).toString('base64')}`,
      });
      expect(ens.statusCode).toBe(200);
    });
    // Seeding again adds nothing.
    expect(await campus('seed', '--demo')).not.toMatch(/scodoc: 2 departments/);
  });

  it('import-formation reads ScoDoc JSON and XML exports', async () => {
    expect(
      await campus(
        'scodoc',
        'import-formation',
        new URL('exemple_formation_dut_info.json', FIXTURES).pathname,
        '--dept',
        'CJ',
      ),
    ).toMatch(/formation \d+ imported \(version 1\): \d+ UEs, \d+ modules/);
    expect(
      await campus('scodoc', 'import-formation', new URL('formation-exemple-1.xml', FIXTURES).pathname, '--dept', 'CJ'),
    ).toMatch(/version 2/);
  });

  it('import-etudiants: dry run writes nothing, reports rejects per line; then imports and inscribes', async () => {
    const csv = join(env.dir(), 'etuds.csv');
    writeFileSync(
      csv,
      [
        'nom;prenom;civilite;code_nip;date_naissance;email',
        'Durand;Alice;F;NIPX1;2004-05-06;alice@example.org',
        'Martin;Bob;M;NIPX2;31/02/2004;',
        ';Sans nom;M;NIPX3;;',
        'Petit;Chloé;F;NIPX1;;',
        'Roux;Denis;Q;NIPX4;;',
        'Blanc;Eve;F;;;',
      ].join('\n'),
    );
    const fs = await withApp(async (inject) => {
      const basic = `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}`;
      const tok = (await inject('POST', '/ScoDoc/api/tokens', { authorization: basic })).json().token;
      return (
        await inject('GET', '/ScoDoc/api/departement/CJ/formsemestres_courants', { authorization: `Bearer ${tok}` })
      ).json()[0].id as number;
    });
    const dry = await campus('scodoc', 'import-etudiants', csv, '--formsemestre', String(fs), '--dry-run');
    expect(dry).toContain('dry run: 6 lines, 2 to create, 0 already known, 2 to inscribe, 4 rejected');
    expect(dry).toContain('line 3: invalid date_naissance');
    expect(dry).toContain('line 4: nom is required');
    expect(dry).toContain('line 5: code_nip NIPX1 already on line 2');
    expect(dry).toContain('line 6: invalid civilite');
    const real = await campus('scodoc', 'import-etudiants', csv, '--formsemestre', String(fs));
    expect(real).toContain('6 lines, 2 created, 0 already known, 2 inscribed, 4 rejected');
    const again = await campus('scodoc', 'import-etudiants', csv, '--formsemestre', String(fs));
    expect(again).toContain('1 already known');
    process.exitCode = 0;
  });

  it('logo set / list / delete, served by /logos and /logo/<name>', async () => {
    const file = join(env.dir(), 'header.png');
    const png = greyPng(4, 4, () => 128);
    writeFileSync(file, png);
    expect(await campus('scodoc', 'logo', 'set', 'header', file)).toMatch(/logo header set \(image\/png/);
    await campus('scodoc', 'logo', 'set', 'footer', file, '--dept', 'INFO');
    // (other seeders may add site logos of their own, e.g. bulletin signatures)
    expect((await campus('scodoc', 'logo', 'list')).split('\n')).toContain('header');
    await withApp(async (inject) => {
      const basic = `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}`;
      const auth = {
        authorization: `Bearer ${(await inject('POST', '/ScoDoc/api/tokens', { authorization: basic })).json().token}`,
      };
      const names = (await inject('GET', '/ScoDoc/api/logos', auth)).json();
      expect(names).toContain('header');
      expect([...names].sort()).toEqual(names);
      const img = await inject('GET', '/ScoDoc/api/logo/header', auth);
      expect(img.headers['content-type']).toBe('image/png');
      expect(img.rawPayload.equals(png)).toBe(true);
      expect((await inject('GET', '/ScoDoc/api/departement/INFO/logos', auth)).json()).toContain('footer');
      expect((await inject('GET', '/ScoDoc/INFO/api/departement/INFO/logo/footer', auth)).statusCode).toBe(200);
      expect((await inject('GET', '/ScoDoc/api/logo/nope', auth)).json()).toEqual({
        error: 'Not Found',
        status: 404,
        message: 'logo not found',
      });
    });
    expect(await campus('scodoc', 'logo', 'delete', 'header')).toBe('logo header deleted\n');
    expect((await campus('scodoc', 'logo', 'list')).split('\n')).not.toContain('header');
  });
});
