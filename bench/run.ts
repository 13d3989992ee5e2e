/**
 * `npm run bench [-- --smoke] [--json FILE] [--only TEXT] [--duration S]`
 *
 * Builds every suite's data set into a fresh SQLite database, starts Campus on it and a bare-Fastify
 * baseline (both pinned to core 0 when `taskset` exists), then loads them in turn with autocannon in its
 * own process (core 1), and prints per case req/s, p50, p99, the baseline's req/s and the ratio
 * Campus/baseline, with each target's verdict. `--smoke` (CI): tiny data sets, 1 s a case, no thresholds.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrations.js';
import { allMigrations } from '../src/migrations.js';
import type { BenchCase, BenchRequest, BenchSuite, BenchTarget } from './case.js';

interface Args {
  smoke: boolean;
  suite?: string;
  json?: string;
  only?: string;
  duration: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { smoke: false, duration: 10 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--smoke') a.smoke = true;
    else if (k === '--json') a.json = argv[++i];
    else if (k === '--only') a.only = argv[++i];
    else if (k === '--suite') a.suite = argv[++i];
    else if (k === '--duration') a.duration = Number(argv[++i]);
    else if (k === '--help' || k === '-h') {
      process.stdout.write(
        'usage: npm run bench -- [--smoke] [--json FILE] [--suite NAME] [--only TEXT] [--duration SECONDS]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${k}`);
  }
  if (a.smoke) a.duration = 1;
  if (!(a.duration > 0)) throw new Error('--duration must be a positive number');
  return a;
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const pinned = (core: number, cmd: string, args: string[]): [string, string[]] =>
  hasTaskset ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];

/**
 * Starts a server process and resolves with its base URL. Its stdout goes to a file, not a pipe: a pipe
 * left undrained while the runner waits would block the server's request log and stall it.
 */
function startServer(
  label: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
  logFile: string,
): Promise<{ proc: ChildProcess; url: string }> {
  const [cmd, cmdArgs] = pinned(0, process.execPath, args);
  const out = openSync(logFile, 'w');
  const proc = spawn(cmd, cmdArgs, { env, stdio: ['ignore', out, out] });
  closeSync(out);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const text = readFileSync(logFile, 'utf8');
      const m = text.match(pattern);
      if (m) {
        clearInterval(poll);
        resolve({ proc, url: m[1] });
      } else if (Date.now() - started > 60_000) {
        clearInterval(poll);
        reject(new Error(`${label} did not start: ${text.slice(-2000)}`));
      }
    }, 100);
    proc.on('exit', (code) => {
      clearInterval(poll);
      let tail = '';
      try {
        tail = readFileSync(logFile, 'utf8').slice(-2000);
      } catch {
        // The work directory is gone: the runner stopped this server at the end.
      }
      reject(new Error(`${label} exited with ${code}: ${tail}`));
    });
  });
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

