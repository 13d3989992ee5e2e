/**
 * Who calls: an organisation, proven by an HS256 JWT signed with its secret (rki.md, "Campus accepts").
 * `client_id` comes from the parameters and must equal the token's claim; `time` must be within the
 * configured window (checked after the signature). Failures are counted per IP in a database-backed
 * token bucket, so every instance shares it: past the limit the answer is 429 instead of 401.
 */
import type { FastifyRequest } from 'fastify';
import { consume } from '../../auth/rate-limit.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { RkiError, type RkiErrorCode } from '../errors.js';
import { openOrgSecret } from '../orgs/orgs.js';
import { orgForAuth } from '../orgs/orgs.queries.js';
import type { LaravelInput } from '../validation/laravel-input.js';
import { decodeHs256, signatureMatches } from './jwt-hs256.js';

/** The authenticated organisation of a request. */
export interface RkiOrgContext {
  readonly id: number;
  /** Readers of the organisation: the unfiltered list total. */
  readonly userCount: number;
}

const BEARER = /^Bearer +([^ ]+) *$/i;
const CLIENT_ID = /^[1-9][0-9]{0,14}$/;

/**
 * Opened organisation secrets, keyed by organisation and sealed box: derived data only (a second instance
 * opens the same box to the same secret), so it holds nothing another instance would need. Opening a box
 * is a quarter of a request's cost on the hot path. Bounded: emptied when it grows past `max` entries.
 */
export class OpenedSecrets {
  private readonly map = new Map<number, { readonly sealed: string; readonly secret: Buffer }>();
  constructor(
    private readonly config: Config,
    private readonly max = 10_000,
  ) {}

  get(orgId: number, sealed: string): Buffer | null {
    const hit = this.map.get(orgId);
    if (hit && hit.sealed === sealed) return hit.secret;
    const secret = openOrgSecret(this.config, orgId, sealed);
    if (!secret) return null;
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(orgId, { sealed, secret });
    return secret;
  }
}

/** Checks the token; returns the organisation, or the error code of the failure. */
export async function verifyRkiToken(
  db: Database,
  config: Config,
  authorization: string | undefined,
  input: LaravelInput,
  now = Date.now(),
  secrets = new OpenedSecrets(config),
): Promise<RkiOrgContext | RkiErrorCode> {
  const raw = input['client_id'];
  if (!authorization || raw === undefined || raw === null) return 'RKI_ERR_NO_TOKEN';
  // A JSON body may carry it as a number.
  const clientId = typeof raw === 'number' ? String(raw) : raw;
  const m = BEARER.exec(authorization);
  if (!m || typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) return 'RKI_ERR_BAD_TOKEN';
  const token = m[1];
  const decoded = decodeHs256(token);
  if (!decoded.ok) return 'RKI_ERR_BAD_TOKEN';
  const org = await db.statements.first(orgForAuth, { id: Number(clientId) });
  if (!org) return 'RKI_ERR_BAD_TOKEN';
  const secret = secrets.get(Number(org.id), org.secret_sealed);
  if (!secret || !signatureMatches(token, decoded.input, secret)) return 'RKI_ERR_BAD_TOKEN';
  const claim = decoded.payload['client_id'];
  const sameClient =
    (typeof claim === 'number' && String(claim) === clientId) || (typeof claim === 'string' && claim === clientId);
  if (!sameClient) return 'RKI_ERR_BAD_TOKEN';
  const time = decoded.payload['time'];
  if (typeof time !== 'number' || !Number.isFinite(time)) return 'RKI_ERR_BAD_TOKEN';
  if (Math.abs(now / 1000 - time) > config.rki.tokenWindowSeconds) return 'RKI_ERR_TOKEN_EXPIRED';
  return { id: Number(org.id), userCount: Number(org.user_count) };
}

/** The route-level hook: sets `req.rkiOrg` or throws the 401 (429 once the IP's failures run out). */
export function authenticate(db: Database, config: Config) {
  const failures = {
    ratePerSecond: config.rki.authFailuresPerMinute / 60,
    burst: config.rki.authFailuresPerMinute,
  };
  const secrets = new OpenedSecrets(config);
  return async (req: FastifyRequest): Promise<void> => {
    const result = await verifyRkiToken(db, config, req.headers.authorization, req.rkiInput, Date.now(), secrets);
    if (typeof result !== 'string') {
      req.rkiOrg = result;
      req.logExtra = { ...req.logExtra, client_id: result.id };
      return;
    }
    req.logExtra = { ...req.logExtra, auth: result };
    if (!(await consume(db, `rki:auth-failures:${req.ip}`, failures))) throw new RkiError('RKI_ERR_RATE_LIMITED');
    throw new RkiError(result);
  };
}

/** Writes are limited per organisation (10/s, burst 50 by default), across instances. */
export async function consumeWrite(db: Database, config: Config, orgId: number): Promise<void> {
  const bucket = { ratePerSecond: config.rki.writeRatePerSecond, burst: config.rki.writeBurst };
  if (!(await consume(db, `rki:writes:${orgId}`, bucket))) throw new RkiError('RKI_ERR_RATE_LIMITED');
}
