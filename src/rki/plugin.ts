/**
 * The РКИ users API under `/security` (rki-users-api.ru.txt, rki.md). An encapsulated plugin with its own
 * body parsers (form and JSON, empty bodies allowed), its own validator (schemas only document: the
 * Laravel-style rule sets judge and word the errors), and its own error and not-found handlers, so that
 * every answer under the prefix is the РКИ envelope with `Cache-Control: no-store` and the HTTP status
 * equal to `status`.
 */
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { trackRoutes } from '../http/method-not-allowed.js';
import { authenticate, type RkiOrgContext } from './auth/authenticate.js';
import { failureEnvelope } from './envelope.js';
import { RkiError } from './errors.js';
import { usersRoutes } from './routes/users/users.routes.js';
import { laravelInput } from './validation/laravel-input.js';

/** Fastify's own failures before a handler runs, as РКИ errors. */
function fromFastify(err: FastifyError): RkiError | null {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) return new RkiError('RKI_ERR_TOO_LARGE');
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415)
    return new RkiError('RKI_ERR_MEDIA_TYPE');
  // Malformed JSON, a JSON body that is not an object, a bad Content-Length: the form has errors.
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new RkiError('RKI_ERR_VALIDATION', {});
  return null;
}

export async function rkiPlugin(app: FastifyInstance) {
  const routes = trackRoutes(app);

  // Schemas document the parameters; the rule sets validate them (rki.md, "Mechanics").
  app.setValidatorCompiler(() => (value) => ({ value }));
  // Presenters build every object in the spec's key order, so JSON.stringify is the serializer: the
  // response schemas document the shapes, and fast-json-stringify's anyOf (`blockedafter` string or 0)
  // costs a schema check per row.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // POST bodies: urlencoded (the SDK) or JSON, possibly empty. GET bodies are never parsed by Fastify,
  // so the SDK's form body on GET neither matters nor gives 415.
  app.removeAllContentTypeParsers();
  await app.register(formbody);
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (String(body).trim() === '') return done(null, {});
    json(req, String(body), (err, value) => {
      if (err) return done(err, undefined);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return done(Object.assign(new Error('JSON body must be an object'), { statusCode: 400 }), undefined);
      }
      done(null, value);
    });
  });

  app.decorateRequest('rkiOrg', null as RkiOrgContext | null);
  app.decorateRequest('rkiInput', null as unknown as Readonly<Record<string, unknown>>);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.header('cache-control', 'no-store');
    done();
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    let e = err instanceof RkiError ? err : fromFastify(err);
    if (!e) {
      req.log.error({ err, reqId: req.id }, 'rki: unexpected error');
      e = new RkiError('RKI_ERR_INTERNAL');
    }
    if (e.errors) req.logExtra = { ...req.logExtra, validation: Object.keys(e.errors) };
    reply.code(e.status).send(failureEnvelope(e));
  });

  app.setNotFoundHandler((req, reply) => {
    const allowed = routes.allowedMethods(req.url);
    const e =
      allowed.length > 0 && !allowed.includes(req.method)
        ? new RkiError('RKI_ERR_METHOD_NOT_ALLOWED')
        : new RkiError('RKI_ERR_ROUTE_NOT_FOUND');
    if (e.code === 'RKI_ERR_METHOD_NOT_ALLOWED') reply.header('allow', allowed.join(', '));
    reply.code(e.status).send(failureEnvelope(e));
  });

  const auth = authenticate(app.db, app.config);
  const preHandler = async (req: FastifyRequest) => {
    req.rkiInput = laravelInput(req.query, req.body);
    await auth(req);
  };
  await app.register(usersRoutes, { preHandler });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The organisation proven by the JWT (set by the РКИ auth hook). */
    rkiOrg: RkiOrgContext | null;
    /** Query and body parameters as Laravel sees them (laravel-input.ts). */
    rkiInput: Readonly<Record<string, unknown>>;
  }
}
