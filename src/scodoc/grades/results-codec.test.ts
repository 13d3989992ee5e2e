import { describe, expect, it } from 'vitest';
import { computeFormsemestre } from './compute-formsemestre.js';
import { etudResults } from './etud-results.js';
import { generateButSemester } from './fixtures/generate-but.js';
import { decodeResults, encodeResults } from './results-codec.js';

describe('results codec (results cache outside the process)', () => {
  it('round-trips every value, NaN and typed arrays included', () => {
    const res = computeFormsemestre(generateButSemester({ students: 60, modules: 6, evalsPerModule: 3 }));
    const back = decodeResults(encodeResults(res));
    expect(back).toEqual(res);
    // typed arrays come back typed, NaN stays NaN
    const ue = [...back.ues.values()][0];
    expect(ue.moy).toBeInstanceOf(Float64Array);
    expect(back.general.rank.rank).toBeInstanceOf(Int32Array);
    const dem = back.etudids[49]; // the generator makes every 50th student démissionnaire
    expect(etudResults(back, dem)).toEqual(etudResults(res, dem));
    expect(back.etat[49]).toBe('D');
    expect(Number.isNaN(back.general.moy[49])).toBe(true);
  });

  it('rejects bytes of another format', () => {
    expect(() => decodeResults(Buffer.from('{"v":0,"res":{}}'))).toThrow(RangeError);
  });
});
