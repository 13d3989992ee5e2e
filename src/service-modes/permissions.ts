/**
 * Rights (service-modes.md, Rights; Campus decisions: permissions). An account belongs to workgroups as
 * `Read` or `Edit`. The right on CI x is the best, over x and its Hierarchy ancestors a, of min(role in W,
 * W's grant on a), W being a's owner workgroup (grant Edit) or a workgroup a is shared to. Read: sees the
 * CI. Edit: edits it and sets service modes on it. CMDB administrators (sm_admins) pass every check.
 *
 * The SQL predicates below take the CI id column and the `acc` parameter; the closure table holds a
 * distance-0 row per CI, so "x or an ancestor" is one indexed probe per ancestor.
 */
import { type RawBuilder, sql } from 'kysely';
import type { SmErrorCode } from './errors.js';

export interface Caller {
  readonly accountId: number;
  readonly username: string;
  readonly admin: boolean;
  /** Number of workgroups the account belongs to (any role). */
  readonly memberships: number;
  /** Number of workgroups where the account has Edit. */
  readonly editMemberships: number;
}

/** SQL: the caller (param `acc`) can read CI `ci`. */
export function readableCi(ci: RawBuilder<unknown>, acc: unknown): RawBuilder<unknown> {
  return sql`(exists (select 1 from sm_ci_closure cl
      join sm_config_items ca on ca.id = cl.ancestor_id
      join sm_memberships ms on ms.workgroup_id = ca.owner_workgroup_id and ms.account_id = ${acc}
      where cl.descendant_id = ${ci})
    or exists (select 1 from sm_ci_closure cl
      join sm_ci_shares sh on sh.ci_id = cl.ancestor_id
      join sm_memberships ms on ms.workgroup_id = sh.workgroup_id and ms.account_id = ${acc}
      where cl.descendant_id = ${ci}))`;
}

/** SQL: the caller (param `acc`) has Edit on CI `ci`. */
export function editableCi(ci: RawBuilder<unknown>, acc: unknown): RawBuilder<unknown> {
  return sql`(exists (select 1 from sm_ci_closure cl
      join sm_config_items ca on ca.id = cl.ancestor_id
      join sm_memberships ms on ms.workgroup_id = ca.owner_workgroup_id and ms.account_id = ${acc} and ms.role = 'Edit'
      where cl.descendant_id = ${ci})
    or exists (select 1 from sm_ci_closure cl
      join sm_ci_shares sh on sh.ci_id = cl.ancestor_id and sh.access = 'Edit'
      join sm_memberships ms on ms.workgroup_id = sh.workgroup_id and ms.account_id = ${acc} and ms.role = 'Edit'
      where cl.descendant_id = ${ci}))`;
}

/**
 * Account-level gate of each route (GET /{id} has none: the spec's only 403 there is the mode-level one,
 * so an account in no workgroup gets 404 for a missing mode and 403 for an existing one) (service-modes.md, Errors: 401 text per route, then the account-level
 * 403): `read` needs one membership, `edit` one Edit membership, `admin` the admin flag, `none` only a
 * valid token. Object-level checks (mode visible, CI editable) come later in the handlers.
 */
export type AccountGate = 'read' | 'edit' | 'admin' | 'none';

export interface RoutePermission {
  readonly unauthorized: SmErrorCode;
  readonly gate: AccountGate;
  readonly forbidden: SmErrorCode;
}

const CMDB_READ: RoutePermission = {
  unauthorized: 'SM_ERR_UNAUTHORIZED',
  gate: 'read',
  forbidden: 'SM_ERR_CMDB_FORBIDDEN',
};
const CMDB_EDIT: RoutePermission = { ...CMDB_READ, gate: 'edit' };
const CMDB_ADMIN: RoutePermission = { ...CMDB_READ, gate: 'admin' };
const TOKEN_OWNER: RoutePermission = { ...CMDB_READ, gate: 'none' };

