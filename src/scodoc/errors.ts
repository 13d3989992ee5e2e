/**
 * Every ScoDoc API error: a stable code, the original's text, the HTTP status (scodoc.md §1.4, §8).
 * Only the plugin's error handler turns a ScoError into the body `{"error", "status", "message"?}`.
 */

export interface ScoErrorDef {
  readonly status: number;
  /** Message template (`{name}` placeholders); null when ScoDoc sends no `message`. */
  readonly message: string | null;
}

export const SCO_ERRORS = {
  SCO_ERR_TOKEN_INVALID: { status: 401, message: 'Non autorise (logic)' },
  SCO_ERR_BAD_CREDENTIALS: { status: 401, message: null },
  SCO_ERR_FORBIDDEN: { status: 403, message: 'opération non autorisée' },
  SCO_ERR_TOO_MANY_ATTEMPTS: { status: 429, message: 'trop de tentatives, réessayer plus tard' },
  SCO_ERR_ROUTE_NOT_FOUND: { status: 404, message: null },
  SCO_ERR_METHOD_NOT_ALLOWED: { status: 405, message: null },
  SCO_ERR_INVALID_JSON: { status: 400, message: '{route}: invalid json' },
  SCO_ERR_BAD_BODY: { status: 400, message: '{route}: {reason}' },
  SCO_ERR_INVALID_PASSWORD: { status: 400, message: 'user_password: invalid password' },
  SCO_ERR_BODY_TOO_LARGE: { status: 413, message: 'requête trop volumineuse' },
  SCO_ERR_DEPT_NOT_FOUND: { status: 404, message: 'departement inconnu' },
  SCO_ERR_ETUD_NOT_FOUND: { status: 404, message: 'etudiant inconnu' },
  SCO_ERR_FORMATION_NOT_FOUND: { status: 404, message: 'formation inconnue' },
  SCO_ERR_REFCOMP_NOT_FOUND: { status: 404, message: 'référentiel de compétences inconnu' },
  SCO_ERR_FORMSEMESTRE_NOT_FOUND: { status: 404, message: 'formsemestre inconnu' },
  SCO_ERR_MODULEIMPL_NOT_FOUND: { status: 404, message: 'moduleimpl inconnu' },
  SCO_ERR_PARTITION_NOT_FOUND: { status: 404, message: 'partition inconnue' },
  SCO_ERR_GROUP_NOT_FOUND: { status: 404, message: 'groupe inconnu' },
  SCO_ERR_USER_NOT_FOUND: { status: 404, message: 'utilisateur inconnu' },
  SCO_ERR_ROLE_NOT_FOUND: { status: 404, message: 'role inconnu' },
  SCO_ERR_PERMISSION_NOT_FOUND: { status: 404, message: 'permission inconnue' },
  SCO_ERR_LOGO_NOT_FOUND: { status: 404, message: 'logo not found' },
  SCO_ERR_NOT_INSCRIT: { status: 404, message: 'etudiant non inscrit dans ce formsemestre' },
  SCO_ERR_PARTITION_LOCKED: { status: 403, message: 'partition non editable' },
  SCO_ERR_FORMSEMESTRE_LOCKED: { status: 403, message: 'formsemestre verrouillé' },
  SCO_ERR_INTERNAL: { status: 500, message: null },
  // Attendance (scodoc-assiduites.md §5, AS6–AS8). Batch items carry these texts in `errors[].message`;
  // single edits answer them as JSON 404 bodies.
  SCO_ERR_ASSIDUITE_NOT_FOUND: { status: 404, message: 'assiduité inconnue' },
  SCO_ERR_JUSTIFICATIF_NOT_FOUND: { status: 404, message: 'justificatif inconnu' },
  SCO_ERR_ASSI_NOT_A_LIST: { status: 404, message: "Le contenu envoyé n'est pas une liste" },
  SCO_ERR_ASSI_PARAM_MISSING: { status: 404, message: "param '{name}': manquant" },
  SCO_ERR_ASSI_PARAM_INVALID: { status: 404, message: "param '{name}': invalide" },
  SCO_ERR_ASSI_PARAM_FORMAT: { status: 404, message: "param '{name}': format invalide" },
  SCO_ERR_ASSI_EXTERNAL_DATA: { status: 404, message: "param 'external_data': n'est pas un objet JSON" },
  SCO_ERR_ASSI_DUPLICATION: {
    status: 404,
    message: 'Duplication: la période rentre en conflit avec une plage enregistrée',
  },
  SCO_ERR_ASSI_NOT_IN_MODULE: { status: 404, message: "L'étudiant n'est pas inscrit au module" },
  SCO_ERR_ASSI_MODULE_REQUIRED: { status: 404, message: 'Module non renseigné' },
  SCO_ERR_ASSI_DEBUT_NOT_WORKING: { status: 404, message: "La date de début n'est pas un jour travaillé" },
  SCO_ERR_ASSI_FIN_NOT_WORKING: { status: 404, message: "La date de fin n'est pas un jour travaillé" },
  SCO_ERR_ASSI_FIN_BEFORE_DEBUT: { status: 404, message: 'La date de fin doit être postérieure à la date de début' },
  SCO_ERR_ASSI_OUTSIDE_SEMESTRE: {
    status: 404,
    message: "L'étudiant n'est pas inscrit à un semestre couvrant cette période",
  },
  SCO_ERR_ASSI_NOT_EXISTING: { status: 404, message: 'Assiduite non existante' },
  SCO_ERR_JUSTIF_NOT_EXISTING: { status: 404, message: 'Justificatif non existant' },
  SCO_ERR_ASSI_ITEM_NOT_OBJECT: { status: 404, message: "L'élément n'est pas un objet JSON" },
  SCO_ERR_JUSTIF_NO_FILE: { status: 404, message: "Il n'y a pas de fichier joint" },
  SCO_ERR_JUSTIF_FILE_TOO_LARGE: { status: 413, message: 'fichier trop volumineux' },
  SCO_ERR_JUSTIF_FILE_TYPE: { status: 400, message: 'type de fichier non autorisé' },
  SCO_ERR_JUSTIF_TOO_MANY_FILES: { status: 400, message: 'trop de fichiers pour ce justificatif' },
  SCO_ERR_JUSTIF_FILE_NOT_FOUND: { status: 404, message: 'fichier inconnu' },
  // Évaluations, notes, bulletins, juries (issue 5).
  SCO_ERR_EVALUATION_NOT_FOUND: { status: 404, message: 'évaluation inconnue' },
  SCO_ERR_EVALUATION_HAS_NOTES: { status: 400, message: 'evaluation_delete: des notes existent pour cette évaluation' },
  SCO_ERR_NOTES_REJECTED: { status: 400, message: 'notes_set: {n} valeur(s) rejetée(s), aucune note enregistrée' },
  SCO_ERR_VERSION_INVALID: { status: 404, message: 'version invalide' },
  SCO_ERR_VALIDATION_NOT_FOUND: { status: 404, message: 'validation inconnue' },
} as const satisfies Record<string, ScoErrorDef>;

export type ScoErrorCode = keyof typeof SCO_ERRORS;

/** HTTP reason phrases used in the `error` field (Werkzeug's). */
export const REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export class ScoError extends Error {
  readonly status: number;
  constructor(
    readonly code: ScoErrorCode,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    const def: ScoErrorDef = SCO_ERRORS[code];
    super(def.message ? fill(def.message, params) : code);
    this.status = def.status;
  }

  /** The ScoDoc error body. */
  body(): { error: string; status: number; message?: string } {
    const def: ScoErrorDef = SCO_ERRORS[this.code];
    const out: { error: string; status: number; message?: string } = {
      error: REASON[this.status] ?? 'Error',
      status: this.status,
    };
    if (def.message !== null) out.message = this.message;
    return out;
  }
}

function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** 400 `"<route>: <reason>"` (scodoc.md D15). */
export function badBody(route: string, reason: string): ScoError {
  return new ScoError('SCO_ERR_BAD_BODY', { route, reason });
}
