/** The shape of a ScoDoc route: one definition, mounted on every prefix by the plugin. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ScoAccess } from '../access.js';
import type { PermissionName } from '../permissions.js';

/** A route's required permission; 'basic' = HTTP Basic login (POST /tokens), 'token' = any valid token. */
export type RoutePermission = PermissionName | 'basic' | 'token';

export interface ScoContext {
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  readonly access: ScoAccess;
  readonly params: Record<string, string>;
  readonly query: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

export interface ScoRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Relative to the API prefix; `:x(^\\d+$)` for ScoDoc's `<int:x>`. */
  readonly path: string;
  readonly perm: RoutePermission;
  /** Short route name used in 400 messages (`"<name>: invalid json"`, scodoc.md D15). */
  readonly name: string;
  readonly summary: string;
  /** Global prefix only (département create/edit/delete, D7). */
  readonly globalOnly?: boolean;
  /** Body ignored whatever it holds (POST /tokens). */
  readonly ignoreBody?: boolean;
  /** Campus extension beyond the ScoDoc spec (listed as such in the OpenAPI document). */
  readonly extension?: boolean;
  /** Body size limit in bytes when larger than the server's (file uploads). */
  readonly bodyLimit?: number;
  readonly handler: (ctx: ScoContext) => Promise<unknown>;
}

/** `<int:x>` path segment: decimal digits only, anything else falls through to the JSON 404. */
export const INT = '(^\\d{1,15}$)';

/** The three ways of naming a student: `etudid/<int>`, `nip/<str>`, `ine/<str>` (scodoc.md §2). */
export const ETUD_KEYS = [`etudid/:etudid${INT}`, 'nip/:nip', 'ine/:ine'] as const;

export type EtudKey =
  | { readonly kind: 'etudid'; readonly etudid: number }
  | { readonly kind: 'nip' | 'ine'; readonly code: string };

export function etudKeyOf(params: Record<string, string>): EtudKey {
  if (params.etudid !== undefined) return { kind: 'etudid', etudid: Number(params.etudid) };
  if (params.nip !== undefined) return { kind: 'nip', code: params.nip };
  return { kind: 'ine', code: params.ine };
}

export function intParam(params: Record<string, string>, name: string): number {
  return Number(params[name]);
}
