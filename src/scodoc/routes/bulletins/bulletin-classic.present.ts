/**
 * The classic bulletin (DUT, LP…; scodoc.md §5.10, D12, D29; compat §3.5, §5.45): UEs as a list with
 * their modules and évaluations (/20, "NP" when none); `*_mat` versions add the `matiere` level.
 */
import { CLASSIC_CODE_TEXTS } from '../../grades/jury-classic.js';
import { float } from '../../json.js';
import type { InscritLoadRow } from '../../results/results.queries.js';
import { localDate } from '../evaluations/evaluations.present.js';
import { ddmmyyyyOf, listsEvaluation, noteOf, presentBulletinEtudiant, statsOf, val } from './bulletin-common.js';
import type { BulletinContext } from './bulletin-context.js';

function classicHead(ctx: BulletinContext, e: InscritLoadRow) {
  const fs = ctx.data.fs;
  const etapes = fs.etape_apo ? fs.etape_apo.split(',').filter(Boolean) : [];
  return {
    etudid: Number(e.etudid),
    formsemestre_id: Number(fs.id),
    date: ctx.date,
    publie: !Number(fs.bul_hide_xml),
    type: 'classic',
    etapes,
    etape_apo: etapes[0] ?? '',
    etape_apo2: etapes[1] ?? '',
    etudiant: { ...presentBulletinEtudiant(e, fs.dept_acronym), sexe: e.civilite },
  };
}

