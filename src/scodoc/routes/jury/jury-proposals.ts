/**
 * Automatic jury proposals of a formsemestre (scodoc.md §6.13 classic, §6.14 BUT), computed from the cached
 * results by the grade engine's jury rules; a jury accepts them as they are or overrides any code.
 * Classic: the previous semester (same `formation_code`, `semestre_id` − 1) gives the previous code and the
 * compensation; BUT even semesters pair their UEs with the odd semester's (same competence and level) into RCUEs.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { type ButNiveauInput, type ButYearUe, pairNiveaux, proposeButJury } from '../../grades/jury-but.js';
import {
  type ClassicProposal,
  classicJuryFacts,
  classicUeCode,
  isCompensable,
  proposeClassicSemester,
} from '../../grades/jury-classic.js';
import { formsemestreResults, type LoadedResults } from '../../results/formsemestre-results.js';
import type { JuryDecisionInput } from './jury.queries.js';

export interface EtudProposal {
  readonly etudid: number;
  readonly etat: string;
  /** What `record` stores when the proposal is accepted. */
  readonly decision: JuryDecisionInput;
  /** Classic: every matching rule of the table, first = the proposal (§6.13). */
  readonly alternatives?: readonly ClassicProposal[];
}

/** The student's formsemestre of the same formation with `semestre_id` − 1, latest first. */
async function previousFormsemestres(db: Kysely<any>, loaded: LoadedResults) {
  const fs = loaded.data.fs;
  return db
    .selectFrom('sco_inscription as i')
    .innerJoin('sco_formsemestre as fs', 'fs.id', 'i.formsemestre_id')
    .innerJoin('sco_formation as f', 'f.id', 'fs.formation_id')
    .select(['i.etudid', 'fs.id'])
    .where('f.formation_code', '=', fs.f_formation_code)
    .where('fs.semestre_id', '=', Number(fs.semestre_id) - 1)
    .where('fs.date_debut', '<', fs.date_debut)
    .where(
      'i.etudid',
      'in',
      db.selectFrom('sco_inscription').select('etudid').where('formsemestre_id', '=', Number(fs.id)),
    )
    .orderBy('fs.date_debut', 'desc')
    .execute();
}

