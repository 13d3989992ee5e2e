/**
 * Logging: pino, one JSON line per request, written when the response is sent (see metrics.ts). URLs are
 * logged with secret-bearing query parameters replaced (passwords travel in РКИ query strings: CWE-598),
 * JWT-looking strings masked, emails masked; headers are never logged, and Authorization / X-APIKey /
 * passwords / tokens are redacted should a log call ever pass them.
 */
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';

const SECRET_PARAM = /^(password|pass|passwd|pwd|secret|token|access_token|api_?key|jwt|authorization)$/i;
// Personal data: rki.md asks to mask emails and omit names.
const MASK_PARAM = /^(email|mail|fullname|username|name|nom|prenom|login)$/i;
const JWT = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;

/** The URL as it may appear in logs. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0 && !url.includes('eyJ')) return url;
  const path = (q < 0 ? url : url.slice(0, q)).replace(JWT, '[REDACTED]');
  if (q < 0) return path;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq < 0 ? pair : pair.slice(0, eq);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {}
      const bare = key.replace(/\[\]$/, '');
      if (eq < 0) return rawKey;
      if (SECRET_PARAM.test(bare)) return `${rawKey}=[REDACTED]`;
      if (MASK_PARAM.test(bare)) return `${rawKey}=[MASKED]`;
      return pair.replace(JWT, '[REDACTED]');
    });
  return `${path}?${parts.join('&')}`;
}

export const REDACT_PATHS = [
  'password',
  'secret',
  'token',
  'authorization',
  'req.headers.authorization',
  'req.headers["x-apikey"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-apikey"]',
  '*.password',
  '*.secret',
  '*.token',
  'body.password',
  'query.password',
];

export interface Loggers {
  /** Fastify's logger: every path of REDACT_PATHS is censored, whatever a log call passes. */
  readonly logger: FastifyBaseLogger;
  /**
   * The same destination without the redaction pass, for the one line per request only: that line is
   * built field by field from safe values (the URL through `redactUrl`), and redaction's wildcard paths
   * cost a fifth of a small request's time here.
   */
  readonly requestLogger: FastifyBaseLogger;
}

/**
 * The process loggers. Without a given stream, lines go to stdout through an asynchronous buffer flushed
 * every second and at exit: a synchronous write per request costs a quarter of the throughput here.
 */
export function createLoggers(level: string, stream?: NodeJS.WritableStream): Loggers {
  let root: FastifyBaseLogger;
  if (stream) {
    root = pino({ level }, stream);
  } else {
    const dest = pino.destination({ dest: 1, sync: false, minLength: 4096 });
    setInterval(() => dest.flush(), 1000).unref();
    process.on('exit', () => dest.flushSync());
    root = pino({ level }, dest);
  }
  return { logger: root.child({}, { redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } }), requestLogger: root };
}

type LogFn = (...args: unknown[]) => void;

/**
 * A request logger that creates its pino child (with the request id binding) only when something is
 * logged: most requests log only their one request line, written through the root logger with the id
 * as a field, so building a child per request was pure cost (~10 % of a small request here).
 */
export class LazyRequestLogger {
  private real?: FastifyBaseLogger;
  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Record<string, unknown>,
    private readonly opts: Record<string, unknown>,
  ) {}
  private get log(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.opts);
    return this.real;
  }
  get level(): string {
    return this.parent.level;
  }
  set level(l: string) {
    this.log.level = l;
  }
  info: LogFn = (...a) => (this.log.info as LogFn)(...a);
  error: LogFn = (...a) => (this.log.error as LogFn)(...a);
  warn: LogFn = (...a) => (this.log.warn as LogFn)(...a);
  debug: LogFn = (...a) => (this.log.debug as LogFn)(...a);
  trace: LogFn = (...a) => (this.log.trace as LogFn)(...a);
  fatal: LogFn = (...a) => (this.log.fatal as LogFn)(...a);
  silent: LogFn = () => {};
  child(bindings: Record<string, unknown>, opts?: Record<string, unknown>): FastifyBaseLogger {
    return this.log.child(bindings, opts);
  }
}
