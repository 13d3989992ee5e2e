/** Row types of the РКИ tables (see migrations/0001-rki.ts). */

export interface RkiOrgRow {
  readonly id: number;
  readonly name: string;
  readonly secret_sealed: string;
  readonly key_version: number;
  readonly user_count: number;
  readonly created_at: number;
}

/** A reader as the presenters need it: the РКИ fields joined with the account's login and email. */
export interface ReaderRow {
  readonly id: number;
  readonly username: string;
  readonly fullname: string;
  readonly email: string;
  readonly blocked: number;
  readonly user_type: number;
  readonly class_no: number;
  readonly specialty: string;
  readonly group_name: string;
  readonly facultet: string;
  readonly department: string;
  /** YYYY-MM-DD */
  readonly registered_on: string;
  /** YYYY-MM-DD or null */
  readonly blocked_after: string | null;
}

/** A list row: the reader without the detail-only fields. */
export type ReaderListRow = Pick<
  ReaderRow,
  'id' | 'username' | 'fullname' | 'email' | 'blocked' | 'user_type' | 'registered_on' | 'blocked_after'
>;
