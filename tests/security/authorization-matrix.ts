/**
 * Who may do what: every page, route handler (per method) and server action of app/, for every
 * role, with the outcome the server must give. tests/unit/authorization-matrix.test.ts fails when
 * a file of app/ has an entry missing here (or this table names one that no longer exists);
 * e2e/authorization-matrix.spec.ts checks pages and route handlers over HTTP with real sign-ins,
 * tests/integration/server-action-authorization.test.ts calls every server action as every role.
 *
 * Roles (columns, in this order):
 *   anon      — no session (no token for the bearer APIs)
 *   labX      — a labeler of another project only
 *   labeler   — a labeler of the project
 *   research  — a researcher of the project
 *   leadX     — a lead of another project only
 *   lead      — a lead of the project
 *   admin     — an administrator (member of nothing)
 * The routes name the project (and its item, snapshot, the labeler's live assignment, an open
 * invite). Bearer-token APIs are called with a token of that user holding every scope.
 *
 * Outcomes:
 *   200/202   — allowed (actions: the guard let the call through and the action answered)
 *   'login'   — redirected to /login (pages), as a signed-out visitor is
 *   'home'    — redirected to the role's home page (/login and / for a signed-in user)
 *   400       — let through by the guard, then the deliberately incomplete body is refused (nothing written)
 *   401       — signed out, for a machine client (JSON or text, no redirect)
 *   403       — signed in but the role may not (a page renders app/forbidden.tsx)
 *   404       — the project (or the labeler's assignment) is not theirs to see: not confirmed to exist
 *   302       — next-auth's own redirect (a POST without its CSRF token is sent back to sign in)
 */

export const ROLES = ['anon', 'labX', 'labeler', 'research', 'leadX', 'lead', 'admin'] as const;
export type MatrixRole = (typeof ROLES)[number];
export type Outcome = 200 | 202 | 302 | 400 | 401 | 403 | 404 | 'login' | 'home';
export type Expectations = Record<MatrixRole, Outcome>;

export type MatrixEntry = {
  kind: 'page' | 'route' | 'action';
  /** Path of the file under the repository root. */
  file: string;
  /** Route handlers: the HTTP method; server actions: the exported function's name. */
  name?: string;
  expect: Expectations;
  /** Route handlers: what authenticates the caller (a session cookie, a bearer token, nothing, or next-auth itself). */
  credential?: 'cookie' | 'token' | 'none' | 'next-auth';
  /** Why, where the guard alone does not say it. */
  note?: string;
};

