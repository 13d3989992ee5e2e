/** Core plugin: makes the configuration and the database available to every API plugin. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { Database } from './database.js';

export const corePlugin = fp(
  async (app: FastifyInstance, opts: { config: Config; db: Database }) => {
    app.decorate('config', opts.config);
    app.decorate('db', opts.db);
  },
  { name: 'campus-core' },
);

declare module 'fastify' {
  interface FastifyInstance {
    readonly config: Config;
    readonly db: Database;
  }
}
