/**
 * Fastify answers 404 when a path exists but not for the method used. Each API plugin tracks its routes
 * here so its not-found handler can tell "unknown route" (404) from "wrong method" (405).
 */
import type { FastifyInstance } from 'fastify';

export interface RouteTracker {
  /** Methods registered for paths matching `url` (query string ignored); empty when none. */
  allowedMethods(url: string): string[];
}

export function trackRoutes(app: FastifyInstance): RouteTracker {
  const routes: { re: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (opts) => {
    const pattern = opts.url
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const methods = Array.isArray(opts.method) ? opts.method : [opts.method];
    routes.push({ re: new RegExp(`^${pattern}/?$`), methods: methods.map(String) });
  });
  return {
    allowedMethods(url) {
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      const out = new Set<string>();
      for (const r of routes) if (r.re.test(path)) for (const m of r.methods) out.add(m);
      return [...out];
    },
  };
}
