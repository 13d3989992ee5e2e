/**
 * Automatic jury proposals for classic formations (DUT, LP…), scodoc.md §6.13 [source 9.0, DUT rule table].
 * Pure: the jury route gathers the inputs (this semester's results, the previous semester's decision) and
 * offers the proposals; the jury accepts one or records another code.
 */
import {
  BARRE_MOY,
  BARRE_UE_DEFAULT,
  type FormsemestreResults,
  NOTES_BARRE_VALID_UE,
  NOTES_TOLERANCE,
} from './types.js';

/** Semester codes (§6.13). */
export type ClassicSemCode = 'ADM' | 'ADC' | 'ADJ' | 'ATT' | 'ATB' | 'ATJ' | 'AJ' | 'NAR' | 'RAT';
/** UE codes (§6.13). */
export type ClassicUeCode = 'ADM' | 'CMP' | 'AJ';
/** Devenirs (§6.13). */
export type Devenir =
  | 'NEXT'
  | 'REDOANNEE'
  | 'REDOSEM'
  | 'RA_OR_NEXT'
  | 'RA_OR_RS'
  | 'RS_OR_NEXT'
  | 'NEXT_OR_NEXT2'
  | 'NEXT2'
  | 'REO';

/** ScoDoc's texts for the codes (§6.13). */
export const CLASSIC_CODE_TEXTS: Readonly<Record<ClassicSemCode | 'DEF', string>> = Object.freeze({
  ADM: 'Validé',
  ADC: 'Validé par compensation',
  ADJ: 'Validé par le Jury',
  ATT: "Décision en attente d'un autre semestre (faute d'atteindre la moyenne)",
  ATB: "Décision en attente d'un autre semestre (au moins une UE sous la barre)",
  ATJ: "Décision en attente d'un autre semestre (assiduité insuffisante)",
  AJ: 'Ajourné',
  NAR: 'Echec, non autorisé à redoubler',
  RAT: "En attente d'un rattrapage",
  DEF: 'Défaillant',
});

/** ScoDoc's texts of the devenirs the reference quotes (§6.13); the others have none here. */
export const DEVENIR_TEXTS: Readonly<Partial<Record<Devenir, string>>> = Object.freeze({
  NEXT: 'Passage au semestre suivant',
  REDOANNEE: 'Redoublement année',
  REDOSEM: 'Redoublement semestre',
  REO: 'Réorientation',
});

/** §6.13: validating semester codes. */
export const VALIDATING_SEM_CODES: ReadonlySet<string> = new Set(['ADM', 'ADC', 'ADJ']);
/** §6.13: validating UE codes. */
export const VALIDATING_UE_CODES: ReadonlySet<string> = new Set(['ADM', 'CMP']);

/** §6.1: x reaches threshold T iff x ≥ T − NOTES_TOLERANCE (NaN never does). */
export function reaches(x: number, threshold: number): boolean {
  return x >= threshold - NOTES_TOLERANCE;
}

export interface UeBarInput {
  readonly moy: number;
  /** Weight of the UE in the general average (C(s,u) or UE coefficient). */
  readonly coef: number;
  /** The UE's bar; BARRE_UE_DEFAULT (8) unless the cursus says otherwise (LP: 0, stage UE: 10). */
  readonly barre?: number;
}

/** §6.13: every UE with coef > 0 and an average is at or above its bar. */
export function ueBarsOk(ues: readonly UeBarInput[]): boolean {
  for (const ue of ues) {
    if (!(ue.coef > 0) || Number.isNaN(ue.moy)) continue;
    if (!reaches(ue.moy, ue.barre ?? BARRE_UE_DEFAULT)) return false;
  }
  return true;
}

/**
 * §6.13: automatic UE codes: no code without average; AJ for every UE when assiduité is insufficient;
 * ADM if moy_ue ≥ 10; CMP if the semester code is validating; else AJ.
 */
export function classicUeCode(moyUe: number, semCode: string | null, assidu: boolean): ClassicUeCode | null {
  if (Number.isNaN(moyUe)) return null;
  if (!assidu) return 'AJ';
  if (reaches(moyUe, NOTES_BARRE_VALID_UE)) return 'ADM';
  if (semCode !== null && VALIDATING_SEM_CODES.has(semCode)) return 'CMP';
  return 'AJ';
}

export interface CompensationInput {
  /** The previous semester is the one just before (same formation_code, semestre_id − 1). */
  readonly consecutive: boolean;
  /** The previous semester already compensated another one. */
  readonly previous_used_for_compensation: boolean;
  readonly previous_code: string | null;
  readonly previous_moy_gen: number;
  readonly previous_bars_ok: boolean;
  readonly moy_gen: number;
  readonly bars_ok: boolean;
}

