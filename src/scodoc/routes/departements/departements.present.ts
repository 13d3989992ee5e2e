import { isoLocal } from '../../dates.js';

export interface DepartementRow {
  readonly id: number;
  readonly acronym: string;
  readonly dept_name: string | null;
  readonly description: string | null;
  readonly visible: number;
  readonly date_creation: number;
}

/** scodoc.md §5.1 (+ 9.6 `dept_name`, read by a deployed client); `date_creation` ISO (D9). */
export function presentDepartement(d: DepartementRow, timeZone: string) {
  return {
    id: Number(d.id),
    acronym: d.acronym,
    dept_name: d.dept_name,
    description: d.description,
    visible: Boolean(d.visible),
    date_creation: isoLocal(Number(d.date_creation), timeZone),
  };
}
