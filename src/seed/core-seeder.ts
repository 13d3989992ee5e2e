/**
 * Core demo data: the `admin` account. Its random password is kept sealed under the server key so that
 * every start can print how to log in to the demo (a demo convenience; real accounts never are).
 */
import { randomBytes } from 'node:crypto';
import { createAccount, findAccountByUsername } from '../auth/accounts.js';
import { openSecret, sealSecret } from '../auth/secret-box.js';
import { getMeta, type PluginSeeder, setMeta } from './seeder.js';

export const DEMO_ADMIN = 'admin';

export const coreSeeder: PluginSeeder = {
  name: 'core',
  async seed(ctx) {
    if (await findAccountByUsername(ctx.db.kysely, DEMO_ADMIN)) return;
    const password = randomBytes(12).toString('base64url');
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await createAccount(trx, { username: DEMO_ADMIN, email: 'admin@campus.invalid', password }, ctx.config.argon2);
      await setMeta(
        trx,
        'demo_admin_password',
        sealSecret(ctx.config.serverKey, ctx.config.serverKeyVersion, password, 'demo:admin'),
      );
    });
    ctx.log(`core: account "${DEMO_ADMIN}" created`);
  },
  async loginHelp(ctx) {
    const sealed = await getMeta(ctx.db.kysely, 'demo_admin_password');
    const password = sealed ? openSecret(ctx.config.serverKey, sealed, 'demo:admin')?.toString() : undefined;
    return password ? [`Admin account: ${DEMO_ADMIN} / ${password}`] : [];
  },
};
