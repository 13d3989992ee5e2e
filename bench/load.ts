/**
 * The load generator, run in its own process (pinned to its own core by the runner): autocannon with a
 * cycle of requests; prints the result summary as one JSON line.
 */
import autocannon from 'autocannon';

interface Spec {
  url: string;
  connections: number;
  duration: number;
  requests: { method: string; path: string; headers?: Record<string, string>; body?: string }[];
}

import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Spec;
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  requests: spec.requests.map((r) => ({ method: r.method as any, path: r.path, headers: r.headers, body: r.body })),
});
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
