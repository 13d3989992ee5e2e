/**
 * POST /tokens (HTTP Basic → `{"token"}`) and DELETE /tokens (revokes the presented token), scodoc.md
 * §3.1–3.3. Failed logins are rate-limited per account and per address in the database; successful
 * logins never count (scodoc-client-compat.md §5.57).
 */
import type { FastifyInstance } from 'fastify';
import { verifyCredentials } from '../../../auth/accounts.js';
import { available, type Bucket, consume } from '../../../auth/rate-limit.js';
import { revokeToken } from '../../../auth/tokens.js';
import { ScoError } from '../../errors.js';
import type { ScoRoute } from '../route.js';
import { issueToken } from './tokens.queries.js';

/** `user:password` from a Basic header, split at the first `:`; null when absent or malformed. */
export function parseBasic(header: string | undefined): { user: string; password: string } | null {
  const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  return { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

function buckets(app: FastifyInstance): Bucket {
  const c = app.config.scodoc;
  return { ratePerSecond: c.loginFailuresPerMinute / 60, burst: c.loginFailuresBurst };
}

export const tokenRoutes: ScoRoute[] = [
  {
    method: 'POST',
    path: '/tokens',
    perm: 'basic',
    name: 'token_get',
    summary: 'Get an API token with HTTP Basic credentials',
    ignoreBody: true,
    async handler({ req }) {
      const app = req.server;
      const creds = parseBasic(req.headers.authorization);
      if (!creds || creds.user.length === 0 || creds.user.length > 200 || creds.password.length > 1000) {
        throw new ScoError('SCO_ERR_BAD_CREDENTIALS');
      }
      const bucket = buckets(app);
      const keys = [`scodoc:login:user:${creds.user}`, `scodoc:login:ip:${req.ip}`];
      for (const k of keys) if (!(await available(app.db, k, bucket))) throw new ScoError('SCO_ERR_TOO_MANY_ATTEMPTS');
      const account = await verifyCredentials(app.db, creds.user, creds.password, app.config.argon2);
      if (!account) {
        for (const k of keys) await consume(app.db, k, bucket);
        req.logExtra = { ...(req.logExtra ?? {}), loginFailed: creds.user };
        throw new ScoError('SCO_ERR_BAD_CREDENTIALS');
      }
      const { token } = await issueToken(
        app.db.kysely,
        app.config.serverKey,
        account.id,
        app.config.scodoc.tokenTtlSeconds,
      );
      req.logExtra = { ...(req.logExtra ?? {}), user: account.username };
      return { token };
    },
  },
  {
    method: 'DELETE',
    path: '/tokens',
    perm: 'token',
    name: 'token_revoke',
    summary: 'Revoke the presented token',
    ignoreBody: true,
    async handler({ req, reply, access }) {
      await revokeToken(req.server.db.kysely, access.tokenId);
      reply.code(204);
      return reply.send();
    },
  },
];
