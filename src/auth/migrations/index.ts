import type { MigrationSet } from '../../db/migrations.js';
import { m0001Accounts } from './0001-accounts.js';

export const authMigrations: MigrationSet = {
  plugin: 'auth',
  migrations: { '0001-accounts': m0001Accounts },
};
