/**
 * The single entry point: every result of one formsemestre, in one pass (scodoc.md §7.4: modules → UEs →
 * general → ranks). Pure: the caller loads the rows, calls this, caches the result and presents it.
 */
import { computeBonus, resolveBonus } from './bonus.js';
import { evaluationResult } from './evaluation-state.js';
import { generalAverageBut, generalAverageClassic } from './general-average.js';
import {
  attenteFlags,
  compareEvaluations,
  type EvaluationNotes,
  indicativeAverage,
  moduleAverage,
} from './module-average.js';
import { encodeNoteColumns } from './note-codes.js';
import { computeRanks } from './ranks.js';
import { computeStats, EMPTY_STATS } from './stats.js';
import { StudentIndex } from './student-index.js';
import type {
  EvaluationInput,
  EvaluationResult,
  FormsemestreInput,
  FormsemestreResults,
  ModuleImplInput,
  ModuleResult,
  RankResult,
  UeInput,
  UeResult,
} from './types.js';
import { UE_SPORT } from './types.js';
import { applyCapitalisation, type UeModuleTerm, ueAverageBut, ueAverageClassic } from './ue-average.js';

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list === undefined) m.set(k, [it]);
    else list.push(it);
  }
  return m;
}

function countOnes(mask: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < mask.length; i++) c += mask[i];
  return c;
}

const NOT_RANKED = (n: number, total: number): RankResult => ({
  rank: new Int32Array(n),
  tied: new Uint8Array(n),
  value: new Array<string>(n).fill(''),
  total,
  ranked: 0,
});

