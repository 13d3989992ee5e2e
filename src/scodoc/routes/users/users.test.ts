import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { PERMISSION_NAMES } from '../../permissions.js';
import { buildWorld, scoError, typesOf, type World } from '../../testing/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

// scodoc.md §5.8.
const USER = {
  id: 'number',
  user_name: 'string',
  nom: 'string',
  prenom: 'string',
  dept: 'string',
  active: 'boolean',
  status_txt: 'string',
  email: 'string',
  date_expiration: 'string',
  date_modif_passwd: 'string',
  date_created: 'string',
  last_seen: 'string',
  roles_string: 'string',
  nom_fmt: 'string',
  prenom_fmt: 'string',
  nomprenom: 'string',
  prenomnom: 'string',
  nomplogin: 'string',
  nomcomplet: 'string',
  cas_id: 'null',
  edt_id: 'null',
};
// sample_roles.json.md (ScoDoc's own output): ids, names and permissions in descending bit order.
const SAMPLE_ROLES = [
  { id: 1, role_name: 'Observateur', permissions: ['ScoObservateur'] },
  {
    id: 2,
    role_name: 'Ens',
    permissions: [
      'ScoEntrepriseView',
      'ScoEtudAddAnnotations',
      'ScoAbsAddBillet',
      'ScoAbsChange',
      'ScoUsersView',
      'ScoObservateur',
      'ScoEnsView',
      'ScoView',
    ],
  },
  {
    id: 3,
    role_name: 'Secr',
    permissions: [
      'ScoEditApo',
      'ScoEntrepriseChange',
      'ScoEntrepriseView',
      'ScoEtudAddAnnotations',
      'ScoEtudChangeAdr',
      'ScoAbsAddBillet',
      'ScoAbsChange',
      'ScoUsersView',
      'ScoObservateur',
      'ScoView',
    ],
  },
  {
    id: 4,
    role_name: 'Admin',
    permissions: [
      'ScoEditApo',
      'ScoEntrepriseChange',
      'ScoEntrepriseView',
      'ScoEtudAddAnnotations',
      'ScoEtudInscrit',
      'ScoEtudChangeGroups',
      'ScoEtudChangeAdr',
      'ScoAbsAddBillet',
      'ScoAbsChange',
      'ScoImplement',
      'ScoEditAllEvals',
      'ScoEditAllNotes',
      'ScoEditFormationTags',
      'ScoChangeFormation',
      'ScoChangePreferences',
      'ScoUsersView',
      'ScoUsersAdmin',
      'ScoObservateur',
      'ScoEnsView',
      'ScoView',
    ],
  },
  { id: 5, role_name: 'RespPe', permissions: ['ScoEditFormationTags'] },
  { id: 6, role_name: 'ObservateurEntreprise', permissions: ['RelationsEntreprisesView'] },
  {
    id: 7,
    role_name: 'UtilisateurEntreprise',
    permissions: ['RelationsEntreprisesCorrespondants', 'RelationsEntreprisesChange', 'RelationsEntreprisesView'],
  },
  {
    id: 8,
    role_name: 'AdminEntreprise',
    permissions: [
      'RelationsEntreprisesCorrespondants',
      'RelationsEntreprisesValidate',
      'RelationsEntreprisesSend',
      'RelationsEntreprisesChange',
      'RelationsEntreprisesView',
    ],
  },
];
const basic = (user: string, pwd: string) => `Basic ${Buffer.from(`${user}:${pwd}`).toString('base64')}`;

