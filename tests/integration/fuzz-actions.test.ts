/**
 * Property-based fuzzing of the server actions and the zod schemas behind them (issue 9): each
 * action is called as the role that uses it (guards real, session from a mocked getServerSession,
 * see server-action-authorization.test.ts), with forms or values its schema refuses — fields
 * missing, repeated, replaced by huge, hostile or wrongly typed values, unknown fields — and with
 * well-formed input naming what the caller may not touch (other projects' items, members,
 * snapshots, tokens, other users' assignments, stale versions). Every call must answer ok: false
 * with a reason (never the generic "something went wrong", the 500 of an action), and no table
 * may change.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  databaseFingerprint,
  fuzzOptions,
  hostileJson,
  hostileString,
  INTERNAL_ERROR,
  mutated,
  unstorableVariants,
} from '../security/fuzz';
import { liveAssignment, makeWorld, makeWorldTokens, type World } from '../security/world';

const session: { current: { user: { id: string; sv: number } } | null } = { current: null };
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () => session.current,
}));
vi.mock('next/server', () => ({ after: () => undefined, connection: async () => undefined }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'app.test' }),
  cookies: async () => ({ get: () => undefined }),
}));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';

const account = await import('@/app/(app)/account/actions');
const admin = await import('@/app/(app)/admin/users/actions');
const label = await import('@/app/(app)/label/[projectId]/actions');
const assistance = await import('@/app/(app)/label/[projectId]/assistance-actions');
const projects = await import('@/app/(app)/projects/actions');
const project = await import('@/app/(app)/projects/[projectId]/actions');
const dashboard = await import('@/app/(app)/projects/[projectId]/dashboard/actions');
const exporting = await import('@/app/(app)/projects/[projectId]/export/actions');
const items = await import('@/app/(app)/projects/[projectId]/items/actions');
const taxonomy = await import('@/app/(app)/projects/[projectId]/taxonomy/actions');
const perturbations = await import('@/app/(app)/projects/[projectId]/perturbations/actions');
const invite = await import('@/app/(auth)/invite/[token]/actions');
const critiqueEval = await import('@/app/(app)/projects/[projectId]/critique-eval/actions');
const modelConnections = await import('@/app/(app)/projects/[projectId]/settings/models/actions');
const { ZArchiveModelConnection, ZSaveModelConnection } = await import('@/lib/models/schemas');
const { ZReviewTrial, ZSaveDetectDraft, ZSubmitDetectTrial, ZWouldHaveNoticed } = await import('@/lib/detect/schemas');
const poolActions = await import('@/app/(app)/projects/[projectId]/dashboard/pool/actions');
const profileActions = await import('@/app/(app)/profile/actions');
const { ZDeleteProfileField, ZItemRequirements, ZPoolSettings, ZProfileField, ZProfileForm } = await import('@/lib/pool/schemas');
const { formDataToObject } = await import('@/lib/forms/run-action');
const { ZAcceptInvite } = await import('@/lib/auth/schemas');
const { ZAdjudicateItemForm, ZSetMemberExcludedForm, ZSetMemberPausedForm } = await import('@/lib/dashboard/schemas');
const { ZExportForm, ZSnapshotId } = await import('@/lib/export/schemas');
const { ZCreateInvite } = await import('@/lib/invites/schemas');
const { ZClearItemGold, ZSetItemGoldForm, ZSetItemPriority } = await import('@/lib/items/schemas');
const { ZSaveDraft, ZSkipTask, ZSubmitRanking } = await import('@/lib/judgments/schemas');
const { ZAskAssistant, ZRecordAssistanceLook } = await import('@/lib/assist/schemas');
const { ZAddMember, ZCreateProject, ZRemoveMember } = await import('@/lib/projects/schemas');
const { ZUpdateTaxonomyForm } = await import('@/lib/taxonomy/schemas');
const { ZReviewPerturbation, ZSavePerturbationDraft, ZSetPerturbSource, ZSubmitPerturbation } = await import('@/lib/perturb/schemas');
const { ZCreateOwnApiToken, ZRevokeApiToken } = await import('@/lib/tokens/schemas');
const { ZCreateUser, ZSetUserActive, ZSetUserRole } = await import('@/lib/users/schemas');
const { ZClearStepGold, ZSetStepGoldForm } = await import('@/lib/steps/schemas');
const { getDb } = await import('@/lib/db');

type Schema = { safeParse: (v: unknown) => { success: boolean } };
type Fields = Record<string, string | string[]>;
type Answer = { ok?: boolean; message?: string; error?: string };
type Actor = 'labeler' | 'research' | 'lead' | 'admin' | 'anon';

let world: World;
let own: { id: string; shown: string[] };
let peerAssignment: string;
let otherItem: { id: string; r: string[] };
let leadTokenId: string;
let labelerTokenId: string;
let otherSnapshot: string;

beforeAll(async () => {
  world = await makeWorld({ items: 4 });
  await makeWorldTokens(world);
  own = await liveAssignment(world);
  peerAssignment = (await getDb().assignment.findFirstOrThrow({ where: { userId: world.peer.id }, select: { id: true } })).id;
  const item = await getDb().item.create({
    data: {
      projectId: world.otherProject.id,
      externalId: 'other-1',
      messages: [{ role: 'user', content: 'Elsewhere?' }],
      responses: { create: [{ text: 'x' }, { text: 'y' }] },
    },
    select: { id: true, responses: { select: { id: true } } },
  });
  otherItem = { id: item.id, r: item.responses.map((r) => r.id) };
  leadTokenId = (await getDb().apiToken.findFirstOrThrow({ where: { userId: world.users.lead.id }, select: { id: true } })).id;
  labelerTokenId = (await getDb().apiToken.findFirstOrThrow({ where: { userId: world.users.labeler.id }, select: { id: true } })).id;
  const { createExportSnapshot } = await import('@/lib/export/create-export-snapshot');
  const { ZExportRequest } = await import('@/lib/export/schemas');
  otherSnapshot = (
    await createExportSnapshot({ projectId: world.otherProject.id, actorId: null, request: ZExportRequest.parse({ format: 'raw' }) })
  ).id;
});

function signInAs(actor: Actor) {
  session.current = actor === 'anon' ? null : { user: { id: world.users[actor].id, sv: 0 } };
}

function toForm(fields: Fields): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  return form;
}

/** A refusal with a reason, and not the answer to an unexpected error. */
function expectRefused(answer: Answer | undefined) {
  expect(answer?.ok, JSON.stringify(answer).slice(0, 300)).toBe(false);
  const reason = answer?.message ?? answer?.error ?? '';
  expect(reason).toMatch(/\w/);
  expect(reason).not.toMatch(INTERNAL_ERROR);
}