export async function presentClassicBulletin(ctx: BulletinContext, etudid: number) {
  const d = ctx.data;
  const res = ctx.results;
  const e = d.inscrit.get(etudid)!;
  const head = classicHead(ctx, e);
  if (!head.publie) return head;
  const i = res.index.get(etudid)!;
  // D29: ranks hidden while a module is "en attente".
  const showRank = !res.en_attente;
  const withMat = ctx.version === 'long_mat' || ctx.version === 'short_mat';
  const absences = await ctx.absences(etudid);

  const moduleEntry = (m: (typeof d.modules)[number]) => {
    const mr = res.modules.get(Number(m.id))!;
    const evaluations = (ctx.evaluationsOf.get(Number(m.id)) ?? [])
      .filter((ev) => listsEvaluation(ctx, ev.visibulletin))
      .map((ev) => {
        const key = `bul-eval-dates:${ev.id}`;
        let dates = ctx.derived.get(key) as [ReturnType<typeof localDate>, ReturnType<typeof localDate>] | undefined;
        if (!dates) {
          dates = [localDate(ev.date_debut, ctx.timeZone), localDate(ev.date_fin, ctx.timeZone)];
          ctx.derived.set(key, dates);
        }
        const [dt, fin] = dates;
        const n = noteOf(ctx, Number(ev.id), etudid, Number(ev.note_max));
        return {
          jour: dt?.jour ?? '',
          heure_debut: dt?.heure ?? '',
          heure_fin: fin?.heure ?? '',
          coefficient: float(ev.coefficient),
          evaluation_type: Number(ev.evaluation_type),
          evaluation_id: Number(ev.id),
          description: ev.description,
          note: n === '~' ? 'NP' : n,
        };
      });
    return {
      id: Number(m.id),
      code: m.code,
      coefficient: float(m.coefficient ?? 0),
      numero: Number(m.numero),
      titre: m.titre,
      abbrev: m.abbrev,
      code_apogee: m.code_apogee,
      note: {
        value: val(ctx, mr.moy[i]),
        ...statsOf(ctx, mr.stats),
        nb_notes: mr.nb_notes,
        nb_missing: mr.nb_missing,
        nb_valid_evals: mr.nb_valid_evals,
      },
      rang: { value: showRank ? mr.rank.value[i] : '' },
      effectif: { value: mr.rank.ranked },
      evaluation: evaluations,
    };
  };

  const ueDecisions = new Map((ctx.decisions.ues.get(etudid) ?? []).map((u) => [Number(u.ue_id), u]));
  const ue = d.ues
    .filter((u) => res.ues.has(Number(u.id)))
    .map((u) => {
      const ur = res.ues.get(Number(u.id))!;
      const mods = d.modules.filter(
        (m) => Number(m.ue_id) === Number(u.id) && res.modules.get(Number(m.id))?.inscrit[i],
      );
      const entry: Record<string, unknown> = {
        id: Number(u.id),
        numero: Number(u.numero),
        acronyme: u.acronyme,
        titre: u.titre,
        note: { value: val(ctx, ur.moy[i]), ...statsOf(ctx, ur.stats) },
        rang: showRank ? ur.rank.value[i] : '',
        effectif: String(ur.rank.ranked),
        ects: u.ects === null ? '' : String(u.ects),
        code_apogee: u.code_apogee,
        module: mods.map(moduleEntry),
      };
      if (withMat) {
        const mats = [...new Set(mods.map((m) => m.matiere_id))];
        entry.matiere = mats.map((mid) => ({
          matiere_id: mid === null ? null : Number(mid),
          titre: mid === null ? '' : (ctx.matieres.get(Number(mid))?.titre ?? ''),
          numero: mid === null ? 0 : (ctx.matieres.get(Number(mid))?.numero ?? 0),
          module: mods.filter((m) => m.matiere_id === mid).map(moduleEntry),
        }));
      }
      return entry;
    });

  const rangGroup = (d.groupsOf.get(etudid) ?? []).map((g) => {
    const r = res.general.group_ranks.get(Number(g.group_id));
    return {
      group_type: g.partition_name,
      group_name: g.group_name,
      value: r && showRank ? r.value[i] : '',
      ninscrits: r ? r.total : 0,
    };
  });
  const sem = ctx.decisions.sem.get(etudid);
  const out: Record<string, unknown> = {
    ...head,
    note: { value: val(ctx, res.general.moy[i]), ...statsOf(ctx, res.general.stats) },
    rang: { value: showRank ? res.general.rank.value[i] : '', ninscrits: res.general.rank.total },
    rang_group: rangGroup,
    note_max: { value: 20 },
    bonus_sport_culture: { value: float(Number.isNaN(res.general.bonus[i]) ? 0 : res.general.bonus[i]) },
    ue,
    ue_capitalisee: [],
    absences: absences.classic,
    situation: situationClassic(e, sem?.code ?? null),
  };
  if (sem) {
    out.decision = {
      code: sem.code,
      etat: e.etat,
      ...(sem.compense_formsemestre_id === null
        ? {}
        : { compense_formsemestre_id: Number(sem.compense_formsemestre_id) }),
    };
    out.decision_ue = [...ueDecisions.values()].map((u) => {
      const ueRow = d.ues.find((x) => Number(x.id) === Number(u.ue_id));
      return {
        ue_id: Number(u.ue_id),
        numero: ueRow ? Number(ueRow.numero) : 0,
        acronyme: ueRow?.acronyme ?? '',
        titre: ueRow?.titre ?? '',
        code: u.code,
        ects: float(ueRow?.ects ?? 0),
      };
    });
    out.autorisation_inscription = (ctx.decisions.autorisations.get(etudid) ?? []).map((s) => ({ semestre_id: s }));
  }
  out.appreciation = [];
  return out;
}

/** "Inscrit le 01/09/2025. Décision jury: Validé." — clients split it on ". " (compat §3.5). */
function situationClassic(e: InscritLoadRow, code: string | null): string {
  const parts = [`Inscrit le ${ddmmyyyyOf(e.date_inscription)}`];
  if (e.etat === 'D') parts.push('Démission');
  if (e.etat === 'DEF') parts.push('Défaillant');
  if (code) parts.push(`Décision jury: ${CLASSIC_CODE_TEXTS[code as keyof typeof CLASSIC_CODE_TEXTS] ?? code}`);
  return `${parts.join('. ')}.`;
}
