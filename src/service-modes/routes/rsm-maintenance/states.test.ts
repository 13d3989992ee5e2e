/**
 * States from the clock at read time and the editing rules (service-modes.md, "States and editing rules"),
 * with the clock moved instead of waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../../test/harness.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { MODES } from '../../testing/sm-test-app.js';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});
afterAll(async () => f?.t.close());

const D = (s: string) => `2021-07-${s}+03:00`;
const states = (body: { configItems: { state: string }[] }) => body.configItems.map((e) => e.state);

describe(`service-mode states on ${testDialect}`, () => {
  it('goes Pending → Active → Completed as the clock moves, with no write', async () => {
    f.t.clock.set(D('01T12:00:00'));
    const id = await f.mode({ dateStart: D('02T10:00:00'), dateEnd: D('02T12:00:00'), configItems: [{ id: f.a1 }] });
    const history = await f.t.count('sm_mode_history');
    const at = async (iso: string) => {
      f.t.clock.set(iso);
      return states((await f.send(f.ed, 'GET', `${MODES}/${id}`)).json());
    };
    expect(await at(D('02T09:59:59'))).toEqual(['Pending']);
    expect(await at(D('02T10:00:00'))).toEqual(['Active']);
    expect(await at(D('02T11:59:59'))).toEqual(['Active']);
    expect(await at(D('02T12:00:00'))).toEqual(['Completed']);
    expect(await f.t.count('sm_mode_history')).toBe(history);
  });

  it('accepts a start in the past: Active at once', async () => {
    f.t.clock.set(D('03T12:00:00'));
    const r = await f.send(f.ed, 'POST', MODES, {
      dateStart: D('03T08:00:00'),
      dateEnd: D('03T18:00:00'),
      configItems: [{ id: f.a1 }],
    });
    expect(r.statusCode).toBe(201);
    expect(states(r.json())).toEqual(['Active']);
  });

  it('cancels a pending mode: kept, entries Cancelled, dates unchanged', async () => {
    f.t.clock.set(D('04T12:00:00'));
    const id = await f.mode({
      dateStart: D('05T10:00:00'),
      dateEnd: D('05T12:00:00'),
      configItems: [{ id: f.a1 }, { id: f.a2 }],
    });
    const r = await f.send(f.ed, 'PATCH', `${MODES}/${id}`, { cancel: true });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ dateStart: D('05T10:00:00'), dateEnd: D('05T12:00:00') });
    expect(states(r.json())).toEqual(['Cancelled', 'Cancelled']);
    f.t.clock.set(D('05T11:00:00'));
    expect(states((await f.send(f.ed, 'GET', `${MODES}/${id}`)).json())).toEqual(['Cancelled', 'Cancelled']);
    const list = await f.send(f.ed, 'POST', `${MODES}/filter?perPage=-1`, { ids: [id] });
    expect(list.json().map((m: { id: number }) => m.id)).toEqual([id]);
  });

  it('finishes an active mode with cancel: dateEnd := now, Completed', async () => {
    f.t.clock.set(D('06T10:00:00'));
    const id = await f.mode({ dateStart: D('06T09:00:00'), dateEnd: D('06T12:00:00'), configItems: [{ id: f.a1 }] });
    f.t.clock.set('2021-07-06T10:30:15.700+03:00');
    const r = await f.send(f.ed, 'PUT', `${MODES}/${id}`, {
      dateStart: D('06T09:00:00'),
      dateEnd: D('06T12:00:00'),
      configItems: [{ id: f.a1 }],
      cancel: true,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ dateEnd: D('06T10:30:15') });
    expect(r.json().configItems[0]).toMatchObject({ state: 'Completed', dateEnd: D('06T10:30:15') });
  });

  it('edits a pending mode freely: entries take the mode dates, removed CIs deleted, added appended', async () => {
    f.t.clock.set(D('07T10:00:00'));
    const id = await f.mode({
      dateStart: D('08T10:00:00'),
      dateEnd: D('08T12:00:00'),
      configItems: [{ id: f.a1 }, { id: f.a2 }],
    });
    const r = await f.send(f.ed, 'PUT', `${MODES}/${id}`, {
      dateStart: D('08T11:00:00'),
      dateEnd: D('08T13:00:00'),
      title: 'moved',
      configItems: [{ id: f.a3 }, { id: f.a2, scope: 'CiAndChildren', depth: 2 }],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      id,
      dateStart: D('08T11:00:00'),
      dateEnd: D('08T13:00:00'),
      title: 'moved',
      configItems: [
        {
          id: f.a2,
          scope: 'CiAndChildren',
          depth: 2,
          state: 'Pending',
          dateStart: D('08T11:00:00'),
          dateEnd: D('08T13:00:00'),
        },
        { id: f.a3, scope: 'Ci', depth: 0, state: 'Pending', dateStart: D('08T11:00:00'), dateEnd: D('08T13:00:00') },
      ],
      labels: {},
    });
  });

  it('PUT resets an absent title and labels; PATCH keeps them', async () => {
    f.t.clock.set(D('07T10:00:00'));
    const id = await f.mode({
      title: 'keep',
      labels: { k: 'v' },
      dateStart: D('09T10:00:00'),
      dateEnd: D('09T12:00:00'),
      configItems: [{ id: f.a1 }],
    });
    const p = await f.send(f.ed, 'PATCH', `${MODES}/${id}`, { dateEnd: D('09T13:00:00') });
    expect(p.json()).toMatchObject({ title: 'keep', labels: { k: 'v' }, dateEnd: D('09T13:00:00') });
    const u = await f.send(f.ed, 'PUT', `${MODES}/${id}`, {
      dateStart: D('09T10:00:00'),
      dateEnd: D('09T13:00:00'),
      configItems: [{ id: f.a1 }],
    });
    expect(u.json()).toMatchObject({ title: null, labels: {} });
  });

  it('on an active mode: start fixed, end movable, scope edits close removed entries now and open added ones now', async () => {
    f.t.clock.set(D('10T10:26:00'));
    const id = await f.mode({ dateStart: D('10T10:26:00'), dateEnd: D('10T11:26:00'), configItems: [{ id: f.a1 }] });
    f.t.clock.set(D('10T10:41:00'));
    const r = await f.send(f.ed, 'PATCH', `${MODES}/${id}`, { configItems: [{ id: f.a2 }] });
    expect(r.statusCode).toBe(200);
    // The docs' example: entry A 10:26–10:41 Completed, entry B 10:41–11:26.
    expect(r.json().configItems).toEqual([
      { id: f.a1, scope: 'Ci', depth: 0, state: 'Completed', dateStart: D('10T10:26:00'), dateEnd: D('10T10:41:00') },
      { id: f.a2, scope: 'Ci', depth: 0, state: 'Active', dateStart: D('10T10:41:00'), dateEnd: D('10T11:26:00') },
    ]);
    // A closed entry named again is ignored (a GET echoed back stays harmless); dateEnd moves open entries.
    const echo = r.json();
    const u = await f.send(f.ed, 'PUT', `${MODES}/${id}`, { ...echo, dateEnd: D('10T12:00:00') });
    expect(u.statusCode).toBe(200);
    expect(u.json().configItems.map((e: { dateEnd: string }) => e.dateEnd)).toEqual([
      D('10T10:41:00'),
      D('10T12:00:00'),
    ]);
    // Removing the last open entry leaves nothing open.
    const none = await f.send(f.ed, 'PATCH', `${MODES}/${id}`, { configItems: [{ id: f.a1 }] });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toEqual({ message: 'Не задан список КЕ, которым требуется назначить режим обслуживания' });
  });

  it('PUT on an active mode with the stored start (another offset) is not a move', async () => {
    f.t.clock.set(D('11T10:00:00'));
    const id = await f.mode({ dateStart: D('11T09:00:00'), dateEnd: D('11T12:00:00'), configItems: [{ id: f.a1 }] });
    const r = await f.send(f.ed, 'PUT', `${MODES}/${id}`, {
      dateStart: '2021-07-11T06:00:00Z',
      dateEnd: '2021-07-11T09:30:00.999Z',
      configItems: [{ id: f.a1 }],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ dateStart: D('11T09:00:00'), dateEnd: D('11T12:30:00') });
  });

  it('moving dateEnd into the past is refused, keeping it is not', async () => {
    f.t.clock.set(D('12T10:00:00'));
    const id = await f.mode({ dateStart: D('12T09:00:00'), dateEnd: D('12T11:00:00'), configItems: [{ id: f.a1 }] });
    const r = await f.send(f.ed, 'PATCH', `${MODES}/${id}`, { dateEnd: D('12T09:30:00') });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({
      message: 'Неверная модель данных в теле запроса',
      bodyFields: { dateEnd: [expect.any(String)] },
    });
    expect((await f.send(f.ed, 'PATCH', `${MODES}/${id}`, { title: 'ok', dateEnd: D('12T11:00:00') })).statusCode).toBe(
      200,
    );
  });

  it('binds names case-insensitively and echoes canonical spellings', async () => {
    f.t.clock.set(D('13T10:00:00'));
    const r = await f.send(f.ed, 'POST', `${MODES}?BATCHVALIDATE=True`, {
      DateStart: D('14T10:00:00'),
      DATEEND: D('14T12:00:00'),
      configitems: [
        { ID: f.a1, Scope: 'ciandchildren', Depth: 0 },
        { id: f.a3, scope: 'ci', depth: -1 },
      ],
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().configItems.map((e: { scope: string; depth: number }) => [e.scope, e.depth])).toEqual([
      ['CiAndChildren', 0],
      ['Ci', 0],
    ]);
    expect(r.json().title).toBeNull();
  });

  it('without batchValidate drops unknown and non-editable CIs silently', async () => {
    const r = await f.send(f.ed, 'POST', MODES, {
      dateStart: D('14T10:00:00'),
      dateEnd: D('14T12:00:00'),
      configItems: [{ id: 999999 }, { id: f.a2 }, { id: f.b1 }],
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().configItems.map((e: { id: number }) => e.id)).toEqual([f.a2]);
  });
});