/** Forms the schema refuses: one field (never projectId) replaced by a hostile string, removed or repeated; unknown fields added. */
function badForm(template: () => Fields, schema: Schema): fc.Arbitrary<Fields> {
  return fc
    .record({
      action: fc.constantFrom('replace', 'remove', 'repeat'),
      value: hostileString(),
      pick: fc.nat(),
      extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), hostileString(), { maxKeys: 2 }),
    })
    .map(({ action, value, pick, extra }) => {
      const fields: Fields = { ...extra, ...template() };
      const keys = Object.keys(template()).filter((k) => k !== 'projectId');
      const key = keys[pick % keys.length]!;
      if (action === 'remove') delete fields[key];
      else if (action === 'repeat') fields[key] = [String(fields[key]), value];
      else fields[key] = value;
      return fields;
    })
    .filter((fields) => !schema.safeParse(formDataToObject(toForm(fields))).success);
}

type FormCase = {
  name: string;
  as: Actor;
  action: (state: object, form: FormData) => Promise<Answer>;
  schema: Schema;
  template: () => Fields;
  semantic?: () => Fields[];
};

const FORM_ACTIONS: FormCase[] = [
  {
    name: 'createApiTokenAction',
    as: 'research',
    action: account.createApiTokenAction,
    schema: ZCreateOwnApiToken,
    template: () => ({ name: 'fuzz', scopes: 'export', expiresInDays: '30' }),
    semantic: () => [{ name: 'fuzz', scopes: 'export', projectId: world.otherProject.id }],
  },
  {
    name: 'revokeApiTokenAction',
    as: 'lead',
    action: account.revokeApiTokenAction,
    schema: ZRevokeApiToken,
    template: () => ({ tokenId: leadTokenId }),
    semantic: () => [{ tokenId: labelerTokenId }, { tokenId: randomUUID() }],
  },
  {
    name: 'createUserAction',
    as: 'admin',
    action: admin.createUserAction,
    schema: ZCreateUser,
    template: () => ({ email: 'new-person@fuzz.test', name: 'New', role: 'LABELER', password: 'long-enough-password' }),
    semantic: () => [{ email: world.users.labeler.email, name: 'Dup', role: 'LABELER' }],
  },
  {
    name: 'setUserRoleAction',
    as: 'admin',
    action: admin.setUserRoleAction,
    schema: ZSetUserRole,
    template: () => ({ userId: world.peer.id, role: 'LEAD' }),
    semantic: () => [{ userId: randomUUID(), role: 'LEAD' }],
  },
  {
    name: 'setUserActiveAction',
    as: 'admin',
    action: admin.setUserActiveAction,
    schema: ZSetUserActive,
    template: () => ({ userId: world.peer.id, active: 'false' }),
    semantic: () => [{ userId: randomUUID(), active: 'false' }],
  },
  {
    name: 'createProjectAction',
    as: 'lead',
    action: projects.createProjectAction,
    schema: ZCreateProject,
    template: () => ({ name: 'Fuzz', slug: 'fuzz-project', guidelines: '', overlap: '3', minResponses: '2', maxResponses: '9' }),
    semantic: () => [{ name: 'Taken', slug: world.project.slug }],
  },
  {
    name: 'addMemberAction',
    as: 'lead',
    action: project.addMemberAction,
    schema: ZAddMember,
    template: () => ({ projectId: world.project.id, email: world.users.labX.email }),
    semantic: () => [{ projectId: world.project.id, email: 'nobody-at-all@fuzz.test' }],
  },
  {
    name: 'removeMemberAction',
    as: 'lead',
    action: project.removeMemberAction,
    schema: ZRemoveMember,
    template: () => ({ projectId: world.project.id, userId: world.peer.id }),
    semantic: () => [
      { projectId: world.project.id, userId: world.users.labX.id },
      { projectId: world.project.id, userId: randomUUID() },
    ],
  },
  {
    name: 'createInviteAction',
    as: 'lead',
    action: project.createInviteAction,
    schema: ZCreateInvite,
    template: () => ({ projectId: world.project.id, email: 'invitee-fuzz@fuzz.test', role: 'LABELER' }),
    semantic: () => [
      { projectId: world.project.id, email: world.users.labeler.email },
      { projectId: world.project.id, email: 'boss@fuzz.test', role: 'ADMIN' },
    ],
  },
  {
    name: 'setMemberPausedAction',
    as: 'lead',
    action: dashboard.setMemberPausedAction,
    schema: ZSetMemberPausedForm,
    template: () => ({ projectId: world.project.id, userId: world.peer.id, paused: 'true' }),
    semantic: () => [{ projectId: world.project.id, userId: world.users.labX.id, paused: 'true' }],
  },
  {
    name: 'setMemberExcludedAction',
    as: 'lead',
    action: dashboard.setMemberExcludedAction,
    schema: ZSetMemberExcludedForm,
    template: () => ({ projectId: world.project.id, userId: world.peer.id, excluded: 'true' }),
    semantic: () => [{ projectId: world.project.id, userId: world.users.labX.id, excluded: 'true' }],
  },
  {
    name: 'adjudicateItemAction',
    as: 'lead',
    action: dashboard.adjudicateItemAction,
    schema: ZAdjudicateItemForm,
    template: () => ({ projectId: world.project.id, itemId: world.item.id, verdict: 'invalid', note: 'n' }),
    semantic: () => [
      { projectId: world.project.id, itemId: otherItem.id, verdict: 'invalid' },
      {
        projectId: world.project.id,
        itemId: world.item.id,
        verdict: 'ranking',
        [`ranks.${otherItem.r[0]}`]: '1',
        [`ranks.${otherItem.r[1]}`]: '2',
      },
    ],
  },
  {
    name: 'createSnapshotAction',
    as: 'research',
    action: exporting.createSnapshotAction,
    schema: ZExportForm,
    template: () => ({ projectId: world.project.id, format: 'raw', min_votes: '1', validation_share: '0.1' }),
  },
  {
    name: 'deleteSnapshotAction',
    as: 'research',
    action: exporting.deleteSnapshotAction,
    schema: ZSnapshotId,
    template: () => ({ projectId: world.project.id, snapshotId: world.snapshotId }),
    semantic: () => [
      { projectId: world.project.id, snapshotId: otherSnapshot },
      { projectId: world.project.id, snapshotId: randomUUID() },
    ],
  },
  {
    name: 'setWebhookAction',
    as: 'lead',
    action: exporting.setWebhookAction,
    schema: (await import('@/lib/webhooks/schemas')).ZSetWebhook,
    template: () => ({ projectId: world.project.id, url: 'https://trainer.example/hook' }),
  },
  {
    name: 'setDatasetCardAction',
    as: 'lead',
    action: exporting.setDatasetCardAction,
    schema: (await import('@/lib/export/schemas')).ZDatasetCardSettings,
    template: () => ({ projectId: world.project.id, license: 'cc-by-4.0', languages: 'en, de' }),
  },
  {
    name: 'setItemGoldAction',
    as: 'lead',
    action: items.setItemGoldAction,
    schema: ZSetItemGoldForm,
    template: () => ({
      projectId: world.project.id,
      itemId: world.item.id,
      ...Object.fromEntries(world.item.r.map((id, i) => [`ranks.${id}`, String(i + 1)])),
    }),
    semantic: () => [
      { projectId: world.project.id, itemId: otherItem.id, [`ranks.${otherItem.r[0]}`]: '1', [`ranks.${otherItem.r[1]}`]: '2' },
      { projectId: world.project.id, itemId: world.item.id, [`ranks.${world.item.r[0]}`]: '1' },
      {
        projectId: world.project.id,
        itemId: world.item.id,
        [`ranks.${world.item.r[0]}`]: '1',
        [`ranks.${world.item.r[1]}`]: '2',
        [`ranks.${otherItem.r[0]}`]: '3',
      },
    ],
  },
  {
    name: 'setStepGoldAction',
    as: 'lead',
    action: items.setStepGoldAction,
    schema: ZSetStepGoldForm,
    template: () => ({ projectId: world.project.id, itemId: world.item.id, rating: '1', flaw: '', finalAnswer: 'CORRECT' }),
    semantic: () => [
      { projectId: world.project.id, itemId: otherItem.id, rating: '1', finalAnswer: 'CORRECT' },
      { projectId: world.project.id, itemId: world.item.id, rating: '', finalAnswer: 'CORRECT' },
      { projectId: world.project.id, itemId: world.item.id, rating: '1', finalAnswer: '' },
    ],
  },
  {
    name: 'clearStepGoldAction',
    as: 'lead',
    action: items.clearStepGoldAction,
    schema: ZClearStepGold,
    template: () => ({ projectId: world.project.id, itemId: world.item.id }),
    semantic: () => [{ projectId: world.project.id, itemId: otherItem.id }],
  },
  {
    name: 'clearItemGoldAction',
    as: 'lead',
    action: items.clearItemGoldAction,
    schema: ZClearItemGold,
    template: () => ({ projectId: world.project.id, itemId: world.item.id }),
    semantic: () => [{ projectId: world.project.id, itemId: otherItem.id }],
  },
  {
    name: 'setItemPriorityAction',
    as: 'lead',
    action: items.setItemPriorityAction,
    schema: ZSetItemPriority,
    template: () => ({ projectId: world.project.id, itemId: world.item.id, priority: '5' }),
    semantic: () => [{ projectId: world.project.id, itemId: otherItem.id, priority: '5' }],
  },
  {
    name: 'updatePoolSettingsAction',
    as: 'lead',
    action: poolActions.updatePoolSettingsAction,
    schema: ZPoolSettings,
    template: () => ({
      projectId: world.project.id,
      requiredLanguage: 'german',
      requiredProficiency: 'FLUENT',
      requiredExpertise: '',
      minGroupSize: '5',
      speedFloorSeconds: '8',
    }),
  },
  {
    name: 'saveProfileFieldAction',
    as: 'lead',
    action: poolActions.saveProfileFieldAction,
    schema: ZProfileField,
    template: () => ({ projectId: world.project.id, key: 'team', label: 'Team', type: 'SELECT', options: 'red, blue' }),
  },
  {
    name: 'deleteProfileFieldAction',
    as: 'lead',
    action: poolActions.deleteProfileFieldAction,
    schema: ZDeleteProfileField,
    template: () => ({ projectId: world.project.id, fieldId: randomUUID() }),
    semantic: () => [{ projectId: world.project.id, fieldId: randomUUID() }],
  },
  {
    name: 'setItemRequirementsAction',
    as: 'lead',
    action: poolActions.setItemRequirementsAction,
    schema: ZItemRequirements,
    template: () => ({
      projectId: world.project.id,
      itemId: world.item.id,
      requiredLanguage: 'german',
      requiredProficiency: 'NATIVE',
      requiredExpertise: 'law',
    }),
    semantic: () => [{ projectId: world.project.id, itemId: otherItem.id, requiredLanguage: 'german' }],
  },
  {
    name: 'saveMyProfileAction',
    as: 'labeler',
    action: profileActions.saveMyProfileAction,
    schema: ZProfileForm,
    template: () => ({ language_0: 'german', proficiency_0: 'NATIVE', region: 'EU', expertise: 'law' }),
    semantic: () => [{ [`field_${randomUUID()}`]: 'x' }],
  },
  {
    name: 'setPerturbSourceAction',
    as: 'lead',
    action: items.setPerturbSourceAction,
    schema: ZSetPerturbSource,
    template: () => ({ projectId: world.project.id, responseId: world.item.r[0] ?? '', source: 'on' }),
    semantic: () => [{ projectId: world.project.id, responseId: otherItem.r[0] ?? '', source: 'on' }],
  },
  {
    name: 'reviewTrialAction',
    as: 'lead',
    action: critiqueEval.reviewTrialAction,
    schema: ZReviewTrial,
    template: () => ({ projectId: world.project.id, trialId: randomUUID(), verdict: 'confirm' }),
    semantic: () => [{ projectId: world.project.id, trialId: randomUUID(), verdict: 'deny' }],
  },
  {
    name: 'reviewPerturbationAction',
    as: 'lead',
    action: perturbations.reviewPerturbationAction,
    schema: ZReviewPerturbation,
    template: () => ({ projectId: world.project.id, perturbationId: randomUUID(), action: 'reject', note: 'Too obvious' }),
    semantic: () => [{ projectId: world.project.id, perturbationId: randomUUID(), action: 'accept' }],
  },
  {
    name: 'updateTaxonomyAction',
    as: 'lead',
    action: taxonomy.updateTaxonomyAction,
    schema: ZUpdateTaxonomyForm,
    template: () => ({
      projectId: world.project.id,
      baseVersion: '1',
      'responseFlags.0.key': 'wrong',
      'responseFlags.0.label': 'Wrong',
      'promptFlags.0.label': 'Vague',
    }),
    semantic: () => [{ projectId: world.project.id, baseVersion: '99', 'responseFlags.0.label': 'Wrong' }],
  },
  {
    name: 'saveModelConnectionAction',
    as: 'lead',
    action: modelConnections.saveModelConnectionAction,
    schema: ZSaveModelConnection,
    template: () => ({ projectId: world.project.id, name: 'Fuzz', baseUrl: 'http://fuzz.test/v1', model: 'm', maxConcurrency: '4' }),
    semantic: () => [{ projectId: world.project.id, connectionId: randomUUID(), name: 'Fuzz', baseUrl: 'http://fuzz.test/v1', model: 'm' }],
  },
  {
    name: 'archiveModelConnectionAction',
    as: 'lead',
    action: modelConnections.archiveModelConnectionAction,
    schema: ZArchiveModelConnection,
    template: () => ({ projectId: world.project.id, connectionId: randomUUID() }),
    semantic: () => [{ projectId: world.project.id, connectionId: randomUUID() }],
  },
  {
    name: 'acceptInviteAction',
    as: 'anon',
    action: invite.acceptInviteAction,
    schema: ZAcceptInvite,
    template: () => ({ token: world.inviteToken, name: 'New', password: 'long-enough-password', confirm: 'long-enough-password' }),
    semantic: () => [{ token: 'x'.repeat(43), name: 'New', password: 'long-enough-password', confirm: 'long-enough-password' }],
  },
];

