/** The CLI's commands; each is a thin wrapper over the functions the routes use. */
import { Command, CommanderError } from 'commander';
import { createAccount } from '../auth/accounts.js';
import { migrate } from '../db/migrations.js';
import { allMigrations } from '../migrations.js';
import { loginHelp, seedDemo } from '../seed/index.js';
import { CliError, positiveInt, reportAndExit, withDatabase } from './context.js';
import { registerRkiCommands } from './rki.js';
import { registerScodocCommands } from './scodoc.js';
import { registerScodocJuryCommands } from './scodoc-jury.js';
import { serve } from './serve.js';
import { registerServiceModesCommands } from './service-modes.js';

export function buildProgram(): Command {
  const program = new Command('campus')
    .description('Campus: ScoDoc 9, РКИ users and service-modes APIs on one server')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('run the HTTP server (settings from env: HOST, PORT, DATABASE_URL, …; see README)')
    .action(serve);

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(() =>
      withDatabase(async ({ db }) => {
        const { applied } = await migrate(db, allMigrations);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      }),
    );

  program
    .command('seed')
    .description('add the demo data set (--demo), optionally N times larger (--scale N)')
    .option('--demo', 'seed the demo data set', false)
    .option('--scale <n>', 'multiply the demo data set by N', positiveInt('--scale'), 1)
    .action((opts: { demo: boolean; scale: number }) =>
      withDatabase(async ({ db, config }) => {
        if (!opts.demo) throw new CliError('nothing to seed: pass --demo');
        const ctx = { db, config, log: (l: string) => process.stdout.write(l + '\n') };
        await seedDemo(ctx, { scale: opts.scale });
        for (const line of await loginHelp(ctx)) process.stdout.write(line + '\n');
      }),
    );

  const account = program.command('account').description('manage Campus accounts (one login across the APIs)');
  account
    .command('create')
    .description('create an account; the password is read from --password or CAMPUS_PASSWORD')
    .requiredOption('--username <name>', 'login name')
    .option('--email <email>', 'email address')
    .option('--password <password>', 'password (prefer CAMPUS_PASSWORD to keep it out of shell history)')
    .action((opts: { username: string; email?: string; password?: string }) =>
      withDatabase(async ({ db, config }) => {
        const password = opts.password ?? process.env.CAMPUS_PASSWORD;
        if (!password) throw new CliError('a password is required (--password or CAMPUS_PASSWORD)');
        const acc = await createAccount(
          db.kysely,
          { username: opts.username, email: opts.email, password },
          config.argon2,
        );
        process.stdout.write(`account ${acc.username} created (id ${acc.id})\n`);
      }),
    );

  registerRkiCommands(program);
  registerScodocCommands(program);
  registerScodocJuryCommands(program);

  registerServiceModesCommands(program);

  return program;
}

export async function run(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    reportAndExit(err);
  }
}
