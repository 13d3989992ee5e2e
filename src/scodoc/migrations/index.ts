import type { MigrationSet } from '../../db/migrations.js';
import { m0001ScodocCore } from './0001-scodoc-core.js';
import { m0008Assiduites } from './0008-assiduites.js';
import { m0009Notes } from './0009-notes.js';

export const scodocMigrations: MigrationSet = {
  plugin: 'scodoc',
  migrations: { '0001-scodoc-core': m0001ScodocCore, '0008-assiduites': m0008Assiduites, '0009-notes': m0009Notes },
};
