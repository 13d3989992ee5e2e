import type { MigrationSet } from '../../db/migrations.js';
import { m0001CmdbAndModes } from './0001-cmdb-and-modes.js';

export const serviceModesMigrations: MigrationSet = {
  plugin: 'service-modes',
  migrations: { '0001-cmdb-and-modes': m0001CmdbAndModes },
};
