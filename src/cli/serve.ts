/** `campus serve`: migrate, seed the demo data set on first start, listen, print how to log in. */
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrations.js';
import { allMigrations } from '../migrations.js';
import { isDemoSeeded, loginHelp, seedDemo } from '../seed/index.js';

export async function serve(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase({ url: config.databaseUrl });
  const { applied } = await migrate(db, allMigrations);
  const say = (line: string) => process.stdout.write(line + '\n');
  if (applied.length) say(`campus: applied ${applied.length} migration(s)`);
  const ctx = { db, config, log: (l: string) => say(`campus: ${l}`) };
  if (config.seedDemoOnStart && !(await isDemoSeeded(ctx))) {
    say('campus: empty database, seeding the demo data set (CAMPUS_SEED_DEMO=false to skip)…');
    await seedDemo(ctx, { scale: 1 });
  }
  const app = await buildApp({ config, db });
  const shutdown = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const address = await app.listen({ host: config.host, port: config.port });
  say(`campus: serving on ${address} (${db.dialect})`);
  say(`  OpenAPI: ${address}/openapi.json   interactive docs: ${address}/docs`);
  for (const line of await loginHelp(ctx)) say(`  ${line}`);
}
