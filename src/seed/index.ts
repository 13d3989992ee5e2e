/** All seeders, core first; each plugin adds its own here. */
import { rkiSeeder } from '../rki/seed.js';
import { scodocAssiduitesSeeder } from '../scodoc/seed/assiduites.js';
import { scodocNotesSeeder } from '../scodoc/seed/notes.js';
import { scodocSeeder } from '../scodoc/seed/seeder.js';
import { serviceModesSeeder } from '../service-modes/seed.js';
import { coreSeeder } from './core-seeder.js';
import type { PluginSeeder, SeedContext, SeedOptions } from './seeder.js';
import { getMeta, setMeta } from './seeder.js';

export const allSeeders: readonly PluginSeeder[] = [
  coreSeeder,
  rkiSeeder,
  scodocSeeder,
  scodocNotesSeeder,
  scodocAssiduitesSeeder,
  serviceModesSeeder,
];

export async function seedDemo(ctx: SeedContext, opts: SeedOptions): Promise<void> {
  for (const s of allSeeders) await s.seed(ctx, opts);
  await setMeta(ctx.db.kysely, 'demo_seeded', new Date().toISOString());
}

export async function isDemoSeeded(ctx: SeedContext): Promise<boolean> {
  return (await getMeta(ctx.db.kysely, 'demo_seeded')) !== undefined;
}

export async function loginHelp(ctx: SeedContext): Promise<string[]> {
  const lines: string[] = [];
  for (const s of allSeeders) lines.push(...(await s.loginHelp(ctx)));
  return lines;
}
