/** `campus rki …`: organisations, tokens for trying the API, and the CSV import of readers. */
import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { signRkiToken } from '../rki/auth/jwt-hs256.js';
import { importUsers } from '../rki/import/import-users.js';
import { createOrg, revealOrgSecret } from '../rki/orgs/orgs.js';
import { findOrg } from '../rki/orgs/orgs.queries.js';
import { CliError, positiveInt, withDatabase } from './context.js';

const out = (line: string) => process.stdout.write(line + '\n');

export function registerRkiCommands(program: Command): void {
  const rki = program.command('rki').description('РКИ users API: organisations, tokens, reader import');
  const org = rki.command('org').description('РКИ organisations');

  org
    .command('create')
    .description('create an organisation; prints its client_id and secret (shown once, stored encrypted)')
    .requiredOption('--name <name>', 'organisation name')
    .action((opts: { name: string }) =>
      withDatabase(async ({ db, config }) => {
        if (!opts.name.trim()) throw new CliError('--name must not be empty');
        const created = await createOrg(db, config, opts.name.trim());
        out(`client_id: ${created.clientId}`);
        out(`secret:    ${created.secret}`);
        out('Keep the secret now: it is stored encrypted and not shown again.');
      }),
    );

  rki
    .command('token')
    .description('print a fresh JWT for an organisation (valid within RKI_TOKEN_WINDOW_SECONDS), e.g. for curl')
    .requiredOption('--org <id>', 'organisation client_id', positiveInt('--org'))
    .action((opts: { org: number }) =>
      withDatabase(async ({ db, config }) => {
        const secret = await revealOrgSecret(db, config, opts.org);
        if (!secret) throw new CliError(`no РКИ organisation ${opts.org} (or its secret was sealed with another key)`);
        out(signRkiToken(secret, { client_id: opts.org, time: Math.floor(Date.now() / 1000), ip: '0.0.0.0' }));
      }),
    );

  rki
    .command('import <file>')
    .description(
      'create or update readers from a CSV file with a header row: email, fullname, password, user_type, ' +
        'class, specialty, group, facultet, department, blockedafter (idempotent on the email)',
    )
    .requiredOption('--org <id>', 'organisation client_id', positiveInt('--org'))
    .option('--batch <n>', 'rows per transaction', positiveInt('--batch'), 100)
    .action((file: string, opts: { org: number; batch: number }) =>
      withDatabase(async ({ db, config }) => {
        let csv: string;
        try {
          csv = readFileSync(file, 'utf8');
        } catch (err) {
          throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
        }
        if (!(await findOrg(db.kysely, opts.org))) throw new CliError(`no РКИ organisation ${opts.org}`);
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar({ stream: process.stderr }, cliProgress.Presets.shades_classic)
          : null;
        let started = false;
        const summary = await importUsers(db, config, opts.org, csv, {
          batchSize: opts.batch,
          onProgress: (done, total) => {
            if (bar && !started) {
              bar.start(total, 0);
              started = true;
            }
            bar?.update(done);
          },
        }).finally(() => bar?.stop());
        out(
          `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected.length}`,
        );
        for (const r of summary.rejected) out(`  line ${r.line} (${r.email ?? 'no email'}): ${r.reasons.join(' ')}`);
      }),
    );
}
