import type { MigrationSet } from '../../db/migrations.js';
import { m0001Rki } from './0001-rki.js';

export const rkiMigrations: MigrationSet = {
  plugin: 'rki',
  migrations: { '0001-rki': m0001Rki },
};
