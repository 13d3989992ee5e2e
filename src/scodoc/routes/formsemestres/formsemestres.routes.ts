/**
 * FormSemestres (scodoc.md §2.4, D26, D37): one, query (AND of criteria), students with their groups,
 * create/edit, inscriptions (inscrit, desinscrit, demission, defaillance and their undo).
 */
import { checkObjectDept, deptScope } from '../../access.js';
import { ddmmyyyy, parseDate, todayIso } from '../../dates.js';
import { badBody, ScoError } from '../../errors.js';
import { BodyReader } from '../body.js';
import {
  presentEtudiantLong,
  presentEtudiantShort,
  presentGroupWithPartition,
} from '../etudiants/etudiants.present.js';
import { etudiantByIdCached, inscritsWithGroups } from '../etudiants/etudiants.queries.js';
import { formationById } from '../formations/formations.queries.js';
import { etatFilter, findFormsemestre, q1 } from '../lookup.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import { presentFormsemestre } from './formsemestres.present.js';
import { formsemestreExtras, loadFormsemestre, queryFormsemestres } from './formsemestres.queries.js';
import {
  createFormsemestre,
  desinscrire,
  editFormsemestre,
  inscription,
  inscrire,
  missingUsers,
  readFormsemestre,
  setInscriptionEtat,
} from './formsemestres.writes.js';

const ID = `/formsemestre/:formsemestre_id${INT}`;

async function getFormsemestre(ctx: ScoContext, id: number) {
  const { db, config } = ctx.req.server;
  const fs = await loadFormsemestre(db, id);
  if (!fs) throw new ScoError('SCO_ERR_FORMSEMESTRE_NOT_FOUND');
  checkObjectDept(ctx.access, 'ScoView', Number(fs.row.dept_id), 'SCO_ERR_FORMSEMESTRE_NOT_FOUND');
  return presentFormsemestre(fs.row, fs.responsables, fs.parcours, config.scodoc.timeZone);
}

/** Students of a formsemestre with `groups` (compat §5.36), optionally filtered by `?etat=`. */
async function etudiantsOf(ctx: ScoContext, long: boolean) {
  const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id));
  const etats = etatFilter(ctx.query.etat);
  const { etuds, byEtud } = await inscritsWithGroups(ctx.req.server.db, Number(fs.id));
  const present = long ? presentEtudiantLong : presentEtudiantShort;
  const out = [];
  for (const e of etuds) {
    if (etats && !etats.has(e.etat)) continue;
    out.push({ ...present(e), groups: (byEtud.get(Number(e.id)) ?? []).map(presentGroupWithPartition) });
  }
  return out;
}

function intQuery(ctx: ScoContext, k: string): number | undefined | null {
  const v = q1(ctx.query[k]);
  if (v === undefined || v === '') return undefined;
  return /^-?\d{1,9}$/.test(v) ? Number(v) : null;
}

async function inscriptionRoute(ctx: ScoContext, action: 'inscrit' | 'desinscrit' | 'D' | 'DEF' | 'I-D' | 'I-DEF') {
  const route = `formsemestre_${action}`;
  const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id), 'ScoEtudInscrit');
  if (!fs.etat) throw new ScoError('SCO_ERR_FORMSEMESTRE_LOCKED');
  const db = ctx.req.server.db;
  const etud = await etudiantByIdCached(db, Number(ctx.params.etudid));
  if (!etud || Number(etud.dept_id) !== Number(fs.dept_id)) throw new ScoError('SCO_ERR_ETUD_NOT_FOUND');
  const fsId = Number(fs.id);
  const etudid = Number(etud.id);
  const today = todayIso(ctx.req.server.config.scodoc.timeZone);
  if (action === 'inscrit') await inscrire(db.kysely, fsId, etudid, today);
  else if (action === 'desinscrit') {
    if (!(await desinscrire(db.kysely, fsId, etudid))) throw new ScoError('SCO_ERR_NOT_INSCRIT');
    return { formsemestre_id: fsId, etudid, etat: null };
  } else {
    let date = today;
    if (action === 'D' || action === 'DEF') {
      const r = BodyReader.of(route, ctx.body, false);
      if (r.has('date')) {
        const d = parseDate(r.body.date);
        if (!d) throw badBody(route, 'invalid date');
        date = d;
      }
    }
    const etat = action === 'D' || action === 'DEF' ? action : 'I';
    if (!(await setInscriptionEtat(db.kysely, fsId, etudid, etat, etat === 'I' ? null : date))) {
      throw new ScoError('SCO_ERR_NOT_INSCRIT');
    }
  }
  const ins = await inscription(db.kysely, fsId, etudid);
  return {
    formsemestre_id: fsId,
    etudid,
    etat: ins!.etat,
    date_inscription: ins!.date_inscription ? ddmmyyyy(ins!.date_inscription) : null,
    date_etat: ins!.date_etat ? ddmmyyyy(ins!.date_etat) : null,
  };
}

