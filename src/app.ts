/**
 * Builds the Campus HTTP application: core plugins (config, db, metrics/logging, OpenAPI), health
 * routes, then one encapsulated plugin per API under its own prefix, each with its own error envelope.
 */
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { corePlugin } from './db/plugin.js';
import { healthRoutes } from './http/health.js';
import { createLoggers, LazyRequestLogger } from './http/logging.js';
import { metricsPlugin } from './http/metrics.js';
import { rkiPlugin } from './rki/plugin.js';
import { scodocPlugin } from './scodoc/plugin.js';
import { serviceModesPlugin } from './service-modes/plugin.js';

export interface AppOptions {
  readonly config: Config;
  readonly db: Database;
  /** Where log lines go (tests capture them); stdout by default. */
  readonly logStream?: NodeJS.WritableStream;
  /** false disables logging entirely (benchmarks of the framework overhead only). */
  readonly logging?: boolean;
  readonly defaultMetrics?: boolean;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const loggers = opts.logging === false ? undefined : createLoggers(config.logLevel, opts.logStream);
  const app = Fastify({
    ...(loggers ? { loggerInstance: loggers.logger } : { logger: false }),
    // One line per request, written by the metrics plugin when the response is sent.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, opts) =>
      new LazyRequestLogger(logger, bindings, opts as Record<string, unknown>) as unknown as typeof logger,
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimit,
    // Unicode in paths and filters: keep the router strict about what it decodes.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  });

  await app.register(corePlugin, { config, db: opts.db });
  await app.register(metricsPlugin, { defaultMetrics: opts.defaultMetrics, requestLogger: loggers?.requestLogger });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Campus',
        version: '0.1.0',
        description:
          'ScoDoc 9 (/ScoDoc/api), РКИ users (/security/users) and service modes (/api/public/sm) APIs, compatible with the originals. Routes marked "Campus extension" go beyond the originals.',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes);

  // API plugins, each under its own prefix.
  await app.register(serviceModesPlugin, { prefix: '/api/public/sm' });
  await app.register(scodocPlugin, { prefix: '/ScoDoc' });
  await app.register(rkiPlugin, { prefix: '/security' });

  // Outside the API prefixes: plain JSON errors, never HTML, never a stack trace.
  app.setNotFoundHandler((req, reply) => {
    reply
      .code(404)
      .send({ error: 'Not Found', message: `Route ${req.method} ${req.url.split('?')[0]} not found`, statusCode: 404 });
  });
  app.setErrorHandler((err: { statusCode?: number; message?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'unhandled error');
    reply.code(status).send({
      error: status === 500 ? 'Internal Server Error' : 'Bad Request',
      message: status === 500 ? 'Internal Server Error' : err.message,
      statusCode: status,
    });
  });
  return app;
}
