import { describe, expect, it } from 'vitest';
import { fmtNote, fmtRank, fmtStats, reprPyFloat, toFixed2 } from './format-note.js';
import { NOTES_ATTENTE, NOTES_DEMISSION, NOTES_NEUTRALISE } from './types.js';

describe('fmtNote (scodoc.md §6.11)', () => {
  it('formats numbers zero-padded to 5 characters with 2 decimals', () => {
    expect(fmtNote(8.3912)).toBe('08.39');
    expect(fmtNote(0)).toBe('00.00');
    expect(fmtNote(12)).toBe('12.00');
    expect(fmtNote(20)).toBe('20.00');
    expect(fmtNote(-1.5)).toBe('-1.50');
    // 9.995 is 9.99499999999999921840… in binary: Python prints 9.99 (yet it reaches 10 with NOTES_TOLERANCE)
    expect(fmtNote(9.995)).toBe('09.99');
  });

  it('rounds exact binary ties half-to-even like Python round(x, 2) (D30)', () => {
    // 12.125 = 97/8 and 12.375 = 99/8 are exact doubles: true ties at the 2nd decimal.
    expect(fmtNote(12.125)).toBe('12.12'); // 1212.5 → 1212 (even)
    expect(fmtNote(12.375)).toBe('12.38'); // 1237.5 → 1238 (even)
    expect(fmtNote(0.625)).toBe('00.62');
    expect(fmtNote(0.875)).toBe('00.88');
    expect(fmtNote(-12.125)).toBe('-12.12');
    // Not exact ties: nearest on the binary value (2.675 is 2.67499999999999982236431605997495353221893310546875)
    expect(toFixed2(2.675)).toBe('2.67');
    expect(toFixed2(1.005)).toBe('1.00'); // 1.00499999999999989341858963598497211933135986328125
    expect(toFixed2(-0.0001)).toBe('-0.00'); // Python: "%.2f" % round(-0.0001, 2) → "-0.00"
    expect(toFixed2(-0)).toBe('-0.00');
  });

  it('writes special values and scales to /20 with note_max', () => {
    expect(fmtNote(null)).toBe('ABS');
    expect(fmtNote(NOTES_NEUTRALISE)).toBe('EXC');
    expect(fmtNote(NOTES_ATTENTE)).toBe('ATT');
    expect(fmtNote(NOTES_DEMISSION)).toBe('DEM');
    expect(fmtNote(Number.NaN)).toBe('~');
    // 7/10 on /20: 7·20/10 = 14
    expect(fmtNote(7, 10)).toBe('14.00');
    // 13/40 → 13·20/40 = 6.5
    expect(fmtNote(13, 40)).toBe('06.50');
    expect(fmtNote('NA')).toBe('-');
  });

  it('formats stats blocks', () => {
    expect(fmtStats({ min: 1.5, max: 19, moy: 10.123, count: 3 })).toEqual({
      min: '01.50',
      max: '19.00',
      moy: '10.12',
    });
    expect(fmtStats({ min: Number.NaN, max: Number.NaN, moy: Number.NaN, count: 0 })).toEqual({
      min: '~',
      max: '~',
      moy: '~',
    });
  });
});

describe('fmtRank (scodoc.md §6.9)', () => {
  it('writes "k" or "k ex", and "" when unranked', () => {
    expect(fmtRank(3, false)).toBe('3');
    expect(fmtRank(3, true)).toBe('3 ex');
    expect(fmtRank(0, false)).toBe('');
  });
});

describe('reprPyFloat (scodoc.md D10)', () => {
  it('writes floats as Python repr does', () => {
    expect(reprPyFloat(12)).toBe('12.0');
    expect(reprPyFloat(0)).toBe('0.0');
    expect(reprPyFloat(-0)).toBe('-0.0');
    expect(reprPyFloat(0.5)).toBe('0.5');
    expect(reprPyFloat(12.867469879518072)).toBe('12.867469879518072');
    expect(reprPyFloat(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(reprPyFloat(0.0001)).toBe('0.0001');
    expect(reprPyFloat(0.00001)).toBe('1e-05');
    expect(reprPyFloat(1.5e-7)).toBe('1.5e-07');
    expect(reprPyFloat(1e15)).toBe('1000000000000000.0');
    expect(reprPyFloat(1e16)).toBe('1e+16');
    expect(reprPyFloat(1.5e16)).toBe('1.5e+16');
    expect(reprPyFloat(-2.5)).toBe('-2.5');
    expect(reprPyFloat(Number.NaN)).toBe('NaN');
    expect(reprPyFloat(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
