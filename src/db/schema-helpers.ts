/** Column helpers for the few places where SQLite and PostgreSQL DDL differ. */
import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from './database.js';

/** Adds an auto-increment integer primary key named `id` (or `name`). */
export function withIdColumn<T extends string>(
  table: CreateTableBuilder<T, any>,
  dialect: Dialect,
  name = 'id',
): CreateTableBuilder<T, any> {
  return dialect === 'sqlite'
    ? table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn(name, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}