describe('fuzz: form server actions', () => {
  for (const c of FORM_ACTIONS) {
    it(`${c.name} refuses malformed forms${c.semantic ? ' and what the caller may not touch' : ''}, writing nothing`, async () => {
      signInAs(c.as);
      const before = await databaseFingerprint();
      const input = c.semantic
        ? fc.oneof({ weight: 3, arbitrary: badForm(c.template, c.schema) }, { weight: 1, arbitrary: fc.constantFrom(...c.semantic()) })
        : badForm(c.template, c.schema);
      try {
        await fc.assert(
          fc.asyncProperty(input, async (fields) => expectRefused(await c.action({}, toForm(fields)))),
          fuzzOptions(),
        );
      } finally {
        session.current = null;
      }
      expect(await databaseFingerprint()).toEqual(before);
    });
  }

  it('project actions called for a project the lead does not lead end in 404, writing nothing', async () => {
    signInAs('lead');
    const before = await databaseFingerprint();
    const projectId = fc.oneof(hostileString(), fc.constant(world.otherProject.id));
    const which = fc.constantFrom(...FORM_ACTIONS.filter((c) => 'projectId' in c.template() && c.name !== 'createApiTokenAction'));
    try {
      await fc.assert(
        fc.asyncProperty(projectId, which, async (id, c) => {
          const digest = await c.action({}, toForm({ ...c.template(), projectId: id })).then(
            (answer) => `answered ${JSON.stringify(answer)}`,
            (e: unknown) => String((e as { digest?: unknown }).digest),
          );
          expect(digest).toBe('NEXT_HTTP_ERROR_FALLBACK;404');
        }),
        fuzzOptions(),
      );
    } finally {
      session.current = null;
    }
    expect(await databaseFingerprint()).toEqual(before);
  });
});

