/**
 * РКИ demo data: one organisation with 30 readers (× scale). Its secret is the organisation's own, kept
 * sealed like every other; the login help opens it with the server key to print it.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/password.js';
import { getMeta, type PluginSeeder, setMeta } from '../seed/seeder.js';
import { todayIn } from './dates.js';
import { demoReaders } from './demo-readers.js';
import { createOrg, revealOrgSecret } from './orgs/orgs.js';
import { bulkInsertReaders } from './readers/bulk-insert.js';

const META_KEY = 'rki_demo_org';

export const rkiSeeder: PluginSeeder = {
  name: 'rki',
  async seed(ctx, opts) {
    if (await getMeta(ctx.db.kysely, META_KEY)) return;
    const org = await createOrg(ctx.db, ctx.config, 'Демонстрационный университет');
    // Demo readers share one hash of a password nobody knows: they are there to be listed, not to log in.
    const hash = await hashPassword(randomBytes(16).toString('base64url'), ctx.config.argon2);
    const today = todayIn(ctx.config.rki.timeZone)();
    const readers = demoReaders(30 * opts.scale, today);
    await bulkInsertReaders(ctx.db, org.clientId, readers, hash, today);
    await setMeta(ctx.db.kysely, META_KEY, String(org.clientId));
    ctx.log(`rki: organisation ${org.clientId} with ${readers.length} readers`);
  },
  async loginHelp(ctx) {
    const id = await getMeta(ctx.db.kysely, META_KEY);
    if (!id) return [];
    const secret = await revealOrgSecret(ctx.db, ctx.config, Number(id));
    if (!secret) return [];
    return [
      `РКИ organisation: client_id ${id}, secret ${secret}`,
      `  try: curl -H "Authorization: Bearer $(npx campus rki token --org ${id})" "http://${ctx.config.host}:${ctx.config.port}/security/users?client_id=${id}"`,
    ];
  },
};
