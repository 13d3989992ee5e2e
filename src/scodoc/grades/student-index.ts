/**
 * etudid → student index. The etudids of one formsemestre usually lie in a narrow range, so a flat lookup
 * table replaces a Map lookup per note row (30 000 rows for the data set); a Map is kept otherwise.
 */
export class StudentIndex {
  readonly map: ReadonlyMap<number, number>;
  private readonly lo: number;
  private readonly hi: number;
  private readonly table: Int32Array | null;

  constructor(etudids: readonly number[]) {
    const map = new Map<number, number>();
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let integers = true;
    for (let i = 0; i < etudids.length; i++) {
      const e = etudids[i];
      map.set(e, i);
      if (!Number.isSafeInteger(e)) integers = false;
      if (e < lo) lo = e;
      if (e > hi) hi = e;
    }
    this.map = map;
    this.lo = lo;
    this.hi = hi;
    const span = hi - lo + 1;
    this.table = null;
    if (integers && etudids.length > 0 && span <= Math.max(65536, 16 * etudids.length)) {
      const table = new Int32Array(span).fill(-1);
      for (const [e, i] of map) table[e - lo] = i;
      this.table = table;
    }
  }

  /** The student's index, or −1 when not inscribed. */
  of(etudid: number): number {
    if (this.table !== null) {
      return etudid >= this.lo && etudid <= this.hi && Number.isInteger(etudid) ? this.table[etudid - this.lo] : -1;
    }
    return this.map.get(etudid) ?? -1;
  }
}
