/**
 * Plain input and output types of the grade engine. Inputs are the rows the routes load (one array per
 * table, readonly); outputs are flat typed arrays indexed by the student's position in `etudids`, so that a
 * 300-student semester is computed without per-student maps.
 */

/**
 * A stored note as ScoDoc stores it (scodoc.md §6.1): a number on the evaluation's scale (malus notes may be
 * negative, down to −20), `null` for ABS, or one of the special codes below.
 */
export type StoredNote = number | null;

/** scodoc.md §6.1: ABS is stored as NULL. */
export const NOTES_ABSENCE = null;
/** scodoc.md §6.1 / §5.7: EXC ("neutralisée") is stored as −1000. */
export const NOTES_NEUTRALISE = -1000;
/** scodoc.md §6.1: −1001 only exists as an input ("delete this note"), never stored. */
export const NOTES_SUPPRESS = -1001;
/** scodoc.md §6.1: ATT ("en attente") is stored as −1002. */
export const NOTES_ATTENTE = -1002;
/** scodoc.md §6.1 [recollection]: DEM (démissionnaire) as −1003 in memory. */
export const NOTES_DEMISSION = -1003;

/** scodoc.md §6.1: thresholds T are tested as `x ≥ T − NOTES_TOLERANCE` (just under 0.005 below T passes). */
export const NOTES_TOLERANCE = 0.00499999999999;
/** scodoc.md §6.1 */
export const BARRE_MOY = 10;
/** scodoc.md §6.1 (LP: 0, except stage UEs: 10) */
export const BARRE_UE_DEFAULT = 8;
/** scodoc.md §6.1 */
export const NOTES_BARRE_VALID_UE = 10;

/** Inscription state in the formsemestre (scodoc.md D20). */
export type InscriptionEtat = 'I' | 'D' | 'DEF';

/** scodoc.md §5.7: 0 normale, 1 rattrapage, 2 session 2, 3 bonus (9.6). */
export type EvaluationType = 0 | 1 | 2 | 3;
export const EVALUATION_NORMALE = 0;
export const EVALUATION_RATTRAPAGE = 1;
export const EVALUATION_SESSION2 = 2;
export const EVALUATION_BONUS = 3;

/** UE type as ScoDoc stores it: 0 standard, 1 sport/culture (bonus), others (stage, elective…) are standard here. */
export const UE_STANDARD = 0;
export const UE_SPORT = 1;

/**
 * Module kind. ScoDoc's `module_type`: 0 standard, 1 malus, 2 ressource, 3 SAÉ (`moduleKindFromType` in module-kind.ts).
 * Sport/culture (bonus) modules are the modules of an UE of type `UE_SPORT`, whatever their kind.
 */
export type ModuleKind = 'standard' | 'malus' | 'ressource' | 'sae';

export interface UeInput {
  readonly id: number;
  readonly acronyme?: string;
  /** 0 standard, 1 sport/culture (UE_SPORT); other values are treated as standard. */
  readonly type: number;
  /** BUT: weight of the UE in the (indicative) general average; null → general average NaN (§6.7). */
  readonly ects?: number | null;
  /** Classic, option `use_ue_coefs`: weight of the UE in the general average (§6.7). */
  readonly coefficient?: number | null;
}

export interface ModuleImplInput {
  readonly moduleimpl_id: number;
  readonly kind: ModuleKind;
  /**
   * Classic: the UE the module belongs to. BUT: only used for malus modules (the UE they lower) and
   * sport/culture modules (their UE has type UE_SPORT); ressources/SAÉs reach UEs through `ue_coefs`.
   */
  readonly ue_id: number | null;
  /** Classic module coefficient c_m (§6.5); null counts as 0. */
  readonly coefficient?: number | null;
}

/** BUT coefficient matrix K_{u,m} (`module_ue_coef`, §6.6), per moduleimpl. */
export interface ModuleUeCoefInput {
  readonly moduleimpl_id: number;
  readonly ue_id: number;
  readonly coef: number;
}

