/**
 * The РКИ token (rki.md, "Transport and authentication"): a compact JWS, header `{"typ":"JWT","alg":"HS256"}`,
 * payload `{client_id, time, ip}`, HMAC-SHA256 keyed with the organisation secret's bytes.
 * Only HS256 is accepted; the signature is compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface RkiClaims {
  readonly client_id: number | string;
  readonly time: number;
  readonly ip: string | null;
}

/** What the SDK's firebase/php-jwt 5.0 sends, byte for byte. */
const SDK_HEADER = Buffer.from('{"typ":"JWT","alg":"HS256"}').toString('base64url');

function sign(secret: Buffer | string, signingInput: string): string {
  return createHmac('sha256', secret).update(signingInput).digest('base64url');
}

/** Makes a token as the PHP SDK does (tests, the CLI's `rki token`, the benchmark). */
export function signRkiToken(secret: Buffer | string, claims: RkiClaims): string {
  const input = `${SDK_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign(secret, input)}`;
}

export type Decoded =
  | { readonly ok: true; readonly header: string; readonly payload: Record<string, unknown>; readonly input: string }
  | { readonly ok: false };

function parseJsonObject(part: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** Splits and decodes a token without checking its signature; rejects any `alg` but HS256. */
export function decodeHs256(token: string): Decoded {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return { ok: false };
  if (parts[0] !== SDK_HEADER) {
    const header = parseJsonObject(parts[0]);
    if (header?.alg !== 'HS256') return { ok: false };
  }
  const payload = parseJsonObject(parts[1]);
  if (!payload) return { ok: false };
  return { ok: true, header: parts[0], payload, input: `${parts[0]}.${parts[1]}` };
}

/** Constant-time check of the third segment against HMAC-SHA256(secret, header.payload). */
export function signatureMatches(token: string, input: string, secret: Buffer): boolean {
  const given = Buffer.from(token.slice(input.length + 1));
  const expected = Buffer.from(sign(secret, input));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
