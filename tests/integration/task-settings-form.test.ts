/**
 * The task settings page's one form (issue 17) and its gold rate (issue 18): the mix, the gold
 * rate, each kind's settings and every member's task kinds are written in one transaction; a
 * bad member id refuses the whole save and nothing changes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildProject, insertMemberships, insertUsers } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { ZTaskSettingsForm } from '@/lib/projects/schemas';
import { readProjectSettings } from '@/lib/projects/settings';
import { updateTaskSettings } from '@/lib/projects/update-task-settings';
import { refusal } from '../helpers/refusal';

const FORM = {
  rankWeight: '1',
  demonstrateWeight: '0',
  perturbWeight: '0',
  detectWeight: '0',
  minLength: '1',
  maxLength: '100',
  overlap: '1',
  perturbOverlap: '1',
  perturbSourceMinLikert: '6',
  detectTrialsPerSource: '4',
  detectMinSpanOverlapPercent: '30',
};

async function setup() {
  const project = await buildProject({ name: 'Form', overlap: 1 });
  const users = await insertUsers({ count: 2, name: (n) => `F${n}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  return { projectId: project.id, users: users.map((u) => u.id) as [string, string] };
}

const kindsOf = async (projectId: string, userId: string) =>
  (await getDb().membership.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId } }, select: { allowedKinds: true } }))
    .allowedKinds;

describe('task settings form', () => {
  it('saves the gold rate and every member’s kinds with one Save, auditing only changed members', async () => {
    const { projectId, users } = await setup();
    const [a, b] = users;
    expect(readProjectSettings({}).goldRate).toBe(0.1);
    // As the browser posts it: one hidden `member` per member, their ticked `kinds:<id>` boxes (none for b).
    const input = ZTaskSettingsForm.parse({ ...FORM, goldRatePercent: '25', member: [a, b], [`kinds:${a}`]: ['RANK', 'DETECT'] });
    await updateTaskSettings({ actorId: a, projectId, input });
    const stored = await getDb().project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
    expect(readProjectSettings(stored.settings).goldRate).toBe(0.25);
    expect(await kindsOf(projectId, a)).toEqual(['RANK', 'DETECT']);
    expect(await kindsOf(projectId, b)).toEqual([]);
    const audit = await getDb().auditEvent.findMany({ where: { projectId, action: 'project.member.kinds' }, select: { targetId: true } });
    expect(audit).toEqual([{ targetId: a }]);

    // A percentage out of range is named on its field.
    const bad = ZTaskSettingsForm.safeParse({ ...FORM, goldRatePercent: '140', member: [a] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['goldRatePercent']);
  });

  it('refuses the whole save when one member is unknown: nothing changes', async () => {
    const { projectId, users } = await setup();
    const [a] = users;
    const stranger = randomUUID();
    const input = ZTaskSettingsForm.parse({
      ...FORM,
      goldRatePercent: '50',
      member: [a, stranger],
      [`kinds:${a}`]: 'RANK',
      [`kinds:${stranger}`]: 'RANK',
    });
    expect((await refusal(updateTaskSettings({ actorId: a, projectId, input }))).code).toBe('NOT_FOUND');
    const stored = await getDb().project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
    expect(readProjectSettings(stored.settings).goldRate).toBe(0.1);
    expect(await kindsOf(projectId, a)).toEqual([]);
  });
});
