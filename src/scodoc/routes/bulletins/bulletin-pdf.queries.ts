/** Images of the PDF bulletin: the `header` logo and the signatures, department first, then site-wide (dept 0). */
import type { Database } from '../../../db/database.js';
import { defineQuery, param } from '../../../db/statements.js';

/** Logo names (set with `campus scodoc logo set`): header, and the two signatures of the bulletins. */
export const PDF_LOGOS = ['header', 'bul_sig_left', 'bul_sig_right'] as const;

const logosFor = defineQuery<{ dept: number }, { dept_id: number; name: string; mime: string; data: Buffer }>(
  'scodoc.bulletinPdfLogos',
  (db) =>
    db
      .selectFrom('sco_logo')
      .select(['dept_id', 'name', 'mime', 'data'])
      .where((eb) => eb.or([eb('dept_id', '=', param('dept')), eb('dept_id', '=', 0)]))
      .where('name', 'in', [...PDF_LOGOS]),
);

export interface PdfAssets {
  readonly header: Buffer | null;
  readonly sigLeft: Buffer | null;
  readonly sigRight: Buffer | null;
}

/** pdfkit draws PNG and JPEG only. */
const drawable = (mime: string) => mime === 'image/png' || mime === 'image/jpeg';

export async function pdfAssets(db: Database, deptId: number, signatures: boolean): Promise<PdfAssets> {
  const rows = await db.statements.all(logosFor, { dept: deptId });
  const pick = (name: string) => {
    const mine = rows.find((r) => r.name === name && Number(r.dept_id) === deptId && drawable(r.mime));
    const site = rows.find((r) => r.name === name && Number(r.dept_id) === 0 && drawable(r.mime));
    const r = mine ?? site;
    return r ? Buffer.from(r.data) : null;
  };
  return {
    header: pick('header'),
    sigLeft: signatures ? pick('bul_sig_left') : null,
    sigRight: signatures ? pick('bul_sig_right') : null,
  };
}
