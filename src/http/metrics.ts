/**
 * Prometheus metrics (prom-client): request count and latency histogram per route template, and the
 * one JSON log line per request. Each app has its own registry so several apps can live in one process.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { redactUrl } from './logging.js';

export const metricsPlugin = fp(
  async (app: FastifyInstance, opts: { defaultMetrics?: boolean; requestLogger?: FastifyBaseLogger }) => {
    const requestLog = opts.requestLogger ?? app.log;
    const registry = new Registry();
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
    const labelNames = ['method', 'route', 'status_code'] as const;
    const requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });

    // Label children cached per (method, route, status): looking labels up on every request is measurable.
    const children = new Map<string, { count: Counter.Internal; time: Histogram.Internal<string> }>();

    app.addHook('onResponse', (req, reply, done) => {
      // Unmatched URLs share one label so a scan cannot blow up the label space.
      const route = req.routeOptions.url ?? 'unmatched';
      const status = reply.statusCode;
      const key = `${req.method} ${status} ${route}`;
      let child = children.get(key);
      if (!child) {
        const labels = { method: req.method, route, status_code: String(status) };
        child = { count: requests.labels(labels), time: duration.labels(labels) };
        children.set(key, child);
      }
      child.count.inc();
      child.time.observe(reply.elapsedTime / 1000);
      requestLog.info(
        {
          reqId: req.id,
          method: req.method,
          url: redactUrl(req.url),
          route,
          statusCode: status,
          responseTime: Math.round(reply.elapsedTime * 100) / 100,
          ...(req.logExtra ?? {}),
        },
        'request',
      );
      done();
    });

    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'campus-metrics' },
);

declare module 'fastify' {
  interface FastifyRequest {
    /** Extra fields (client id, target id, validation keys) for this request's log line; never secrets. */
    logExtra?: Record<string, unknown>;
  }
}