/** Number of semesters of the cursus (scodoc.md §5.3 type_parcours): DUT 4, LP 2, mono 1, BUT 6; else the modules'. */
async function lastSemestreOf(db: Kysely<any>, formationId: number, typeParcours: number): Promise<number> {
  const known: Record<number, number> = { 100: 4, 300: 1, 700: 6 };
  if (known[typeParcours]) return known[typeParcours];
  if (typeParcours >= 200 && typeParcours < 250) return 2;
  const r = await db
    .selectFrom('sco_module')
    .select((eb) => eb.fn.max('semestre_id').as('m'))
    .where('formation_id', '=', formationId)
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export async function juryProposals(db: Database, loaded: LoadedResults): Promise<EtudProposal[]> {
  const d = loaded.data;
  const res = loaded.results;
  const k = db.kysely;
  const prevRows = await previousFormsemestres(k, loaded);
  const prevOf = new Map<number, number>();
  for (const r of prevRows) if (!prevOf.has(Number(r.etudid))) prevOf.set(Number(r.etudid), Number(r.id));
  const prevLoaded = new Map<number, LoadedResults>();
  for (const fsId of new Set(prevOf.values())) prevLoaded.set(fsId, await formsemestreResults(db, fsId));
  const prevDecisions = new Map<string, { code: string; compense: number | null }>();
  if (prevOf.size) {
    const rows = await k
      .selectFrom('sco_jury_semestre')
      .select(['etudid', 'formsemestre_id', 'code', 'compense_formsemestre_id'])
      .where('formsemestre_id', 'in', [...new Set(prevOf.values())])
      .execute();
    for (const r of rows) {
      prevDecisions.set(`${r.formsemestre_id}:${r.etudid}`, {
        code: r.code,
        compense: r.compense_formsemestre_id === null ? null : Number(r.compense_formsemestre_id),
      });
    }
  }
  const semestreId = Number(d.fs.semestre_id);
  const out: EtudProposal[] = [];
  if (!d.isBut) {
    const isLast = semestreId >= (await lastSemestreOf(k, Number(d.fs.formation_id), Number(d.fs.f_type_parcours)));
    // Compensation uses a previous semester at most once: the ones already used by a recorded decision.
    const usedForComp = new Set(
      (
        await k
          .selectFrom('sco_jury_semestre')
          .select(['etudid', 'compense_formsemestre_id'])
          .where('compense_formsemestre_id', 'is not', null)
          .where('formsemestre_id', '!=', Number(d.fs.id))
          .execute()
      ).map((r) => `${r.compense_formsemestre_id}:${r.etudid}`),
    );
    for (const e of d.inscrits) {
      const etudid = Number(e.etudid);
      if (e.etat !== 'I') continue;
      const facts = classicJuryFacts(res, etudid)!;
      const prevFs = prevOf.get(etudid);
      const prevDec = prevFs === undefined ? undefined : prevDecisions.get(`${prevFs}:${etudid}`);
      const prevFacts = prevFs === undefined ? null : classicJuryFacts(prevLoaded.get(prevFs)!.results, etudid);
      const compensable =
        prevFs !== undefined &&
        prevFacts !== null &&
        isCompensable({
          consecutive: true,
          previous_used_for_compensation: usedForComp.has(`${prevFs}:${etudid}`),
          previous_code: prevDec?.code ?? null,
          previous_moy_gen: prevFacts.moy_gen,
          previous_bars_ok: prevFacts.bars_ok,
          moy_gen: facts.moy_gen,
          bars_ok: facts.bars_ok,
        });
      const alternatives = proposeClassicSemester({
        previous_code: prevDec?.code ?? null,
        assidu: true,
        moy_gen: facts.moy_gen,
        bars_ok: facts.bars_ok,
        compensable,
        is_last: isLast,
      });
      const p = alternatives[0];
      const code = p?.code ?? null;
      out.push({
        etudid,
        etat: e.etat,
        alternatives,
        decision: {
          etudid,
          semestre: code
            ? {
                code,
                assidu: true,
                compense_formsemestre_id: code === 'ADC' || p?.code_prev === 'ADC' ? (prevFs ?? null) : null,
              }
            : null,
          ues: facts.ues
            .map((u) => ({
              ue_id: u.ue_id,
              code: classicUeCode(u.moy, code, true),
              moy: Number.isNaN(u.moy) ? null : u.moy,
            }))
            .filter((u): u is { ue_id: number; code: 'ADM' | 'CMP' | 'AJ'; moy: number | null } => u.code !== null),
          autorisations:
            p?.devenir === 'NEXT' && !isLast
              ? [semestreId + 1]
              : p?.devenir === 'REDOANNEE' || p?.devenir === 'REDOSEM'
                ? [semestreId]
                : [],
        },
      });
    }
    return out;
  }

  // BUT: UEs of the semester (no sport UE), in `numero` order (decisions_jury keeps competence order, §5.12).
  const yearUe = (l: LoadedResults, i: number) =>
    l.data.ues
      .filter((u) => l.results.ues.has(Number(u.id)) && !l.results.ues.get(Number(u.id))!.sport)
      .map(
        (u): ButYearUe => ({
          ue_id: Number(u.id),
          moy: l.results.ues.get(Number(u.id))!.moy[i],
          coef_rcue: Number(u.coef_rcue ?? 1),
          competence: u.competence ?? u.acronyme,
          niveau: Number(u.niveau ?? 1),
        }),
      );
  const even = semestreId % 2 === 0;
  const annee = Math.ceil(semestreId / 2);
  const anneeScolaire = (() => {
    const y = Number(d.fs.date_debut.slice(0, 4));
    return Number(d.fs.date_debut.slice(5, 7)) >= 8 ? y : y - 1;
  })();
  for (const e of d.inscrits) {
    const etudid = Number(e.etudid);
    if (e.etat !== 'I') continue;
    const i = res.index.get(etudid)!;
    const mine = yearUe(loaded, i);
    let niveaux: ButNiveauInput[];
    const prevFs = prevOf.get(etudid);
    if (even && prevFs !== undefined) {
      const pl = prevLoaded.get(prevFs)!;
      niveaux = pairNiveaux(yearUe(pl, pl.results.index.get(etudid)!), mine);
    } else {
      niveaux = mine.map((u) => ({ competence: u.competence, ue_1: u, ue_2: null }));
    }
    const p = proposeButJury({ semestre_idx: semestreId, niveaux, is_final_year: semestreId >= 5 });
    out.push({
      etudid,
      etat: e.etat,
      decision: {
        etudid,
        // The UE codes of this semester only (the odd semester's were decided by its own jury).
        ues: p.ues
          .filter((u) => mine.some((m) => m.ue_id === u.ue_id) && u.code !== null)
          .map((u) => ({ ue_id: u.ue_id, code: u.code!, moy: Number.isNaN(u.moy) ? null : u.moy })),
        rcues: p.rcues
          .filter((r) => r.code !== null)
          .map((r) => ({ ue_id1: r.ue_1.ue_id, ue_id2: r.ue_2.ue_id, code: r.code!, moy: r.moy })),
        ...(p.annee ? { annee: { code: p.annee.code, ordre: annee, annee_scolaire: anneeScolaire } } : {}),
        autorisations: p.autorisations.map((a) => a.semestre_id),
      },
    });
  }
  return out;
}