/** Runs the load generator in its own process; the spec goes through a file (argv is capped at 128 KiB). */
async function runLoad(
  workDir: string,
  url: string,
  connections: number,
  duration: number,
  requests: BenchRequest[],
): Promise<LoadResult> {
  const specFile = join(workDir, 'load-spec.json');
  writeFileSync(specFile, JSON.stringify({ url, connections, duration, requests }));
  const [cmd, args] = pinned(1, process.execPath, [here('./load.js'), specFile]);
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  proc.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code: number | null = await new Promise((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`load generator failed (${code}): ${stderr.slice(-2000)}`);
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

async function fetchOnce(base: string, r: BenchRequest): Promise<{ status: number; ms: number; text: string }> {
  const t0 = performance.now();
  const res = await fetch(base + r.path, { method: r.method, headers: r.headers, body: r.body });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - t0, text };
}

interface Row {
  suite: string;
  case: string;
  mode: BenchCase['mode'];
  target: string;
  rps?: number;
  p50?: number;
  p99?: number;
  baselineRps?: number;
  baselineP99?: number;
  ratio?: number;
  median?: number;
  max?: number;
  value?: number;
  unit?: string;
  non2xx?: number;
  verdict: 'pass' | 'FAIL' | 'report' | 'smoke';
}

function describeTarget(t: BenchTarget): string {
  switch (t.kind) {
    case 'ratio':
      return `≥ ${Math.round(t.min * 100)} % of baseline req/s`;
    case 'p99':
    case 'p50':
      return `${t.kind} ≤ ${t.maxMs} ms`;
    case 'max':
      return `each ≤ ${t.maxMs} ms`;
    case 'median':
      return `median ≤ ${t.maxMs} ms`;
    default:
      return 'reported';
  }
}

function judge(t: BenchTarget, row: Row, smoke: boolean): Row['verdict'] {
  if (smoke) return 'smoke';
  if (row.non2xx) return 'FAIL';
  switch (t.kind) {
    case 'ratio':
      return (row.ratio ?? 0) >= t.min ? 'pass' : 'FAIL';
    case 'p99':
      return (row.p99 ?? Number.POSITIVE_INFINITY) <= t.maxMs ? 'pass' : 'FAIL';
    case 'p50':
      return (row.p50 ?? Number.POSITIVE_INFINITY) <= t.maxMs ? 'pass' : 'FAIL';
    case 'max':
      return (row.max ?? row.value ?? Number.POSITIVE_INFINITY) <= t.maxMs ? 'pass' : 'FAIL';
    case 'median':
      return (row.median ?? row.value ?? Number.POSITIVE_INFINITY) <= t.maxMs ? 'pass' : 'FAIL';
    default:
      return 'report';
  }
}

async function loadSuites(): Promise<BenchSuite[]> {
  const dir = here('./suites/');
  const suites: BenchSuite[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  } catch {
    return suites;
  }
  for (const f of files.sort()) {
    const mod = (await import(join(dir, f))) as Record<string, unknown>;
    for (const v of Object.values(mod)) {
      if (v && typeof v === 'object' && 'prepare' in v && 'name' in v) suites.push(v as BenchSuite);
    }
  }
  return suites;
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '' : n.toFixed(digits));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'campus-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
    CAMPUS_SECRET_KEY: randomBytes(32).toString('hex'),
    CAMPUS_SEED_DEMO: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  };
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const procs: ChildProcess[] = [];
  const rows: Row[] = [];
  try {
    const baseline = await startServer(
      'baseline',
      [here('./baseline-server.js')],
      { ...env },
      /"address":"([^"]+)"/,
      join(dir, 'baseline.log'),
    );
    procs.push(baseline.proc);
    const suites = (await loadSuites()).filter((s) => !args.suite || s.name === args.suite);
    if (args.suite && suites.length === 0) throw new Error(`no suite named ${args.suite}`);
    // Each suite gets its own database and its own Campus process: data sets never collide.
    for (const suite of suites) {
      const suiteEnv = { ...env, DATABASE_URL: `sqlite:${join(dir, `${suite.name}.db`)}` };
      const suiteConfig = loadConfig(suiteEnv);
      const db = openDatabase({ url: suiteConfig.databaseUrl });
      await migrate(db, allMigrations);
      const t0 = performance.now();
      log(`bench: preparing ${suite.name}${args.smoke ? ' (smoke)' : ''}…`);
      const cases = (
        await suite.prepare({ db, config: suiteConfig, smoke: args.smoke, log: (l) => log(`  ${l}`) })
      ).filter((c) => !args.only || `${suite.name} ${c.name}`.includes(args.only));
      log(`bench: ${suite.name} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${cases.length} case(s)`);
      if (cases.length === 0) {
        await db.close();
        continue;
      }
      const campus = await startServer(
        'campus',
        [here('../src/main.js'), 'serve'],
        suiteEnv,
        /serving on (http:\/\/\S+)/,
        join(dir, `${suite.name}.log`),
      );
      procs.push(campus.proc);
      log(`bench: campus ${campus.url}, baseline ${baseline.url}, taskset ${hasTaskset ? 'yes' : 'no'}`);
      // The suite's database stays open while its cases run: 'single' cases may reset state through it.
      await runSuite(suite, cases, campus.url, baseline.url);
      campus.proc.kill('SIGTERM');
      await db.close();
    }
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }

  async function runSuite(suite: BenchSuite, cases: BenchCase[], campusUrl: string, baselineUrl: string) {
    for (const c of cases) {
      const row: Row = {
        suite: suite.name,
        case: c.name,
        mode: c.mode,
        target: describeTarget(c.target),
        verdict: 'report',
      };
      if (c.mode === 'load') {
        const requests = await c.requests();
        const probe = await fetchOnce(campusUrl, requests[0]);
        if (probe.status >= 400)
          throw new Error(`${suite.name} / ${c.name}: probe answered ${probe.status}: ${probe.text.slice(0, 300)}`);
        if (!args.smoke) await runLoad(dir, campusUrl, c.connections, 1, requests); // warm-up
        const r = await runLoad(dir, campusUrl, c.connections, args.duration, await c.requests());
        Object.assign(row, { rps: r.rps, p50: r.p50, p99: r.p99, non2xx: r.non2xx + r.errors });
        // Baseline: the same number of connections, serving a body of the same bytes.
        const key = `${suite.name}-${rows.length}`;
        let body: unknown;
        try {
          body = JSON.parse(probe.text);
        } catch {
          body = { text: probe.text };
        }
        await fetch(`${baselineUrl}/__case/${encodeURIComponent(key)}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const baseReqs = requests.map((q) => ({
          method: q.method,
          path: `/case/${encodeURIComponent(key)}`,
          headers: q.headers,
          body: q.body,
        }));
        if (!args.smoke) await runLoad(dir, baselineUrl, c.connections, 1, baseReqs);
        const b = await runLoad(dir, baselineUrl, c.connections, args.duration, baseReqs);
        row.baselineRps = b.rps;
        row.baselineP99 = b.p99;
        row.ratio = b.rps > 0 ? r.rps / b.rps : undefined;
      } else if (c.mode === 'single') {
        const times: number[] = [];
        let bad = 0;
        for (let i = 0; i < (args.smoke ? Math.min(3, c.runs) : c.runs); i++) {
          const req = await c.request(i);
          const res = await fetchOnce(campusUrl, req);
          const ok = c.okStatus ? c.okStatus.includes(res.status) : res.status >= 200 && res.status < 300;
          if (!ok) {
            bad++;
            log(`  ${c.name}: run ${i} answered ${res.status}: ${res.text.slice(0, 200)}`);
          }
          times.push(res.ms);
        }
        times.sort((x, y) => x - y);
        Object.assign(row, {
          median: times[Math.floor(times.length / 2)],
          max: times[times.length - 1],
          non2xx: bad,
        });
      } else {
        const m = await c.measure();
        Object.assign(row, { value: m.value, unit: m.unit });
      }
      row.verdict = judge(c.target, row, args.smoke);
      rows.push(row);
      log(
        `${row.verdict.padEnd(6)} ${suite.name} / ${c.name}: ` +
          (row.mode === 'load'
            ? `${fmt(row.rps, 0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms; baseline ${fmt(row.baselineRps, 0)} req/s; ratio ${fmt(row.ratio, 2)}`
            : row.mode === 'single'
              ? `median ${fmt(row.median)} ms, max ${fmt(row.max)} ms`
              : `${fmt(row.value, 2)} ${row.unit}`) +
          ` [target ${row.target}]${row.non2xx ? ` (${row.non2xx} non-2xx/errors)` : ''}`,
      );
    }
  }

  log('');
  log('| suite | case | target | req/s | p50 ms | p99 ms | baseline req/s | ratio | median/max ms | verdict |');
  log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const single =
      r.mode === 'single'
        ? `${fmt(r.median)} / ${fmt(r.max)}`
        : r.mode === 'measure'
          ? `${fmt(r.value, 2)} ${r.unit}`
          : '';
    log(
      `| ${r.suite} | ${r.case} | ${r.target} | ${fmt(r.rps, 0)} | ${r.p50 ?? ''} | ${r.p99 ?? ''} | ${fmt(r.baselineRps, 0)} | ${fmt(r.ratio, 2)} | ${single} | ${r.verdict} |`,
    );
  }
  if (args.json)
    writeFileSync(args.json, JSON.stringify({ smoke: args.smoke, duration: args.duration, rows }, null, 2));
  const failed = rows.filter((r) => r.verdict === 'FAIL');
  if (failed.length) {
    log(`bench: ${failed.length} target(s) missed`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