type Row = [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
const expectations = (row: Row): Expectations => Object.fromEntries(ROLES.map((role, i) => [role, row[i]])) as Expectations;
const page = (file: string, row: Row, note?: string): MatrixEntry => ({
  kind: 'page',
  file: `app/${file}`,
  expect: expectations(row),
  ...(note ? { note } : {}),
});
const route = (file: string, name: string, credential: MatrixEntry['credential'], row: Row, note?: string): MatrixEntry => ({
  kind: 'route',
  file: `app/${file}`,
  name,
  credential,
  expect: expectations(row),
  ...(note ? { note } : {}),
});
const action = (file: string, name: string, row: Row, note?: string): MatrixEntry => ({
  kind: 'action',
  file: `app/${file}`,
  name,
  expect: expectations(row),
  ...(note ? { note } : {}),
});

// Rows that many entries share.
const SIGNED_IN: Row = ['login', 200, 200, 200, 200, 200, 200];
const PROJECT_READ: Row = ['login', 404, 403, 200, 404, 200, 200]; // requireProjectMember(id, ['LEAD', 'RESEARCHER'])
const PROJECT_LEAD: Row = ['login', 404, 403, 403, 404, 200, 200]; // requireProjectMember(id, ['LEAD'])
const PROJECT_LABEL: Row = ['login', 404, 200, 403, 404, 200, 200]; // requireProjectMember(id, ['LABELER', 'LEAD'])
const ADMIN_ONLY: Row = ['login', 403, 403, 403, 403, 403, 200];
const LABEL_API_OWN: Row = [401, 404, 200, 403, 404, 404, 404]; // labeler API on the labeler's own assignment
const EXPORT_API: Row = [401, 403, 403, 200, 403, 200, 200]; // bearer token, scope export, LEAD or RESEARCHER member

export const AUTHORIZATION_MATRIX: MatrixEntry[] = [
  // ─── pages ─────────────────────────────────────────────── anon     labX     labeler  research leadX    lead     admin
  page('page.tsx', ['login', 'home', 'home', 'home', 'home', 'home', 'home']),
  page('(auth)/login/page.tsx', [200, 'home', 'home', 'home', 'home', 'home', 'home']),
  page('(auth)/invite/[token]/page.tsx', [200, 200, 200, 200, 200, 200, 200], 'public: the one-time token is the credential'),
  page('(auth)/study/[token]/page.tsx', [200, 200, 200, 200, 200, 200, 200], 'public: the study link token is the credential (issue 30)'),
  page('(app)/account/page.tsx', SIGNED_IN),
  page('(app)/admin/users/page.tsx', ADMIN_ONLY),
  page('(app)/label/page.tsx', ['login', 200, 200, 403, 200, 200, 200], 'lists only the projects the user belongs to'),
  page('(app)/label/[projectId]/page.tsx', PROJECT_LABEL),
  page('(app)/my-work/page.tsx', SIGNED_IN, "only the user's own work"),
  page('(app)/projects/page.tsx', ['login', 403, 403, 200, 200, 200, 200]),
  page('(app)/projects/[projectId]/page.tsx', PROJECT_READ),
  page('(app)/projects/[projectId]/dashboard/page.tsx', PROJECT_READ),
  page('(app)/projects/[projectId]/dashboard/items/[itemId]/page.tsx', PROJECT_READ),
  page('(app)/projects/[projectId]/dashboard/pool/page.tsx', PROJECT_READ, 'profiles and settings render for leads only'),
  page('(app)/projects/[projectId]/dashboard/pool/evidence/page.tsx', PROJECT_READ),
  page('(app)/profile/page.tsx', SIGNED_IN, "only the user's own profile"),
  page('(app)/projects/[projectId]/export/page.tsx', PROJECT_READ),
  page('(app)/projects/[projectId]/import/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/jobs/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/jobs/[jobId]/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/judge/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/items/page.tsx', PROJECT_READ),
  page('(app)/projects/[projectId]/items/[itemId]/page.tsx', PROJECT_READ),
  page('(app)/projects/[projectId]/taxonomy/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/webhooks/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/taxonomy/translations/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/demonstrations/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/study/page.tsx', PROJECT_LEAD, 'platform ids of participants: leads of the project only'),
  page('(app)/projects/[projectId]/perturbations/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/settings/page.tsx', PROJECT_LEAD),
  page('(app)/projects/[projectId]/timesheets/page.tsx', PROJECT_LEAD),
  page('(app)/audit/page.tsx', ['login', 403, 403, 403, 200, 200, 200], 'leads read only their projects’ rows (checked in lib)'),
  page('(app)/projects/[projectId]/critique-eval/page.tsx', PROJECT_READ, 'the review queue is shown to leads (and admins) only'),
  page('(app)/projects/[projectId]/settings/models/page.tsx', PROJECT_LEAD, "the project's model connections (issue 24)"),
  page('(app)/admin/model-connections/page.tsx', ADMIN_ONLY, 'shared model connections (issue 24)'),
  page('(app)/admin/sign-in/page.tsx', ADMIN_ONLY, 'single sign-on summary and the password sign-in switch (issue 30)'),

  // ─── route handlers ─────────────────────────────────────────────────────────── anon  labX  labeler research leadX lead  admin
  route('api/health/route.ts', 'GET', 'none', [200, 200, 200, 200, 200, 200, 200], 'public liveness check'),
  route('api/auth/[...nextauth]/route.ts', 'GET', 'next-auth', [200, 200, 200, 200, 200, 200, 200], 'next-auth: GET /api/auth/session'),
  route(
    'api/auth/[...nextauth]/route.ts',
    'POST',
    'next-auth',
    [302, 302, 302, 302, 302, 302, 302],
    'next-auth: POST /api/auth/signout without its CSRF token is refused',
  ),
  route('(app)/projects/[projectId]/export/[snapshotId]/download/route.ts', 'GET', 'cookie', [401, 404, 403, 200, 404, 200, 200]),
  route('(app)/projects/[projectId]/timesheets/csv/route.ts', 'GET', 'cookie', [401, 404, 404, 404, 404, 200, 200]),
  route('(app)/audit/export/route.ts', 'GET', 'cookie', [401, 403, 403, 403, 200, 200, 200], 'leads get only their projects’ rows'),
  route('(app)/projects/[projectId]/import/upload/route.ts', 'POST', 'cookie', [401, 404, 403, 403, 404, 200, 200], 'same origin only'),
  route(
    '(app)/label/[projectId]/chat-stream/route.ts',
    'POST',
    'cookie',
    [401, 404, 404, 403, 404, 404, 404],
    "the chat stream (issue 26): members who label get past the guard, then lib finds no chat task of theirs (404); a chat of the caller's own streams (tests/integration/chat.test.ts)",
  ),
  route(
    '(app)/projects/[projectId]/import/jobs/[jobId]/route.ts',
    'GET',
    'cookie',
    [401, 404, 403, 403, 404, 200, 200],
    "an import job's progress, polled by the Import page",
  ),
  route(
    '(app)/projects/[projectId]/import/jobs/[jobId]/rejects/route.ts',
    'GET',
    'cookie',
    [401, 404, 403, 403, 404, 200, 200],
    "a lenient import's refused rows",
  ),
  route('api/v1/projects/[projectId]/tasks/next/route.ts', 'POST', 'cookie', [401, 404, 200, 403, 404, 200, 200], 'same origin only'),
  route(
    'api/v1/projects/[projectId]/assignments/[assignmentId]/draft/route.ts',
    'PUT',
    'cookie',
    LABEL_API_OWN,
    "the labeler's own assignment: anyone else's session (even a lead's or an admin's) gets 404",
  ),
  route('api/v1/projects/[projectId]/assignments/[assignmentId]/skip/route.ts', 'POST', 'cookie', LABEL_API_OWN),
  route('api/v1/projects/[projectId]/assignments/[assignmentId]/submit/route.ts', 'POST', 'cookie', LABEL_API_OWN),
  route(
    'api/v1/projects/[projectId]/import/route.ts',
    'POST',
    'token',
    [401, 403, 403, 403, 403, 200, 200],
    'scope import; a non-member token gets 403',
  ),
  route('api/v1/projects/[projectId]/imports/[jobId]/route.ts', 'GET', 'token', [401, 403, 403, 403, 403, 200, 200], 'scope import'),
  route(
    'api/v1/projects/[projectId]/imports/[jobId]/rejects/route.ts',
    'GET',
    'token',
    [401, 403, 403, 403, 403, 200, 200],
    'scope import',
  ),
  route('api/v1/projects/[projectId]/jobs/route.ts', 'GET', 'token', [401, 403, 403, 403, 403, 200, 200], 'scope import'),
  route(
    'api/v1/projects/[projectId]/jobs/route.ts',
    'POST',
    'token',
    [401, 403, 403, 403, 403, 400, 400],
    'scope import; a job without connections is refused (400) once the caller may',
  ),
  route('api/v1/projects/[projectId]/jobs/[jobId]/route.ts', 'GET', 'token', [401, 403, 403, 403, 403, 200, 200], 'scope import'),
  route(
    'api/v1/projects/[projectId]/jobs/[jobId]/route.ts',
    'POST',
    'token',
    [401, 403, 403, 403, 403, 200, 200],
    'scope import; resumes a finished job',
  ),
  route('api/v1/projects/[projectId]/snapshots/route.ts', 'GET', 'token', EXPORT_API),
  route('api/v1/projects/[projectId]/snapshots/route.ts', 'POST', 'token', [401, 403, 403, 202, 403, 202, 202]),
  route('api/v1/projects/[projectId]/snapshots/[snapshotId]/route.ts', 'GET', 'token', EXPORT_API),
  route('api/v1/projects/[projectId]/snapshots/[snapshotId]/download/route.ts', 'GET', 'token', EXPORT_API),

  // ─── server actions ──────────────────────────────────────────────── anon     labX  labeler research leadX lead  admin
  action(
    '(app)/account/actions.ts',
    'createApiTokenAction',
    ['login', 403, 403, 200, 200, 200, 200],
    'tokens are always for the signed-in user',
  ),
  action('(app)/account/actions.ts', 'revokeApiTokenAction', SIGNED_IN, 'users revoke their own tokens, admins anyone’s (checked in lib)'),
  action('(app)/admin/users/actions.ts', 'createUserAction', ADMIN_ONLY),
  action('(app)/projects/[projectId]/timesheets/actions.ts', 'updatePayAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/jobs/actions.ts', 'generateResponsesAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/jobs/actions.ts', 'generateCritiquesAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/jobs/actions.ts', 'saveCritiqueTemplateAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/jobs/actions.ts', 'cancelJobAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/jobs/actions.ts', 'resumeJobAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/judge/actions.ts', 'startJudgeRunAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/judge/actions.ts', 'startDiscriminateRunAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/judge/actions.ts', 'saveJudgeTemplateAction', PROJECT_LEAD),
  action('(app)/admin/users/actions.ts', 'setUserRoleAction', ADMIN_ONLY),
  action('(app)/admin/users/actions.ts', 'setUserActiveAction', ADMIN_ONLY),
  action(
    '(app)/label/[projectId]/actions.ts',
    'saveDraftAction',
    PROJECT_LABEL,
    "the assignment must be the caller's own (checked in lib: 404)",
  ),
  action('(app)/label/[projectId]/actions.ts', 'submitRankingAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'skipTaskAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'saveDemonstrationDraftAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'submitDemonstrationAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'saveDetectDraftAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'submitDetectTrialAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'recordWouldHaveNoticedAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'savePerturbationDraftAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'submitPerturbationAction', PROJECT_LABEL),
  // Assistance while labeling (issue 25): lib checks the assignment is the caller's live task with assistance on (404 otherwise).
  action('(app)/label/[projectId]/assistance-actions.ts', 'askAssistantAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/assistance-actions.ts', 'recordAssistanceLookAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'saveStepsDraftAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/actions.ts', 'submitStepsAction', PROJECT_LABEL),
  // The chat task (issue 26): the assignment must be the caller's own (checked in lib; tests/integration/chat-actions.test.ts).
  action('(app)/label/[projectId]/chat-actions.ts', 'voteChatTurnAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/chat-actions.ts', 'stopChatSideAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/chat-actions.ts', 'flagChatConversationAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/chat-actions.ts', 'finishChatAction', PROJECT_LABEL),
  action('(app)/label/[projectId]/chat-actions.ts', 'refreshChatAction', PROJECT_LABEL),
  action('(app)/projects/actions.ts', 'createProjectAction', ['login', 403, 403, 403, 200, 200, 200]),
  action('(app)/projects/[projectId]/actions.ts', 'addMemberAction', PROJECT_LEAD, 'the project id in the form is re-checked'),
  action('(app)/projects/[projectId]/actions.ts', 'removeMemberAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/actions.ts', 'createInviteAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/study/actions.ts', 'createStudyLinkAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/study/actions.ts', 'markParticipantReturnedAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/study/actions.ts', 'setStudyLinkOpenAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/dashboard/actions.ts', 'setMemberPausedAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/dashboard/actions.ts', 'setMemberExcludedAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/dashboard/actions.ts', 'adjudicateItemAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/dashboard/actions.ts', 'recomputeHealthAction', PROJECT_READ),
  action('(app)/projects/[projectId]/dashboard/pool/actions.ts', 'updatePoolSettingsAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/dashboard/pool/actions.ts', 'saveProfileFieldAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/dashboard/pool/actions.ts', 'deleteProfileFieldAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/dashboard/pool/actions.ts', 'setItemRequirementsAction', PROJECT_LEAD),
  action('(app)/profile/actions.ts', 'saveMyProfileAction', SIGNED_IN, "the signed-in user's own profile"),
  action('(app)/profile/actions.ts', 'clearMyProfileAction', SIGNED_IN, "the signed-in user's own profile"),
  action('(app)/locale-actions.ts', 'setMyLocaleAction', SIGNED_IN, "the signed-in user's own locale (issue 31)"),
  action('(app)/projects/[projectId]/export/actions.ts', 'createSnapshotAction', PROJECT_READ),
  action(
    '(app)/projects/[projectId]/export/actions.ts',
    'deleteSnapshotAction',
    PROJECT_READ,
    'researchers delete their own snapshots, leads any (checked in lib)',
  ),
  action('(app)/projects/[projectId]/export/actions.ts', 'setWebhookAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/export/actions.ts', 'removeWebhookAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/export/actions.ts', 'setDatasetCardAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/items/actions.ts', 'setItemGoldAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/items/actions.ts', 'clearItemGoldAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/items/actions.ts', 'setItemPriorityAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/items/actions.ts', 'setPerturbSourceAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/items/actions.ts', 'setStepGoldAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/items/actions.ts', 'clearStepGoldAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/taxonomy/actions.ts', 'updateTaxonomyAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/webhooks/actions.ts', 'createEventWebhookAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/webhooks/actions.ts', 'updateEventWebhookAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/webhooks/actions.ts', 'removeEventWebhookAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/webhooks/actions.ts', 'pingEventWebhookAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/taxonomy/translations/actions.ts', 'saveTranslationAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/demonstrations/actions.ts', 'reviewDemonstrationAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/critique-eval/actions.ts', 'reviewTrialAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/perturbations/actions.ts', 'reviewPerturbationAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/settings/actions.ts', 'updateTaskSettingsAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/settings/assistance-actions.ts', 'updateAssistanceSettingsAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/settings/actions.ts', 'updateAspectSettingsAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/settings/actions.ts', 'updateStepsSettingsAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/settings/chat-actions.ts', 'updateChatSettingsAction', PROJECT_LEAD),
  // Model connections (issue 24): lib re-checks the connection's scope (a shared one: admins only).
  action('(app)/projects/[projectId]/settings/models/actions.ts', 'saveModelConnectionAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/settings/models/actions.ts', 'testModelConnectionFormAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/settings/models/actions.ts', 'testSavedModelConnectionAction', PROJECT_LEAD),
  action('(app)/projects/[projectId]/settings/models/actions.ts', 'archiveModelConnectionAction', PROJECT_LEAD),
  action('(app)/admin/model-connections/actions.ts', 'saveSharedModelConnectionAction', ADMIN_ONLY),
  action('(app)/admin/model-connections/actions.ts', 'testSharedModelConnectionFormAction', ADMIN_ONLY),
  action('(app)/admin/model-connections/actions.ts', 'testSavedSharedModelConnectionAction', ADMIN_ONLY),
  action('(app)/admin/model-connections/actions.ts', 'archiveSharedModelConnectionAction', ADMIN_ONLY),
  action('(app)/admin/sign-in/actions.ts', 'setPasswordSignInAction', ADMIN_ONLY),
  action(
    '(auth)/invite/[token]/actions.ts',
    'acceptInviteAction',
    [200, 200, 200, 200, 200, 200, 200],
    'public: the one-time token is the credential, checked under a row lock',
  ),
];

/** Server actions that may run without a session guard, because something else is their credential. */
export const PUBLIC_ACTIONS = new Set(['app/(auth)/invite/[token]/actions.ts#acceptInviteAction']);

export const entryKey = (e: Pick<MatrixEntry, 'kind' | 'file' | 'name'>) => (e.kind === 'page' ? e.file : `${e.file}#${e.name}`);
