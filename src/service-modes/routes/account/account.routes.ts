/**
 * Campus extension: personal API tokens of the calling account (`/api/public/sm/v1/account/tokens`).
 * Authenticated with HTTP Basic (account password) or a live token of the same account. The token is shown
 * once, in the creation answer.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { badModel, SmError } from '../../errors.js';
import { ROUTE_PERMISSIONS } from '../../permissions.js';
import { createPersonalToken, listPersonalTokens, parseExpiry, revokePersonalToken } from '../../personal-tokens.js';
import { callerOf, type SmContext } from '../../plugin.js';
import * as I from '../cmdb/cmdb-input.js';

const TAG = ['personal tokens'];
const EXT = 'Campus extension (the original issues tokens in its web UI). ';

const TokenOut = Type.Object({
  id: Type.Integer(),
  description: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  active: Type.Boolean(),
});

export async function accountRoutes(app: FastifyInstance, ctx: SmContext) {
  const db = app.db;
  const perm = (k: string) => ({ smPermission: ROUTE_PERMISSIONS[k] });
  const fmt = (ms: number | null) => (ms === null ? null : ctx.fmt.format(ms));

  app.get(
    '/tokens',
    {
      config: perm('GET /v1/account/tokens'),
      schema: {
        tags: TAG,
        description: `${EXT}Active and revoked tokens of the account.`,
        response: { 200: Type.Array(TokenOut) },
      },
    },
    async (req) => {
      const now = ctx.clock();
      return (await listPersonalTokens(db.kysely, callerOf(req).accountId)).map((t) => ({
        id: t.id,
        description: t.description,
        createdAt: fmt(t.createdAt),
        expiresAt: fmt(t.expiresAt),
        revokedAt: fmt(t.revokedAt),
        lastUsedAt: fmt(t.lastUsedAt),
        active: t.revokedAt === null && t.expiresAt > now,
      }));
    },
  );

  app.post(
    '/tokens',
    {
      config: perm('POST /v1/account/tokens'),
      schema: {
        tags: TAG,
        description: `${EXT}Body: {description?, expiresAt? (RFC 3339) | expiresInDays? (default 365)}. The token is shown once.`,
        response: {
          201: Type.Object({
            id: Type.Integer(),
            token: Type.String(),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
        },
      },
    },
    async (req, reply) => {
      const now = ctx.clock();
      const f = I.readObject(req);
      I.onlyFields(f, ['description', 'expiresat', 'expiresindays']);
      const description = I.text(f, 'description', { max: 200 });
      const at = f.get('expiresat')?.value;
      const days = f.get('expiresindays')?.value;
      let expiresAt: number | undefined;
      if (at !== undefined && at !== null) {
        expiresAt = typeof at === 'string' ? parseExpiry(at, now) : undefined;
        if (expiresAt === undefined) throw badModel('expiresAt', 'Ожидается дата в будущем');
      } else if (days !== undefined && days !== null) {
        expiresAt =
          Number.isInteger(days) && (days as number) > 0 && (days as number) <= 36_500
            ? now + (days as number) * 86_400_000
            : undefined;
        if (expiresAt === undefined) throw badModel('expiresInDays', 'Ожидается целое число 1…36500');
      } else expiresAt = parseExpiry(undefined, now)!;
      const t = await createPersonalToken(db.kysely, callerOf(req).accountId, { expiresAt, description }, now);
      reply.code(201);
      return { id: t.id, token: t.token, expiresAt: ctx.fmt.format(t.expiresAt) };
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: perm('DELETE /v1/account/tokens/:id'),
      schema: { tags: TAG, description: `${EXT}Revokes one of the account's tokens.` },
    },
    async (req, reply) => {
      const id = I.pathId((req.params as { id: string }).id, 'Токен');
      if (!(await revokePersonalToken(db.kysely, id, callerOf(req).accountId, ctx.clock()))) {
        throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'Токен', id });
      }
      reply.code(204).send();
    },
  );
}
