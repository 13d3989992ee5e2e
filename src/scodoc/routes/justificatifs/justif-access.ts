/**
 * AS8: justification details (`raison`, `fichier`) and the file routes are for ScoAbsJustifView holders (in
 * the student's department) and the uploader; others get null fields and 403 on the file routes.
 */
import { can, type ScoAccess } from '../../access.js';

export function mayViewJustifDetails(
  access: ScoAccess,
  j: { readonly dept_id: number; readonly user_id: number | null },
  uploaders: readonly (number | null)[] = [],
): boolean {
  if (can(access, 'ScoAbsJustifView', Number(j.dept_id))) return true;
  if (j.user_id !== null && Number(j.user_id) === access.userId) return true;
  return uploaders.some((u) => u !== null && Number(u) === access.userId);
}
