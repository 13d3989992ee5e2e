/**
 * `formsemestre/<id>/decisions_jury` (scodoc.md §5.12, compat §3.6 / §5.52): one item per inscrit (D28 order).
 * BUT: `annee`, `rcues` (competence order, numeric `moy`, `ue_1.moy`/`ue_2.moy` numbers or null), `ues`,
 * `semestre`, `autorisations`. Classic: `decision_sem`, `decisions_ue` keyed by UE id, `autorisations`.
 */
import { float } from '../../json.js';
import type { FormsemestreData } from '../../results/formsemestre-results.js';
import type { FsDecisions, UeDecisionRow } from './jury.queries.js';

const VALIDATING_UE = new Set(['ADM', 'CMP', 'ADJ', 'ADJR', 'ADSUP']);

export function presentDecisionsJury(d: FormsemestreData, dec: FsDecisions) {
  const ectsOf = new Map(d.ues.map((u) => [Number(u.id), u.ects === null ? 0 : Number(u.ects)]));
  const ueNumero = (id: number) => d.ues.find((u) => Number(u.id) === id)?.numero ?? Number.MAX_SAFE_INTEGER;
  return d.inscrits.map((e) => {
    const etudid = Number(e.etudid);
    const head = { etudid, code_nip: e.code_nip, code_ine: e.code_ine, etat: e.etat };
    const autorisations = (dec.autorisations.get(etudid) ?? []).map((s) => ({ semestre_id: s }));
    const sem = dec.sem.get(etudid);
    if (d.isBut) {
      const ueOf = (ueId: number, fallback: UeDecisionRow | undefined) => {
        const u = dec.anyUe.get(`${etudid}:${ueId}`) ?? fallback;
        return { ue_id: ueId, moy: u && u.moy_ue !== null ? float(u.moy_ue) : null, code: u?.code ?? null };
      };
      const rcues = [...(dec.rcues.get(etudid) ?? [])]
        .sort((a, b) => ueNumero(Number(a.ue_id2)) - ueNumero(Number(b.ue_id2)))
        .map((r) => ({
          ue_1: ueOf(Number(r.ue_id1), undefined),
          ue_2: ueOf(Number(r.ue_id2), undefined),
          moy: r.moy === null ? null : float(r.moy),
          code: r.code,
        }));
      const annee = dec.annee.get(etudid);
      return {
        ...head,
        annee: annee
          ? {
              code: annee.code,
              ordre: Number(annee.ordre),
              annee_scolaire: Number(annee.annee_scolaire),
              date: annee.event_date,
            }
          : null,
        rcues,
        ues: (dec.ues.get(etudid) ?? []).map((u) => ({
          ue_id: Number(u.ue_id),
          moy: u.moy_ue === null ? null : float(u.moy_ue),
          code: u.code,
          ects: float(VALIDATING_UE.has(u.code) ? (ectsOf.get(Number(u.ue_id)) ?? 0) : 0),
        })),
        semestre: sem ? { code: sem.code } : null,
        autorisations,
      };
    }
    const decisionsUe: Record<string, { code: string; event_date: string }> = {};
    for (const u of [...(dec.ues.get(etudid) ?? [])].sort((a, b) => Number(a.ue_id) - Number(b.ue_id))) {
      decisionsUe[String(u.ue_id)] = { code: u.code, event_date: u.event_date };
    }
    return {
      ...head,
      decision_sem: sem
        ? {
            code: sem.code,
            assidu: Boolean(Number(sem.assidu)),
            compense_formsemestre_id:
              sem.compense_formsemestre_id === null ? null : Number(sem.compense_formsemestre_id),
            event_date: sem.event_date,
          }
        : null,
      decisions_ue: decisionsUe,
      autorisations,
    };
  });
}
