/** `/healthz`: the process answers. `/readyz`: the database answers too (503 otherwise). */
import type { FastifyInstance } from 'fastify';

export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await app.db.ping();
      return { status: 'ok', database: app.db.dialect };
    } catch {
      reply.code(503);
      return { status: 'unavailable', database: app.db.dialect };
    }
  });
}