describe('fuzz: ranking screen actions', () => {
  const draft = () => ({
    assignmentId: own.id,
    draft: {
      ratings: [{ responseId: own.shown[0], likert: 5 }],
      ranking: own.shown.map((id) => [id]),
      rankingTouched: true,
      promptFlags: [],
      activeMs: 10,
    },
  });
  const submit = () => ({ assignmentId: own.id, ranking: own.shown.map((id) => [id]), ratings: [], promptFlags: [], durationMs: 1000 });
  const perturbDraft = () => ({
    assignmentId: own.id,
    draft: { text: 'Changed.', description: 'd', category: 'accuracy', severity: 2, missableBecause: 'm', activeMs: 10 },
  });
  const perturbSubmit = () => ({
    assignmentId: own.id,
    flawedText: 'Changed.',
    description: 'd',
    category: 'accuracy',
    severity: 2,
    missableBecause: 'm',
    activeMs: 10,
  });
  const detectDraft = () => ({
    assignmentId: own.id,
    draft: { likert: 4, saysFlawed: true, span: { start: 0, end: 3 }, description: 'd', severity: 2, critiqueMarks: [], activeMs: 10 },
  });
  const detectSubmit = () => ({
    assignmentId: own.id,
    likert: 4,
    saysFlawed: true,
    span: { start: 0, end: 3 },
    description: 'd',
    severity: 2,
    critiqueMarks: [],
    activeMs: 10,
  });
  const bad = (template: () => Record<string, unknown>, schema: Schema) =>
    fc.oneof(hostileJson(), mutated(template())).filter((v) => !schema.safeParse(v).success);

  const cases: { name: string; call: (input: unknown) => Promise<Answer>; input: () => fc.Arbitrary<unknown> }[] = [
    {
      name: 'saveDraftAction',
      call: (input) => label.saveDraftAction(world.project.id, input),
      input: () =>
        fc.oneof(
          bad(draft, ZSaveDraft),
          fc.constantFrom({ ...draft(), assignmentId: peerAssignment }, { ...draft(), draft: { ranking: [[otherItem.r[0]]] } }),
        ),
    },
    {
      name: 'submitRankingAction',
      call: (input) => label.submitRankingAction(world.project.id, 'en', input),
      input: () => {
        const [a = '', b = '', c = ''] = own.shown;
        return fc.oneof(
          bad(submit, ZSubmitRanking),
          fc.constantFrom(
            { ...submit(), assignmentId: peerAssignment },
            { ...submit(), ranking: [[a], [b]] },
            { ...submit(), ranking: [[a], [b], [otherItem.r[0]]] },
            { ...submit(), ranking: [[a, b], [c], [a]] },
            { ...submit(), ratings: [{ responseId: a, flags: ['not_a_flag'] }] },
            { ...submit(), ratings: [{ responseId: a, flaws: [{ start: 5, end: 99_999, category: 'other', severity: 1 }] }] },
            { ...submit(), promptFlags: ['not_a_prompt_flag'] },
          ),
        );
      },
    },
    {
      // The labeler's own assignment is a RANK one: a perturb draft or submit on it is not found.
      name: 'savePerturbationDraftAction',
      call: (input) => label.savePerturbationDraftAction(world.project.id, input),
      input: () =>
        fc.oneof(
          bad(perturbDraft, ZSavePerturbationDraft),
          fc.constantFrom(perturbDraft(), { ...perturbDraft(), assignmentId: peerAssignment }),
        ),
    },
    {
      name: 'submitPerturbationAction',
      call: (input) => label.submitPerturbationAction(world.project.id, 'en', input),
      input: () =>
        fc.oneof(
          bad(perturbSubmit, ZSubmitPerturbation),
          fc.constantFrom(perturbSubmit(), { ...perturbSubmit(), assignmentId: peerAssignment }),
        ),
    },
    {
      // The labeler's own assignment is a RANK one: a detect draft, submit or follow-up on it is not found.
      name: 'saveDetectDraftAction',
      call: (input) => label.saveDetectDraftAction(world.project.id, input),
      input: () =>
        fc.oneof(bad(detectDraft, ZSaveDetectDraft), fc.constantFrom(detectDraft(), { ...detectDraft(), assignmentId: peerAssignment })),
    },
    {
      name: 'submitDetectTrialAction',
      call: (input) => label.submitDetectTrialAction(world.project.id, 'en', input),
      input: () =>
        fc.oneof(
          bad(detectSubmit, ZSubmitDetectTrial),
          fc.constantFrom(detectSubmit(), { ...detectSubmit(), assignmentId: peerAssignment }, { ...detectSubmit(), saysFlawed: false }),
        ),
    },
    {
      name: 'recordWouldHaveNoticedAction',
      call: (input) => label.recordWouldHaveNoticedAction(world.project.id, input),
      input: () =>
        fc.oneof(
          bad(() => ({ assignmentId: own.id, wouldHaveNoticed: true }), ZWouldHaveNoticed),
          fc.constant({ assignmentId: peerAssignment, wouldHaveNoticed: false }),
        ),
    },
    {
      // Issue 25. Assistance is off in this project: even the labeler's own task is refused (nothing asked, nothing stored).
      name: 'askAssistantAction',
      call: (input) => assistance.askAssistantAction(world.project.id, input),
      input: () => {
        const ask = () => ({ assignmentId: own.id, clientKey: 'fuzz-key-1', kind: 'CRITIQUE', responseId: own.shown[0] });
        return fc.oneof(bad(ask, ZAskAssistant), fc.constantFrom(ask(), { ...ask(), assignmentId: peerAssignment }));
      },
    },
    {
      name: 'recordAssistanceLookAction',
      call: (input) => assistance.recordAssistanceLookAction(world.project.id, input),
      input: () => {
        const look = () => ({ assignmentId: own.id, looks: [{ requestId: own.id, visibleMs: 1000 }] });
        return fc.oneof(bad(look, ZRecordAssistanceLook), fc.constant({ ...look(), assignmentId: peerAssignment }));
      },
    },
    {
      name: 'skipTaskAction',
      call: (input) => label.skipTaskAction(world.project.id, input),
      input: () =>
        fc.oneof(
          bad(() => ({ assignmentId: own.id, reason: 'other', note: 'why' }), ZSkipTask),
          fc.constant({ assignmentId: peerAssignment, reason: 'broken' }),
        ),
    },
  ];

  for (const c of cases) {
    it(`${c.name} refuses malformed values and other labelers' tasks, writing nothing`, async () => {
      signInAs('labeler');
      const before = await databaseFingerprint();
      try {
        await fc.assert(
          fc.asyncProperty(c.input(), async (input) => expectRefused(await c.call(input))),
          fuzzOptions(),
        );
      } finally {
        session.current = null;
      }
      expect(await databaseFingerprint()).toEqual(before);
    });
  }
});

