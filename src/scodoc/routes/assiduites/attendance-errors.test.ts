/**
 * Walks the attendance entries of errors.ts: each is produced by a request, with its exact text and status
 * (single routes) or in the batch envelope (items). Runs with the configurable settings changed — module
 * forced, Saturday worked, small file limits — so those settings are exercised too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { REASON, SCO_ERRORS, ScoError, type ScoErrorCode } from '../../errors.js';
import { buildWorld, type World } from '../../testing/world.js';
import { formsemestreDates, monday, rowCounts } from './attendance-world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp({
    SCODOC_ASSI_FORCE_MODULE: 'true',
    SCODOC_ASSI_NON_WORKING_DAYS: 'sun',
    SCODOC_JUSTIF_FILE_MAX_BYTES: '2048',
    SCODOC_JUSTIF_MAX_FILES: '2',
  });
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const ATTENDANCE_CODES = (Object.keys(SCO_ERRORS) as ScoErrorCode[]).filter((c) => /^SCO_ERR_(ASSI|JUSTIF)/.test(c));

const text = (code: ScoErrorCode, params: Record<string, string> = {}) => new ScoError(code, params).message;

function multipart(name: string, data: Buffer) {
  const b = 'xXx';
  return {
    payload: Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]),
    ct: `multipart/form-data; boundary=${b}`,
  };
}

describe(`ScoDoc attendance error table on ${testDialect}`, () => {
  it('every attendance code is produced by a request', async () => {
    const G = '/ScoDoc/api';
    const fs = w.demo.formsemestres[2].id;
    const e = await w.etudOf(fs, 0);
    const mi = Number(
      (
        await t.db.kysely
          .selectFrom('sco_moduleimpl')
          .select('id')
          .where('formsemestre_id', '=', fs)
          .executeTakeFirstOrThrow()
      ).id,
    );
    const mon = monday((await formsemestreDates(w, fs)).date_debut, 3);
    const next = (n: number) => new Date(Date.parse(`${mon}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const seen = new Set<ScoErrorCode>();
    const single = async (r: Promise<{ json(): unknown; statusCode: number }>, code: ScoErrorCode, params = {}) => {
      const res = await r;
      const status = SCO_ERRORS[code].status;
      expect(res.json(), code).toEqual({ error: REASON[status], status, message: text(code, params) });
      expect(res.statusCode).toBe(SCO_ERRORS[code].status);
      seen.add(code);
    };
    const item = async (url: string, body: unknown[], code: ScoErrorCode, params = {}) => {
      const res = (await w.post(url, body, 'secr_info')).json();
      // Several failed checks of one item are joined with ", " (§5).
      const parts = res.errors.flatMap((x: { message: string }) => x.message.split(', '));
      expect(parts, code).toContain(text(code, params));
      seen.add(code);
    };
    const create = `${G}/assiduite/${e}/create`;
    const a = (
      await w.post(
        create,
        [{ date_debut: `${mon}T08:00`, date_fin: `${mon}T09:00`, etat: 'absent', moduleimpl_id: mi }],
        'secr_info',
      )
    ).json().success[0].message.assiduite_id;
    // Saturday is worked here, Sunday is not.
    const sat = (
      await w.post(
        create,
        [{ date_debut: `${next(5)}T08:00`, date_fin: `${next(5)}T09:00`, etat: 'absent', moduleimpl_id: mi }],
        'secr_info',
      )
    ).json();
    expect(sat.errors).toEqual([]);
    await single(w.get(`${G}/assiduite/999999`), 'SCO_ERR_ASSIDUITE_NOT_FOUND');
    await single(w.get(`${G}/justificatif/999999`), 'SCO_ERR_JUSTIFICATIF_NOT_FOUND');
    await single(w.post(create, {}, 'secr_info'), 'SCO_ERR_ASSI_NOT_A_LIST');
    await item(
      create,
      [{ date_debut: `${mon}T10:00`, date_fin: `${mon}T11:00`, moduleimpl_id: mi }],
      'SCO_ERR_ASSI_PARAM_MISSING',
      {
        name: 'etat',
      },
    );
    await single(w.post(`${G}/assiduite/${a}/edit`, { etat: 'zz' }, 'secr_info'), 'SCO_ERR_ASSI_PARAM_INVALID', {
      name: 'etat',
    });
    await single(w.get(`${G}/assiduites/${e}/query?date_fin=demain`), 'SCO_ERR_ASSI_PARAM_FORMAT', {
      name: 'date_fin',
    });
    await single(w.post(`${G}/assiduite/${a}/edit`, { external_data: 'x' }, 'secr_info'), 'SCO_ERR_ASSI_EXTERNAL_DATA');
    await item(
      create,
      [{ date_debut: `${mon}T08:30`, date_fin: `${mon}T09:30`, etat: 'absent', moduleimpl_id: mi }],
      'SCO_ERR_ASSI_DUPLICATION',
    );
    await t.db.kysely
      .deleteFrom('sco_moduleimpl_inscription')
      .where('etudid', '=', e)
      .where('moduleimpl_id', '=', mi)
      .execute();
    await single(w.post(`${G}/assiduite/${a}/edit`, { moduleimpl_id: mi }, 'secr_info'), 'SCO_ERR_ASSI_NOT_IN_MODULE');
    await single(
      w.post(`${G}/assiduite/${a}/edit`, { moduleimpl_id: null }, 'secr_info'),
      'SCO_ERR_ASSI_MODULE_REQUIRED',
    );
    await item(
      create,
      [{ date_debut: `${mon}T10:00`, date_fin: `${mon}T11:00`, etat: 'absent' }],
      'SCO_ERR_ASSI_MODULE_REQUIRED',
    );
    await item(
      create,
      [{ date_debut: `${next(6)}T10:00`, date_fin: `${next(7)}T11:00`, etat: 'absent' }],
      'SCO_ERR_ASSI_DEBUT_NOT_WORKING',
    );
    await item(
      create,
      [{ date_debut: `${next(5)}T10:00`, date_fin: `${next(6)}T11:00`, etat: 'absent' }],
      'SCO_ERR_ASSI_FIN_NOT_WORKING',
    );
    await item(
      create,
      [{ date_debut: `${mon}T11:00`, date_fin: `${mon}T10:00`, etat: 'absent' }],
      'SCO_ERR_ASSI_FIN_BEFORE_DEBUT',
    );
    await item(
      create,
      [{ date_debut: '2001-01-08T10:00', date_fin: '2001-01-08T11:00', etat: 'absent' }],
      'SCO_ERR_ASSI_OUTSIDE_SEMESTRE',
    );
    await item(`${G}/assiduite/delete`, [999999], 'SCO_ERR_ASSI_NOT_EXISTING');
    await item(`${G}/justificatif/delete`, [999999], 'SCO_ERR_JUSTIF_NOT_EXISTING');
    await item(create, [null], 'SCO_ERR_ASSI_ITEM_NOT_OBJECT');
    const j = (
      await w.post(
        `${G}/justificatif/${e}/create`,
        [{ date_debut: `${mon}T00:00`, date_fin: `${next(1)}T00:00`, etat: 'valide' }],
        'secr_info',
      )
    ).json().success[0].message.justif_id;
    const up = async (name: string, data: Buffer) => {
      const m = multipart(name, data);
      return t.app.inject({
        method: 'POST',
        url: `${G}/justificatif/${j}/import`,
        headers: { authorization: `Bearer ${await w.token('secr_info')}`, 'content-type': m.ct },
        payload: m.payload,
      });
    };
    const pdf = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(n - 9, 0x20)]);
    const before = await rowCounts(w);
    await single(w.post(`${G}/justificatif/${j}/import`, {}, 'secr_info'), 'SCO_ERR_JUSTIF_NO_FILE');
    // The configured limits: 2 KiB a file, 2 files a justificatif.
    await single(up('a.pdf', pdf(2049)), 'SCO_ERR_JUSTIF_FILE_TOO_LARGE');
    await single(up('a.pdf', Buffer.from('GIF89a....')), 'SCO_ERR_JUSTIF_FILE_TYPE');
    expect(await rowCounts(w)).toEqual(before);
    expect((await up('a.pdf', pdf(2048))).json()).toEqual({ filename: 'a.pdf' });
    expect((await up('b.pdf', pdf(100))).json()).toEqual({ filename: 'b.pdf' });
    expect((await up('a.pdf', pdf(200))).json()).toEqual({ filename: 'a.pdf' });
    await single(up('c.pdf', pdf(100)), 'SCO_ERR_JUSTIF_TOO_MANY_FILES');
    await single(w.get(`${G}/justificatif/${j}/export/c.pdf`, 'super'), 'SCO_ERR_JUSTIF_FILE_NOT_FOUND');
    expect([...seen].sort()).toEqual([...ATTENDANCE_CODES].sort());
  });
});
