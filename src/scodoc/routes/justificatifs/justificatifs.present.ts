/**
 * The justificatif object (scodoc-assiduites.md §1.2, compat §3.7). `raison` and `fichier` are withheld
 * (null) unless the caller may see justification details (AS8).
 */
import { nomComplet, parseExternal } from '../assiduites/assiduites.present.js';
import { JUSTIF_ETATS } from '../assiduites/etats.js';
import { formatLocal } from '../assiduites/local-datetime.js';
import type { JustificatifRow } from './justificatifs.queries.js';

/** The archive name of a justificatif's files; null without file (§1.2). */
export function archiveName(j: { id: number; nb_files: number }): string | null {
  return Number(j.nb_files) > 0 ? `justif_${Number(j.id)}` : null;
}

export function presentJustificatif(j: JustificatifRow, tz: string | ((ms: number) => string), details: boolean) {
  const fmt = typeof tz === 'string' ? (ms: number) => formatLocal(ms, tz) : tz;
  return {
    justif_id: Number(j.id),
    etudid: Number(j.etudid),
    code_nip: j.code_nip,
    date_debut: fmt(j.date_debut),
    date_fin: fmt(j.date_fin),
    etat: JUSTIF_ETATS[Number(j.etat)],
    raison: details ? j.raison : null,
    entry_date: fmt(j.entry_date),
    fichier: details ? archiveName(j) : null,
    user_id: j.user_id === null ? null : Number(j.user_id),
    user_name: j.user_name,
    user_nom_complet: nomComplet(j.user_nom, j.user_prenom, j.user_name),
    external_data: parseExternal(j.external_data),
  };
}
