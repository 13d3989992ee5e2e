/**
 * Bulletins (scodoc.md §2.2, §2.4, §5.9–5.10, D11–D14, D35):
 * `etudiant/{etudid,nip,ine}/<x>/formsemestre/<id>/bulletin[/<version>][/pdf][/nosig]` and
 * `formsemestre/<id>/bulletins[/<version>]`; `?format=raw` gives raw numbers. Permission ScoView.
 */
import { ScoError } from '../../errors.js';
import { serializeSco } from '../../json.js';
import { formsemestreResults } from '../../results/formsemestre-results.js';
import { findEtudiant, findFormsemestre, q1 } from '../lookup.js';
import { ETUD_KEYS, etudKeyOf, INT, type ScoContext, type ScoRoute } from '../route.js';
import { presentButBulletin } from './bulletin-but.present.js';
import { presentClassicBulletin } from './bulletin-classic.present.js';
import { type BulletinContext, bulletinContext, bulletinVersion } from './bulletin-context.js';
import { renderBulletinPdf } from './bulletin-pdf.js';
import { pdfAssets } from './bulletin-pdf.queries.js';

const FS = `formsemestre/:formsemestre_id${INT}`;

async function context(ctx: ScoContext, fsId: number): Promise<BulletinContext> {
  const db = ctx.req.server.db;
  const version = bulletinVersion(ctx.params.version);
  const loaded = await formsemestreResults(db, fsId);
  const c = ctx.req.server.config.scodoc;
  return bulletinContext(db, loaded, version, q1(ctx.query.format) === 'raw', {
    timeZone: c.timeZone,
    ...c.assiduites,
  });
}

/**
 * One bulletin, from the per-version memo when this version was already presented for this student; only
 * `date` (the time of the request, D12) is set on each call.
 */
async function present(bc: BulletinContext, etudid: number): Promise<Record<string, unknown>> {
  const key = `bulletin:${bc.version}:${bc.raw}:${etudid}`;
  let b = bc.derived.get(key) as Record<string, unknown> | undefined;
  if (!b) {
    b = (await (bc.data.isBut ? presentButBulletin(bc, etudid) : presentClassicBulletin(bc, etudid))) as Record<
      string,
      unknown
    >;
    bc.derived.set(key, b);
  }
  const out = { ...b };
  out.date = bc.date;
  return out;
}

/** A marker for `date` in a serialised bulletin: the JSON text is kept per version, the date set per request. */
const DATE_MARK = JSON.stringify('\u0002bulletin-date\u0002');

/** One bulletin as JSON text (D10 serializer), from the per-version memo of serialised bulletins. */
async function presentJson(bc: BulletinContext, etudid: number): Promise<string> {
  const key = `bulletin-json:${bc.version}:${bc.raw}:${etudid}`;
  let parts = bc.derived.get(key) as [string, string] | undefined;
  if (!parts) {
    const b = await present(bc, etudid);
    b.date = JSON.parse(DATE_MARK);
    const text = serializeSco(b);
    const k = text.indexOf(DATE_MARK);
    parts = [text.slice(0, k), text.slice(k + DATE_MARK.length)];
    bc.derived.set(key, parts);
  }
  return parts[0] + JSON.stringify(bc.date) + parts[1];
}

async function oneBulletin(ctx: ScoContext, pdf: boolean, signatures: boolean) {
  bulletinVersion(ctx.params.version); // 404 "version invalide" before any lookup work
  const etud = await findEtudiant(ctx, etudKeyOf(ctx.params));
  const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id));
  const bc = await context(ctx, Number(fs.id));
  const etudid = Number(etud.id);
  if (!bc.data.inscrit.has(etudid)) throw new ScoError('SCO_ERR_NOT_INSCRIT');
  if (!pdf) {
    ctx.reply.type('application/json; charset=utf-8');
    return presentJson(bc, etudid);
  }
  const bul = await present(bc, etudid);
  const assets = await pdfAssets(ctx.req.server.db, Number(fs.dept_id), signatures);
  const bytes = await renderBulletinPdf(bc, etudid, bul, assets);
  ctx.reply.type('application/pdf');
  ctx.reply.header('content-disposition', `attachment; filename="bulletin-${fs.id}-${etudid}.pdf"`);
  return bytes;
}

const SUFFIXES: { tail: string; pdf: boolean; sig: boolean }[] = [
  { tail: '', pdf: false, sig: true },
  { tail: '/:version', pdf: false, sig: true },
  { tail: '/nosig', pdf: false, sig: false },
  { tail: '/:version/nosig', pdf: false, sig: false },
  { tail: '/pdf', pdf: true, sig: true },
  { tail: '/:version/pdf', pdf: true, sig: true },
  { tail: '/pdf/nosig', pdf: true, sig: false },
  { tail: '/:version/pdf/nosig', pdf: true, sig: false },
];

export const bulletinRoutes: ScoRoute[] = [
  ...ETUD_KEYS.flatMap((k) =>
    SUFFIXES.map(
      (s): ScoRoute => ({
        method: 'GET',
        path: `/etudiant/${k}/${FS}/bulletin${s.tail}`,
        perm: 'ScoView',
        name: 'bulletin',
        summary: s.pdf ? 'Bulletin of a student as PDF' : 'Bulletin of a student (JSON)',
        handler: (ctx) => oneBulletin(ctx, s.pdf, s.sig),
      }),
    ),
  ),
  ...['', '/:version'].map(
    (tail): ScoRoute => ({
      method: 'GET',
      path: `/${FS}/bulletins${tail}`,
      perm: 'ScoView',
      name: 'formsemestre_bulletins',
      summary: 'Bulletins of every inscrit of a formsemestre',
      async handler(ctx) {
        bulletinVersion(ctx.params.version);
        const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id));
        const bc = await context(ctx, Number(fs.id));
        const out: string[] = [];
        for (const e of bc.data.inscrits) out.push(await presentJson(bc, Number(e.etudid)));
        ctx.reply.type('application/json; charset=utf-8');
        return `[${out.join(',')}]`;
      },
    }),
  ),
];
