/**
 * Jury decisions, beyond the spec (issue 5; codes of scodoc.md §6.13–6.14): the automatic proposals of a
 * formsemestre, recording decisions (accepting the proposals and/or giving codes), and the 9.6 deletion routes
 * `etudiant/<etudid>/jury/<kind>/<id>/delete` (§2.7). Writing needs ScoEtudInscrit (default roles: Admin).
 */
import { checkObjectDept } from '../../access.js';
import { todayIso } from '../../dates.js';
import { ScoError } from '../../errors.js';
import { JURY_ANNEE_CODES } from '../../grades/jury-but.js';
import { float } from '../../json.js';
import { formsemestreResults } from '../../results/formsemestre-results.js';
import { BodyReader, intArray } from '../body.js';
import { findFormsemestre } from '../lookup.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import {
  deleteValidation,
  findValidation,
  type JuryDecisionInput,
  recordDecisions,
  VALIDATION_KINDS,
  type ValidationKind,
} from './jury.queries.js';
import { juryProposals } from './jury-proposals.js';

const FS = `/formsemestre/:formsemestre_id${INT}`;
const ROUTE = 'jury_record';

/** Codes a jury may record, per level (scodoc.md §6.13 classic, §6.14 BUT). */
export const JURY_CODES = {
  classicSemestre: ['ADM', 'ADC', 'ADJ', 'ATT', 'ATB', 'ATJ', 'AJ', 'NAR', 'RAT', 'DEF'],
  classicUe: ['ADM', 'CMP', 'AJ'],
  butUe: ['ADM', 'ADJ', 'ADJR', 'ADSUP', 'CMP', 'AJ', 'RAT', 'ATJ', 'ABAN', 'UEBSL'],
  butRcue: ['ADM', 'ADJ', 'ADSUP', 'AJ'],
  butAnnee: ['ADM', 'ADSUP', 'ATJ', 'PASD', 'RED', ...JURY_ANNEE_CODES, 'DEM'],
  butSemestre: ['ADM', 'ADJ', 'AJ', 'ATJ', 'DEF', 'DEM'],
} as const;

function code(r: BodyReader, v: unknown, allowed: readonly string[], what: string): string {
  if (typeof v !== 'string' || !allowed.includes(v)) r.fail(`invalid ${what} code ${JSON.stringify(v)}`);
  return v as string;
}

async function load(ctx: ScoContext, perm: 'ScoView' | 'ScoEtudInscrit') {
  const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id), perm);
  return formsemestreResults(ctx.req.server.db, Number(fs.id));
}

function presentProposal(p: Awaited<ReturnType<typeof juryProposals>>[number]) {
  const d = p.decision;
  return {
    etudid: p.etudid,
    etat: p.etat,
    semestre: d.semestre ? { code: d.semestre.code } : null,
    ues: (d.ues ?? []).map((u) => ({ ue_id: u.ue_id, code: u.code, moy: u.moy === null ? null : float(u.moy) })),
    rcues: (d.rcues ?? []).map((r) => ({
      ue_id1: r.ue_id1,
      ue_id2: r.ue_id2,
      code: r.code,
      moy: r.moy === null ? null : float(r.moy),
    })),
    annee: d.annee ? { code: d.annee.code, ordre: d.annee.ordre, annee_scolaire: d.annee.annee_scolaire } : null,
    autorisations: (d.autorisations ?? []).map((s) => ({ semestre_id: s })),
    ...(p.alternatives
      ? {
          alternatives: p.alternatives.map((a) => ({
            code: a.code,
            code_prev: a.code_prev,
            devenir: a.devenir,
            explanation: a.explanation,
          })),
        }
      : {}),
  };
}

