/**
 * All settings come from environment variables, are validated once, and are frozen.
 * Every setting has a default so that `npm start` works on a fresh machine.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface Argon2Params {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export interface Config {
  readonly host: string;
  readonly port: number;
  /** `sqlite:<file>` or `postgres://…` */
  readonly databaseUrl: string;
  readonly logLevel: string;
  /** 32-byte server key for secrets at rest (РКИ organisation secrets) and token derivation. */
  readonly serverKey: Buffer;
  /** Key version recorded next to every ciphertext, so keys can be rotated later. */
  readonly serverKeyVersion: number;
  readonly argon2: Argon2Params;
  /** Seed the demo data set when the database is empty at start. */
  readonly seedDemoOnStart: boolean;
  readonly trustProxy: boolean;
  readonly bodyLimit: number;
  readonly rki: {
    /** |now − time| allowed for the JWT `time` claim, in seconds (rki.md, Campus decisions). */
    readonly tokenWindowSeconds: number;
    /** Zone of `registration_date` and `blockedafter` (rki.md: default Europe/Moscow). */
    readonly timeZone: string;
    readonly writeRatePerSecond: number;
    readonly writeBurst: number;
    readonly authFailuresPerMinute: number;
  };
  readonly scodoc: {
    readonly tokenTtlSeconds: number;
    readonly timeZone: string;
    /** Failed `POST /ScoDoc/api/tokens` allowed per account and per address: burst, then refill rate. */
    readonly loginFailuresBurst: number;
    readonly loginFailuresPerMinute: number;
    /** Attendance (scodoc-assiduites.md AS4, AS7, AS10): day settings and justificatif file limits. */
    readonly assiduites: {
      /** Minutes after local midnight: start of the day, pivot morning/afternoon, end of the day. */
      readonly dayStart: number;
      readonly pivot: number;
      readonly dayEnd: number;
      readonly hoursPerDay: number;
      /** Non-working weekdays, 0 = Sunday … 6 = Saturday. */
      readonly nonWorkingDays: readonly number[];
      /** Refuse assiduités without a moduleimpl ("Module non renseigné"). */
      readonly forceModule: boolean;
      readonly fileMaxBytes: number;
      readonly filesPerJustificatif: number;
    };
  };
  readonly serviceModes: {
    readonly timeZone: string;
  };
}

export class ConfigError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

