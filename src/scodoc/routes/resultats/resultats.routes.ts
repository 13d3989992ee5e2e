/**
 * Results of a formsemestre (scodoc.md §2.4): `resultats`, `programme`, `etat_evals`, `decisions_jury`.
 * All read the cached engine results (results/formsemestre-results.ts); permission ScoView.
 */
import { serializeSco } from '../../json.js';
import { formsemestreResults } from '../../results/formsemestre-results.js';
import { warmEngine } from '../../results/warm-engine.js';
import { presentDecisionsJury } from '../jury/decisions-jury.present.js';
import { decisionsOfFs } from '../jury/jury.queries.js';
import { findFormsemestre, q1 } from '../lookup.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import { presentEtatEvals } from './etat-evals.present.js';
import { presentProgramme } from './programme.present.js';
import { presentResultats } from './resultats.present.js';
import { ensOfFs, noteDatesOfFs } from './resultats.queries.js';

// The engine's first run in a process costs ~100 ms of JIT; pay it at start, not on the first request.
warmEngine();

const FS = `/formsemestre/:formsemestre_id${INT}`;

async function load(ctx: ScoContext) {
  const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id));
  return formsemestreResults(ctx.req.server.db, Number(fs.id));
}

export const resultatsRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: `${FS}/resultats`,
    perm: 'ScoView',
    name: 'formsemestre_resultats',
    summary: 'Results table: one row per inscrit (?format=raw for raw numbers)',
    async handler(ctx) {
      const loaded = await load(ctx);
      const raw = q1(ctx.query.format) === 'raw';
      // The body depends on the results version only: serialised once per version (warm path).
      const key = `resultats:${raw}`;
      let body = loaded.derived.get(key) as string | undefined;
      if (body === undefined) {
        body = serializeSco(presentResultats(loaded, raw));
        loaded.derived.set(key, body);
      }
      ctx.reply.type('application/json; charset=utf-8');
      return body;
    },
  },
  {
    method: 'GET',
    path: `${FS}/programme`,
    perm: 'ScoView',
    name: 'formsemestre_programme',
    summary: 'UEs, ressources, SAÉs, modules and malus of the formsemestre',
    async handler(ctx) {
      const loaded = await load(ctx);
      return presentProgramme(loaded.data, await ensOfFs(ctx.req.server.db.kysely, Number(loaded.data.fs.id)));
    },
  },
  {
    method: 'GET',
    path: `${FS}/etat_evals`,
    perm: 'ScoView',
    name: 'formsemestre_etat_evals',
    summary: 'State of every évaluation, by moduleimpl',
    async handler(ctx) {
      const loaded = await load(ctx);
      const dates = await noteDatesOfFs(ctx.req.server.db.kysely, Number(loaded.data.fs.id));
      return presentEtatEvals(loaded, dates, ctx.req.server.config.scodoc.timeZone);
    },
  },
  {
    method: 'GET',
    path: `${FS}/decisions_jury`,
    perm: 'ScoView',
    name: 'formsemestre_decisions_jury',
    summary: 'Recorded jury decisions of the formsemestre',
    async handler(ctx) {
      const loaded = await load(ctx);
      const dec = await decisionsOfFs(ctx.req.server.db.kysely, Number(loaded.data.fs.id));
      return presentDecisionsJury(loaded.data, dec);
    },
  },
];