export const juryRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: `${FS}/jury/propositions`,
    perm: 'ScoView',
    name: 'jury_propositions',
    extension: true,
    summary: 'Automatic jury proposals of every inscrit (classic: DUT rule table; BUT: UE, RCUE, year)',
    async handler(ctx) {
      const loaded = await load(ctx, 'ScoView');
      return (await juryProposals(ctx.req.server.db, loaded)).map(presentProposal);
    },
  },
  {
    method: 'POST',
    path: `${FS}/jury/record`,
    perm: 'ScoEtudInscrit',
    name: ROUTE,
    extension: true,
    summary:
      'Record jury decisions: {"accept_proposals": true, "etudids"?: [..]} and/or {"decisions": [{etudid, semestre?, ues?, rcues?, annee?, autorisations?}]}',
    async handler(ctx) {
      const loaded = await load(ctx, 'ScoEtudInscrit');
      const d = loaded.data;
      const r = BodyReader.of(ROUTE, ctx.body);
      const byEtud = new Map<number, JuryDecisionInput>();
      if (r.bool('accept_proposals')) {
        const only = r.has('etudids') ? new Set(intArray(ROUTE, r.body.etudids, 'etudids')) : null;
        for (const p of await juryProposals(ctx.req.server.db, loaded)) {
          if (!only || only.has(p.etudid)) byEtud.set(p.etudid, p.decision);
        }
      }
      const list = r.body.decisions ?? [];
      if (!Array.isArray(list)) r.fail('decisions must be a list');
      const ueIds = new Set(d.ues.map((u) => Number(u.id)));
      for (const item of list as unknown[]) {
        if (!item || typeof item !== 'object' || Array.isArray(item)) r.fail('each decision must be an object');
        const o = item as Record<string, unknown>;
        const etudid = Number(o.etudid);
        if (!d.inscrit.has(etudid)) r.fail(`etudiant ${String(o.etudid)} non inscrit dans ce formsemestre`);
        const dec: { -readonly [K in keyof JuryDecisionInput]: JuryDecisionInput[K] } = {
          ...(byEtud.get(etudid) ?? { etudid }),
        };
        if (o.semestre !== undefined) {
          const sc =
            typeof o.semestre === 'object' && o.semestre !== null
              ? (o.semestre as Record<string, unknown>).code
              : o.semestre;
          dec.semestre =
            sc === null
              ? null
              : { code: code(r, sc, d.isBut ? JURY_CODES.butSemestre : JURY_CODES.classicSemestre, 'semestre') };
        }
        if (o.ues !== undefined) {
          if (!o.ues || typeof o.ues !== 'object' || Array.isArray(o.ues))
            r.fail('ues must be an object {ue_id: code}');
          const ues = new Map((dec.ues ?? []).map((u) => [u.ue_id, u]));
          const col = (id: number) => loaded.results.ues.get(id)?.moy[loaded.results.index.get(etudid)!];
          for (const [k, v] of Object.entries(o.ues as Record<string, unknown>)) {
            const ue = Number(k);
            if (!ueIds.has(ue)) r.fail(`UE ${k} not in this formsemestre`);
            const m = col(ue);
            ues.set(ue, {
              ue_id: ue,
              code: code(r, v, d.isBut ? JURY_CODES.butUe : JURY_CODES.classicUe, 'UE'),
              moy: m === undefined || Number.isNaN(m) ? null : m,
            });
          }
          dec.ues = [...ues.values()];
        }
        if (o.rcues !== undefined) {
          if (!d.isBut || !Array.isArray(o.rcues)) r.fail('rcues: BUT only, a list of {ue_id1, ue_id2, code}');
          dec.rcues = (o.rcues as Record<string, unknown>[]).map((x) => {
            const prev = dec.rcues?.find((p) => p.ue_id1 === Number(x?.ue_id1) && p.ue_id2 === Number(x?.ue_id2));
            if (!ueIds.has(Number(x?.ue_id2))) r.fail('rcues: ue_id2 must be a UE of this formsemestre');
            return {
              ue_id1: Number(x.ue_id1),
              ue_id2: Number(x.ue_id2),
              code: code(r, x.code, JURY_CODES.butRcue, 'RCUE'),
              moy: prev?.moy ?? null,
            };
          });
        }
        if (o.annee !== undefined) {
          if (!d.isBut) r.fail('annee: BUT only');
          const y = Number(d.fs.date_debut.slice(0, 4));
          const annee = {
            ordre: Math.ceil(Number(d.fs.semestre_id) / 2),
            annee_scolaire: Number(d.fs.date_debut.slice(5, 7)) >= 8 ? y : y - 1,
          };
          dec.annee = o.annee === null ? null : { ...annee, code: code(r, o.annee, JURY_CODES.butAnnee, 'annee') };
        }
        if (o.autorisations !== undefined) dec.autorisations = intArray(ROUTE, o.autorisations, 'autorisations');
        byEtud.set(etudid, dec);
      }
      if (byEtud.size === 0) r.fail('nothing to record (give decisions or accept_proposals)');
      await recordDecisions(
        ctx.req.server.db.kysely,
        Number(d.fs.id),
        [...byEtud.values()],
        ctx.access.userId,
        todayIso(ctx.req.server.config.scodoc.timeZone),
      );
      return { etudids: [...byEtud.keys()].sort((a, b) => a - b) };
    },
  },
  ...VALIDATION_KINDS.map(
    (kind: ValidationKind): ScoRoute => ({
      method: 'POST',
      path: `/etudiant/:etudid${INT}/jury/${kind}/:validation_id${INT}/delete`,
      perm: 'ScoEtudInscrit',
      name: `jury_${kind}_delete`,
      summary: `Delete one recorded ${kind} (ScoDoc 9.6)`,
      async handler(ctx) {
        const db = ctx.req.server.db.kysely;
        const v = await findValidation(db, kind, Number(ctx.params.validation_id), Number(ctx.params.etudid));
        if (!v) throw new ScoError('SCO_ERR_VALIDATION_NOT_FOUND');
        checkObjectDept(ctx.access, 'ScoEtudInscrit', Number(v.dept_id), 'SCO_ERR_VALIDATION_NOT_FOUND');
        await deleteValidation(db, kind, Number(v.id), Number(v.formsemestre_id));
        return { OK: true };
      },
    }),
  ),
];
