/**
 * Secrets that must be read back (РКИ organisation secrets: HS256 needs the key itself) are stored
 * encrypted with AES-256-GCM under the server key, a random 96-bit nonce, and associated data that
 * binds the ciphertext to its owner (an organisation id), so rows cannot be swapped.
 * Format: `v<keyVersion>.<nonce>.<ciphertext>.<tag>` (base64url parts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export function sealSecret(key: Buffer, keyVersion: number, plaintext: string, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `v${keyVersion}.${nonce.toString('base64url')}.${ct.toString('base64url')}.${tag.toString('base64url')}`;
}

/** Returns the plaintext, or null when the box is malformed, was sealed for another owner, or another key. */
export function openSecret(key: Buffer, sealed: string, aad: string): Buffer | null {
  const parts = sealed.split('.');
  if (parts.length !== 4) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[1], 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(parts[3], 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[2], 'base64url')), decipher.final()]);
  } catch {
    return null;
  }
}