/**
 * §6.13 compensation (ADC): consecutive semesters, the other one not already used, its code in
 * {ADM, ADJ, ATT, ADC}, UE bars ok in both, and (moy_gen₁ + moy_gen₂)/2 ≥ 10.
 */
export function isCompensable(c: CompensationInput): boolean {
  return (
    c.consecutive &&
    !c.previous_used_for_compensation &&
    c.previous_code !== null &&
    ['ADM', 'ADJ', 'ATT', 'ADC'].includes(c.previous_code) &&
    c.previous_bars_ok &&
    c.bars_ok &&
    reaches((c.moy_gen + c.previous_moy_gen) / 2, BARRE_MOY)
  );
}

export interface ClassicJuryInput {
  /** Decision of the previous semester (same formation_code, semestre_id − 1); null when none. */
  readonly previous_code: string | null;
  readonly assidu: boolean;
  readonly moy_gen: number;
  /** `ueBarsOk` of this semester. */
  readonly bars_ok: boolean;
  /** `isCompensable` with the previous semester. */
  readonly compensable: boolean;
  /** This is the last semester of the cursus. */
  readonly is_last: boolean;
  /** Cursus allowing compensation between semesters (mono-semester and LP cursus drop ADC). */
  readonly allow_adc?: boolean;
  /** Cursus with "en attente" codes (mono-semester and LP cursus drop ATT and ATB). */
  readonly allow_att?: boolean;
}

export interface ClassicProposal {
  readonly code: ClassicSemCode;
  /** The previous semester's code rewritten by this decision, or null to leave it. */
  readonly code_prev: ClassicSemCode | null;
  readonly devenir: Devenir;
  readonly explanation: string;
}

type Tri = boolean | '*';
interface Rule {
  readonly prev: readonly (string | null)[] | '*';
  readonly assidu: Tri;
  readonly moy: Tri;
  readonly bars: Tri;
  readonly extra?: 'not_last' | 'compensable' | 'moy_or_bars_fail';
  readonly out: readonly [ClassicSemCode, ClassicSemCode | null, Devenir];
  readonly explanation: string;
}

const FIRST_OR_OK = [null, 'ADM', 'ADC', 'ADJ'];

// scodoc.md §6.13 main rules of the DUT table (upstream misc/parcoursDUT.csv), in table order.
const RULES: readonly Rule[] = [
  {
    prev: FIRST_OR_OK,
    assidu: true,
    moy: true,
    bars: true,
    out: ['ADM', null, 'NEXT'],
    explanation: 'Moyenne et barres ok',
  },
  {
    prev: FIRST_OR_OK,
    assidu: true,
    moy: false,
    bars: true,
    extra: 'not_last',
    out: ['ATT', null, 'NEXT'],
    explanation: 'Moyenne insuffisante',
  },
  {
    prev: FIRST_OR_OK,
    assidu: true,
    moy: '*',
    bars: false,
    out: ['ATB', null, 'NEXT'],
    explanation: 'Au moins une UE sous la barre',
  },
  {
    prev: FIRST_OR_OK,
    assidu: false,
    moy: '*',
    bars: '*',
    extra: 'not_last',
    out: ['ATJ', null, 'NEXT'],
    explanation: 'Assiduité insuffisante',
  },
  {
    prev: ['ADM', 'ADJ', 'ADC'],
    assidu: true,
    moy: false,
    bars: '*',
    extra: 'compensable',
    out: ['ADC', null, 'NEXT'],
    explanation: 'Compensation avec le semestre précédent',
  },
  {
    prev: ['ATT'],
    assidu: true,
    moy: true,
    bars: true,
    extra: 'compensable',
    out: ['ADM', 'ADC', 'NEXT'],
    explanation: 'Semestre précédent validé par compensation',
  },
  {
    prev: ['ATT'],
    assidu: true,
    moy: true,
    bars: true,
    out: ['ADM', 'ADJ', 'NEXT'],
    explanation: 'Semestre précédent validé par le jury',
  },
  {
    prev: ['ATT'],
    assidu: true,
    moy: false,
    bars: '*',
    out: ['AJ', 'AJ', 'REDOANNEE'],
    explanation: 'Moyenne insuffisante, pas de compensation',
  },
  {
    prev: ['ATB'],
    assidu: '*',
    moy: '*',
    bars: '*',
    out: ['AJ', 'AJ', 'REDOANNEE'],
    explanation: 'Semestre précédent sous la barre',
  },
  {
    prev: ['ATB'],
    assidu: '*',
    moy: '*',
    bars: '*',
    out: ['NAR', 'NAR', 'REO'],
    explanation: 'Semestre précédent sous la barre',
  },
  {
    prev: ['ATB'],
    assidu: true,
    moy: true,
    bars: true,
    out: ['ADM', 'ADJ', 'NEXT'],
    explanation: 'Le jury valide le semestre précédent',
  },
  {
    prev: ['AJ'],
    assidu: true,
    moy: '*',
    bars: '*',
    extra: 'moy_or_bars_fail',
    out: ['AJ', 'AJ', 'REDOANNEE'],
    explanation: 'Moyenne ou barres insuffisantes',
  },
  {
    prev: ['AJ'],
    assidu: false,
    moy: '*',
    bars: '*',
    out: ['NAR', null, 'REO'],
    explanation: 'Assiduité insuffisante',
  },
  {
    prev: ['AJ'],
    assidu: true,
    moy: true,
    bars: true,
    out: ['ATT', null, 'REDOANNEE'],
    explanation: 'Semestre précédent ajourné',
  },
  {
    prev: '*',
    assidu: true,
    moy: '*',
    bars: '*',
    extra: 'moy_or_bars_fail',
    out: ['ADJ', null, 'NEXT'],
    explanation: 'Le jury décide de valider',
  },
  {
    prev: ['AJ', 'ATT', 'NAR'],
    assidu: true,
    moy: '*',
    bars: '*',
    extra: 'moy_or_bars_fail',
    out: ['NAR', 'NAR', 'REO'],
    explanation: 'Non autorisé à redoubler',
  },
  { prev: '*', assidu: false, moy: '*', bars: '*', out: ['AJ', 'ADM', 'REO'], explanation: 'Assiduité insuffisante' },
];

