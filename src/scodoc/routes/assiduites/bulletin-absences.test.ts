import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { buildWorld, type World } from '../../testing/world.js';
import { formsemestreDates, monday } from './attendance-world.js';
import { bulletinAbsences } from './bulletin-absences.js';
import type { DaySettings } from './counts.js';

let t: TestApp;
let w: World;
let S: DaySettings;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  S = { timeZone: t.config.scodoc.timeZone, ...t.config.scodoc.assiduites };
});
afterAll(async () => t?.close());

const G = '/ScoDoc/api';

describe(`bulletin absences (scodoc-assiduites.md §6, AS11) on ${testDialect}`, () => {
  it('ABSENT only, over the formsemestre dates, in the preference metric; justified ones apart', async () => {
    // A second-year student: past S2 (fs 1) and current S3 (fs 3).
    const [fsPast, fsCur] = [w.demo.formsemestres[1].id, w.demo.formsemestres[3].id];
    const e = await w.etudOf(fsCur, 2);
    const mon = monday((await formsemestreDates(w, fsCur)).date_debut, 4);
    const tue = new Date(Date.parse(`${mon}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const old = monday((await formsemestreDates(w, fsPast)).date_debut, 4);
    const r = await w.post(
      `${G}/assiduite/${e}/create`,
      [
        { date_debut: `${mon}T08:00`, date_fin: `${mon}T10:00`, etat: 'absent' },
        { date_debut: `${mon}T14:00`, date_fin: `${mon}T16:00`, etat: 'absent' },
        { date_debut: `${tue}T08:00`, date_fin: `${tue}T18:00`, etat: 'absent' },
        { date_debut: `${mon}T10:00`, date_fin: `${mon}T10:15`, etat: 'retard' },
        { date_debut: `${mon}T11:00`, date_fin: `${mon}T12:00`, etat: 'present' },
        { date_debut: `${old}T08:00`, date_fin: `${old}T12:00`, etat: 'absent' },
      ],
      'secr_info',
    );
    expect(r.json().errors).toEqual([]);
    await w.post(
      `${G}/justificatif/${e}/create`,
      [{ date_debut: `${mon}T13:00`, date_fin: `${mon}T17:00`, etat: 'valide' }],
      'secr_info',
    );
    // Half-days: Mon am, Mon pm (justified), Tue am, Tue pm → 4, of which 1 justified; the S2 absence and
    // the RETARD / PRESENT records do not count.
    const demi = await bulletinAbsences(t.db, e, fsCur, S);
    expect(demi).toEqual({
      but: { injustifie: 3, total: 4, metrique: '1/2 Jour.' },
      classic: { nbabs: 4, nbabsjust: 1 },
    });
    // Hours: 2 + 2 + 10 = 14, justified 2.
    expect(await bulletinAbsences(t.db, e, fsCur, S, 'H.')).toEqual({
      but: { injustifie: 12, total: 14, metrique: 'Heure(s)' },
      classic: { nbabs: 14, nbabsjust: 2 },
    });
    expect((await bulletinAbsences(t.db, e, fsCur, S, 'J.')).but).toEqual({
      injustifie: 1,
      total: 2,
      metrique: 'Journée(s)',
    });
    expect((await bulletinAbsences(t.db, e, fsCur, S, 'N.')).but).toEqual({
      injustifie: 2,
      total: 3,
      metrique: 'Nombre',
    });
    // The past semester sees only its own absence (4 h in the morning: 1 half-day).
    expect((await bulletinAbsences(t.db, e, fsPast, S)).but).toEqual({
      injustifie: 1,
      total: 1,
      metrique: '1/2 Jour.',
    });
    // A student without records: zeros, and a non-empty metrique (clients need it, §6).
    const other = await w.etudOf(fsCur, 5);
    expect((await bulletinAbsences(t.db, other, fsCur, S)).but).toEqual({
      injustifie: 0,
      total: 0,
      metrique: '1/2 Jour.',
    });
  });
});
