/**
 * `campus scodoc jury …`: the jury of a formsemestre from the command line, with the functions the routes use
 * (routes/jury): `propose` prints the automatic proposals, `record` accepts them and/or sets semester codes.
 */
import type { Command } from 'commander';
import type { Database } from '../db/database.js';
import { todayIso } from '../scodoc/dates.js';
import { formsemestreResults } from '../scodoc/results/formsemestre-results.js';
import { type JuryDecisionInput, recordDecisions } from '../scodoc/routes/jury/jury.queries.js';
import { JURY_CODES } from '../scodoc/routes/jury/jury.routes.js';
import { juryProposals } from '../scodoc/routes/jury/jury-proposals.js';
import { CliError, positiveInt, withDatabase } from './context.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function loadFs(db: Database, id: number) {
  const fs = await db.kysely.selectFrom('sco_formsemestre').select('id').where('id', '=', id).executeTakeFirst();
  if (!fs) throw new CliError(`formsemestre ${id} not found`);
  return formsemestreResults(db, id);
}

/** Adds `jury` under the existing `scodoc` command. */
export function registerScodocJuryCommands(program: Command): void {
  const sco = program.commands.find((c) => c.name() === 'scodoc');
  if (!sco) throw new Error('the scodoc command must be registered first');
  const jury = sco.command('jury').description('jury decisions of a formsemestre (automatic proposals, recording)');
  jury
    .command('propose <formsemestre_id>')
    .description('print the automatic proposal of every inscrit: etudid, semester/year code, UE and RCUE codes')
    .action((id: string) =>
      withDatabase(async ({ db }) => {
        const loaded = await loadFs(db, positiveInt('formsemestre_id')(id));
        for (const p of await juryProposals(db, loaded)) {
          const d = p.decision;
          const parts = [
            `etudid=${p.etudid}`,
            d.semestre ? `semestre=${d.semestre.code}` : '',
            d.annee ? `annee=${d.annee.code}` : '',
            (d.ues ?? []).length ? `ues=${(d.ues ?? []).map((u) => `${u.ue_id}:${u.code}`).join(',')}` : '',
            (d.rcues ?? []).length
              ? `rcues=${(d.rcues ?? []).map((r) => `${r.ue_id1}+${r.ue_id2}:${r.code}`).join(',')}`
              : '',
            `autorisations=${(d.autorisations ?? []).join(',') || '-'}`,
          ];
          out(parts.filter(Boolean).join(' '));
        }
      }),
    );
  jury
    .command('record <formsemestre_id>')
    .description(
      'record decisions: --accept takes the automatic proposals; --code sets the semester code of --etudid students',
    )
    .option('--accept', 'accept the automatic proposals', false)
    .option('--etudid <ids>', 'only these students (comma-separated etudids)')
    .option('--code <code>', 'semester code to record for the --etudid students (classic §6.13 / BUT)')
    .action((id: string, opts: { accept: boolean; etudid?: string; code?: string }) =>
      withDatabase(async ({ db, config }) => {
        const loaded = await loadFs(db, positiveInt('formsemestre_id')(id));
        const only = opts.etudid ? opts.etudid.split(',').map((x) => positiveInt('--etudid')(x.trim())) : null;
        for (const e of only ?? [])
          if (!loaded.data.inscrit.has(e)) throw new CliError(`etudiant ${e} non inscrit dans ce formsemestre`);
        if (!opts.accept && !opts.code) throw new CliError('nothing to record: give --accept and/or --code');
        if (opts.code && !only) throw new CliError('--code needs --etudid');
        const allowed: readonly string[] = loaded.data.isBut ? JURY_CODES.butSemestre : JURY_CODES.classicSemestre;
        if (opts.code && !allowed.includes(opts.code))
          throw new CliError(`invalid semester code ${opts.code} (${allowed.join(', ')})`);
        const byEtud = new Map<number, JuryDecisionInput>();
        if (opts.accept) {
          for (const p of await juryProposals(db, loaded))
            if (!only || only.includes(p.etudid)) byEtud.set(p.etudid, p.decision);
        }
        if (opts.code) {
          for (const e of only ?? [])
            byEtud.set(e, { ...(byEtud.get(e) ?? { etudid: e }), semestre: { code: opts.code } });
        }
        await recordDecisions(
          db.kysely,
          Number(loaded.data.fs.id),
          [...byEtud.values()],
          null,
          todayIso(config.scodoc.timeZone),
        );
        out(`${byEtud.size} decision(s) recorded for formsemestre ${loaded.data.fs.id}`);
      }),
    );
}
