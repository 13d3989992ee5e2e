/** `campus scodoc …`: formation import, student CSV import, logos (thin wrappers over the API's functions). */
import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Database } from '../db/database.js';
import { todayIso } from '../scodoc/dates.js';
import { ImportError, importEtudiantsCsv } from '../scodoc/import/etudiants-csv.js';
import { departementBy } from '../scodoc/routes/departements/departements.queries.js';
import { imageMime } from '../scodoc/routes/etudiants/photo-default.js';
import {
  FormationImportError,
  importFormation,
  parseFormationExport,
} from '../scodoc/routes/formations/formation-import.js';
import { deleteLogo, logoNames, SITE, setLogo } from '../scodoc/routes/logos/logos.queries.js';
import { CliError, positiveInt, withDatabase } from './context.js';

const out = (line: string) => process.stdout.write(line + '\n');

function read(file: string, encoding?: 'utf8'): string | Buffer {
  try {
    return encoding ? readFileSync(file, encoding) : readFileSync(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

async function deptId(db: Database, acronym: string | undefined): Promise<number> {
  if (acronym === undefined) return SITE;
  const d = await departementBy(db.kysely, { acronym });
  if (!d) throw new CliError(`no ScoDoc department "${acronym}"`);
  return Number(d.id);
}

export function registerScodocCommands(program: Command): void {
  const sco = program.command('scodoc').description('ScoDoc API: formation and student imports, logos');

  sco
    .command('import-formation <file>')
    .description('import a formation from a ScoDoc export (JSON or XML) into a department')
    .requiredOption('--dept <acronym>', 'department acronym')
    .action((file: string, opts: { dept: string }) =>
      withDatabase(async ({ db }) => {
        const id = await deptId(db, opts.dept);
        try {
          const r = await importFormation(db.kysely, id, parseFormationExport(read(file, 'utf8') as string));
          out(`formation ${r.formation_id} imported (version ${r.version}): ${r.ues} UEs, ${r.modules} modules`);
        } catch (e) {
          if (e instanceof FormationImportError) throw new CliError(`${file}: ${e.message}`);
          throw e;
        }
      }),
    );

  sco
    .command('import-etudiants <file>')
    .description(
      'create students from a CSV file (header: nom, prenom, civilite, code_nip, code_ine, date_naissance, email, …) ' +
        'and inscribe them in a formsemestre; students already known by NIP in the department are only inscribed',
    )
    .requiredOption('--formsemestre <id>', 'formsemestre id', positiveInt('--formsemestre'))
    .option('--dry-run', 'check every line and report, write nothing', false)
    .action((file: string, opts: { formsemestre: number; dryRun: boolean }) =>
      withDatabase(async ({ db, config }) => {
        const csv = read(file, 'utf8') as string;
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar(
              { format: 'import [{bar}] {value}/{total} lines', stream: process.stderr },
              cliProgress.Presets.shades_classic,
            )
          : null;
        let started = false;
        try {
          const report = await importEtudiantsCsv(db.kysely, {
            formsemestreId: opts.formsemestre,
            csv,
            dryRun: opts.dryRun,
            today: todayIso(config.scodoc.timeZone),
            onProgress: (done, total) => {
              if (!bar) return;
              if (!started) bar.start(total, done);
              started = true;
              bar.update(done);
            },
          });
          bar?.stop();
          out(
            `${opts.dryRun ? 'dry run: ' : ''}${report.lines} lines, ${report.created} ${opts.dryRun ? 'to create' : 'created'}, ` +
              `${report.existing} already known, ${report.inscribed} ${opts.dryRun ? 'to inscribe' : 'inscribed'}, ${report.rejects.length} rejected`,
          );
          for (const r of report.rejects) out(`line ${r.line}: ${r.reason}`);
          if (report.rejects.length) process.exitCode = 2;
        } catch (e) {
          bar?.stop();
          if (e instanceof ImportError) throw new CliError(e.message);
          throw e;
        }
      }),
    );

  const logo = sco.command('logo').description('site and department logos (served by /ScoDoc/api/logos)');
  logo
    .command('set <name> <file>')
    .description('set a logo (PNG or JPEG) of the site, or of a department with --dept')
    .option('--dept <acronym>', 'department acronym')
    .action((name: string, file: string, opts: { dept?: string }) =>
      withDatabase(async ({ db }) => {
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new CliError('logo name: letters, digits, "-" and "_" only');
        const data = read(file) as Buffer;
        const mime = imageMime(data);
        if (!mime) throw new CliError(`${file} is not a PNG or JPEG image`);
        await setLogo(db.kysely, await deptId(db, opts.dept), name, mime, data);
        out(`logo ${name} set (${mime}, ${data.length} bytes)`);
      }),
    );
  logo
    .command('list')
    .description('list the logos of the site, or of a department with --dept')
    .option('--dept <acronym>', 'department acronym')
    .action((opts: { dept?: string }) =>
      withDatabase(async ({ db }) => {
        for (const n of await logoNames(db.kysely, await deptId(db, opts.dept))) out(n);
      }),
    );
  logo
    .command('delete <name>')
    .description('delete a logo of the site, or of a department with --dept')
    .option('--dept <acronym>', 'department acronym')
    .action((name: string, opts: { dept?: string }) =>
      withDatabase(async ({ db }) => {
        if (!(await deleteLogo(db.kysely, await deptId(db, opts.dept), name))) throw new CliError(`no logo ${name}`);
        out(`logo ${name} deleted`);
      }),
    );
}
