/** Every ScoDoc route, in the order of the spec; the plugin mounts each on every prefix. */
import { assiduiteRoutes } from './assiduites/assiduites.routes.js';
import { bulletinRoutes } from './bulletins/bulletins.routes.js';
import { departementRoutes } from './departements/departements.routes.js';
import { etudiantRoutes } from './etudiants/etudiants.routes.js';
import { evaluationRoutes } from './evaluations/evaluations.routes.js';
import { formationRoutes } from './formations/formations.routes.js';
import { formsemestreRoutes } from './formsemestres/formsemestres.routes.js';
import { juryRoutes } from './jury/jury.routes.js';
import { justificatifRoutes } from './justificatifs/justificatifs.routes.js';
import { logoRoutes } from './logos/logos.routes.js';
import { moduleimplRoutes } from './moduleimpls/moduleimpls.routes.js';
import { partitionRoutes } from './partitions/partitions.routes.js';
import { resultatsRoutes } from './resultats/resultats.routes.js';
import { roleRoutes } from './roles/roles.routes.js';
import type { ScoRoute } from './route.js';
import { tokenRoutes } from './tokens/tokens.routes.js';
import { userRoutes } from './users/users.routes.js';

export const SCODOC_ROUTES: readonly ScoRoute[] = [
  ...tokenRoutes,
  ...departementRoutes,
  ...etudiantRoutes,
  ...formationRoutes,
  ...moduleimplRoutes,
  ...evaluationRoutes,
  ...formsemestreRoutes,
  ...resultatsRoutes,
  ...bulletinRoutes,
  ...juryRoutes,
  ...partitionRoutes,
  ...assiduiteRoutes,
  ...justificatifRoutes,
  ...userRoutes,
  ...roleRoutes,
  ...logoRoutes,
];
