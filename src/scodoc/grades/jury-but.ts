/**
 * Automatic jury proposals for the BUT (scodoc.md §6.14): UE codes with compensation inside the RCUE,
 * RCUE codes, the year's code and the authorisations to enter the next semester. Pure: the jury route loads
 * the UE averages of the year's two semesters (paired by competence level) and offers these proposals.
 */
import { reaches } from './jury-classic.js';
import { BARRE_MOY, BARRE_UE_DEFAULT } from './types.js';

export type ButUeCode = 'ADM' | 'ADJ' | 'ADJR' | 'ADSUP' | 'CMP' | 'AJ' | 'RAT' | 'ATJ' | 'ABAN' | 'UEBSL';
export type ButRcueCode = 'ADM' | 'ADJ' | 'ADSUP' | 'AJ';
export type ButAnneeCode =
  | 'ADM'
  | 'ADJ'
  | 'ADSUP'
  | 'ATJ'
  | 'PASD'
  | 'PAS1NCI'
  | 'RED'
  | 'NAR'
  | 'ABAN'
  | 'ABL'
  | 'EXCLU'
  | 'DEF'
  | 'DEM';

/** §6.14: RCUE codes that validate the competence level. */
export const VALIDATING_RCUE_CODES: ReadonlySet<string> = new Set(['ADM', 'ADJ', 'ADSUP']);
/** §6.14: year codes that authorise the next (odd) semester. */
export const PASSAGE_ANNEE_CODES: ReadonlySet<string> = new Set(['ADM', 'ADJ', 'PASD', 'PAS1NCI']);
/** §6.14: codes a jury may choose for the year instead of the proposal. */
export const JURY_ANNEE_CODES: readonly ButAnneeCode[] = ['ADJ', 'PAS1NCI', 'NAR', 'DEF', 'ABAN', 'ABL', 'EXCLU'];

export interface ButUeJuryInput {
  readonly ue_id: number;
  /** UE average (NaN when none). */
  readonly moy: number;
  /** `coef_rcue` of the UE (D33: default 1 → plain mean). */
  readonly coef_rcue?: number;
}

/** §6.14 / D33: (moy₁·k₁ + moy₂·k₂)/(k₁ + k₂); NaN if either UE has no average. */
export function rcueAverage(ue1: ButUeJuryInput, ue2: ButUeJuryInput): number {
  const k1 = ue1.coef_rcue ?? 1;
  const k2 = ue2.coef_rcue ?? 1;
  if (Number.isNaN(ue1.moy) || Number.isNaN(ue2.moy) || !(k1 + k2 > 0)) return Number.NaN;
  return (ue1.moy * k1 + ue2.moy * k2) / (k1 + k2);
}

/**
 * §6.14: UE: ADM if ≥ 10; CMP if < 10 and its RCUE ≥ 10 (full compensation inside the RCUE); else AJ.
 * No code without an average. `moyRcue` NaN (odd-semester jury, RCUE not known yet) → no compensation.
 */
export function proposeButUeCode(moyUe: number, moyRcue: number): 'ADM' | 'CMP' | 'AJ' | null {
  if (Number.isNaN(moyUe)) return null;
  if (reaches(moyUe, BARRE_MOY)) return 'ADM';
  if (reaches(moyRcue, BARRE_MOY)) return 'CMP';
  return 'AJ';
}

/** §6.14: RCUE: ADM if ≥ 10, else AJ; no code without an average. */
export function proposeRcueCode(moyRcue: number): 'ADM' | 'AJ' | null {
  if (Number.isNaN(moyRcue)) return null;
  return reaches(moyRcue, BARRE_MOY) ? 'ADM' : 'AJ';
}

export interface RcueState {
  readonly moy: number;
  readonly code: string | null;
}

/**
 * §6.14 passage de droit into the next year: more than half of the year's RCUEs validated and ≥ 8 in every
 * RCUE.
 */
export function passageDeDroit(rcues: readonly RcueState[]): boolean {
  if (rcues.length === 0) return false;
  let validated = 0;
  for (const r of rcues) {
    if (r.code !== null && VALIDATING_RCUE_CODES.has(r.code)) validated++;
    if (!reaches(r.moy, BARRE_UE_DEFAULT)) return false;
  }
  return validated * 2 > rcues.length;
}

/**
 * §6.14 year proposal: ADM if every RCUE of the year is validated; else PASD if the passage condition holds
 * and this is not the final year; else RED.
 */
export function proposeButAnnee(rcues: readonly RcueState[], isFinalYear: boolean): 'ADM' | 'PASD' | 'RED' {
  if (rcues.length > 0 && rcues.every((r) => r.code !== null && VALIDATING_RCUE_CODES.has(r.code))) return 'ADM';
  if (!isFinalYear && passageDeDroit(rcues)) return 'PASD';
  return 'RED';
}

/**
 * §6.14 authorisations: an odd-semester jury always authorises the next (even) semester; an even-semester
 * jury authorises S₂ₙ₊₁ for the year codes ADM, ADJ, PASD, PAS1NCI (none after the last semester).
 */