function tri(rule: Tri, v: boolean): boolean {
  return rule === '*' || rule === v;
}

/**
 * Every matching rule of the table, in table order (ScoDoc offers all of them; Campus proposes the first).
 * A NaN general average never reaches 10. Codes the cursus does not use are dropped.
 */
export function proposeClassicSemester(input: ClassicJuryInput): ClassicProposal[] {
  const moyOk = reaches(input.moy_gen, BARRE_MOY);
  const allowAdc = input.allow_adc ?? true;
  const allowAtt = input.allow_att ?? true;
  const out: ClassicProposal[] = [];
  for (const r of RULES) {
    if (r.prev !== '*' && !r.prev.includes(input.previous_code)) continue;
    if (!tri(r.assidu, input.assidu) || !tri(r.moy, moyOk) || !tri(r.bars, input.bars_ok)) continue;
    if (r.extra === 'not_last' && input.is_last) continue;
    if (r.extra === 'compensable' && !(input.compensable && allowAdc)) continue;
    if (r.extra === 'moy_or_bars_fail' && moyOk && input.bars_ok) continue;
    const [code, codePrev, devenir] = r.out;
    if (!allowAdc && (code === 'ADC' || codePrev === 'ADC')) continue;
    if (!allowAtt && (code === 'ATT' || code === 'ATB')) continue;
    out.push({ code, code_prev: codePrev, devenir, explanation: r.explanation });
  }
  return out;
}

export interface ClassicJuryFacts {
  readonly moy_gen: number;
  readonly bars_ok: boolean;
  /** Non-sport UEs with their final average and weight, in input order (for `classicUeCode`). */
  readonly ues: readonly { readonly ue_id: number; readonly moy: number; readonly coef: number }[];
  /** Some note of the student is "en attente" (ATT). */
  readonly en_attente: boolean;
}

/**
 * The facts the rule table needs about one student, taken from the semester results. `barres` gives a UE's
 * bar when it is not BARRE_UE_DEFAULT (LP: 0, stage UE: 10). Null when the student is not inscribed.
 */
export function classicJuryFacts(
  res: FormsemestreResults,
  etudid: number,
  barres?: ReadonlyMap<number, number>,
): ClassicJuryFacts | null {
  const i = res.index.get(etudid);
  if (i === undefined) return null;
  const ues: { ue_id: number; moy: number; coef: number }[] = [];
  const bars: UeBarInput[] = [];
  for (const [ueId, u] of res.ues) {
    if (u.sport) continue;
    ues.push({ ue_id: ueId, moy: u.moy[i], coef: u.coef[i] });
    bars.push({ moy: u.moy[i], coef: u.coef[i], barre: barres?.get(ueId) });
  }
  let enAttente = false;
  for (const m of res.modules.values()) if (m.etud_attente[i]) enAttente = true;
  return { moy_gen: res.general.moy[i], bars_ok: ueBarsOk(bars), ues, en_attente: enAttente };
}
