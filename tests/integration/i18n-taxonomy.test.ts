/**
 * Issue 31, per-locale taxonomy against a real PostgreSQL: a lead's texts per locale saved and
 * validated (form and lib), the labeler's view of them with the default-language fallback, the
 * working locale stored with a judgment (through the label page's action, the lib submit of each
 * path, and refused when not a locale), and the dashboard's split by working locale on seeded judgments.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { PoolSimJudgment } from '../helpers/pool-fixture';

const session: { current: { user: { id: string; sv: number } } | null } = { current: null };
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () => session.current,
}));
vi.mock('next/server', () => ({ after: () => undefined, connection: async () => undefined }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
// The label actions translate their errors with next-intl on the server; outside a request, in English.
vi.mock('next-intl/server', async () => {
  const { createTranslator } = await import('next-intl');
  const { default: messages } = await import('@/messages/en.json');
  return {
    getLocale: async () => 'en',
    getTranslations: async (namespace?: string) => createTranslator({ locale: 'en', messages, namespace: namespace as never }),
  };
});

const actions = await import('@/app/(app)/label/[projectId]/actions');
const { saveTranslationAction } = await import('@/app/(app)/projects/[projectId]/taxonomy/translations/actions');
const { buildItem, buildProject, buildUser } = await import('@/lib/builders');
const { getDb, getPgPool } = await import('@/lib/db');
const { findGroupBreakdown, WORKING_LOCALE_ATTRIBUTE } = await import('@/lib/dashboard/find-group-breakdown');
const { findLocaleAgreement } = await import('@/lib/dashboard/find-locale-agreement');
const { claimNextTask, submitRanking } = await import('@/lib/tasks/kinds/rank');
const { getProjectTranslation } = await import('@/lib/taxonomy/get-project-translation');
const { localizeProjectTexts, localizeTaxonomy } = await import('@/lib/taxonomy/localize-project-texts');
const { getCurrentTaxonomy } = await import('@/lib/taxonomy/get-current-taxonomy');
const { saveProjectTranslation } = await import('@/lib/taxonomy/save-project-translation');
const { updateTaxonomy } = await import('@/lib/taxonomy/update-taxonomy');
const { ZSaveTranslationForm } = await import('@/lib/taxonomy/schemas');
const { ZSubmitRanking } = await import('@/lib/judgments/schemas');
const { insertPoolProject } = await import('../helpers/pool-fixture');
const { drainJobs } = await import('../helpers/drain-jobs');

type Ids = { leadId: string; labelerId: string; projectId: string };
let ids: Ids;

async function sessionOf(userId: string) {
  const { sessionVersion } = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
  session.current = { user: { id: userId, sv: sessionVersion } };
}

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

beforeAll(async () => {
  const lead = await buildUser({ role: 'LEAD', password: null });
  const labeler = await buildUser({ role: 'LABELER', password: null });
  const project = await buildProject({ actorId: lead.id, guidelines: 'Rank by helpfulness.', members: [labeler.email], overlap: 3 });
  for (let i = 0; i < 4; i++)
    await buildItem({ projectId: project.id, externalId: `i18n-${i}`, prompt: `q${i}`, responses: [{ text: 'a' }, { text: 'b' }] });
  ids = { leadId: lead.id, labelerId: labeler.id, projectId: project.id };
});

describe('a lead’s texts per locale', () => {
  it('parses the form: empty rows dropped, a description needs a label, the locale must be one of LOCALES', () => {
    const base = { projectId: ids.projectId, locale: 'es' };
    expect(
      ZSaveTranslationForm.parse({
        ...base,
        'responseFlags.hallucination.label': ' Alucinación ',
        'responseFlags.hallucination.description': 'Inventa hechos',
        'responseFlags.harmful_advice.label': '',
        'responseFlags.harmful_advice.description': ' ',
        'skipReasons.other.label': 'Otro motivo',
        guidelines: '  Ordena por utilidad. ',
      }),
    ).toEqual({
      ...base,
      responseFlags: { hallucination: { label: 'Alucinación', description: 'Inventa hechos' } },
      promptFlags: {},
      skipReasons: { other: { label: 'Otro motivo', description: '' } },
      guidelines: 'Ordena por utilidad.',
    });
    const errors = (fields: Record<string, string>) => {
      const r = ZSaveTranslationForm.safeParse({ ...base, ...fields });
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
    };
    expect(errors({ 'promptFlags.ambiguous.description': 'Sin etiqueta' })).toEqual({
      'promptFlags.ambiguous.label': 'A flag needs a label',
    });
    expect(errors({ locale: 'xx' })).toEqual({ locale: expect.stringContaining('A locale is one of en, es, de') });
    expect(errors({ locale: 'en-GB' })).toHaveProperty('locale');
    expect(errors({ 'skipReasons.bored.label': 'Aburrido' })).toEqual({ skipReasons: 'Unrecognized key: "bored"' });
    expect(errors({ 'responseFlags.hallucination.label': 'x'.repeat(121) })).toEqual({
      'responseFlags.hallucination.label': 'A flag label is 120 characters at most',
    });
  });

  it('saves through the lead’s action, refuses a labeler and a flag the taxonomy lacks, and keeps older versions’ texts', async () => {
    const { projectId, leadId, labelerId } = ids;
    const fields = {
      projectId,
      locale: 'es',
      'responseFlags.hallucination.label': 'Alucinación / inventa hechos',
      'promptFlags.ambiguous.label': 'Ambiguo',
      'skipReasons.not_my_expertise.label': 'No es mi especialidad',
      'skipReasons.not_my_expertise.description': 'Pide otro tema',
      guidelines: 'Ordena por utilidad.',
    };

    await sessionOf(labelerId);
    await expect(saveTranslationAction({}, form(fields))).rejects.toThrow();
    expect(await getDb().projectTranslation.count({ where: { projectId } })).toBe(0);

    await sessionOf(leadId);
    expect(await saveTranslationAction({}, form(fields))).toMatchObject({ ok: true, message: 'Saved the Español texts.' });
    const saved = await getProjectTranslation({ projectId, locale: 'es' });
    expect(saved).toEqual({
      defaultLocale: 'en',
      translation: {
        locale: 'es',
        responseFlags: { hallucination: { label: 'Alucinación / inventa hechos', description: '' } },
        promptFlags: { ambiguous: { label: 'Ambiguo', description: '' } },
        skipReasons: { not_my_expertise: { label: 'No es mi especialidad', description: 'Pide otro tema' } },
        guidelines: 'Ordena por utilidad.',
      },
    });
    const audit = await getDb().auditEvent.findMany({
      where: { projectId, action: 'project.translation.update' },
      select: { actorId: true, data: true },
    });
    expect(audit).toEqual([
      {
        actorId: leadId,
        data: {
          locale: 'es',
          responseFlags: ['hallucination'],
          promptFlags: ['ambiguous'],
          skipReasons: ['not_my_expertise'],
          guidelines: true,
        },
      },
    ]);

    // A flag not in the current taxonomy is named on its row; nothing is written.
    const refused = await saveTranslationAction({}, form({ ...fields, 'responseFlags.too_long.label': 'Demasiado largo' }));
    expect(refused).toMatchObject({
      ok: false,
      errors: { 'responseFlags.too_long.label': [expect.stringContaining('"too_long" is not a flag')] },
    });
    expect((await getProjectTranslation({ projectId, locale: 'es' }))?.translation.responseFlags).not.toHaveProperty('too_long');

    // A new version drops "hallucination": its Spanish text stays (for tasks claimed under version 1), the new flag's is added.
    const v1 = await getCurrentTaxonomy({ projectId });
    await updateTaxonomy({
      actorId: leadId,
      projectId,
      baseVersion: v1.version,
      flags: { responseFlags: [{ key: 'too_long', label: 'Too long', description: '' }], promptFlags: v1.promptFlags },
    });
    await saveProjectTranslation({
      actorId: leadId,
      projectId,
      translation: {
        locale: 'es',
        responseFlags: { too_long: { label: 'Demasiado largo', description: '' } },
        promptFlags: {},
        skipReasons: {},
        guidelines: '',
      },
    });
    const after = (await getProjectTranslation({ projectId, locale: 'es' }))!.translation;
    expect(after.responseFlags).toEqual({
      hallucination: { label: 'Alucinación / inventa hechos', description: '' },
      too_long: { label: 'Demasiado largo', description: '' },
    });
    expect(after.promptFlags).toEqual({});
    expect(after.guidelines).toBe('');
    // Put version 1's flags back for the tests below.
    await updateTaxonomy({
      actorId: leadId,
      projectId,
      baseVersion: v1.version + 1,
      flags: { responseFlags: v1.responseFlags, promptFlags: v1.promptFlags },
    });
    await saveProjectTranslation({
      actorId: leadId,
      projectId,
      translation: {
        locale: 'es',
        responseFlags: { hallucination: { label: 'Alucinación / inventa hechos', description: 'Afirma cosas falsas' } },
        promptFlags: {},
        skipReasons: { broken: { label: 'Roto', description: '' } },
        guidelines: '',
      },
    });
  });

  it('shows labelers their locale’s texts, and the default text marked where one is missing', async () => {
    const { projectId } = ids;
    const taxonomy = await getCurrentTaxonomy({ projectId });
    const es = (await getProjectTranslation({ projectId, locale: 'es' }))!;
    const shown = localizeTaxonomy(taxonomy, es, 'es');
    // Keys never change: only the display text.
    expect(shown.responseFlags.map((f) => f.key)).toEqual(taxonomy.responseFlags.map((f) => f.key));
    expect(shown.responseFlags.find((f) => f.key === 'hallucination')).toEqual({
      key: 'hallucination',
      label: 'Alucinación / inventa hechos',
      description: 'Afirma cosas falsas',
    });
    expect(shown.responseFlags.find((f) => f.key === 'harmful_advice')).toEqual({
      key: 'harmful_advice',
      label: 'Harmful advice',
      description: '',
      fallback: { locale: 'en', language: 'inglés' },
    });
    expect(shown.promptFlags.every((f) => f.fallback?.locale === 'en')).toBe(true);
    expect(localizeProjectTexts({ texts: es, locale: 'es', defaultGuidelines: 'Rank by helpfulness.' })).toEqual({
      locale: 'es',
      guidelines: { text: 'Rank by helpfulness.', fallback: { locale: 'en', language: 'inglés' } },
      skipReasons: { broken: { label: 'Roto', description: '' } },
    });

    // German: nothing written, all default text, named in German.
    const de = (await getProjectTranslation({ projectId, locale: 'de' }))!;
    expect(localizeTaxonomy(taxonomy, de, 'de').responseFlags[0]).toMatchObject({ fallback: { locale: 'en', language: 'Englisch' } });
    // In the project's default locale nothing is marked.
    const en = (await getProjectTranslation({ projectId, locale: 'en' }))!;
    expect(localizeTaxonomy(taxonomy, en, 'en')).toEqual(taxonomy);
    expect(localizeProjectTexts({ texts: en, locale: 'en', defaultGuidelines: 'Rank by helpfulness.' }).guidelines).toEqual({
      text: 'Rank by helpfulness.',
    });

    // A project whose default is Spanish: English labelers see the Spanish text marked "español".
    await getPgPool().query(`UPDATE projects SET settings = settings || '{"defaultLocale":"es"}'::jsonb WHERE id = $1`, [projectId]);
    const fromEs = (await getProjectTranslation({ projectId, locale: 'en' }))!;
    expect(fromEs.defaultLocale).toBe('es');
    expect(localizeTaxonomy(taxonomy, fromEs, 'en').responseFlags[0]).toMatchObject({ fallback: { locale: 'es', language: 'Spanish' } });
    await getPgPool().query(`UPDATE projects SET settings = settings - 'defaultLocale' WHERE id = $1`, [projectId]);
  });
});

describe('the working locale of a judgment', () => {
  const body = async (userId: string) => {
    const task = await claimNextTask({ projectId: ids.projectId, userId });
    if (!task) throw new Error('no task');
    const { shownOrder } = await getDb().assignment.findUniqueOrThrow({ where: { id: task.assignmentId }, select: { shownOrder: true } });
    return {
      assignmentId: task.assignmentId,
      ranking: shownOrder.map((id) => [id]),
      allUnacceptable: false,
      ratings: [],
      promptFlags: [],
      durationMs: 1000,
    };
  };
  const localeOf = async (assignmentId: string) =>
    (await getDb().judgment.findUniqueOrThrow({ where: { assignmentId }, select: { locale: true } })).locale;

  it('is the locale the label page bound to its submit action, checked like the rest of the body', async () => {
    const { projectId, labelerId } = ids;
    await sessionOf(labelerId);
    const first = await body(labelerId);
    expect(await actions.submitRankingAction(projectId, 'xx', first)).toMatchObject({
      ok: false,
      fieldErrors: { locale: [expect.stringContaining('A locale is one of')] },
    });
    expect(await getDb().judgment.count({ where: { assignmentId: first.assignmentId } })).toBe(0);
    expect(await actions.submitRankingAction(projectId, 'es', first)).toEqual({ ok: true, duplicate: false });
    expect(await localeOf(first.assignmentId)).toBe('es');
    // A repeat is idempotent whatever locale it names.
    expect(await actions.submitRankingAction(projectId, 'de', first)).toEqual({ ok: true, duplicate: true });
    expect(await localeOf(first.assignmentId)).toBe('es');
  });

  it('is stored by both submit paths (one round-trip EXECUTE and the plain insert) and null when none is named', async () => {
    const { projectId } = ids;
    const other = await buildUser({ role: 'LABELER', password: null });
    await getPgPool().query(`INSERT INTO memberships ("projectId", "userId") VALUES ($1, $2)`, [projectId, other.id]);
    const a = await body(other.id);
    await submitRanking({ userId: other.id, projectId, input: ZSubmitRanking.parse({ ...a, locale: 'pt-BR' }) });
    expect(await localeOf(a.assignmentId)).toBe('pt-BR');
    const b = await body(other.id);
    await submitRanking({ userId: other.id, projectId, input: ZSubmitRanking.parse(b) });
    expect(await localeOf(b.assignmentId)).toBeNull();
    expect(ZSubmitRanking.safeParse({ ...b, locale: 'klingon' }).success).toBe(false);
  });
});

describe('the dashboard split by working locale', () => {
  it(
    'groups agreement and model scores by the locale judgments were made in, and splits the labelers table',
    { timeout: 120_000 },
    async () => {
      // Ten labelers, three per item: 0–4 Spanish prefer m0, 5–9 English prefer m1; labeler 9 ranks half of theirs in German.
      const LABELERS = 10;
      const ITEMS = 60;
      const judgments: PoolSimJudgment[] = [];
      for (let item = 0; item < ITEMS; item++)
        for (const labeler of [item % LABELERS, (item + 1) % LABELERS, (item + 2) % LABELERS])
          judgments.push({
            item,
            labeler,
            shownOrder: [0, 1],
            ranking: labeler < 5 ? [[0], [1]] : [[1], [0]],
            durationMs: 20_000,
            seconds: judgments.length,
          });
      const { project, users, items } = await insertPoolProject({ labelers: LABELERS, items: ITEMS, k: 2, judgments });
      await getPgPool().query(
        `UPDATE judgments j SET locale = CASE
         WHEN j."userId" = ANY($1::uuid[]) THEN 'es'
         WHEN j."userId" = $2::uuid AND j."itemId" = ANY($3::uuid[]) THEN 'de'
         ELSE 'en' END
       FROM items i WHERE i.id = j."itemId" AND i."projectId" = $4`,
        [users.slice(0, 5), users[9], items.filter((_, i) => i % 2 === 0), project.id],
      );
      await drainJobs({ projectId: project.id });

      const view = await findGroupBreakdown({ projectId: project.id, attribute: WORKING_LOCALE_ATTRIBUTE });
      expect(view.attribute).toBe(WORKING_LOCALE_ATTRIBUTE);
      const breakdown = view.breakdown!;
      expect(breakdown.groups.map((g) => [g.value, g.labelers])).toEqual([
        ['en', 5],
        ['es', 5],
      ]);
      expect(breakdown.hiddenGroups).toBe(1); // German: one labeler
      const group = (value: string) => breakdown.groups.find((g) => g.value === value)!;
      const esJudgments = judgments.filter((j) => j.labeler < 5).length;
      expect(group('es').judgments).toBe(esJudgments);
      expect(group('es').models.find((m) => m.modelId === 'm0')!.rating.estimate).toBeGreaterThan(
        group('en').models.find((m) => m.modelId === 'm0')!.rating.estimate,
      );
      // The pooled numbers count each labeler once, as without the split.
      expect(breakdown.pooled.labelers).toBe(LABELERS);
      expect(breakdown.pooled.judgments).toBe(judgments.length);

      const rows = await findLocaleAgreement({ projectId: project.id });
      const of = (userId: string) => rows.filter((r) => r.userId === userId).map((r) => [r.locale, r.judgments]);
      const count = (labeler: number, even?: boolean) =>
        judgments.filter((j) => j.labeler === labeler && (even === undefined || (j.item % 2 === 0) === even)).length;
      expect(of(users[0]!)).toEqual([['es', count(0)]]);
      expect(of(users[9]!).sort()).toEqual(
        [
          ['de', count(9, true)],
          ['en', count(9, false)],
        ].sort(),
      );
      // Each labeler's rows add up to their leave-one-out pairs in the labelers table.
      const { rows: totals } = await getPgPool().query<{ agree: number; compared: number }>(
        `SELECT sum("looAgree")::int AS agree, sum("looCompared")::int AS compared FROM judgment_stats WHERE "projectId" = $1 AND "userId" = $2`,
        [project.id, users[9]],
      );
      const nine = rows.filter((r) => r.userId === users[9]);
      expect(totals[0]!.compared).toBeGreaterThan(0);
      expect(nine.reduce((t, r) => t + r.looAgreement.compared, 0)).toBe(totals[0]!.compared);
      expect(nine.reduce((t, r) => t + r.looAgreement.hits, 0)).toBe(totals[0]!.agree);
      for (const r of nine)
        expect(r.looAgreement.rate).toBe(r.looAgreement.compared > 0 ? r.looAgreement.hits / r.looAgreement.compared : Number.NaN);
    },
  );
});