function str(env: Env, name: string, def: string): string {
  const v = env[name];
  return v === undefined || v === '' ? def : v;
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be a boolean (true/false), got "${raw}"`);
}

function timeZone(env: Env, name: string, def: string): string {
  const tz = str(env, name, def);
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
  } catch {
    throw new ConfigError(`${name} is not a known IANA time zone: "${tz}"`);
  }
  return tz;
}

/** `HH:MM` → minutes after midnight. */
function hhmm(env: Env, name: string, def: string): number {
  const raw = str(env, name, def);
  const m = /^(\d{1,2}):(\d{2})$/.exec(raw);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new ConfigError(`${name} must be HH:MM, got "${raw}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Comma list of weekday names (`sat,sun`), possibly empty (`none`). */
function weekdays(env: Env, name: string, def: string): number[] {
  const raw = str(env, name, def).trim().toLowerCase();
  if (raw === 'none') return [];
  return raw.split(',').map((d) => {
    const i = WEEKDAYS.indexOf(d.trim().slice(0, 3));
    if (i < 0) throw new ConfigError(`${name} must list weekdays (mon,…,sun) or "none", got "${raw}"`);
    return i;
  });
}

function parseKey(raw: string, name: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, as 64 hex digits or base64`);
  return key;
}

/**
 * The server key comes from CAMPUS_SECRET_KEY; without it, from a key file next to the SQLite database,
 * created on first start (mode 0600), so a database dump alone does not reveal secrets.
 * With PostgreSQL the key must be given, since every instance needs the same one.
 */
function loadServerKey(env: Env, databaseUrl: string): Buffer {
  const fromEnv = env['CAMPUS_SECRET_KEY'];
  if (fromEnv) return parseKey(fromEnv, 'CAMPUS_SECRET_KEY');
  if (databaseUrl.startsWith('postgres')) {
    throw new ConfigError('CAMPUS_SECRET_KEY is required with PostgreSQL (every instance needs the same key)');
  }
  const file = resolve(str(env, 'CAMPUS_KEY_FILE', './data/campus.key'));
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8'), file);
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export function loadConfig(env: Env = process.env): Config {
  let databaseUrl = str(env, 'DATABASE_URL', 'sqlite:./data/campus.db');
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://');
  }
  if (databaseUrl.startsWith('postgresql://')) databaseUrl = 'postgres://' + databaseUrl.slice('postgresql://'.length);
  const config: Config = {
    host: str(env, 'HOST', '127.0.0.1'),
    port: int(env, 'PORT', 8080, 0, 65535),
    databaseUrl,
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    serverKey: loadServerKey(env, databaseUrl),
    serverKeyVersion: int(env, 'CAMPUS_SECRET_KEY_VERSION', 1, 1, 1_000_000),
    argon2: {
      // 19 MiB, 2 passes: ~19 ms a hash on this machine (OWASP's argon2id baseline).
      memoryCost: int(env, 'ARGON2_MEMORY_KIB', 19456, 1024, 4_194_304),
      timeCost: int(env, 'ARGON2_TIME_COST', 2, 1, 100),
      parallelism: int(env, 'ARGON2_PARALLELISM', 1, 1, 16),
    },
    seedDemoOnStart: bool(env, 'CAMPUS_SEED_DEMO', true),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    bodyLimit: int(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 1_073_741_824),
    rki: {
      tokenWindowSeconds: int(env, 'RKI_TOKEN_WINDOW_SECONDS', 300, 1, 86_400),
      timeZone: timeZone(env, 'RKI_TIME_ZONE', 'Europe/Moscow'),
      writeRatePerSecond: int(env, 'RKI_WRITE_RATE_PER_SECOND', 10, 1, 1_000_000),
      writeBurst: int(env, 'RKI_WRITE_BURST', 50, 1, 1_000_000),
      authFailuresPerMinute: int(env, 'RKI_AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    },
    scodoc: {
      tokenTtlSeconds: int(env, 'SCODOC_TOKEN_TTL_SECONDS', 3600, 60, 31_536_000),
      timeZone: timeZone(env, 'SCODOC_TIME_ZONE', 'Europe/Paris'),
      loginFailuresBurst: int(env, 'SCODOC_LOGIN_FAILURES_BURST', 10, 1, 1_000_000),
      loginFailuresPerMinute: int(env, 'SCODOC_LOGIN_FAILURES_PER_MINUTE', 5, 1, 1_000_000),
      assiduites: {
        dayStart: hhmm(env, 'SCODOC_ASSI_DAY_START', '08:00'),
        pivot: hhmm(env, 'SCODOC_ASSI_PIVOT', '13:00'),
        dayEnd: hhmm(env, 'SCODOC_ASSI_DAY_END', '18:00'),
        hoursPerDay: int(env, 'SCODOC_ASSI_HOURS_PER_DAY', 8, 1, 24),
        nonWorkingDays: weekdays(env, 'SCODOC_ASSI_NON_WORKING_DAYS', 'sat,sun'),
        forceModule: bool(env, 'SCODOC_ASSI_FORCE_MODULE', false),
        fileMaxBytes: int(env, 'SCODOC_JUSTIF_FILE_MAX_BYTES', 10 * 1024 * 1024, 1024, 1_073_741_824),
        filesPerJustificatif: int(env, 'SCODOC_JUSTIF_MAX_FILES', 20, 1, 10_000),
      },
    },
    serviceModes: {
      timeZone: timeZone(env, 'SM_TIME_ZONE', 'Europe/Moscow'),
    },
  };
  const a = config.scodoc.assiduites;
  if (!(a.dayStart < a.pivot && a.pivot < a.dayEnd)) {
    throw new ConfigError('SCODOC_ASSI_DAY_START < SCODOC_ASSI_PIVOT < SCODOC_ASSI_DAY_END is required');
  }
  return deepFreeze(config);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Buffer.isBuffer(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