/** Computes every average, rank and statistic of a formsemestre (see README.md for the rules' sources). */
export function computeFormsemestre(input: FormsemestreInput): FormsemestreResults {
  const options = input.options ?? {};
  const isBut = input.is_but;

  // Students: index = position in `inscriptions`.
  const n = input.inscriptions.length;
  const etudids = input.inscriptions.map((i) => i.etudid);
  const etat = input.inscriptions.map((i) => i.etat);
  const lookup = new StudentIndex(etudids);
  const index = lookup.map;
  // §6.2: only semester etat "I" students are inscrits of modules; D/DEF get no averages.
  const etatI = new Uint8Array(n);
  let nbInscrits = 0;
  for (let i = 0; i < n; i++) {
    if (etat[i] === 'I') {
      etatI[i] = 1;
      nbInscrits++;
    }
  }

  const ueById = new Map<number, UeInput>();
  for (const ue of input.ues) ueById.set(ue.id, ue);
  const isSportUe = (ueId: number | null): boolean => ueId !== null && ueById.get(ueId)?.type === UE_SPORT;

  // BUT parcours: which UEs each student follows (§6.6); classic: every UE.
  const inParcours = new Map<number, Uint8Array>();
  const everyone = new Uint8Array(n).fill(1);
  const restricted = isBut && input.inscriptions.some((i) => i.ue_ids !== null && i.ue_ids !== undefined);
  for (const ue of input.ues) {
    if (!restricted) {
      inParcours.set(ue.id, everyone);
      continue;
    }
    const mask = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const ids = input.inscriptions[i].ue_ids;
      mask[i] = ids === null || ids === undefined || ids.includes(ue.id) ? 1 : 0;
    }
    inParcours.set(ue.id, mask);
  }

  // Notes as one column per evaluation; evaluations summed in a fixed order (§7.4).
  const evaluations = [...input.evaluations].sort(compareEvaluations);
  const noteCols = encodeNoteColumns(evaluations, input.notes, lookup, n);
  const evalsByModule = groupBy<EvaluationInput, number>(evaluations, (e) => e.moduleimpl_id);

  // Module inscriptions (I(s,m)).
  const modInscrit = new Map<number, Uint8Array>();
  for (const m of input.modules) modInscrit.set(m.moduleimpl_id, new Uint8Array(n));
  let lastMod = Number.NaN;
  let modCol: Uint8Array | undefined;
  for (const row of input.moduleimpl_inscriptions) {
    if (row.moduleimpl_id !== lastMod) {
      lastMod = row.moduleimpl_id;
      modCol = modInscrit.get(lastMod);
    }
    const i = lookup.of(row.etudid);
    if (modCol !== undefined && i >= 0) modCol[i] = 1;
  }

  // BUT matrix K_{u,m}, non-zero entries toward non-sport UEs.
  const coefsByModule = groupBy(
    (input.ue_coefs ?? []).filter((c) => c.coef > 0 && ueById.has(c.ue_id) && !isSportUe(c.ue_id)),
    (c) => c.moduleimpl_id,
  );

  const evaluationResults = new Map<number, EvaluationResult>();
  const moduleResults = new Map<number, ModuleResult>();
  for (const mod of input.modules) {
    const inscrit = modInscrit.get(mod.moduleimpl_id)!;
    const inscritsI = new Uint8Array(n);
    for (let i = 0; i < n; i++) inscritsI[i] = inscrit[i] & etatI[i];
    const evals: EvaluationNotes[] = [];
    let nbValid = 0;
    for (const ev of evalsByModule.get(mod.moduleimpl_id) ?? []) {
      const notes = noteCols.get(ev.id)!;
      const er = evaluationResult(ev, notes, inscritsI);
      evaluationResults.set(ev.id, er);
      evals.push({ evaluation: ev, notes, counted: er.counted });
      if (er.counted) nbValid++;
    }
    const sport = isSportUe(mod.ue_id);
    // Classic modules, malus and sport modules have one average; BUT ressources/SAÉs one per UE (§6.3).
    const scalar = !isBut || mod.kind === 'malus' || sport;
    const moyUe = new Map<number, Float64Array>();
    let moy: Float64Array;
    if (scalar) {
      moy = moduleAverage(evals, inscritsI, null);
    } else {
      for (const c of coefsByModule.get(mod.moduleimpl_id) ?? []) {
        moyUe.set(c.ue_id, moduleAverage(evals, inscritsI, c.ue_id));
      }
      moy = indicativeAverage([...moyUe.values()], n);
    }
    const attente = attenteFlags(evals, inscritsI);
    const stats = computeStats(moy, inscritsI);
    moduleResults.set(mod.moduleimpl_id, {
      moduleimpl_id: mod.moduleimpl_id,
      kind: mod.kind,
      sport,
      inscrit,
      moy,
      moy_ue: moyUe,
      // §6.3: malus modules are never "en attente"
      en_attente: mod.kind !== 'malus' && attente.any,
      etud_attente: mod.kind === 'malus' ? new Uint8Array(n) : attente.etud,
      stats,
      nb_notes: stats.count,
      nb_missing: countOnes(inscritsI) - stats.count,
      nb_valid_evals: nbValid,
      rank: computeRanks(moy, inscritsI),
    });
  }

  // Bonus sport/culture (§6.8) from the sport modules' averages.
  const sportCols: Float64Array[] = [];
  for (const r of moduleResults.values()) if (r.sport) sportCols.push(r.moy);
  const bonus = computeBonus(sportCols, resolveBonus(options.bonus), n);

  // Capitalised UEs by UE: student index → average (and classic coefficient).
  const capByUe = new Map<number, Map<number, number>>();
  const capCoefByUe = new Map<number, Map<number, number | null | undefined>>();
  for (const cap of input.capitalisations ?? []) {
    const i = index.get(cap.etudid);
    if (i === undefined || !ueById.has(cap.ue_id)) continue;
    if (!capByUe.has(cap.ue_id)) {
      capByUe.set(cap.ue_id, new Map());
      capCoefByUe.set(cap.ue_id, new Map());
    }
    const prev = capByUe.get(cap.ue_id)!.get(i);
    if (prev === undefined || cap.moy_ue > prev) {
      capByUe.get(cap.ue_id)!.set(i, cap.moy_ue);
      capCoefByUe.get(cap.ue_id)!.set(i, cap.coefficient);
    }
  }

  const modulesOf = (pred: (m: ModuleImplInput) => boolean): ModuleImplInput[] => input.modules.filter(pred);
  const ueResults = new Map<number, UeResult>();
  for (const ue of input.ues) {
    const parcours = inParcours.get(ue.id)!;
    if (ue.type === UE_SPORT) {
      // §6.5: sport/culture UEs get no average; their modules feed the bonus.
      ueResults.set(ue.id, {
        ue_id: ue.id,
        sport: true,
        moy: new Float64Array(n).fill(Number.NaN),
        moy_semestre: new Float64Array(n).fill(Number.NaN),
        capitalisee: new Uint8Array(n),
        bonus: new Float64Array(n),
        malus: new Float64Array(n),
        coef: new Float64Array(n),
        stats: EMPTY_STATS,
        rank: NOT_RANKED(n, nbInscrits),
      });
      continue;
    }
    const malusCols = modulesOf((m) => m.kind === 'malus' && m.ue_id === ue.id).map(
      (m) => moduleResults.get(m.moduleimpl_id)!.moy,
    );
    let avg: { moy: Float64Array; coef: Float64Array; malus: Float64Array };
    let ueBonus: Float64Array;
    if (isBut) {
      const terms: UeModuleTerm[] = [];
      for (const m of input.modules) {
        const col = moduleResults.get(m.moduleimpl_id)!.moy_ue.get(ue.id);
        if (col === undefined) continue;
        const k = coefsByModule.get(m.moduleimpl_id)!.find((c) => c.ue_id === ue.id)!.coef;
        terms.push({ moy: col, coef: k });
      }
      // §6.6 / §6.8: BUT adds the bonus to every UE average.
      avg = ueAverageBut(terms, malusCols, bonus, parcours, n);
      ueBonus = new Float64Array(n);
      const ectsCoef = new Float64Array(n);
      const ects = ue.ects ?? Number.NaN;
      for (let i = 0; i < n; i++) {
        if (!parcours[i]) continue;
        ueBonus[i] = bonus[i];
        ectsCoef[i] = ects;
      }
      avg = { ...avg, coef: ectsCoef };
    } else {
      const terms = modulesOf((m) => m.kind !== 'malus' && m.ue_id === ue.id).map((m) => ({
        moy: moduleResults.get(m.moduleimpl_id)!.moy,
        coef: m.coefficient ?? 0,
      }));
      avg = ueAverageClassic(terms, malusCols, n);
      ueBonus = new Float64Array(n);
      if (options.use_ue_coefs) {
        // §6.7: option use_ue_coefs weighs the UE by its own coefficient.
        const c = ue.coefficient ?? 0;
        const ueCoef = new Float64Array(n);
        for (let i = 0; i < n; i++) ueCoef[i] = Number.isNaN(avg.moy[i]) ? 0 : c;
        avg = { ...avg, coef: ueCoef };
      }
    }
    const caps = capByUe.get(ue.id);
    const { moy, capitalisee } = caps
      ? applyCapitalisation(avg.moy, caps)
      : { moy: avg.moy, capitalisee: new Uint8Array(n) };
    const coef = avg.coef;
    if (caps && !isBut) {
      // §6.7: a capitalised UE enters the classic general average with its own coefficient.
      for (const [i, c] of capCoefByUe.get(ue.id)!) {
        if (capitalisee[i]) coef[i] = c ?? ue.coefficient ?? coef[i];
      }
    }
    const members = new Uint8Array(n);
    for (let i = 0; i < n; i++) members[i] = etatI[i] & parcours[i];
    ueResults.set(ue.id, {
      ue_id: ue.id,
      sport: false,
      moy,
      moy_semestre: avg.moy,
      capitalisee,
      bonus: ueBonus,
      malus: avg.malus,
      coef,
      stats: computeStats(moy, members),
      rank: computeRanks(moy, members),
    });
  }

  // General average (§6.7): NaN for D/DEF students and when the formsemestre blocks averages.
  const active = options.block_moyennes ? new Uint8Array(n) : etatI;
  const standardUes = input.ues.filter((u) => u.type !== UE_SPORT);
  const moyGen = isBut
    ? generalAverageBut(
        standardUes.map((u) => ({ moy: ueResults.get(u.id)!.moy, ects: u.ects, inParcours: inParcours.get(u.id)! })),
        options.but_moy_skip_empty_ues === true,
        active,
      )
    : generalAverageClassic(
        standardUes.map((u) => ({ moy: ueResults.get(u.id)!.moy, coef: ueResults.get(u.id)!.coef })),
        bonus,
        active,
      );

  // Group ranks (§6.9): same rule within each group's etat-I members.
  const groupRanks = new Map<number, RankResult>();
  const groupMembers = new Map<number, Uint8Array>();
  for (const g of input.groups ?? []) {
    const members = new Uint8Array(n);
    for (const etudid of g.etudids) {
      const i = index.get(etudid);
      if (i !== undefined) members[i] = 1;
    }
    groupMembers.set(g.group_id, members);
    const rankedMembers = new Uint8Array(n);
    for (let i = 0; i < n; i++) rankedMembers[i] = members[i] & etatI[i];
    groupRanks.set(g.group_id, computeRanks(moyGen, rankedMembers));
  }

  let enAttente = false;
  for (const r of moduleResults.values()) if (r.en_attente) enAttente = true;

  return {
    is_but: isBut,
    etudids,
    index,
    etat,
    nb_inscrits: nbInscrits,
    evaluations: evaluationResults,
    modules: moduleResults,
    ues: ueResults,
    general: {
      moy: moyGen,
      bonus,
      stats: computeStats(moyGen, etatI),
      rank: computeRanks(moyGen, etatI),
      group_ranks: groupRanks,
      group_members: groupMembers,
    },
    en_attente: enAttente,
  };
}
