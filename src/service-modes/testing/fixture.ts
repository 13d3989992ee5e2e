/**
 * A small CMDB shared by the service-modes tests: workgroups A and B, accounts with every kind of access,
 * CIs a1 → a2 → a3 (owned by A), b1 (owned by B, shared to A for Read), and helpers to send requests.
 */
import type { LightMyRequestResponse } from 'fastify';
import { createSmTestApp, MODES, type SmTestApp } from './sm-test-app.js';

export interface Who {
  readonly id: number;
  readonly token: string;
  readonly auth: Record<string, string>;
}

export interface Fixture {
  readonly t: SmTestApp;
  readonly wgA: number;
  readonly wgB: number;
  /** Edit member of A. */
  readonly ed: Who;
  /** Read member of A. */
  readonly reader: Who;
  /** Edit member of B. */
  readonly other: Who;
  /** In no workgroup. */
  readonly nobody: Who;
  readonly admin: Who;
  readonly a1: number;
  readonly a2: number;
  readonly a3: number;
  readonly b1: number;
  send(
    who: Who | undefined,
    method: string,
    url: string,
    body?: unknown,
    contentType?: string | null,
  ): Promise<LightMyRequestResponse>;
  /** Creates a mode as `who` (default ed) and returns its id; fails the test if not 201. */
  mode(body: Record<string, unknown>, who?: Who): Promise<number>;
  rows(): Promise<Record<string, number>>;
}

export async function createFixture(): Promise<Fixture> {
  const t = await createSmTestApp();
  const wgA = await t.workgroup('A');
  const wgB = await t.workgroup('B');
  const ed = await t.account('ed');
  const reader = await t.account('reader');
  const other = await t.account('other');
  const nobody = await t.account('nobody');
  const admin = await t.account('root', { admin: true });
  await t.member(wgA, ed.id, 'Edit');
  await t.member(wgA, reader.id, 'Read');
  await t.member(wgB, other.id, 'Edit');
  const a1 = await t.ci('a1', wgA, null, { env: 'prod' });
  const a2 = await t.ci('a2', wgA, a1);
  const a3 = await t.ci('a3', wgA, a2);
  const b1 = await t.ci('b1', wgB);
  await t.db.kysely.insertInto('sm_ci_shares').values({ ci_id: b1, workgroup_id: wgA, access: 'Read' }).execute();
  const send: Fixture['send'] = (who, method, url, body, contentType = 'application/json') =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(who?.auth ?? {}),
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return {
    t,
    wgA,
    wgB,
    ed,
    reader,
    other,
    nobody,
    admin,
    a1,
    a2,
    a3,
    b1,
    send,
    async mode(body, who = ed) {
      const r = await send(who, 'POST', MODES, body);
      if (r.statusCode !== 201) throw new Error(`mode not created: ${r.statusCode} ${r.body}`);
      return r.json().id;
    },
    async rows() {
      const out: Record<string, number> = {};
      for (const table of ['sm_modes', 'sm_mode_entries', 'sm_mode_history', 'sm_config_items', 'sm_ci_closure']) {
        out[table] = await t.count(table);
      }
      return out;
    },
  };
}
