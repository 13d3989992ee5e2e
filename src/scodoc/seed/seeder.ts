/**
 * `campus seed --demo` for ScoDoc: the demo data set (seed/demo.ts), the SuperAdmin role for the core
 * `admin` account, and how to get a token. The demo users share one random password, hashed once and
 * kept sealed under the server key so that every start can print it (a demo convenience).
 */
import { randomBytes } from 'node:crypto';
import { findAccountByUsername } from '../../auth/accounts.js';
import { hashPassword } from '../../auth/password.js';
import { openSecret, sealSecret } from '../../auth/secret-box.js';
import { DEMO_ADMIN } from '../../seed/core-seeder.js';
import { getMeta, type PluginSeeder, setMeta } from '../../seed/seeder.js';
import { DEMO_USERS, seedScodocDemo } from './demo.js';
import { grantRole } from './users.js';

const META = 'scodoc_demo_password';

export const scodocSeeder: PluginSeeder = {
  name: 'scodoc',
  async seed(ctx, opts) {
    const db = ctx.db.kysely;
    if (await getMeta(db, META)) return;
    const password = randomBytes(9).toString('base64url');
    const passwordHash = await hashPassword(password, ctx.config.argon2);
    const summary = await seedScodocDemo(db, { scale: opts.scale, timeZone: ctx.config.scodoc.timeZone, passwordHash });
    const admin = await findAccountByUsername(db, DEMO_ADMIN);
    if (admin) {
      const profile = await db.selectFrom('sco_user').select('id').where('id', '=', admin.id).executeTakeFirst();
      if (!profile) {
        await db
          .insertInto('sco_user')
          .values({ id: admin.id, nom: 'Admin', prenom: 'Campus', dept_id: null, date_created: Date.now() })
          .execute();
      }
      await grantRole(db, admin.id, 'SuperAdmin', null);
    }
    await setMeta(db, META, sealSecret(ctx.config.serverKey, ctx.config.serverKeyVersion, password, 'demo:scodoc'));
    ctx.log(
      `scodoc: 2 departments, ${summary.formsemestres.length} formsemestres, ${summary.students} students, ${DEMO_USERS.length} users`,
    );
  },
  async loginHelp(ctx) {
    const sealed = await getMeta(ctx.db.kysely, META);
    const password = sealed ? openSecret(ctx.config.serverKey, sealed, 'demo:scodoc')?.toString() : undefined;
    const base = `http://${ctx.config.host}:${ctx.config.port}`;
    const lines = [
      `ScoDoc API: token for the admin account (SuperAdmin): curl -u ${DEMO_ADMIN}:<admin password> -X POST ${base}/ScoDoc/api/tokens`,
      `  then: curl -H "Authorization: Bearer <token>" ${base}/ScoDoc/api/departements`,
    ];
    if (password) {
      lines.push(
        `ScoDoc demo users (password ${password}): ${DEMO_USERS.map(([login, role, dept]) => `${login} (${role}${dept ? ` ${dept}` : ''})`).join(', ')}`,
      );
    }
    return lines;
  },
};
