/**
 * One student's slice of the formsemestre results, as plain values: what a bulletin or a jury page reads.
 * Cheap (no recomputation): it indexes the columns computed by `computeFormsemestre`.
 */
import type { FormsemestreResults, InscriptionEtat } from './types.js';

export interface EtudRank {
  readonly value: string;
  readonly total: number;
}

export interface EtudModuleResults {
  readonly inscrit: boolean;
  /** Module average (BUT: indicative mean of the per-UE averages); NaN = "~". */
  readonly moy: number;
  /** BUT: moy(s,m,u) by UE id. */
  readonly moy_ue: ReadonlyMap<number, number>;
  readonly en_attente: boolean;
  readonly rank: EtudRank;
}

export interface EtudUeResults {
  readonly moy: number;
  readonly capitalisee: boolean;
  readonly bonus: number;
  readonly malus: number;
  readonly coef: number;
  readonly rank: EtudRank;
}

export interface EtudResults {
  readonly etudid: number;
  readonly etat: InscriptionEtat;
  readonly moy_gen: number;
  readonly bonus: number;
  readonly rank: EtudRank;
  /** Ranks in the student's groups, by group_id. */
  readonly group_ranks: ReadonlyMap<number, EtudRank>;
  readonly modules: ReadonlyMap<number, EtudModuleResults>;
  readonly ues: ReadonlyMap<number, EtudUeResults>;
  /** The student has ATT in some counted evaluation. */
  readonly en_attente: boolean;
}

/** The results of `etudid`, or null if not inscribed in the formsemestre. */
export function etudResults(res: FormsemestreResults, etudid: number): EtudResults | null {
  const i = res.index.get(etudid);
  if (i === undefined) return null;
  const modules = new Map<number, EtudModuleResults>();
  let enAttente = false;
  for (const [id, m] of res.modules) {
    const moyUe = new Map<number, number>();
    for (const [ueId, col] of m.moy_ue) moyUe.set(ueId, col[i]);
    if (m.etud_attente[i]) enAttente = true;
    modules.set(id, {
      inscrit: m.inscrit[i] === 1,
      moy: m.moy[i],
      moy_ue: moyUe,
      en_attente: m.etud_attente[i] === 1,
      rank: { value: m.rank.value[i], total: m.rank.total },
    });
  }
  const ues = new Map<number, EtudUeResults>();
  for (const [id, u] of res.ues) {
    ues.set(id, {
      moy: u.moy[i],
      capitalisee: u.capitalisee[i] === 1,
      bonus: u.bonus[i],
      malus: u.malus[i],
      coef: u.coef[i],
      rank: { value: u.rank.value[i], total: u.rank.total },
    });
  }
  const groupRanks = new Map<number, EtudRank>();
  for (const [gid, r] of res.general.group_ranks) {
    if (res.general.group_members.get(gid)?.[i]) groupRanks.set(gid, { value: r.value[i], total: r.total });
  }
  return {
    etudid,
    etat: res.etat[i],
    moy_gen: res.general.moy[i],
    bonus: res.general.bonus[i],
    rank: { value: res.general.rank.value[i], total: res.general.rank.total },
    group_ranks: groupRanks,
    modules,
    ues,
    en_attente: enAttente,
  };
}
