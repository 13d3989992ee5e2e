/** Password hashing: argon2id with the configured cost (~19 ms a hash here with the defaults). */
import { type Algorithm, hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const ARGON2ID = 2 as Algorithm;

import type { Argon2Params } from '../config.js';

export function hashPassword(password: string, params: Argon2Params): Promise<string> {
  return hash(password, { ...params, algorithm: ARGON2ID });
}

export async function verifyPassword(stored: string | null | undefined, password: string, params: Argon2Params) {
  if (!stored) {
    // Same cost as a real check, so an unknown user cannot be told from a wrong password by timing.
    await hashPassword(password, params);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
