/**
 * The BUT bulletin (scodoc.md §5.9, D12, D13; compat §3.5, §5.39–5.44). Fixed objects in §5.9 order; `ues`
 * keyed by UE acronym, `ressources`/`saes` by module code, `poids` by UE acronym (ascending code point).
 */
import { float } from '../../json.js';
import type { InscritLoadRow } from '../../results/results.queries.js';
import { presentGroupWithPartition } from '../etudiants/etudiants.present.js';
import { localDate } from '../evaluations/evaluations.present.js';
import {
  anneeUniversitaire,
  ddmmyyyyOf,
  evaluationUrl,
  listsEvaluation,
  moduleUrl,
  noteOf,
  presentBulletinEtudiant,
  statsOf,
  val,
} from './bulletin-common.js';
import type { BulletinContext } from './bulletin-context.js';

/** The 9.1 sample's options, in its order (compat §5.40: real booleans). */
const OPTIONS = {
  show_abs: true,
  show_abs_modules: true,
  show_all_evals: true,
  show_codemodules: true,
  show_coef: true,
  show_date_inscr: true,
  show_ects: true,
  show_matieres: true,
  show_minmax: true,
  show_minmax_eval: true,
  show_minmax_mod: false,
  show_mod_rangs: false,
  show_moypromo: true,
  show_rangs: true,
  show_temporary: true,
  show_ue_cap_current: true,
  show_ue_cap_details: true,
  show_ue_rangs: true,
  show_uevalid: true,
  temporary_txt: 'Provisoire',
};

const VALIDATING_UE = new Set(['ADM', 'CMP', 'ADJ', 'ADJR', 'ADSUP']);
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedObject<T>(entries: [string, T][]): Record<string, T> {
  entries.sort((a, b) => byCodePoint(a[0], b[0]));
  const o: Record<string, T> = {};
  for (const [k, v] of entries) o[k] = v;
  return o;
}

export function butHead(ctx: BulletinContext, e: InscritLoadRow) {
  const fs = ctx.data.fs;
  return {
    version: '0',
    type: 'BUT',
    date: ctx.date,
    publie: !Number(fs.bul_hide_xml),
    etat: e.etat,
    formsemestre_id: Number(fs.id),
    etudiant: presentBulletinEtudiant(e, fs.dept_acronym),
    formation: {
      id: Number(fs.formation_id),
      acronyme: fs.f_acronyme,
      titre: fs.f_titre,
      titre_officiel: fs.f_titre_officiel,
    },
  };
}

