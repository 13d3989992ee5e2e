/**
 * The plugin as a whole: mounted by app.ts under /api/public/sm, every route declares its permission, the
 * OpenAPI document marks the Campus extensions, an unhandled error is the spec's 500 text without a stack,
 * the search index follows edits, and the demo seeder fills the CMDB with modes in every state.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../test/harness.js';
import { corePlugin } from '../db/plugin.js';
import { coreSeeder } from '../seed/core-seeder.js';
import { ROUTE_PERMISSIONS } from './permissions.js';
import { serviceModesPlugin } from './plugin.js';
import { serviceModesSeeder } from './seed.js';
import { createFixture, type Fixture } from './testing/fixture.js';
import { MODES, PREFIX } from './testing/sm-test-app.js';

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await createTestApp();
  f = await createFixture();
});
afterAll(async () => {
  await t?.close();
  await f?.t.close();
});

describe(`service-modes plugin on ${testDialect}`, () => {
  it('is mounted by app.ts under /api/public/sm with its own envelope', async () => {
    const r = await t.app.inject({ method: 'GET', url: MODES });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ message: 'Пользователь не авторизован' });
    const nf = await t.app.inject({ method: 'GET', url: `${PREFIX}/v9/x` });
    expect(nf.json()).toEqual({ message: `Маршрут GET ${PREFIX}/v9/x не найден` });
  });

  it('declares a permission for every route, and every declared permission has a route', async () => {
    const app = Fastify();
    const seen: string[] = [];
    app.addHook('onRoute', (r) => {
      if (r.method === 'HEAD') return;
      expect(r.config?.smPermission, `${r.method} ${r.url}`).toBeDefined();
      seen.push(`${r.method} ${r.url.slice(PREFIX.length).replace(/\/$/, '')}`);
    });
    await app.register(corePlugin, { config: t.config, db: t.db });
    await app.register(serviceModesPlugin, { prefix: PREFIX });
    await app.ready();
    expect(seen.sort()).toEqual(Object.keys(ROUTE_PERMISSIONS).sort());
    await app.close();
  });

  it('documents the routes in OpenAPI, extensions marked as such', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths).toHaveProperty(`${MODES}/{id}`);
    expect(doc.paths[`${MODES}/{id}`]).toHaveProperty('patch');
    for (const ext of [`${MODES}/active-config-items`, `${MODES}/preview`, `${MODES}/{id}/history`]) {
      const op = Object.values(doc.paths[ext])[0] as { description: string };
      expect(op.description).toMatch(/^Campus extension/);
    }
  });

  it('answers an unhandled failure with the spec text, stackTrace null, and logs it', async () => {
    await f.t.db.kysely.schema.dropTable('sm_gram_stats').execute();
    const r = await f.send(f.ed, 'GET', `${MODES}?search=abc`);
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ message: 'Непредвиденная ошибка при обработке запроса', stackTrace: null });
  });

  it('keeps the search index in step with edits', async () => {
    const g = await createFixture();
    try {
      const id = await g.mode({
        title: 'Замена диска',
        dateStart: '2021-07-09T10:00:00+03:00',
        dateEnd: '2021-07-09T12:00:00+03:00',
        configItems: [{ id: g.a1 }],
      });
      const found = async (q: string) =>
        (await g.send(g.ed, 'GET', `${MODES}?search=${encodeURIComponent(q)}`)).json().map((m: { id: number }) => m.id);
      expect(await found('ДИСК')).toEqual([id]);
      await g.send(g.ed, 'PATCH', `${MODES}/${id}`, { title: 'Обновление', labels: { Kind: 'SSD' } });
      expect(await found('диск')).toEqual([]);
      expect(await found('обнов')).toEqual([id]);
      expect(await found('ssd')).toEqual([id]);
      expect(await found('kind')).toEqual([id]);
      expect(await found('ss')).toEqual([id]);
      const stat = await g.t.db.kysely
        .selectFrom('sm_gram_stats')
        .select('n')
        .where('gram', '=', 'дис')
        .executeTakeFirst();
      expect(Number(stat?.n ?? 0)).toBe(0);
    } finally {
      await g.t.close();
    }
  });

  it('seeds a demo CMDB with modes in every state and tells how to get a token', async () => {
    const ctx = { db: t.db, config: t.config, log: () => {} };
    await coreSeeder.seed(ctx, { scale: 1 });
    await serviceModesSeeder.seed(ctx, { scale: 1 });
    await serviceModesSeeder.seed(ctx, { scale: 1 });
    const cis = await t.db.kysely
      .selectFrom('sm_config_items')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(cis.n)).toBeGreaterThan(150);
    const modes = await t.db.kysely.selectFrom('sm_modes').select(['date_start', 'date_end', 'cancelled_at']).execute();
    const now = Date.now();
    const states = new Set(
      modes.map((m) =>
        m.cancelled_at !== null
          ? 'Cancelled'
          : now < Number(m.date_start)
            ? 'Pending'
            : now < Number(m.date_end)
              ? 'Active'
              : 'Completed',
      ),
    );
    expect([...states].sort()).toEqual(['Active', 'Cancelled', 'Completed', 'Pending']);
    const help = await serviceModesSeeder.loginHelp(ctx);
    expect(help.join('\n')).toMatch(/campus token create --account admin/);
  });
});
