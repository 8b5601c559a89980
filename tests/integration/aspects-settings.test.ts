/**
 * The aspects setting (issue 27): off by default; the form's rows become the list (blank rows are
 * no aspect, errors name the row); saving keeps the other settings, and a label given under the old
 * aspects keeps the name and description it was given under.
 */
import { describe, expect, it } from 'vitest';
import { ZAspectSettingsForm } from '@/lib/aspects/schemas';
import { buildItem, buildJudgment, buildProject, insertUsers } from '@/lib/builders';
import { getDb, getPgPool } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import { updateAspectSettings } from '@/lib/projects/update-aspect-settings';

describe('the aspects setting', () => {
  it('is off by default, with the three default aspects offered', async () => {
    const project = await buildProject({ overlap: 1 });
    const stored = await getDb().project.findUniqueOrThrow({ where: { id: project.id }, select: { settings: true } });

    const { aspects } = readProjectSettings(stored.settings);

    expect(aspects.enabled).toBe(false);
    expect(aspects.list.map((a) => a.name)).toEqual(['helpfulness', 'harmlessness', 'honesty']);
  });

  it('the form names the row of a bad name, a repeated name and a missing description; blank rows are no aspect', () => {
    const bad = ZAspectSettingsForm.safeParse({
      projectId: 'p',
      enabled: 'on',
      name: ['helpfulness', 'Bad Name', 'helpfulness', '', 'tone'],
      description: ['d', 'd', 'd', '', ''],
    });
    const good = ZAspectSettingsForm.safeParse({ projectId: 'p', name: ['tone', ''], description: ['Is the tone right?', ''] });

    expect(bad.success).toBe(false);
    expect(Object.fromEntries((bad.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]))).toEqual({
      name_1: 'An aspect name is lower-case letters, digits, _ and - (up to 40), starting with a letter',
      name_2: 'Two aspects have the same name',
      description_4: 'Describe the aspect for the labelers',
    });
    expect(good.data).toEqual({
      projectId: 'p',
      settings: { enabled: false, list: [{ name: 'tone', description: 'Is the tone right?' }] },
    });
  });

  it('changing the aspects keeps other settings and leaves stored answers as they were given', async () => {
    const project = await buildProject({
      overlap: 1,
      settings: { goldRate: 0.25, aspects: { enabled: true, list: [{ name: 'tone', description: 'Old words' }] } },
    });
    const [user] = await insertUsers({ count: 1 });
    const item = await buildItem({ projectId: project.id, responses: 2 });
    const judgment = await buildJudgment({
      item,
      userId: user?.id ?? '',
      aspects: [{ aspect: 'tone', description: 'Old words', ranking: [1, 0] }],
    });

    await updateAspectSettings({
      actorId: user?.id ?? '',
      projectId: project.id,
      settings: { enabled: true, list: [{ name: 'style', description: 'New words' }] },
    });

    const stored = await getDb().project.findUniqueOrThrow({ where: { id: project.id }, select: { settings: true } });
    expect(readProjectSettings(stored.settings)).toMatchObject({ goldRate: 0.25, aspects: { enabled: true, list: [{ name: 'style' }] } });
    const { rows } = await getPgPool().query(`SELECT aspect, description, ranking FROM judgment_aspects WHERE "judgmentId" = $1`, [
      judgment.id,
    ]);
    expect(rows).toEqual([{ aspect: 'tone', description: 'Old words', ranking: [[item.responses[1]?.id], [item.responses[0]?.id]] }]);
    const audit = await getDb().auditEvent.findFirst({
      where: { projectId: project.id, action: 'project.aspects.update' },
      select: { data: true },
    });
    expect(audit?.data).toMatchObject({ before: { list: [{ name: 'tone' }] }, after: { list: [{ name: 'style' }] } });
  });
});