export async function presentButBulletin(ctx: BulletinContext, etudid: number) {
  const d = ctx.data;
  const res = ctx.results;
  const e = d.inscrit.get(etudid)!;
  const head = butHead(ctx, e);
  // D12: an unpublished BUT bulletin is the envelope only.
  if (!head.publie) return head;
  const i = res.index.get(etudid)!;
  const dept = d.fs.dept_acronym;
  const ueAcr = new Map(d.ues.map((u) => [Number(u.id), u.acronyme]));
  const absences = await ctx.absences(etudid);

  const ressources: [string, unknown][] = [];
  const saes: [string, unknown][] = [];
  for (const m of d.modules) {
    const mr = res.modules.get(Number(m.id));
    if (!mr?.inscrit[i] || mr.sport) continue;
    const coefs = d.ueCoefs.get(Number(m.id));
    const evs = (ctx.evaluationsOf.get(Number(m.id)) ?? [])
      .filter((ev) => listsEvaluation(ctx, ev.visibulletin))
      .map((ev) => {
        // What does not depend on the student is built once per results version.
        const st = evaluationStatic(ctx, ev, coefs, ueAcr);
        const h = st.head;
        return {
          id: h.id,
          description: h.description,
          date: h.date,
          heure_debut: h.heure_debut,
          heure_fin: h.heure_fin,
          coef: h.coef,
          poids: h.poids,
          url: h.url,
          note: {
            value: noteOf(ctx, h.id, etudid, h.note_max),
            min: st.stats.min,
            max: st.stats.max,
            moy: st.stats.moy,
          },
        };
      });
    const entry = {
      id: Number(m.id),
      titre: m.titre,
      code_apogee: m.code_apogee,
      url: moduleUrl(dept, Number(m.id)),
      moyenne: { value: val(ctx, mr.moy[i]), ...cachedStats(ctx, `m${m.id}`, mr.stats) },
      evaluations: evs,
    };
    (mr.kind === 'sae' ? saes : ressources).push([m.code, entry]);
  }

  const ueDecisions = new Map((ctx.decisions.ues.get(etudid) ?? []).map((u) => [Number(u.ue_id), u]));
  const ues: [string, unknown][] = [];
  let ectsTotal = 0;
  let ectsAcquis = 0;
  for (const u of d.ues) {
    const ur = res.ues.get(Number(u.id));
    if (!ur) continue;
    const ects = u.ects === null ? 0 : Number(u.ects);
    const dec = ueDecisions.get(Number(u.id));
    const acquis = dec && VALIDATING_UE.has(dec.code) ? ects : 0;
    if (!ur.sport) {
      ectsTotal += ects;
      ectsAcquis += acquis;
    }
    const modsOf = (kind: 'ressource' | 'sae') => {
      const o: Record<string, unknown> = {};
      for (const t of ueModules(ctx, Number(u.id), kind)) {
        if (!t.inscrit[i]) continue;
        o[t.code] = { id: t.id, coef: t.coef, moyenne: val(ctx, t.col ? t.col[i] : Number.NaN) };
      }
      return o;
    };
    const entry: Record<string, unknown> = {
      id: Number(u.id),
      titre: u.titre,
      numero: Number(u.numero),
      type: Number(u.type),
      color: u.color,
      competence: u.competence,
      moyenne: {
        value: val(ctx, ur.moy[i]),
        ...cachedStats(ctx, `u${u.id}`, ur.stats),
        rang: ur.rank.value[i],
        total: ur.rank.total,
      },
      bonus: float(Number.isNaN(ur.bonus[i]) ? 0 : ur.bonus[i]),
      bonus_description: '',
      malus: float(Number.isNaN(ur.malus[i]) ? 0 : ur.malus[i]),
      capitalise: null,
      ressources: modsOf('ressource'),
      saes: modsOf('sae'),
      ECTS: { acquis: float(acquis), total: float(ects) },
    };
    if (ur.sport) {
      entry.modules = sortedObject(
        d.modules
          .filter((m) => Number(m.ue_id) === Number(u.id) && res.modules.get(Number(m.id))?.inscrit[i])
          .map((m) => [
            m.code,
            {
              titre: m.titre,
              evaluations: (ctx.evaluationsOf.get(Number(m.id)) ?? []).map((ev) => ({
                description: ev.description,
                note: { value: noteOf(ctx, Number(ev.id), etudid, Number(ev.note_max)) },
                coef: float(ev.coefficient),
              })),
            },
          ]),
      );
    }
    ues.push([u.acronyme, entry]);
  }

  const groupes = (d.groupsOf.get(etudid) ?? []).map((g) =>
    presentGroupWithPartition({ ...g, id: g.group_id, formsemestre_id: d.fs.id }),
  );
  const rangGroupes: Record<string, { value: string; total: number }> = {};
  for (const g of [...(d.groupsOf.get(etudid) ?? [])].sort((a, b) => Number(a.group_id) - Number(b.group_id))) {
    const r = res.general.group_ranks.get(Number(g.group_id));
    if (r) rangGroupes[String(g.group_id)] = { value: r.value[i], total: r.total };
  }
  const sem = ctx.decisions.sem.get(etudid);
  const annee = ctx.decisions.annee.get(etudid);
  const semestre: Record<string, unknown> = {
    numero: Number(d.fs.semestre_id),
    date_debut: d.fs.date_debut,
    date_fin: d.fs.date_fin,
    annee_universitaire: anneeUniversitaire(d.fs.date_debut),
    etapes: d.fs.etape_apo ? d.fs.etape_apo.split(',').filter(Boolean) : [],
    inscription: e.date_inscription ?? '',
    groupes,
    absences: absences.but,
    ECTS: { acquis: float(ectsAcquis), total: float(ectsTotal) },
    notes: { value: val(ctx, res.general.moy[i]), ...statsOf(ctx, res.general.stats) },
    rang: { value: res.general.rank.value[i], total: res.general.rank.total, groupes: rangGroupes },
    situation: situationBut(e, sem?.code ?? null, annee?.code ?? null),
    decision: sem ? { code: sem.code } : null,
  };
  if (annee) semestre.decision_annee = { code: annee.code };
  const decUe = ctx.decisions.ues.get(etudid);
  if (decUe?.length) {
    semestre.decision_ue = decUe.map((u) => ({ acronyme: ueAcr.get(Number(u.ue_id)) ?? '', code: u.code }));
  }
  const decRcue = ctx.decisions.rcues.get(etudid);
  if (decRcue?.length) {
    const comp = new Map(d.ues.map((u) => [Number(u.id), u.competence]));
    semestre.decision_rcue = decRcue.map((r) => ({
      code: r.code,
      niveau: { competence: { titre: comp.get(Number(r.ue_id2)) ?? comp.get(Number(r.ue_id1)) ?? '' } },
    }));
  }
  return {
    ...head,
    options: OPTIONS,
    ressources: sortedObject(ressources),
    saes: sortedObject(saes),
    ues: sortedObject(ues),
    ues_capitalisees: {},
    semestre,
  };
}