export interface EvaluationInput {
  readonly id: number;
  readonly moduleimpl_id: number;
  readonly evaluation_type: EvaluationType;
  /** c_e ≥ 0 */
  readonly coefficient: number;
  /** M_e; an evaluation with M_e ≤ 0 never counts (§6.2). */
  readonly note_max: number;
  /** Counted even when incomplete (§6.2). */
  readonly publish_incomplete: boolean;
  /** ISO date or null; orders session-2 evaluations (D31) and the summation order (§7.4). */
  readonly date_debut?: string | null;
  readonly numero?: number;
  /** BUT weights w_{e,u} by UE id; a UE without an entry weighs 1.0 (§6.3, sample R110). */
  readonly poids?: ReadonlyMap<number, number> | Readonly<Record<number, number>>;
}

export interface NoteInput {
  readonly evaluation_id: number;
  readonly etudid: number;
  readonly value: StoredNote;
}

export interface InscriptionInput {
  readonly etudid: number;
  readonly etat: InscriptionEtat;
  /** BUT: the UE ids of the student's parcours; null/absent = every UE of the semester (§6.6). */
  readonly ue_ids?: readonly number[] | null;
}

export interface ModuleImplInscriptionInput {
  readonly moduleimpl_id: number;
  readonly etudid: number;
}

/** One group of a partition; `etudids` may list students not inscribed (ignored). */
export interface GroupInput {
  readonly group_id: number;
  readonly partition_id: number;
  readonly etudids: readonly number[];
}

/** A UE validated in an earlier semester (same `ue_code`), matched by the loader to a UE of this one (§6.6). */
export interface CapitalisationInput {
  readonly etudid: number;
  readonly ue_id: number;
  readonly moy_ue: number;
  /** Classic: the weight of the capitalised UE in the general average ("its own coef", §6.7). */
  readonly coefficient?: number | null;
}

/** Site-wide bonus sport/culture functions offered by Campus (scodoc.md §6.8, D34). */
export type BonusName = 'bonus_iutv' | 'bonus_direct' | 'bonus_iut_stdenis' | 'bonus_colmar';
export type BonusFunction = (averages: readonly number[]) => number;

export interface ComputeOptions {
  /** Bonus sport/culture (D34: none unless configured). */
  readonly bonus?: BonusName | BonusFunction | null;
  /** Classic §6.7: weigh UEs by their own coefficient instead of Σ module coefficients. */
  readonly use_ue_coefs?: boolean;
  /** BUT §6.7 / D32: skip UEs without average instead of counting them as 0. */
  readonly but_moy_skip_empty_ues?: boolean;
  /** Formsemestre `block_moyennes`: general averages are not computed (§6.7). */
  readonly block_moyennes?: boolean;
}

export interface FormsemestreInput {
  /** BUT (APC) formation, or classic (DUT, LP, …). */
  readonly is_but: boolean;
  readonly ues: readonly UeInput[];
  readonly modules: readonly ModuleImplInput[];
  /** BUT only. */
  readonly ue_coefs?: readonly ModuleUeCoefInput[];
  readonly evaluations: readonly EvaluationInput[];
  readonly notes: readonly NoteInput[];
  /** Every inscription of the formsemestre, in the order results are reported. */
  readonly inscriptions: readonly InscriptionInput[];
  readonly moduleimpl_inscriptions: readonly ModuleImplInscriptionInput[];
  readonly groups?: readonly GroupInput[];
  readonly capitalisations?: readonly CapitalisationInput[];
  readonly options?: ComputeOptions;
}

// ---------------------------------------------------------------------------------------------- outputs

/** min / max / mean over the numeric values (NaN when `count` is 0), scodoc.md §6.10. */
export interface Stats {
  readonly min: number;
  readonly max: number;
  readonly moy: number;
  readonly count: number;
}

/** Ranks of one population (scodoc.md §6.9, D29), indexed like `etudids`. */
export interface RankResult {
  /** 1-based rank, 0 = not ranked. */
  readonly rank: Int32Array;
  /** 1 when the rank is shared ("3 ex"). */
  readonly tied: Uint8Array;
  /** Formatted rank (`"3"`, `"3 ex"`, `""` when not ranked). */
  readonly value: readonly string[];
  /** Number of etat-I students of the population (`total` / `ninscrits`). */
  readonly total: number;
  /** Number of ranked students (numeric value); classic UE `effectif`. */
  readonly ranked: number;
}