// Issue 21 item 2: NUL (and, where a value rather than a form carries them, unpaired surrogates,
// JSON nested 5,000 deep and non-finite numbers) in every field of every action: refused by the
// storable-input rule before anything else, naming the field, writing nothing. FormData turns an
// unpaired surrogate into U+FFFD, and form fields are strings, so forms get NUL only.
describe('fuzz: unstorable values in every field of every action', () => {
  type FormAnswer = Answer & { errors?: Record<string, string[]> };

  it('form actions answer "fix the highlighted fields" with the field named, for NUL in any field', async () => {
    const before = await databaseFingerprint();
    let calls = 0;
    try {
      for (const c of FORM_ACTIONS) {
        signInAs(c.as);
        const template = c.template();
        for (const key of Object.keys(template).filter((k) => k !== 'projectId')) {
          const answer = (await c.action({}, toForm({ ...template, [key]: 'before\u0000after' }))) as FormAnswer;
          expectRefused(answer);
          expect(answer.errors?.[key]?.[0], `${c.name} ${key}: ${JSON.stringify(answer)}`).toMatch(/NUL character/);
          calls += 1;
        }
      }
    } finally {
      session.current = null;
    }
    expect(calls).toBeGreaterThan(60);
    expect(await databaseFingerprint()).toEqual(before);
  });

  it('value actions (ranking screen, perturb, detect, skip) refuse every unstorable value in every field, naming it', async () => {
    const before = await databaseFingerprint();
    const templates: [string, (input: unknown) => Promise<Answer>, Record<string, unknown>][] = [
      [
        'saveDraftAction',
        (i) => label.saveDraftAction(world.project.id, i),
        {
          assignmentId: own.id,
          draft: {
            ratings: [
              {
                responseId: own.shown[0],
                likert: 5,
                flags: ['hallucination'],
                flaws: [{ start: 0, end: 1, category: 'accuracy', severity: 2, comment: 'c' }],
              },
            ],
            ranking: own.shown.map((id) => [id]),
            rankingTouched: true,
            promptFlags: [],
            activeMs: 10,
          },
        },
      ],
      [
        'submitRankingAction',
        (i) => label.submitRankingAction(world.project.id, 'en', i),
        {
          assignmentId: own.id,
          ranking: own.shown.map((id) => [id]),
          ratings: [
            {
              responseId: own.shown[0],
              likert: 4,
              flags: [],
              flaws: [{ start: 0, end: 1, category: 'accuracy', severity: 2, comment: 'c' }],
            },
          ],
          promptFlags: [],
          durationMs: 1000,
        },
      ],
      ['skipTaskAction', (i) => label.skipTaskAction(world.project.id, i), { assignmentId: own.id, reason: 'other', note: 'why' }],
      [
        'savePerturbationDraftAction',
        (i) => label.savePerturbationDraftAction(world.project.id, i),
        {
          assignmentId: own.id,
          draft: { text: 'Changed.', description: 'd', category: 'accuracy', severity: 2, missableBecause: 'm', activeMs: 10 },
        },
      ],
      [
        'submitPerturbationAction',
        (i) => label.submitPerturbationAction(world.project.id, 'en', i),
        {
          assignmentId: own.id,
          flawedText: 'Changed.',
          description: 'd',
          category: 'accuracy',
          severity: 2,
          missableBecause: 'm',
          activeMs: 10,
        },
      ],
      [
        'saveDetectDraftAction',
        (i) => label.saveDetectDraftAction(world.project.id, i),
        {
          assignmentId: own.id,
          draft: {
            likert: 4,
            saysFlawed: true,
            span: { start: 0, end: 3 },
            description: 'd',
            severity: 2,
            critiqueMarks: [],
            activeMs: 10,
          },
        },
      ],
      [
        'submitDetectTrialAction',
        (i) => label.submitDetectTrialAction(world.project.id, 'en', i),
        {
          assignmentId: own.id,
          likert: 4,
          saysFlawed: true,
          span: { start: 0, end: 3 },
          description: 'd',
          severity: 2,
          critiqueMarks: [],
          activeMs: 10,
        },
      ],
      [
        'recordWouldHaveNoticedAction',
        (i) => label.recordWouldHaveNoticedAction(world.project.id, i),
        { assignmentId: own.id, wouldHaveNoticed: true },
      ],
    ];
    let calls = 0;
    signInAs('labeler');
    try {
      for (const [name, call, template] of templates) {
        for (const variant of unstorableVariants(template)) {
          const answer = await call(variant.value);
          expectRefused(answer);
          expect(answer.error, `${name} ${variant.label}`).toMatch(new RegExp(`^${variant.path.join('\\.')}[.:]`));
          calls += 1;
        }
      }
    } finally {
      session.current = null;
    }
    expect(calls).toBeGreaterThan(200);
    expect(await databaseFingerprint()).toEqual(before);
  });
});
