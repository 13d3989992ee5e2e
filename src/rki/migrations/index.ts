import type { MigrationSet } from '../../db/migrations.js';
import { m0001Rki } from './0001-rki.js';
import { m0002FtsPerColumn } from './0002-fts-per-column.js';

export const rkiMigrations: MigrationSet = {
  plugin: 'rki',
  migrations: { '0001-rki': m0001Rki, '0002-fts-per-column': m0002FtsPerColumn },
};