describe(`ScoDoc roles and permissions on ${testDialect}`, () => {
  it('GET /roles matches ScoDoc sample_roles.json for the default roles; SuperAdmin is id 9 (D36)', async () => {
    const roles = (await w.get('/ScoDoc/api/roles', 'ens_info')).json();
    expect(roles.slice(0, 8)).toEqual(SAMPLE_ROLES);
    expect(roles[8]).toMatchObject({ id: 9, role_name: 'SuperAdmin' });
    expect(roles[8].permissions).toHaveLength(PERMISSION_NAMES.length);
    expect((await w.get('/ScoDoc/api/role/Ens')).json()).toEqual(SAMPLE_ROLES[1]);
    expect((await w.get('/ScoDoc/api/role/ens')).json()).toEqual(scoError(404, 'role inconnu'));
    const perms = (await w.get('/ScoDoc/api/permissions')).json();
    expect(perms.slice(0, 3)).toEqual(['ScoSuperAdmin', 'ScoView', 'ScoEnsView']);
    expect(perms).toContain('ScoEtudChangeGroups');
    expect((await w.get('/ScoDoc/api/roles', 'observateur')).statusCode).toBe(403);
  });

  it('role create / edit / add_permission / remove_permission / delete (ScoSuperAdmin)', async () => {
    expect((await w.post('/ScoDoc/api/role/create/Laveur', { permissions: ['ScoView'] }, 'chef_info')).statusCode).toBe(
      403,
    );
    const c = await w.post('/ScoDoc/api/role/create/Laveur', { permissions: ['ScoView', 'ScoUsersView'] });
    expect(c.json()).toMatchObject({ role_name: 'Laveur', permissions: ['ScoUsersView', 'ScoView'] });
    expect((await w.post('/ScoDoc/api/role/create/Laveur', { permissions: [] })).statusCode).toBe(400);
    expect((await w.post('/ScoDoc/api/role/create/X2', { permissions: ['Nope'] })).json()).toEqual(
      scoError(400, 'role_create: unknown permission Nope'),
    );
    expect((await w.post('/ScoDoc/api/role/Laveur/add_permission/ScoEnsView')).json().permissions).toEqual([
      'ScoUsersView',
      'ScoEnsView',
      'ScoView',
    ]);
    expect((await w.post('/ScoDoc/api/role/Laveur/remove_permission/ScoEditApo')).json().permissions).toEqual([
      'ScoUsersView',
      'ScoEnsView',
      'ScoView',
    ]);
    expect((await w.post('/ScoDoc/api/role/Laveur/add_permission/Nope')).json()).toEqual(
      scoError(404, 'permission inconnue'),
    );
    expect((await w.post('/ScoDoc/api/role/Nope/add_permission/ScoView')).json()).toEqual(
      scoError(404, 'role inconnu'),
    );
    const e = await w.post('/ScoDoc/api/role/edit/Laveur', { name: 'LaveurDeVitres', permissions: ['ScoView'] });
    expect(e.json()).toMatchObject({ role_name: 'LaveurDeVitres', permissions: ['ScoView'] });
    expect(
      (await w.post('/ScoDoc/api/role/LaveurDeVitres/edit', { permissions: ['ScoUsersView'] })).json().permissions,
    ).toEqual(['ScoUsersView']);
    expect((await w.post('/ScoDoc/api/role/SuperAdmin/remove_permission/ScoView')).statusCode).toBe(400);
    expect((await w.post('/ScoDoc/api/role/LaveurDeVitres/delete')).json()).toEqual({ OK: true });
    expect((await w.get('/ScoDoc/api/role/LaveurDeVitres')).statusCode).toBe(404);
  });
});