const INSCRIPTION_ACTIONS = [
  ['inscrit', 'inscrit', 'Inscribe a student (etat I, every moduleimpl, default group)'],
  ['desinscrit', 'desinscrit', 'Remove a student from the formsemestre'],
  ['demission', 'D', 'Démission: inscription etat D (body {"date": "dd/mm/yyyy"})'],
  ['defaillance', 'DEF', 'Défaillance: inscription etat DEF (body {"date": "dd/mm/yyyy"})'],
  ['annule_demission', 'I-D', 'Undo a démission'],
  ['annule_defaillance', 'I-DEF', 'Undo a défaillance'],
] as const;

export const formsemestreRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: ID,
    perm: 'ScoView',
    name: 'formsemestre',
    summary: 'One formsemestre',
    handler: (ctx) => getFormsemestre(ctx, Number(ctx.params.formsemestre_id)),
  },
  {
    method: 'GET',
    path: '/formsemestres/query',
    perm: 'ScoView',
    name: 'formsemestres_query',
    summary:
      'Formsemestres matching every criterion given (annee_scolaire, dept_acronym, dept_id, etape_apo, nip, ine)',
    async handler(ctx) {
      const { db, config } = ctx.req.server;
      const annee = intQuery(ctx, 'annee_scolaire');
      const deptId = intQuery(ctx, 'dept_id');
      // scodoc.md D16: a malformed value matches nothing rather than erroring on a plural route.
      if (annee === null || deptId === null) return [];
      const str = (k: string) => {
        const v = q1(ctx.query[k]);
        return v === undefined || v === '' ? undefined : v;
      };
      const rows = await queryFormsemestres(db.kysely, {
        scope: deptScope(ctx.access, 'ScoView'),
        annee_scolaire: annee,
        dept_id: deptId,
        dept_acronym: str('dept_acronym'),
        etape_apo: str('etape_apo'),
        nip: str('nip'),
        ine: str('ine'),
      });
      const extras = await formsemestreExtras(
        db.kysely,
        rows.map((r) => Number(r.id)),
      );
      return rows.map((r) =>
        presentFormsemestre(
          r,
          extras.resp.get(Number(r.id)) ?? [],
          extras.parcours.get(Number(r.id)) ?? [],
          config.scodoc.timeZone,
        ),
      );
    },
  },
  ...(['', '/query'] as const).flatMap((tail): ScoRoute[] => [
    {
      method: 'GET',
      path: `${ID}/etudiants${tail}`,
      perm: 'ScoView',
      name: 'formsemestre_etudiants',
      summary: `Students of a formsemestre with their groups${tail ? ' (?etat=I|D|DEF)' : ''}`,
      handler: (ctx) => etudiantsOf(ctx, false),
    },
    {
      method: 'GET',
      path: `${ID}/etudiants/long${tail}`,
      perm: 'ScoView',
      name: 'formsemestre_etudiants',
      summary: `Students of a formsemestre, long form, with their groups${tail ? ' (?etat=I|D|DEF)' : ''}`,
      handler: (ctx) => etudiantsOf(ctx, true),
    },
  ]),
  {
    method: 'POST',
    path: '/formsemestre/create',
    perm: 'ScoImplement',
    name: 'formsemestre_create',
    extension: true,
    summary: 'Create a formsemestre (its moduleimpls and default partition too)',
    async handler(ctx) {
      const db = ctx.req.server.db;
      const input = readFormsemestre('formsemestre_create', ctx.body, true);
      const formation = await formationById(db.kysely, input.formation_id!);
      if (!formation) throw badBody('formsemestre_create', 'unknown formation_id');
      checkObjectDept(ctx.access, 'ScoImplement', Number(formation.dept_id), 'SCO_ERR_FORMATION_NOT_FOUND');
      const missing = await missingUsers(db.kysely, input.responsables ?? []);
      if (missing.length) throw badBody('formsemestre_create', `unknown user ${missing[0]}`);
      const id = await createFormsemestre(db.kysely, Number(formation.dept_id), Number(formation.id), input);
      return getFormsemestre(ctx, id);
    },
  },
  {
    method: 'POST',
    path: `${ID}/edit`,
    perm: 'ScoImplement',
    name: 'formsemestre_edit',
    summary: 'Edit a formsemestre (ScoDoc 9.6 fields; etape_apo as a comma-separated list)',
    async handler(ctx) {
      const db = ctx.req.server.db;
      const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id), 'ScoImplement');
      const input = readFormsemestre('formsemestre_edit', ctx.body, false);
      const debut = (input.values.date_debut as string | undefined) ?? fs.date_debut;
      const fin = (input.values.date_fin as string | undefined) ?? fs.date_fin;
      if (debut > fin) throw badBody('formsemestre_edit', 'date_debut after date_fin');
      const missing = await missingUsers(db.kysely, input.responsables ?? []);
      if (missing.length) throw badBody('formsemestre_edit', `unknown user ${missing[0]}`);
      await editFormsemestre(db.kysely, Number(fs.id), input);
      return getFormsemestre(ctx, Number(fs.id));
    },
  },
  ...INSCRIPTION_ACTIONS.map(
    ([word, action, summary]): ScoRoute => ({
      method: 'POST',
      path: `${ID}/etudiant/:etudid${INT}/${word}`,
      perm: 'ScoEtudInscrit',
      name: `formsemestre_${word}`,
      extension: true,
      summary,
      handler: (ctx) => inscriptionRoute(ctx, action),
    }),
  ),
];
