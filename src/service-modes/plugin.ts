/**
 * The service-modes API (Monq «Сервисные режимы», service-modes-api.ru.txt) and the minimal CMDB it acts on,
 * registered under `/api/public/sm`. Encapsulated: its own body parser (raw text, parsed by the handlers so
 * that 401 → 403 → 415 → path → query → body is the check order of service-modes.md), its own auth hook,
 * error and not-found handlers; every failure is `{"message": …}`, never a stack trace.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { trackRoutes } from '../http/method-not-allowed.js';
import { callerFromBasicOrBearer, callerFromBearer } from './caller.js';
import { SmError } from './errors.js';
import type { Caller, RoutePermission } from './permissions.js';
import { accountRoutes } from './routes/account/account.routes.js';
import { cmdbRoutes } from './routes/cmdb/cmdb.routes.js';
import { rsmMaintenanceRoutes } from './routes/rsm-maintenance/rsm-maintenance.routes.js';
import { type Clock, type DateFormatter, dateFormatter } from './time.js';

export interface ServiceModesOptions {
  /** Time source (tests pin and move it); Date.now by default. */
  readonly clock?: Clock;
}

/** What the route modules share. */
export interface SmContext {
  readonly clock: Clock;
  readonly fmt: DateFormatter;
}

declare module 'fastify' {
  interface FastifyRequest {
    smCaller?: Caller;
  }
  interface FastifyContextConfig {
    /** The permission a service-modes route needs (permissions.ts). */
    smPermission?: RoutePermission | 'password-or-token';
  }
}

/** The caller set by the auth hook (routes always have a permission, so it is set). */
export function callerOf(req: FastifyRequest): Caller {
  return req.smCaller!;
}

/** 415 unless the body is declared as JSON (parameters such as charset allowed). */
export function requireJson(req: FastifyRequest): void {
  const ct = req.headers['content-type'];
  if (!ct || !/^application\/json\s*(;|$)/i.test(ct)) throw new SmError('SM_ERR_MEDIA_TYPE');
}

/** The raw body text kept by the plugin's parser. */
export function rawBody(req: FastifyRequest): string | undefined {
  return typeof req.body === 'string' ? req.body : undefined;
}

function sendError(reply: FastifyReply, e: SmError) {
  if (e.status === 401) reply.header('WWW-Authenticate', 'Bearer');
  const body: Record<string, unknown> = { message: e.message };
  if (e.bodyFields) body.bodyFields = e.bodyFields;
  if (e.queryFields) body.queryFields = e.queryFields;
  reply.code(e.status).type('application/json; charset=utf-8').send(body);
}

export async function serviceModesPlugin(app: FastifyInstance, opts: ServiceModesOptions) {
  const ctx: SmContext = {
    clock: opts.clock ?? (() => Date.now()),
    fmt: dateFormatter(app.config.serviceModes.timeZone),
  };
  const tracker = trackRoutes(app);

  // Bodies are kept as text and read by the handlers, after authentication and the Content-Type check.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Validation is done by the handlers (exact messages, case-insensitive binding); schemas document.
  app.setValidatorCompiler(() => () => true);

  app.addHook('onRequest', async (req) => {
    const perm = req.routeOptions.config?.smPermission;
    if (!perm) return;
    const now = ctx.clock();
    if (perm === 'password-or-token') {
      req.smCaller = await callerFromBasicOrBearer(app.db, app.config, req.headers.authorization, req.ip, now);
      return;
    }
    const caller = await callerFromBearer(app.db, req.headers.authorization, now, perm.unauthorized);
    const ok =
      caller.admin ||
      perm.gate === 'none' ||
      (perm.gate === 'read' && caller.memberships > 0) ||
      (perm.gate === 'edit' && caller.editMemberships > 0);
    if (!ok) throw new SmError(perm.forbidden);
    req.smCaller = caller;
    req.logExtra = { ...req.logExtra, account: caller.username };
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof SmError) return sendError(reply, err);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, new SmError('SM_ERR_BODY_TOO_LARGE'));
    if (err.statusCode === 415) return sendError(reply, new SmError('SM_ERR_MEDIA_TYPE'));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, new SmError('SM_ERR_BAD_MODEL'));
    }
    req.log.error({ err }, 'unhandled error');
    reply.code(500).send({ message: new SmError('SM_ERR_INTERNAL').message, stackTrace: null });
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const allowed = tracker.allowedMethods(req.url);
    if (allowed.length > 0) {
      reply.header('Allow', allowed.join(', '));
      return sendError(reply, new SmError('SM_ERR_METHOD_NOT_ALLOWED', { method: req.method, route: path }));
    }
    return sendError(reply, new SmError('SM_ERR_ROUTE_NOT_FOUND', { route: `${req.method} ${path}` }));
  });

  await app.register(async (v1) => rsmMaintenanceRoutes(v1, ctx), { prefix: '/v1/rsm-maintenance' });
  await app.register(async (acc) => accountRoutes(acc, ctx), { prefix: '/v1/account' });
  await app.register(async (v2) => cmdbRoutes(v2, ctx), { prefix: '/v2/rsm' });
}
