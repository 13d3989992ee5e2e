import type { MigrationSet } from '../../db/migrations.js';
import { m0001ScodocCore } from './0001-scodoc-core.js';

export const scodocMigrations: MigrationSet = {
  plugin: 'scodoc',
  migrations: { '0001-scodoc-core': m0001ScodocCore },
};
