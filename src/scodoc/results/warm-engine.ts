/**
 * Runs the grade engine (and its codec) a few times on a small synthetic BUT semester, so that the first
 * real request of a process does not pay the JIT warm-up (~100 ms measured by the engine's author). Cold
 * requests (results cache empty) then cost what the computation costs.
 */
import { computeFormsemestre } from '../grades/compute-formsemestre.js';
import { generateButSemester } from '../grades/fixtures/generate-but.js';
import { fmtNote } from '../grades/format-note.js';
import { decodeResults, encodeResults } from '../grades/results-codec.js';

export function warmEngine(rounds = 5): void {
  const input = generateButSemester({ students: 40, modules: 8, evalsPerModule: 3, seed: 7 });
  for (let k = 0; k < rounds; k++) {
    const res = decodeResults(encodeResults(computeFormsemestre(input)));
    for (const x of res.general.moy) fmtNote(x);
  }
}
