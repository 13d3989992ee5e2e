/**
 * РКИ organisations: created by the CLI with a 32-character [A-Za-z0-9] secret from a CSPRNG, shown once
 * and stored sealed (AES-256-GCM under the server key, the organisation id as associated data), since
 * HS256 verification needs the secret itself (rki.md, "Secrets").
 */
import { randomInt } from 'node:crypto';
import { audit } from '../../auth/audit.js';
import { openSecret, sealSecret } from '../../auth/secret-box.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { findOrg, insertOrg, setOrgSecret } from './orgs.queries.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateOrgSecret(length = 32): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** The associated data binding a sealed secret to its organisation. */
export function orgAad(orgId: number): string {
  return `rki-org:${orgId}`;
}

export interface CreatedOrg {
  readonly clientId: number;
  readonly secret: string;
}

export async function createOrg(db: Database, config: Config, name: string, now = Date.now()): Promise<CreatedOrg> {
  const secret = generateOrgSecret();
  const clientId = await db.kysely.transaction().execute(async (trx) => {
    const id = await insertOrg(trx, name, config.serverKeyVersion, now);
    await setOrgSecret(trx, id, sealSecret(config.serverKey, config.serverKeyVersion, secret, orgAad(id)));
    await audit(trx, { api: 'rki', actor: 'cli', action: 'org.create', target: String(id) }, now);
    return id;
  });
  return { clientId, secret };
}

/** The organisation's secret bytes, or null when the box does not open (other key, swapped row). */
export function openOrgSecret(config: Config, orgId: number, sealed: string): Buffer | null {
  return openSecret(config.serverKey, sealed, orgAad(orgId));
}

/** For the CLI and the demo's login help: the secret of an existing organisation. */
export async function revealOrgSecret(db: Database, config: Config, orgId: number): Promise<string | null> {
  const org = await findOrg(db.kysely, orgId);
  return org ? (openOrgSecret(config, org.id, org.secret_sealed)?.toString('utf8') ?? null) : null;
}
