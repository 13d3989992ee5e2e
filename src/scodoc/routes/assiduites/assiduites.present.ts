/** The assiduité object (scodoc-assiduites.md §1.1, AS13, compat §3.7): every field under its wire name. */
import type { AssiduiteRow } from './assiduites.queries.js';
import { ASSIDUITE_ETATS } from './etats.js';
import { formatLocal } from './local-datetime.js';

function cap(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** The author's "Prénom Nom", as ScoDoc's `nomcomplet`; null without author. */
export function nomComplet(nom: string | null, prenom: string | null, userName: string | null): string | null {
  if (userName === null) return null;
  const n = nom ? cap(nom) : userName;
  return `${prenom ? cap(prenom) : ''} ${n}`.trim();
}

/** external_data is returned exactly as stored (compat requirement 21). */
export function parseExternal(v: string | null): unknown {
  return v === null ? null : JSON.parse(v);
}

export function presentAssiduite(a: AssiduiteRow, tz: string, justificatifs?: readonly unknown[]) {
  const o: Record<string, unknown> = {
    assiduite_id: Number(a.id),
    etudid: Number(a.etudid),
    code_nip: a.code_nip,
    moduleimpl_id: a.moduleimpl_id === null ? null : Number(a.moduleimpl_id),
    date_debut: formatLocal(a.date_debut, tz),
    date_fin: formatLocal(a.date_fin, tz),
    etat: ASSIDUITE_ETATS[Number(a.etat)],
    desc: a.description,
    entry_date: formatLocal(a.entry_date, tz),
    user_id: a.user_id === null ? null : Number(a.user_id),
    user_name: a.user_name,
    user_nom_complet: nomComplet(a.user_nom, a.user_prenom, a.user_name),
    est_just: Boolean(Number(a.est_just)),
    external_data: parseExternal(a.external_data),
  };
  if (justificatifs) o.justificatifs = justificatifs;
  return o;
}
