import { utcZ } from '../../dates.js';
import type { UserRoleRow, UserRow } from './users.queries.js';

function cap(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** scodoc.md §5.8 `user` (+ 9.x `cas_id`, `edt_id`); `dept` null when none (D25), dates UTC with Z. */
export function presentUser(u: UserRow, roles: readonly UserRoleRow[]) {
  const nom = u.nom ?? '';
  const prenom = u.prenom ?? '';
  const nomFmt = nom ? cap(nom) : u.user_name;
  const prenomFmt = prenom ? cap(prenom) : '';
  const initiale = prenomFmt ? `${prenomFmt[0]}.` : '';
  return {
    id: Number(u.id),
    user_name: u.user_name,
    nom: u.nom,
    prenom: u.prenom,
    dept: u.dept,
    active: Boolean(u.active),
    status_txt: u.active ? 'actif' : 'fermé',
    email: u.email,
    date_expiration: utcZ(u.date_expiration),
    date_modif_passwd: utcZ(u.date_modif_passwd),
    date_created: utcZ(u.date_created),
    last_seen: utcZ(u.last_seen),
    roles_string: roles
      .filter((r) => Number(r.user_id) === Number(u.id))
      .map((r) => `${r.role_name}_${r.dept ?? ''}`)
      .join(', '),
    nom_fmt: nomFmt,
    prenom_fmt: prenomFmt,
    nomprenom: `${nomFmt} ${initiale}`.trim(),
    prenomnom: `${initiale} ${nomFmt}`.trim(),
    nomplogin: `${(nom || u.user_name).toUpperCase()} ${prenomFmt} (${u.user_name})`.replace(/\s+/g, ' '),
    nomcomplet: `${prenomFmt} ${nomFmt}`.trim(),
    cas_id: u.cas_id,
    edt_id: u.edt_id,
  };
}
