/**
 * The ScoDoc 9 API under `/ScoDoc`: one route table mounted on the global prefix `/ScoDoc/api`, the
 * department prefix `/ScoDoc/<dept>/api` and the alias `/ScoDoc/api/<dept>` (scodoc.md §1.1, D6–D7).
 * Encapsulated: its own body parser (JSON whatever the Content-Type, D15), error and not-found handlers
 * (every failure in the ScoDoc body of §1.4, never HTML, never a stack trace), and JSON serializer (D10).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { trackRoutes } from '../http/method-not-allowed.js';
import { authenticate, deptByAcronym, mayUseRoute, type ScoAccess } from './access.js';
import { REASON, ScoError } from './errors.js';
import { serializeSco } from './json.js';
import { SCODOC_ROUTES } from './routes/index.js';
import type { ScoContext, ScoRoute } from './routes/route.js';

interface RouteConfig {
  readonly sco: ScoRoute;
  readonly prefix: 'global' | 'dept';
}

/** A raw body kept for upload routes (multipart); every other body is JSON. */
export interface RawBody {
  readonly raw: Buffer;
  readonly contentType: string;
}

export async function scodocPlugin(app: FastifyInstance) {
  const tracker = trackRoutes(app);

  app.setReplySerializer(serializeSco);

  // scodoc.md D15: bodies are JSON whatever the Content-Type; empty bodies are fine.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    const cfg = req.routeOptions.config as Partial<RouteConfig> | undefined;
    const sco = cfg?.sco;
    if (!sco || sco.ignoreBody || body.length === 0) return done(null, undefined);
    const ct = String(req.headers['content-type'] ?? '');
    if (/^multipart\//i.test(ct)) return done(null, { raw: body, contentType: ct } satisfies RawBody);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new ScoError('SCO_ERR_INVALID_JSON', { route: sco.name }), undefined);
    }
  });

  app.setErrorHandler((err: FastifyError | ScoError, req, reply) => {
    if (err instanceof ScoError) return sendError(reply, err);
    const code = (err as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, new ScoError('SCO_ERR_BODY_TOO_LARGE'));
    const status = (err as FastifyError).statusCode;
    if ((err as FastifyError).validation) {
      const name = (req.routeOptions.config as Partial<RouteConfig>)?.sco?.name ?? 'api';
      return sendError(reply, new ScoError('SCO_ERR_BAD_BODY', { route: name, reason: err.message }));
    }
    if (status && status >= 400 && status < 500) {
      reply.code(status).type('application/json');
      return reply.send({ error: REASON[status] ?? 'Bad Request', status });
    }
    req.log.error({ err }, 'scodoc: unhandled error');
    return sendError(reply, new ScoError('SCO_ERR_INTERNAL'));
  });

  // scodoc.md D17: unknown routes → JSON 404; a known path with another method → 405.
  app.setNotFoundHandler((req, reply) => {
    // The tracker ignores `<int:…>` constraints: a path it knows for this very method is a 404.
    const allowed = tracker.allowedMethods(req.url);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (allowed.length > 0 && !allowed.includes(method)) {
      reply.header('allow', allowed.join(', '));
      return sendError(reply, new ScoError('SCO_ERR_METHOD_NOT_ALLOWED'));
    }
    return sendError(reply, new ScoError('SCO_ERR_ROUTE_NOT_FOUND'));
  });

  for (const route of SCODOC_ROUTES) {
    mount(app, route, '/api', 'global');
    if (route.globalOnly) continue;
    mount(app, route, '/:dept/api', 'dept');
    mount(app, route, '/api/:dept', 'dept');
  }
}

function sendError(reply: FastifyReply, err: ScoError) {
  reply.code(err.status).type('application/json');
  if (err.code === 'SCO_ERR_BAD_CREDENTIALS') reply.header('www-authenticate', 'Basic realm="Authentication Required"');
  if (err.code === 'SCO_ERR_TOO_MANY_ATTEMPTS') reply.header('retry-after', '60');
  return reply.send(err.body());
}

function mount(app: FastifyInstance, route: ScoRoute, prefix: string, kind: 'global' | 'dept') {
  const config: RouteConfig = { sco: route, prefix: kind };
  app.route({
    method: route.method,
    url: prefix + route.path,
    config,
    ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
    schema: {
      summary: route.summary,
      tags: ['ScoDoc'],
      description: `Permission: ${route.perm}${route.extension ? '. Campus extension (not in the ScoDoc 9 spec).' : ''}`,
      // Documented once: the global form of each route.
      hide: kind !== 'global',
    },
    onRequest: async (req) => {
      req.sco = await resolveAccess(app, req, route, kind);
    },
    handler: async (req, reply) => {
      const ctx: ScoContext = {
        req,
        reply,
        access: req.sco!,
        params: req.params as Record<string, string>,
        query: req.query as Record<string, string | string[] | undefined>,
        body: req.body,
      };
      return route.handler(ctx);
    },
  });
}

/** Token → grants → department → permission; the order gives 401 before 404 before 403. */
async function resolveAccess(
  app: FastifyInstance,
  req: FastifyRequest,
  route: ScoRoute,
  kind: 'global' | 'dept',
): Promise<ScoAccess> {
  let dept: ScoAccess['dept'] = null;
  const params = req.params as Record<string, string>;
  if (route.perm === 'basic') {
    return { userId: 0, username: '', tokenId: 0, grants: [], dept: await resolveDept(app, kind, params) };
  }
  const { token, grants } = await authenticate(app.db, req);
  dept = await resolveDept(app, kind, params);
  const access: ScoAccess = { userId: token.accountId, username: token.username, tokenId: token.id, grants, dept };
  if (route.perm !== 'token' && !mayUseRoute(access, route.perm)) throw new ScoError('SCO_ERR_FORBIDDEN');
  req.logExtra = { ...(req.logExtra ?? {}), user: token.username };
  return access;
}

async function resolveDept(app: FastifyInstance, kind: 'global' | 'dept', params: Record<string, string>) {
  if (kind === 'global') return null;
  const row = await app.db.statements.first(deptByAcronym, { acronym: params.dept ?? '' });
  if (!row) throw new ScoError('SCO_ERR_DEPT_NOT_FOUND');
  return { id: Number(row.id), acronym: row.acronym };
}
