/** Core: the framework's own overhead (health check with logging and metrics hooks), as a reference line. */
import type { BenchSuite } from '../case.js';

export const coreSuite: BenchSuite = {
  name: 'core',
  async prepare() {
    return [
      {
        mode: 'load',
        name: 'GET /healthz',
        connections: 20,
        requests: () => [{ method: 'GET', path: '/healthz' }],
        target: { kind: 'report' },
      },
    ];
  },
};
