import type { MigrationSet } from '../../db/migrations.js';
import { m0001CmdbAndModes } from './0001-cmdb-and-modes.js';
import { m0002ModeCounter } from './0002-mode-counter.js';
import { m0003SearchGrams } from './0003-search-grams.js';
import { m0004ModeWorkgroups } from './0004-mode-workgroups.js';

export const serviceModesMigrations: MigrationSet = {
  plugin: 'service-modes',
  migrations: {
    '0001-cmdb-and-modes': m0001CmdbAndModes,
    '0002-mode-counter': m0002ModeCounter,
    '0003-search-grams': m0003SearchGrams,
    '0004-mode-workgroups': m0004ModeWorkgroups,
  },
};