/** Formatted min/max/moy of a module, UE or the semester: the same for every student of a version. */
function cachedStats(ctx: BulletinContext, id: string, stats: Parameters<typeof statsOf>[1]) {
  const key = `bul-stats:${ctx.raw}:${id}`;
  let s = ctx.derived.get(key) as ReturnType<typeof statsOf> | undefined;
  if (!s) {
    s = statsOf(ctx, stats);
    ctx.derived.set(key, s);
  }
  return s;
}

interface UeModule {
  readonly code: string;
  readonly id: number;
  readonly coef: unknown;
  readonly inscrit: Uint8Array;
  readonly col: Float64Array | undefined;
}

/** The ressources (or SAÉs) weighing on a UE (K > 0), by code point of their code; memoised per version. */
function ueModules(ctx: BulletinContext, ueId: number, kind: 'ressource' | 'sae'): readonly UeModule[] {
  const key = `bul-ue-mods:${ueId}:${kind}`;
  const hit = ctx.derived.get(key) as UeModule[] | undefined;
  if (hit) return hit;
  const out: UeModule[] = [];
  for (const m of ctx.data.modules) {
    const mr = ctx.results.modules.get(Number(m.id));
    const k = ctx.data.ueCoefs.get(Number(m.id))?.get(ueId) ?? 0;
    if (mr?.kind !== kind || !(k > 0)) continue;
    out.push({ code: m.code, id: Number(m.id), coef: float(k), inscrit: mr.inscrit, col: mr.moy_ue.get(ueId) });
  }
  out.sort((a, b) => byCodePoint(a.code, b.code));
  ctx.derived.set(key, out);
  return out;
}

interface EvaluationStatic {
  readonly head: {
    readonly id: number;
    readonly description: string;
    readonly date: string | null;
    readonly heure_debut: string | null;
    readonly heure_fin: string | null;
    readonly coef: unknown;
    readonly poids: unknown;
    readonly url: string;
    readonly note_max: number;
  };
  readonly stats: { readonly min: unknown; readonly max: unknown; readonly moy: unknown };
}

/** The student-independent part of a bulletin évaluation (dates, poids, stats), memoised per version. */
function evaluationStatic(
  ctx: BulletinContext,
  ev: BulletinContext['data']['evaluations'][number],
  coefs: ReadonlyMap<number, number> | undefined,
  ueAcr: ReadonlyMap<number, string>,
): EvaluationStatic {
  const key = `bul-eval:${ctx.raw}:${ev.id}`;
  const hit = ctx.derived.get(key) as EvaluationStatic | undefined;
  if (hit) return hit;
  const dt = localDate(ev.date_debut, ctx.timeZone);
  const fin = localDate(ev.date_fin, ctx.timeZone);
  const stored = ctx.data.poids.get(Number(ev.id));
  const poids = sortedObject(
    [...(coefs ?? new Map<number, number>())]
      .filter(([, k]) => k > 0)
      .map(([ue]) => [ueAcr.get(ue) ?? String(ue), float(stored?.get(ue) ?? 1)] as [string, unknown]),
  );
  const out: EvaluationStatic = {
    head: {
      id: Number(ev.id),
      description: ev.description,
      date: dt?.date ?? null,
      heure_debut: dt?.heure ?? null,
      heure_fin: fin?.heure ?? null,
      coef: float(ev.coefficient),
      poids,
      url: evaluationUrl(ctx.data.fs.dept_acronym, Number(ev.id)),
      note_max: Number(ev.note_max),
    },
    stats: statsOf(ctx, ctx.results.evaluations.get(Number(ev.id))!.stats),
  };
  ctx.derived.set(key, out);
  return out;
}

function situationBut(e: InscritLoadRow, sem: string | null, annee: string | null): string {
  const parts = [`Inscrit le ${ddmmyyyyOf(e.date_inscription)}.`];
  if (e.etat === 'D') parts.push('Démission.');
  if (e.etat === 'DEF') parts.push('Défaillant.');
  if (sem) parts.push(`Décision jury: ${sem}.`);
  if (annee) parts.push(`Décision année: ${annee}.`);
  return parts.join(' ');
}