export interface EvaluationResult {
  readonly id: number;
  readonly moduleimpl_id: number;
  readonly evaluation_type: EvaluationType;
  /** Every etat-I inscrit of the module has a stored value (number, ABS, EXC or ATT), §6.2. */
  readonly complete: boolean;
  /** Takes part in the weighted mean of the module (normal, note_max > 0, complete or publish_incomplete). */
  readonly counted: boolean;
  readonly nb_inscrits: number;
  /** etat-I inscrits without a stored value. */
  readonly nb_manquantes: number;
  readonly nb_notes: number;
  readonly nb_abs: number;
  readonly nb_exc: number;
  readonly nb_att: number;
  /** On /20 over numeric notes of etat-I inscrits (§6.10). */
  readonly stats: Stats;
}

export interface ModuleResult {
  readonly moduleimpl_id: number;
  readonly kind: ModuleKind;
  /** Module of a sport/culture UE: feeds the bonus, no UE average. */
  readonly sport: boolean;
  /** Student inscribed to the module (whatever the semester etat). */
  readonly inscrit: Uint8Array;
  /**
   * Classic, malus and sport modules: the module average (§6.3). BUT ressources/SAÉs: the indicative
   * average (mean of the non-NaN per-UE averages). NaN = none ("~").
   */
  readonly moy: Float64Array;
  /** BUT: moy(s,m,u) per UE with K_{u,m} > 0 (§6.3). Empty for classic/malus/sport modules. */
  readonly moy_ue: ReadonlyMap<number, Float64Array>;
  /** Some etat-I inscrit has ATT in a counted evaluation (§6.3); never for malus. */
  readonly en_attente: boolean;
  /** Per student: has ATT in a counted evaluation of this module. */
  readonly etud_attente: Uint8Array;
  readonly stats: Stats;
  /** Classic bulletin counts (§5.10): etat-I inscrits with / without an average, counted evaluations. */
  readonly nb_notes: number;
  readonly nb_missing: number;
  readonly nb_valid_evals: number;
  readonly rank: RankResult;
}

export interface UeResult {
  readonly ue_id: number;
  readonly sport: boolean;
  /** Final UE average (malus, bonus, clip, capitalisation applied); NaN for sport UEs and "no average". */
  readonly moy: Float64Array;
  /** The average computed in this semester before capitalisation. */
  readonly moy_semestre: Float64Array;
  /** 1 when a capitalised average replaced the semester's one. */
  readonly capitalisee: Uint8Array;
  /** Bonus added (BUT) and malus subtracted, per student. */
  readonly bonus: Float64Array;
  readonly malus: Float64Array;
  /** Classic: C(s,u), the weight of the UE in the general average (§6.7). BUT: the UE's ECTS if in parcours. */
  readonly coef: Float64Array;
  readonly stats: Stats;
  readonly rank: RankResult;
}

export interface GeneralResult {
  readonly moy: Float64Array;
  /** Classic bonus sport/culture added to the general average; BUT: the bonus added to each UE. */
  readonly bonus: Float64Array;
  readonly stats: Stats;
  readonly rank: RankResult;
  /** Ranks within each group (key group_id), same rule (§6.9). */
  readonly group_ranks: ReadonlyMap<number, RankResult>;
  /** Members of each group (any etat), by group_id. */
  readonly group_members: ReadonlyMap<number, Uint8Array>;
}

export interface FormsemestreResults {
  readonly is_but: boolean;
  /** Student index → etudid (inscription order). */
  readonly etudids: readonly number[];
  /** etudid → student index. */
  readonly index: ReadonlyMap<number, number>;
  readonly etat: readonly InscriptionEtat[];
  /** Number of etat-I inscrits. */
  readonly nb_inscrits: number;
  readonly evaluations: ReadonlyMap<number, EvaluationResult>;
  readonly modules: ReadonlyMap<number, ModuleResult>;
  readonly ues: ReadonlyMap<number, UeResult>;
  readonly general: GeneralResult;
  /** Some module is "en attente" (classic bulletins then hide ranks, D29). */
  readonly en_attente: boolean;
}