/** Every route of the plugin (method + path under the prefix) and the permission it needs. */
export const ROUTE_PERMISSIONS: Readonly<Record<string, RoutePermission | 'password-or-token'>> = {
  'GET /v1/rsm-maintenance': {
    unauthorized: 'SM_ERR_UNAUTHORIZED_LIST',
    gate: 'read',
    forbidden: 'SM_ERR_FORBIDDEN_LIST',
  },
  'POST /v1/rsm-maintenance/filter': {
    unauthorized: 'SM_ERR_UNAUTHORIZED',
    gate: 'read',
    forbidden: 'SM_ERR_FORBIDDEN_FILTER',
  },
  'GET /v1/rsm-maintenance/active-config-items': {
    unauthorized: 'SM_ERR_UNAUTHORIZED',
    gate: 'read',
    forbidden: 'SM_ERR_FORBIDDEN_LIST',
  },
  'POST /v1/rsm-maintenance/preview': {
    unauthorized: 'SM_ERR_UNAUTHORIZED',
    gate: 'read',
    forbidden: 'SM_ERR_FORBIDDEN_LIST',
  },
  'GET /v1/rsm-maintenance/:id': {
    unauthorized: 'SM_ERR_UNAUTHORIZED',
    gate: 'none',
    forbidden: 'SM_ERR_FORBIDDEN_VIEW',
  },
  'GET /v1/rsm-maintenance/:id/history': {
    unauthorized: 'SM_ERR_UNAUTHORIZED',
    gate: 'none',
    forbidden: 'SM_ERR_FORBIDDEN_VIEW',
  },
  'POST /v1/rsm-maintenance': {
    unauthorized: 'SM_ERR_UNAUTHORIZED',
    gate: 'edit',
    forbidden: 'SM_ERR_FORBIDDEN_CREATE',
  },
  'PUT /v1/rsm-maintenance/:id': {
    unauthorized: 'SM_ERR_UNAUTHORIZED',
    gate: 'edit',
    forbidden: 'SM_ERR_FORBIDDEN_EDIT',
  },
  'PATCH /v1/rsm-maintenance/:id': {
    unauthorized: 'SM_ERR_UNAUTHORIZED',
    gate: 'edit',
    forbidden: 'SM_ERR_FORBIDDEN_EDIT',
  },
  'GET /v2/rsm/config-item-types': CMDB_READ,
  'POST /v2/rsm/config-item-types': CMDB_ADMIN,
  'GET /v2/rsm/work-groups': TOKEN_OWNER,
  'POST /v2/rsm/work-groups': CMDB_ADMIN,
  'PUT /v2/rsm/work-groups/:id': CMDB_ADMIN,
  'DELETE /v2/rsm/work-groups/:id': CMDB_ADMIN,
  'PUT /v2/rsm/work-groups/:id/members/:accountId': CMDB_ADMIN,
  'DELETE /v2/rsm/work-groups/:id/members/:accountId': CMDB_ADMIN,
  'GET /v2/rsm/config-items': CMDB_READ,
  'POST /v2/rsm/config-items/filter': CMDB_READ,
  'POST /v2/rsm/config-items': CMDB_EDIT,
  'GET /v2/rsm/config-items/:id': CMDB_READ,
  'PUT /v2/rsm/config-items/:id': CMDB_EDIT,
  'DELETE /v2/rsm/config-items/:id': CMDB_EDIT,
  'POST /v2/rsm/config-items/:id/access': CMDB_EDIT,
  'PUT /v2/rsm/config-items/:id/access/:workGroupId': CMDB_EDIT,
  'DELETE /v2/rsm/config-items/:id/access/:workGroupId': CMDB_EDIT,
  'POST /v2/rsm/links': CMDB_EDIT,
  'DELETE /v2/rsm/links/:type/:sourceId/:targetId': CMDB_EDIT,
  // Personal tokens: HTTP Basic (account password) or a live token of the same account.
  'GET /v1/account/tokens': 'password-or-token',
  'POST /v1/account/tokens': 'password-or-token',
  'DELETE /v1/account/tokens/:id': 'password-or-token',
};