describe(`ScoDoc users on ${testDialect}`, () => {
  it('GET /user/<id>: §5.8 fields; visibility by department (D25)', async () => {
    const r = await w.get(`/ScoDoc/api/user/${w.ids.chef_info}`);
    expect(typesOf(r.json())).toEqual(USER);
    expect(r.json()).toMatchObject({
      user_name: 'chef_info',
      dept: 'INFO',
      active: true,
      status_txt: 'actif',
      roles_string: 'Admin_INFO',
      nomplogin: 'DURAND Claire (chef_info)',
    });
    expect(r.json().date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect((await w.get(`/ScoDoc/api/user/${w.ids.ens_cj}`, 'ens_info')).statusCode).toBe(403);
    expect((await w.get(`/ScoDoc/INFO/api/user/${w.ids.ens_cj}`, 'ens_info')).json()).toEqual(
      scoError(404, 'utilisateur inconnu'),
    );
    expect((await w.get(`/ScoDoc/api/user/${w.ids.super}`)).json()).toMatchObject({
      dept: null,
      roles_string: 'SuperAdmin_',
    });
    expect((await w.get('/ScoDoc/api/user/999999')).statusCode).toBe(404);
  });

  it('users/query filters by departement, active, starts_with; lists what the caller may see', async () => {
    const mine = (await w.get('/ScoDoc/api/users/query', 'ens_info')).json();
    expect(mine.every((u: { dept: string }) => u.dept === 'INFO')).toBe(true);
    const all = (await w.get('/ScoDoc/api/users/query')).json();
    const names = all.map((u: { user_name: string }) => u.user_name);
    expect([...names].sort()).toEqual(names);
    expect(names).toContain('super');
    expect(
      (await w.get('/ScoDoc/api/users/query?departement=CJ')).json().map((u: { user_name: string }) => u.user_name),
    ).toEqual(['ens_cj']);
    expect(
      (await w.get('/ScoDoc/api/users/query?starts_with=dur')).json().map((u: { user_name: string }) => u.user_name),
    ).toEqual(['chef_info']);
    expect((await w.get('/ScoDoc/api/users/query?departement=CJ', 'ens_info')).json()).toEqual([]);
    expect((await w.get('/ScoDoc/INFO/api/users/query?departement=CJ')).json()).toEqual([]);
    expect((await w.get('/ScoDoc/api/users/query?active=0')).json()).toEqual([]);
  });

  it('create, edit, password (policy, 400 body, revokes tokens), roles per department', async () => {
    expect(
      (
        await w.post(
          '/ScoDoc/api/user/create',
          { user_name: 'newcj', dept: 'CJ', nom: 'Neuf', prenom: 'Jean' },
          'chef_info',
        )
      ).statusCode,
    ).toBe(403);
    const c = await w.post(
      '/ScoDoc/api/user/create',
      { user_name: 'newinfo', dept: 'INFO', nom: 'Neuf', prenom: 'Jean' },
      'chef_info',
    );
    expect(c.statusCode).toBe(200);
    const u = c.json();
    expect(u).toMatchObject({ user_name: 'newinfo', dept: 'INFO', active: true, roles_string: '' });
    expect(
      (await w.post('/ScoDoc/api/user/create', { user_name: 'newinfo', dept: 'INFO' }, 'chef_info')).json(),
    ).toEqual(scoError(400, 'user_create: user_name already used'));
    expect(
      (await w.post('/ScoDoc/api/user/create', { user_name: 'bad name', dept: 'INFO' }, 'chef_info')).statusCode,
    ).toBe(400);
    // Password policy (D24) with the exact 400 body of the sample.
    for (const bad of [
      'short1A',
      'aaaaaaaaaaa',
      'abcdefghij',
      'xxnewinfoXX12',
      'Password1'.toLowerCase(),
      'jean-Neuf-2024',
    ]) {
      const r = await w.post(`/ScoDoc/api/user/${u.id}/password`, { password: bad }, 'chef_info');
      expect(r.statusCode).toBe(400);
      expect(r.json()).toEqual({ error: 'Bad Request', status: 400, message: 'user_password: invalid password' });
    }
    const ok = await w.post(`/ScoDoc/api/user/${u.id}/password`, { password: 'a-very-Complicated-pass' }, 'chef_info');
    expect(ok.statusCode).toBe(200);
    const login = await t.app.inject({
      method: 'POST',
      url: '/ScoDoc/api/tokens',
      headers: { authorization: basic('newinfo', 'a-very-Complicated-pass') },
    });
    const tok = login.json().token;
    // Roles: Ens in INFO by the INFO chef; a global role needs ScoSuperAdmin.
    const g = await w.post(`/ScoDoc/api/user/${u.id}/role/Ens/add/departement/INFO`, undefined, 'chef_info');
    expect(g.json().roles_string).toBe('Ens_INFO');
    expect((await w.post(`/ScoDoc/api/user/${u.id}/role/Ens/add`, undefined, 'chef_info')).statusCode).toBe(403);
    expect(
      (await w.post(`/ScoDoc/api/user/${u.id}/role/Ens/add/departement/CJ`, undefined, 'chef_info')).statusCode,
    ).toBe(403);
    expect(
      (await w.post(`/ScoDoc/api/user/${u.id}/role/Nope/add/departement/INFO`, undefined, 'chef_info')).json(),
    ).toEqual(scoError(404, 'role inconnu'));
    const withRole = await t.app.inject({
      method: 'GET',
      url: '/ScoDoc/INFO/api/departements',
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(withRole.statusCode).toBe(200);
    // Dept prefix: roles granted in that department by default.
    expect(
      (await w.post(`/ScoDoc/INFO/api/user/${u.id}/role/Secr/add`, undefined, 'chef_info')).json().roles_string,
    ).toBe('Ens_INFO, Secr_INFO');
    expect(
      (await w.post(`/ScoDoc/api/user/${u.id}/role/Secr/remove/departement/INFO`, undefined, 'chef_info')).json()
        .roles_string,
    ).toBe('Ens_INFO');
    // Changing the password revokes the tokens (D3); deactivating too (D8).
    await w.post(`/ScoDoc/api/user/${u.id}/password`, { password: 'another-Compl1cated' }, 'chef_info');
    const revoked = await t.app.inject({
      method: 'GET',
      url: '/ScoDoc/INFO/api/departements',
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(revoked.json()).toEqual({ error: 'Unauthorized', status: 401, message: 'Non autorise (logic)' });
    const e = await w.post(`/ScoDoc/api/user/${u.id}/edit`, { nom: 'Renommé', active: false }, 'chef_info');
    expect(e.json()).toMatchObject({ nom: 'Renommé', active: false, status_txt: 'fermé' });
    const denied = await t.app.inject({
      method: 'POST',
      url: '/ScoDoc/api/tokens',
      headers: { authorization: basic('newinfo', 'another-Compl1cated') },
    });
    expect(denied.statusCode).toBe(401);
    // Moving a user to another department needs admin rights there.
    expect((await w.post(`/ScoDoc/api/user/${u.id}/edit`, { dept: 'CJ' }, 'chef_info')).statusCode).toBe(403);
    expect((await w.post(`/ScoDoc/api/user/${u.id}/edit`, { dept: 'CJ' })).json().dept).toBe('CJ');
  });
});
