/**
 * Benchmark cases. Each API contributes a suite (bench/suites/<api>.ts) that fills a fresh, migrated
 * database with its data set and returns its cases; bench/run.ts starts Campus on that database, a
 * bare-Fastify baseline serving bodies of the same size, and loads both with autocannon in its own process.
 */
import type { Config } from '../src/config.js';
import type { Database } from '../src/db/database.js';

export interface BenchRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/security/users/get/42?client_id=1`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type BenchTarget =
  /** Campus req/s ≥ min × baseline req/s. */
  | { readonly kind: 'ratio'; readonly min: number }
  /** Latency percentile bound, in ms. */
  | { readonly kind: 'p99' | 'p50'; readonly maxMs: number }
  /** For 'single' cases: every (or median) sequential request under maxMs. */
  | { readonly kind: 'max' | 'median'; readonly maxMs: number }
  /** Only reported. */
  | { readonly kind: 'report' };

export interface LoadCase {
  readonly mode: 'load';
  readonly name: string;
  readonly connections: number;
  /** Cycled through by autocannon; build them fresh (tokens with a time claim) in `requests()`. */
  requests(): BenchRequest[] | Promise<BenchRequest[]>;
  readonly target: BenchTarget;
}

/** Sequential requests, one at a time, each timed (cold paths, writes). */
export interface SingleCase {
  readonly mode: 'single';
  readonly name: string;
  readonly runs: number;
  /** Called before each run (e.g. to empty a cache or make the next request's body). */
  request(run: number): BenchRequest | Promise<BenchRequest>;
  /** Status codes that count as success (default 2xx). */
  readonly okStatus?: readonly number[];
  readonly target: BenchTarget;
}

/** A figure measured in the runner's process (e.g. one argon2id hash). */
export interface MeasureCase {
  readonly mode: 'measure';
  readonly name: string;
  measure(): Promise<{ readonly value: number; readonly unit: string }>;
  readonly target: BenchTarget;
}

export type BenchCase = LoadCase | SingleCase | MeasureCase;

export interface SuiteContext {
  /** The migrated database Campus will serve (write the data set through it). */
  readonly db: Database;
  readonly config: Config;
  /** true for the CI smoke run: small data sets, short runs, no thresholds. */
  readonly smoke: boolean;
  readonly log: (line: string) => void;
}

export interface BenchSuite {
  readonly name: string;
  prepare(ctx: SuiteContext): Promise<BenchCase[]>;
}
