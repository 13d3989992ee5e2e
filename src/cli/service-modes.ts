/**
 * `campus token …` (personal API tokens of the service-modes API) and `campus cmdb …` (inventory import,
 * CMDB administrators, workgroup memberships). Thin wrappers over the functions the routes use.
 */
import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { findAccountByUsername } from '../auth/accounts.js';
import { ImportError, importCmdb, parseImport } from '../service-modes/cmdb-import.js';
import {
  createPersonalToken,
  listPersonalTokens,
  parseExpiry,
  revokePersonalToken,
} from '../service-modes/personal-tokens.js';
import { insertNamed, setMembership } from '../service-modes/routes/cmdb/cmdb.queries.js';
import { CliError, positiveInt, withDatabase } from './context.js';

const out = (line: string) => process.stdout.write(line + '\n');
const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

async function accountId(db: Parameters<Parameters<typeof withDatabase>[0]>[0]['db'], username: string) {
  const acc = await findAccountByUsername(db.kysely, username);
  if (!acc)
    throw new CliError(`no account "${username}" (create it with: campus account create --username ${username})`);
  return acc.id;
}

export function registerServiceModesCommands(program: Command): void {
  const token = program.command('token').description('personal API tokens of the service-modes API (Bearer)');
  token
    .command('create')
    .description('create a token for an account; it is printed once (only its SHA-256 is stored)')
    .requiredOption('--account <username>', 'account the token acts for')
    .option('--expires <when>', 'ISO date, or a number of days (default 365)')
    .option('--description <text>', 'what the token is for')
    .action((opts: { account: string; expires?: string; description?: string }) =>
      withDatabase(async ({ db }) => {
        const id = await accountId(db, opts.account);
        const expiresAt = parseExpiry(opts.expires);
        if (expiresAt === undefined)
          throw new CliError(`--expires must be a future ISO date or a number of days, got "${opts.expires}"`);
        const t = await createPersonalToken(db.kysely, id, { expiresAt, description: opts.description ?? null });
        out(`token ${t.id} for ${opts.account}, expires ${iso(t.expiresAt)}:`);
        out(t.token);
        out('Keep it now: it is not shown again. Use it as "Authorization: Bearer <token>".');
      }),
    );
  token
    .command('list')
    .description("list an account's tokens (active and revoked)")
    .requiredOption('--account <username>', 'account')
    .action((opts: { account: string }) =>
      withDatabase(async ({ db }) => {
        const now = Date.now();
        for (const t of await listPersonalTokens(db.kysely, await accountId(db, opts.account))) {
          const state = t.revokedAt !== null ? 'revoked' : t.expiresAt <= now ? 'expired' : 'active';
          out(`${t.id}\t${state}\texpires ${iso(t.expiresAt)}\tlast used ${iso(t.lastUsedAt)}\t${t.description ?? ''}`);
        }
      }),
    );
  token
    .command('revoke')
    .description('revoke a token by id')
    .argument('<id>', 'token id (see token list)', positiveInt('<id>'))
    .action((id: number) =>
      withDatabase(async ({ db }) => {
        if (!(await revokePersonalToken(db.kysely, id))) throw new CliError(`no service-modes token ${id}`);
        out(`token ${id} revoked`);
      }),
    );

  const cmdb = program.command('cmdb').description('the CMDB the service modes act on');
  cmdb
    .command('import')
    .description('import CIs and links from a JSON or CSV file (see README for the columns)')
    .argument('<file>', 'file.json or file.csv')
    .option('--format <format>', 'json or csv (default: from the file name)')
    .action((file: string, opts: { format?: string }) =>
      withDatabase(async ({ db }) => {
        const format = (opts.format ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'json')).toLowerCase();
        if (format !== 'json' && format !== 'csv') throw new CliError(`--format must be json or csv, got "${format}"`);
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
        }
        const bar = new cliProgress.SingleBar({ clearOnComplete: true }, cliProgress.Presets.shades_classic);
        try {
          const data = parseImport(text, format);
          bar.start(data.configItems.length + data.links.length, 0);
          const r = await importCmdb(db, data, { progress: (done) => bar.update(done) });
          bar.stop();
          out(`imported: ${r.created} CI created, ${r.updated} updated, ${r.links} link(s)`);
        } catch (e) {
          bar.stop();
          if (e instanceof ImportError) throw new CliError(`import failed, nothing written: ${e.message}`);
          throw e;
        }
      }),
    );
  cmdb
    .command('admin')
    .description('make an account a CMDB administrator (passes every service-modes check)')
    .requiredOption('--account <username>', 'account')
    .action((opts: { account: string }) =>
      withDatabase(async ({ db }) => {
        const id = await accountId(db, opts.account);
        await db.kysely
          .insertInto('sm_admins')
          .values({ account_id: id })
          .onConflict((oc) => oc.doNothing())
          .execute();
        out(`${opts.account} is a CMDB administrator`);
      }),
    );
  cmdb
    .command('member')
    .description('add an account to a workgroup (created if missing) as Read or Edit')
    .requiredOption('--account <username>', 'account')
    .requiredOption('--workgroup <name>', 'workgroup name')
    .option('--role <role>', 'Read or Edit', 'Edit')
    .action((opts: { account: string; workgroup: string; role: string }) =>
      withDatabase(async ({ db }) => {
        const role =
          opts.role.toLowerCase() === 'read' ? 'Read' : opts.role.toLowerCase() === 'edit' ? 'Edit' : undefined;
        if (!role) throw new CliError(`--role must be Read or Edit, got "${opts.role}"`);
        const id = await accountId(db, opts.account);
        const wg = await db.kysely
          .selectFrom('sm_workgroups')
          .select('id')
          .where('name', '=', opts.workgroup)
          .executeTakeFirst();
        const wgId = wg ? Number(wg.id) : (await insertNamed(db.kysely, 'sm_workgroups', opts.workgroup)).id;
        await setMembership(db.kysely, wgId, id, role);
        out(`${opts.account} is a member of ${opts.workgroup} (${role})`);
      }),
    );
}
