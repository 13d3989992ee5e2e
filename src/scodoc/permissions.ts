/**
 * ScoDoc permissions (9.3–9.5 names) and default roles, as data. Values are bits `1 << n`
 * (scodoc.md §3.5); a role holds a bit mask; SuperAdmin holds every bit (-1, §3.4).
 */

/** Permission name → bit number n (value 1 << n). scodoc.md §3.5. */
export const PERMISSION_BITS = {
  ScoSuperAdmin: 1,
  ScoView: 2,
  ScoEnsView: 3,
  ScoObservateur: 4,
  ScoUsersAdmin: 5,
  ScoUsersView: 6,
  ScoChangePreferences: 7,
  ScoChangeFormation: 8,
  ScoEditFormationTags: 9,
  ScoEditAllNotes: 10,
  ScoEditAllEvals: 11,
  ScoImplement: 12,
  ScoAbsChange: 13,
  ScoAbsAddBillet: 14,
  ScoEtudChangeAdr: 15,
  ScoEtudChangeGroups: 16,
  ScoEtudInscrit: 17,
  ScoEtudAddAnnotations: 18,
  ScoEntrepriseView: 19,
  ScoEntrepriseChange: 20,
  ScoEditPVJury: 21,
  ScoEditApo: 22,
  RelationsEntreprisesView: 23,
  RelationsEntreprisesChange: 24,
  RelationsEntreprisesExport: 25,
  RelationsEntreprisesSend: 26,
  RelationsEntreprisesValidate: 27,
  RelationsEntreprisesCorrespondants: 28,
  // 9.6 AbsJustifView: next free bit, in no default role (scodoc-assiduites.md AS8).
  ScoAbsJustifView: 29,
} as const;

export type PermissionName = keyof typeof PERMISSION_BITS;

/** Names in ascending bit order (the order of `GET /permissions`, scodoc.md §3.7). */
export const PERMISSION_NAMES: readonly PermissionName[] = (Object.keys(PERMISSION_BITS) as PermissionName[]).sort(
  (a, b) => PERMISSION_BITS[a] - PERMISSION_BITS[b],
);

/** Mask of every permission: the SuperAdmin role (stored as -1, "all bits"). */
export const ALL_PERMISSIONS = -1;

export function permValue(name: PermissionName): number {
  return 2 ** PERMISSION_BITS[name];
}

export function isPermissionName(name: string): name is PermissionName {
  return Object.hasOwn(PERMISSION_BITS, name);
}

export function maskOf(names: readonly PermissionName[]): number {
  let m = 0;
  for (const n of names) m |= permValue(n);
  return m;
}

/** True when `mask` holds every bit of permission `p` (ScoDoc: `(role.permissions & P) == P`). */
export function maskHas(mask: number, p: PermissionName): boolean {
  if (mask === ALL_PERMISSIONS) return true;
  const v = permValue(p);
  return (mask & v) === v;
}

/** Permission names of a mask, by descending bit, as ScoDoc lists a role's permissions (sample_roles.json.md). */
export function namesOf(mask: number): PermissionName[] {
  return PERMISSION_NAMES.filter((n) => maskHas(mask, n)).reverse();
}

const SECR: PermissionName[] = [
  'ScoAbsAddBillet',
  'ScoAbsChange',
  'ScoEditApo',
  'ScoEntrepriseChange',
  'ScoEntrepriseView',
  'ScoEtudAddAnnotations',
  'ScoEtudChangeAdr',
  'ScoObservateur',
  'ScoUsersView',
  'ScoView',
];

/** Default roles 1–8 and SuperAdmin (id 9), scodoc.md §3.6 and D36; seeded in this order so ids match. */
export const DEFAULT_ROLES: readonly { readonly name: string; readonly mask: number }[] = [
  { name: 'Observateur', mask: maskOf(['ScoObservateur']) },
  {
    name: 'Ens',
    mask: maskOf([
      'ScoAbsAddBillet',
      'ScoAbsChange',
      'ScoEnsView',
      'ScoEntrepriseView',
      'ScoEtudAddAnnotations',
      'ScoObservateur',
      'ScoUsersView',
      'ScoView',
    ]),
  },
  { name: 'Secr', mask: maskOf(SECR) },
  {
    name: 'Admin',
    mask: maskOf([
      ...SECR,
      'ScoChangeFormation',
      'ScoChangePreferences',
      'ScoEditAllEvals',
      'ScoEditAllNotes',
      'ScoEditFormationTags',
      'ScoEnsView',
      'ScoEtudChangeGroups',
      'ScoEtudInscrit',
      'ScoImplement',
      'ScoUsersAdmin',
    ]),
  },
  { name: 'RespPe', mask: maskOf(['ScoEditFormationTags']) },
  { name: 'ObservateurEntreprise', mask: maskOf(['RelationsEntreprisesView']) },
  {
    name: 'UtilisateurEntreprise',
    mask: maskOf(['RelationsEntreprisesCorrespondants', 'RelationsEntreprisesChange', 'RelationsEntreprisesView']),
  },
  {
    name: 'AdminEntreprise',
    mask: maskOf([
      'RelationsEntreprisesCorrespondants',
      'RelationsEntreprisesValidate',
      'RelationsEntreprisesSend',
      'RelationsEntreprisesChange',
      'RelationsEntreprisesView',
    ]),
  },
  { name: 'SuperAdmin', mask: ALL_PERMISSIONS },
];

export const SUPERADMIN_ROLE = 'SuperAdmin';
