/**
 * Demo CMDB and service modes: three workgroups, five CI types, a forest of ~200 CIs (datacenters → racks
 * → servers → applications) with labels, and modes in every state. The demo `admin` account (core seeder)
 * is an Edit member of every workgroup. Written through the functions the routes use.
 */
import { findAccountByUsername } from '../auth/accounts.js';
import { DEMO_ADMIN } from '../seed/core-seeder.js';
import type { PluginSeeder } from '../seed/seeder.js';
import { loadCaller } from './caller.js';
import { insertCi, insertNamed, setMembership } from './routes/cmdb/cmdb.queries.js';
import type { ModeInput } from './routes/rsm-maintenance/mode-input.js';
import { createMode, editMode } from './routes/rsm-maintenance/mode-writes.queries.js';
import { writeTransaction } from './write-transaction.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const serviceModesSeeder: PluginSeeder = {
  name: 'service-modes',
  async seed(ctx, opts) {
    const db = ctx.db;
    if (await db.kysely.selectFrom('sm_workgroups').select('id').executeTakeFirst()) return;
    const admin = await findAccountByUsername(db.kysely, DEMO_ADMIN);
    if (!admin) return;
    const now = Math.floor(Date.now() / 1000) * 1000;
    const ids = await writeTransaction(db, async (trx) => {
      const wg: Record<string, number> = {};
      for (const name of ['Infrastructure', 'Applications', 'Network']) {
        wg[name] = (await insertNamed(trx, 'sm_workgroups', name)).id;
        await setMembership(trx, wg[name], admin.id, 'Edit');
      }
      const type: Record<string, number> = {};
      for (const name of ['Datacenter', 'Rack', 'Server', 'Application', 'Switch']) {
        type[name] = (await insertNamed(trx, 'sm_ci_types', name)).id;
      }
      const ci = (name: string, t: string, owner: string, parentId: number | null, labels: Record<string, string>) =>
        insertCi(
          trx,
          { name, description: `${t} ${name}`, typeId: type[t], ownerWorkgroupId: wg[owner], parentId, labels },
          now,
        );
      const all: number[] = [];
      const dcs = ['msk', 'spb'].slice(0, 2);
      for (let s = 0; s < opts.scale; s++) {
        for (const dc of dcs) {
          const suffix = opts.scale > 1 ? `-${s + 1}` : '';
          const dcId = await ci(`dc-${dc}${suffix}`, 'Datacenter', 'Infrastructure', null, { site: dc });
          all.push(dcId);
          for (let r = 1; r <= 4; r++) {
            const rack = await ci(`rack-${dc}${suffix}-${r}`, 'Rack', 'Infrastructure', dcId, {
              site: dc,
              row: String(r),
            });
            const sw = await ci(`sw-${dc}${suffix}-${r}`, 'Switch', 'Network', rack, { site: dc, vendor: 'acme' });
            all.push(rack, sw);
            for (let n = 1; n <= 6; n++) {
              const env = n <= 4 ? 'prod' : 'test';
              const srv = await ci(`srv-${dc}${suffix}-${r}-${n}`, 'Server', 'Infrastructure', rack, { site: dc, env });
              all.push(srv);
              for (const app of ['web', 'db', 'queue'].slice(0, 1 + (n % 3))) {
                all.push(await ci(`${app}-${dc}${suffix}-${r}-${n}`, 'Application', 'Applications', srv, { env, app }));
              }
            }
          }
        }
      }
      return all;
    });
    const caller = await loadCaller(db, admin.id, DEMO_ADMIN);
    const mode = (
      title: string,
      start: number,
      end: number,
      items: number[],
      scope: 'Ci' | 'CiAndChildren',
      labels = {},
    ) =>
      ({
        title,
        dateStart: start,
        dateEnd: end,
        configItems: items.map((id) => ({ id, scope, depth: 0 })),
        labels,
        cancel: undefined,
      }) satisfies ModeInput;
    // Completed: created in the past, as it was then.
    await createMode(
      db,
      caller,
      mode('Замена ИБП, ЦОД msk', now - 9 * DAY, now - 8 * DAY, [ids[0]], 'CiAndChildren', { change: 'CHG-1001' }),
      now - 10 * DAY,
      false,
    );
    await createMode(
      db,
      caller,
      mode('Обновление ядра', now - 3 * DAY, now - 3 * DAY + 2 * HOUR, ids.slice(3, 6), 'Ci', {
        change: 'CHG-1002',
        team: 'linux',
      }),
      now - 4 * DAY,
      false,
    );
    // Active.
    await createMode(
      db,
      caller,
      mode('Миграция СУБД', now - HOUR, now + 3 * HOUR, ids.slice(10, 14), 'Ci', { change: 'CHG-1003', team: 'dba' }),
      now,
      false,
    );
    await createMode(
      db,
      caller,
      mode('Работы на стойке', now - 2 * HOUR, now + 5 * HOUR, [ids[1]], 'CiAndChildren', { change: 'CHG-1004' }),
      now,
      false,
    );
    // Pending.
    for (let i = 0; i < 6; i++) {
      await createMode(
        db,
        caller,
        mode(
          `Плановые работы ${i + 1}`,
          now + (i + 1) * DAY,
          now + (i + 1) * DAY + 4 * HOUR,
          ids.slice(20 + i * 5, 23 + i * 5),
          i % 2 ? 'Ci' : 'CiAndChildren',
          { change: `CHG-20${i}`, window: 'night' },
        ),
        now,
        false,
      );
    }
    // Cancelled while pending.
    const cancelled = await createMode(
      db,
      caller,
      mode('Отменённое обновление', now + 2 * DAY, now + 2 * DAY + HOUR, [ids[60]], 'Ci', { change: 'CHG-3000' }),
      now,
      false,
    );
    await editMode(
      db,
      caller,
      cancelled,
      {
        title: undefined,
        dateStart: undefined,
        dateEnd: undefined,
        configItems: undefined,
        labels: undefined,
        cancel: true,
      },
      false,
      now,
      false,
    );
    ctx.log(
      `service-modes: ${ids.length} CIs, 3 workgroups, 11 service modes (admin is an Edit member of every workgroup)`,
    );
  },
  async loginHelp(ctx) {
    if (!(await ctx.db.kysely.selectFrom('sm_workgroups').select('id').executeTakeFirst())) return [];
    return [
      `Service modes: get a personal token with \`campus token create --account ${DEMO_ADMIN} --expires 30\`, then`,
      `  curl -H "Authorization: Bearer <token>" http://${ctx.config.host}:${ctx.config.port}/api/public/sm/v1/rsm-maintenance`,
    ];
  },
};