export function butAutorisations(semestreIdx: number, anneeCode: string | null, lastSemestreIdx = 6): number[] {
  if (semestreIdx % 2 === 1) return [semestreIdx + 1];
  if (anneeCode !== null && PASSAGE_ANNEE_CODES.has(anneeCode) && semestreIdx < lastSemestreIdx) {
    return [semestreIdx + 1];
  }
  return [];
}

/** One competence level of the year: its odd- and even-semester UEs (the even one unknown in an odd jury). */
export interface ButNiveauInput {
  readonly competence: string;
  readonly ue_1: ButUeJuryInput;
  readonly ue_2: ButUeJuryInput | null;
}

/** A UE of the year with the competence level it belongs to (`sco_ue.competence`, `niveau`). */
export interface ButYearUe extends ButUeJuryInput {
  readonly competence: string;
  readonly niveau: number;
}

/**
 * Pairs the odd- and even-semester UEs of one year on their competence level (§6.14: an RCUE is the pair
 * of UEs attached to one level), in the order of the odd semester's UEs (pass them in `numero` order:
 * decisions_jury lists RCUEs in competence order, §5.12). An odd UE without partner yields a level with
 * `ue_2` null; even UEs without partner are ignored (they have no RCUE).
 */
export function pairNiveaux(oddUes: readonly ButYearUe[], evenUes: readonly ButYearUe[]): ButNiveauInput[] {
  const even = new Map<string, ButYearUe>();
  for (const ue of evenUes) even.set(`${ue.niveau}\u0000${ue.competence}`, ue);
  return oddUes.map((ue) => ({
    competence: ue.competence,
    ue_1: ue,
    ue_2: even.get(`${ue.niveau}\u0000${ue.competence}`) ?? null,
  }));
}

export interface ButJuryInput {
  /** Semester whose jury is held (1…6). */
  readonly semestre_idx: number;
  /** Levels of the year in competence order (decisions_jury keeps that order, §5.12). */
  readonly niveaux: readonly ButNiveauInput[];
  /** BUT3 (no passage de droit after it). */
  readonly is_final_year: boolean;
  readonly last_semestre_idx?: number;
}

export interface ButUeProposal {
  readonly ue_id: number;
  readonly moy: number;
  readonly code: string | null;
}

export interface ButRcueProposal {
  readonly competence: string;
  readonly ue_1: ButUeProposal;
  readonly ue_2: ButUeProposal;
  readonly moy: number;
  readonly code: string | null;
}

export interface ButJuryProposal {
  readonly ues: ButUeProposal[];
  /** Even-semester jury only, in competence order. */
  readonly rcues: ButRcueProposal[];
  /** Even-semester jury only (§6.14: the odd jury decides UEs only). */
  readonly annee: { readonly code: 'ADM' | 'PASD' | 'RED' } | null;
  readonly autorisations: { readonly semestre_id: number }[];
}

/** Every automatic proposal of one student's jury (§6.14). */
export function proposeButJury(input: ButJuryInput): ButJuryProposal {
  const even = input.semestre_idx % 2 === 0;
  const ues: ButUeProposal[] = [];
  const rcues: ButRcueProposal[] = [];
  for (const niv of input.niveaux) {
    if (!even || niv.ue_2 === null) {
      ues.push({ ue_id: niv.ue_1.ue_id, moy: niv.ue_1.moy, code: proposeButUeCode(niv.ue_1.moy, Number.NaN) });
      continue;
    }
    const moy = rcueAverage(niv.ue_1, niv.ue_2);
    const ue1 = { ue_id: niv.ue_1.ue_id, moy: niv.ue_1.moy, code: proposeButUeCode(niv.ue_1.moy, moy) };
    const ue2 = { ue_id: niv.ue_2.ue_id, moy: niv.ue_2.moy, code: proposeButUeCode(niv.ue_2.moy, moy) };
    ues.push(ue1, ue2);
    rcues.push({ competence: niv.competence, ue_1: ue1, ue_2: ue2, moy, code: proposeRcueCode(moy) });
  }
  const annee = even ? { code: proposeButAnnee(rcues, input.is_final_year) } : null;
  return {
    ues,
    rcues,
    annee,
    autorisations: butAutorisations(input.semestre_idx, annee?.code ?? null, input.last_semestre_idx).map((s) => ({
      semestre_id: s,
    })),
  };
}

export interface NiveauValidation {
  readonly competence: string;
  /** Level 1…3 of the competence. */
  readonly niveau: number;
  readonly code: string | null;
}

/**
 * §6.14: validating a level validates the lower levels of the same competence (ADSUP). Returns the lower
 * levels that are not validated yet and should receive ADSUP.
 */
export function adsupLowerLevels(levels: readonly NiveauValidation[]): NiveauValidation[] {
  const highest = new Map<string, number>();
  for (const l of levels) {
    if (l.code !== null && VALIDATING_RCUE_CODES.has(l.code)) {
      highest.set(l.competence, Math.max(highest.get(l.competence) ?? 0, l.niveau));
    }
  }
  return levels
    .filter(
      (l) => l.niveau < (highest.get(l.competence) ?? 0) && !(l.code !== null && VALIDATING_RCUE_CODES.has(l.code)),
    )
    .map((l) => ({ ...l, code: 'ADSUP' }));
}
