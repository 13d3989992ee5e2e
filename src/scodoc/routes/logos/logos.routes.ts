/**
 * Logos (scodoc.md §2.1, D7, D26): names and images of the site and department logos, ScoSuperAdmin.
 * Images are served in their stored format (PNG or JPEG); they are set with `campus scodoc logo`.
 */
import { ScoError } from '../../errors.js';
import { findDepartementParam } from '../lookup.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import { logoNames, logoOf, SITE } from './logos.queries.js';

async function sendLogo(ctx: ScoContext, deptId: number) {
  const logo = await logoOf(ctx.req.server.db.kysely, deptId, ctx.params.name);
  if (!logo) throw new ScoError('SCO_ERR_LOGO_NOT_FOUND');
  ctx.reply.type(logo.mime);
  return ctx.reply.send(Buffer.from(logo.data));
}

const DEPT_KEYS = ['/departement/:acronym', `/departement/id/:dept_id${INT}`];

export const logoRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: '/logos',
    perm: 'ScoSuperAdmin',
    name: 'logos',
    summary: 'Names of the site logos',
    handler: (ctx) => logoNames(ctx.req.server.db.kysely, SITE),
  },
  {
    method: 'GET',
    path: '/logo/:name',
    perm: 'ScoSuperAdmin',
    name: 'logo',
    summary: 'A site logo (PNG or JPEG, as stored)',
    handler: (ctx) => sendLogo(ctx, SITE),
  },
  ...DEPT_KEYS.flatMap((head): ScoRoute[] => [
    {
      method: 'GET',
      path: `${head}/logos`,
      perm: 'ScoSuperAdmin',
      name: 'departement_logos',
      summary: 'Names of the logos of a département',
      async handler(ctx) {
        const d = await findDepartementParam(ctx, 'ScoSuperAdmin');
        return logoNames(ctx.req.server.db.kysely, Number(d.id));
      },
    },
    {
      method: 'GET',
      path: `${head}/logo/:name`,
      perm: 'ScoSuperAdmin',
      name: 'departement_logo',
      summary: 'A logo of a département',
      async handler(ctx) {
        const d = await findDepartementParam(ctx, 'ScoSuperAdmin');
        return sendLogo(ctx, Number(d.id));
      },
    },
  ]),
];
