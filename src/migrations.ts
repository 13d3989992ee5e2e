/** Every plugin's migrations, in the order they are applied (core first). */
import { authMigrations } from './auth/migrations/index.js';
import type { MigrationSet } from './db/migrations.js';
import { rkiMigrations } from './rki/migrations/index.js';
import { scodocMigrations } from './scodoc/migrations/index.js';
import { serviceModesMigrations } from './service-modes/migrations/index.js';

export const allMigrations: readonly MigrationSet[] = [
  authMigrations,
  rkiMigrations,
  scodocMigrations,
  serviceModesMigrations,
];
