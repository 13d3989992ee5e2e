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

/** Formats instants in a zone, remembering each instant once: a list repeats entry dates and slots. */
export function localFormatter(tz: string): (ms: number) => string {
  const memo = new Map<number, string>();
  return (ms) => {
    const k = Number(ms);
    let s = memo.get(k);
    if (s === undefined) {
      s = formatLocal(k, tz);
      memo.set(k, s);
    }
    return s;
  };
}

export function presentAssiduite(
  a: AssiduiteRow,
  tz: string | ((ms: number) => string),
  justificatifs?: readonly unknown[],
) {
  const fmt = typeof tz === 'string' ? (ms: number) => formatLocal(ms, tz) : tz;
  const o: Record<string, unknown> = {
    assiduite_id: Number(a.id),
    etudid: Number(a.etudid),
    code_nip: a.code_nip,
    moduleimpl_id: a.moduleimpl_id === null ? null : Number(a.moduleimpl_id),
    date_debut: fmt(a.date_debut),
    date_fin: fmt(a.date_fin),
    etat: ASSIDUITE_ETATS[Number(a.etat)],
    desc: a.description,
    entry_date: fmt(a.entry_date),
    user_id: a.user_id === null ? null : Number(a.user_id),
    user_name: a.user_name,
    user_nom_complet: nomComplet(a.user_nom, a.user_prenom, a.user_name),
    est_just: Boolean(Number(a.est_just)),
    external_data: parseExternal(a.external_data),
  };
  if (justificatifs) o.justificatifs = justificatifs;
  return o;
}
