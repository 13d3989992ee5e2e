/**
 * `campus rki import users.csv --org <id>`: creates or updates an organisation's readers from a CSV file
 * with a header row (email, fullname, password, user_type, class, specialty, group, facultet, department,
 * blockedafter; other columns are ignored). The rules of add (new email) and edit (known email);
 * idempotent on the normalised email: a second run creates nothing and changes nothing. A row whose email
 * belongs to another organisation (or any other account) is rejected with the API's 409 text.
 * Rows are written in batches, one transaction each.
 */
import { parse } from 'csv-parse/sync';
import { normalizeEmail } from '../../auth/accounts.js';
import { audit } from '../../auth/audit.js';
import { verifyPassword } from '../../auth/password.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { todayIn } from '../dates.js';
import { RKI_ERRORS, RkiError } from '../errors.js';
import { addReaderIn, editReaderIn, type NewReader, type ReaderActionContext } from '../readers/readers.js';
import { accountPasswordHash, emailTaken, readerByEmail } from '../readers/readers.queries.js';
import { laravelInput } from '../validation/laravel-input.js';
import { ADD_RULES, EDIT_RULES } from '../validation/rule-sets.js';
import { ruleSet, validate } from '../validation/validator.js';

/** A new reader: add's rules, then the optional fields of edit. */
const CREATE_RULES = [...ADD_RULES, ...EDIT_RULES.filter((r) => !ADD_RULES.some((a) => a.field === r.field))];
const EMAIL_RULE = ruleSet({ email: 'required|string|email|max:255' });

export interface RejectedRow {
  /** Line in the file (the header is line 1). */
  readonly line: number;
  readonly email: string | null;
  readonly reasons: readonly string[];
}

export interface ImportSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: readonly RejectedRow[];
}

export interface ImportOptions {
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

function reasons(errors: Readonly<Record<string, readonly string[]>>): string[] {
  return Object.values(errors).flat();
}

export async function importUsers(
  db: Database,
  config: Config,
  orgId: number,
  csv: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const rows = parse(csv, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as Record<
    string,
    string
  >[];
  const batchSize = opts.batchSize ?? 100;
  const ctx: ReaderActionContext = {
    db,
    config,
    orgId,
    actor: 'cli',
    ip: null,
    today: todayIn(config.rki.timeZone)(),
  };
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const rejected: RejectedRow[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    await db.kysely.transaction().execute(async (trx) => {
      for (let i = start; i < Math.min(start + batchSize, rows.length); i++) {
        const line = i + 2;
        const input = laravelInput(rows[i]);
        const email = typeof input['email'] === 'string' ? (input['email'] as string) : null;
        const reject = (why: readonly string[]) => rejected.push({ line, email, reasons: why });
        const checked = validate(EMAIL_RULE, input);
        if (!checked.ok) {
          reject(reasons(checked.errors));
          continue;
        }
        const norm = normalizeEmail(email!);
        const current = await readerByEmail(trx, orgId, norm);
        if (!current) {
          if (await emailTaken(trx, norm, null)) {
            reject([RKI_ERRORS.RKI_ERR_EMAIL_TAKEN.message]);
            continue;
          }
          const v = validate(CREATE_RULES, input);
          if (!v.ok) {
            reject(reasons(v.errors));
            continue;
          }
          await addReaderIn(trx, ctx, v.values as unknown as NewReader);
          created++;
          continue;
        }
        // A known reader: empty cells keep the current values.
        const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null));
        const v = validate(EDIT_RULES, given);
        if (!v.ok) {
          reject(reasons(v.errors));
          continue;
        }
        const changes: Record<string, unknown> = { ...v.values };
        const password = changes['password'];
        if (
          typeof password === 'string' &&
          (await verifyPassword(await accountPasswordHash(trx, current.account_id), password, config.argon2))
        ) {
          delete changes['password'];
        }
        try {
          const { changed } = await editReaderIn(trx, ctx, current, changes);
          if (changed) updated++;
          else unchanged++;
        } catch (err) {
          if (!(err instanceof RkiError)) throw err;
          reject([err.message]);
        }
      }
    });
    opts.onProgress?.(Math.min(start + batchSize, rows.length), rows.length);
  }
  await audit(db.kysely, {
    api: 'rki',
    actor: 'cli',
    action: 'import',
    target: String(orgId),
    detail: `created ${created}, updated ${updated}, unchanged ${unchanged}, rejected ${rejected.length}`,
  });
  return { created, updated, unchanged, rejected };
}
