/**
 * The labeler pool (issue 10): profiles (validation naming the field, clear), routing in
 * the ranking and demonstration claims (lib/tasks/kinds) under concurrency (unqualified labelers never get a
 * routed item; no item over-filled), project-wide requirements, and starving items.
 */
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { getDb, getPgPool } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { claimNextTask } from '@/lib/tasks/kinds/rank';
import { submitAsShown } from '../helpers/submit-as-shown';
import { clearMyProfile } from '@/lib/pool/clear-my-profile';
import { findMemberProfiles } from '@/lib/pool/find-member-profiles';
import { findStarvingItems } from '@/lib/pool/find-starving-items';
import { getMyProfile } from '@/lib/pool/get-my-profile';
import { updatePoolSettings } from '@/lib/pool/pool-settings';
import { saveMyProfile } from '@/lib/pool/save-my-profile';
import { saveProfileField } from '@/lib/pool/save-profile-field';
import { ZPoolSettings, ZProfileField } from '@/lib/pool/schemas';
import { claimDemonstrationTask } from '@/lib/tasks/kinds/demonstrate';

async function setup(options: { items: number; overlap: number; labelers: number; settings?: Record<string, unknown> }) {
  const project = await buildProject({ name: 'Pool', overlap: options.overlap, settings: options.settings });
  const users = await insertUsers({ count: options.labelers, name: (n) => `P${String(n).padStart(2, '0')}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  const items = await insertItems({
    projectId: project.id,
    count: options.items,
    prompt: 'q',
    responses: [{ text: 'a' }, { text: 'b' }, { text: 'c' }],
  });
  return { project, labelers: users.map((u) => u.id), items: items.map((i) => i.id) };
}

const submit = (userId: string, task: { projectId: string; assignmentId: string; shownOrder: string[] }) => submitAsShown(userId, task);

async function refusalOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, fields: error.fieldErrors ?? {} };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('labeler profile', () => {
  it('saves normalised attributes, names the field of a bad value, and clears everything (audited without values)', async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 1, labelers: 2 });
    const [me, other] = labelers as [string, string];
    const field = await saveProfileField({
      actorId: me,
      input: ZProfileField.parse({ projectId: project.id, key: 'Team', label: 'Team', type: 'SELECT', options: 'red, blue' }),
    });
    await saveMyProfile({
      userId: me,
      input: {
        languages: [
          { language: '  German ', proficiency: 'NATIVE' },
          { language: 'english', proficiency: 'FLUENT' },
        ],
        region: ' EU ',
        expertise: ['Law', 'law', ' Medicine '],
        fields: { [field.id]: 'blue' },
      },
    });
    const mine = await getMyProfile({ userId: me });
    expect(mine.languages).toEqual([
      { language: 'german', proficiency: 'NATIVE' },
      { language: 'english', proficiency: 'FLUENT' },
    ]);
    expect(mine.region).toBe('EU');
    expect(mine.expertise).toEqual(['law', 'medicine']);
    expect(mine.projects[0]!.fields[0]).toMatchObject({ key: 'team', value: 'blue' });

    const lead = await findMemberProfiles({ projectId: project.id });
    expect(lead.members.find((m) => m.userId === me)).toMatchObject({ region: 'EU', fields: { team: 'blue' } });
    expect(lead.members.find((m) => m.userId === other)).toMatchObject({ languages: [], region: null, fields: {} });

    const badLevel = await refusalOf(
      saveMyProfile({ userId: me, input: { languages: [{ language: 'french', proficiency: 'EXPERT' as 'NATIVE' }] } }),
    );
    expect(badLevel.code).toBe('INVALID_INPUT');
    expect(Object.keys(badLevel.fields)).toEqual(['languages.0.proficiency']);
    const twice = await refusalOf(
      saveMyProfile({
        userId: me,
        input: {
          languages: [
            { language: 'French', proficiency: 'FLUENT' },
            { language: 'french ', proficiency: 'NATIVE' },
          ],
        },
      }),
    );
    expect(twice.fields['languages.1.language']?.[0]).toMatch(/french is listed twice/);
    const badOption = await refusalOf(saveMyProfile({ userId: me, input: { fields: { [field.id]: 'green' } } }));
    expect(badOption.fields[`field_${field.id}`]?.[0]).toMatch(/Team: choose one of the listed options/);
    // Another project's field is refused, never written.
    const { project: elsewhere } = await setup({ items: 1, overlap: 1, labelers: 1 });
    const foreign = await saveProfileField({
      actorId: me,
      input: ZProfileField.parse({ projectId: elsewhere.id, key: 'secret', label: 'Secret', type: 'TEXT' }),
    });
    const notMine = await refusalOf(saveMyProfile({ userId: me, input: { fields: { [foreign.id]: 'x' } } }));
    expect(notMine.fields[`field_${foreign.id}`]?.[0]).toMatch(/not in any of your projects/);

    await clearMyProfile({ userId: me });
    const cleared = await getMyProfile({ userId: me });
    expect(cleared).toMatchObject({ languages: [], region: null, expertise: [] });
    expect(cleared.projects[0]!.fields[0]!.value).toBe('');
    const audit = await getDb().auditEvent.findMany({
      where: { actorId: me, action: { startsWith: 'profile.' } },
      select: { action: true, data: true },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['profile.update', 'profile.clear']);
    expect(JSON.stringify(audit)).not.toMatch(/german|EU|law|blue/);
  });
});

describe('routing', () => {
  it(
    'parallel claims by qualified and unqualified labelers: routed items only to qualified ones, never over-filled',
    { timeout: 120_000 },
    async () => {
      const { project, labelers, items } = await setup({ items: 24, overlap: 3, labelers: 16 });
      const pool = getPgPool();
      // Items 0–7 need German (fluent+), 8–15 need law expertise, 16–23 are open to everyone.
      await pool.query(`UPDATE items SET "requiredLanguage" = 'german', "requiredProficiency" = 'FLUENT' WHERE id = ANY($1::uuid[])`, [
        items.slice(0, 8),
      ]);
      await pool.query(`UPDATE items SET "requiredExpertise" = 'law' WHERE id = ANY($1::uuid[])`, [items.slice(8, 16)]);
      const german = new Set(labelers.slice(0, 5));
      const lawyers = new Set(labelers.slice(3, 8));
      for (const u of labelers.slice(0, 5))
        await saveMyProfile({
          userId: u,
          input: { languages: [{ language: 'German', proficiency: 'NATIVE' }], expertise: lawyers.has(u) ? ['law'] : [] },
        });
      for (const u of labelers.slice(5, 8)) await saveMyProfile({ userId: u, input: { expertise: ['Law'] } });
      // German at WORKING level only: below the requirement.
      for (const u of labelers.slice(8, 11))
        await saveMyProfile({ userId: u, input: { languages: [{ language: 'german', proficiency: 'WORKING' }] } });

      const worker = async (w: number) => {
        const userId = labelers[w % labelers.length]!;
        for (let idle = 0; idle < 3;) {
          const task = await claimNextTask({ projectId: project.id, userId });
          if (!task) {
            idle += 1;
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          idle = 0;
          await submit(userId, task);
        }
      };
      await Promise.all(Array.from({ length: 32 }, (_, w) => worker(w)));

      const { rows } = await pool.query<{ itemId: string; userId: string }>(
        `SELECT "itemId", "userId" FROM judgments WHERE "itemId" = ANY($1::uuid[])`,
        [items],
      );
      const byItem = new Map<string, string[]>();
      for (const r of rows) byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r.userId]);
      expect(items.every((i) => byItem.get(i)?.length === 3)).toBe(true);
      for (const i of items.slice(0, 8)) expect(byItem.get(i)!.every((u) => german.has(u))).toBe(true);
      for (const i of items.slice(8, 16)) expect(byItem.get(i)!.every((u) => lawyers.has(u))).toBe(true);
      // The unrouted items went to the others as well.
      expect(
        items
          .slice(16)
          .flatMap((i) => byItem.get(i)!)
          .some((u) => !german.has(u) && !lawyers.has(u)),
      ).toBe(true);
      const over = await pool.query(
        `SELECT 1 FROM assignments WHERE "itemId" = ANY($1::uuid[]) AND kind = 'RANK' AND status <> 'EXPIRED' GROUP BY "itemId" HAVING count(*) > 3`,
        [items],
      );
      expect(over.rows).toHaveLength(0);
    },
  );

  it(
    'parallel demonstration claims: routed items only to qualified labelers, one demonstration slot each',
    { timeout: 120_000 },
    async () => {
      const { project, labelers, items } = await setup({
        items: 12,
        overlap: 1,
        labelers: 8,
        settings: { taskMix: { rank: 0, demonstrate: 1 } },
      });
      // Priority 1: the doctors' claims take the routed items first. Without it every item ties on the
      // claim's order (no slot taken, same priority, one createdAt), a doctor may take an unrouted item,
      // and a non-doctor is then left with nothing (seen when the plan's scan order changed).
      await getPgPool().query(`UPDATE items SET "requiredExpertise" = 'medicine', priority = 1 WHERE id = ANY($1::uuid[])`, [
        items.slice(0, 6),
      ]);
      const doctors = new Set(labelers.slice(0, 2));
      for (const u of doctors) await saveMyProfile({ userId: u, input: { expertise: ['medicine'] } });
      const claims = await Promise.all(
        Array.from({ length: 16 }, (_, w) => claimDemonstrationTask({ projectId: project.id, userId: labelers[w % labelers.length]! })),
      );
      const { rows } = await getPgPool().query<{ itemId: string; userId: string; n: number }>(
        `SELECT "itemId", "userId", count(*) OVER (PARTITION BY "itemId")::int AS n FROM assignments WHERE "projectId" = $1 AND kind = 'DEMONSTRATE' AND status = 'ACTIVE'`,
        [project.id],
      );
      // Each labeler asked twice and holds one assignment: both answers name it.
      expect(new Set(claims.map((c) => c!.assignmentId)).size).toBe(8);
      expect(rows).toHaveLength(8);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      for (const r of rows.filter((r) => items.slice(0, 6).includes(r.itemId))) expect(doctors.has(r.userId)).toBe(true);
      for (const r of rows.filter((r) => !doctors.has(r.userId))) expect(items.slice(6)).toContain(r.itemId);
    },
  );

  it('a project requirement applies to every item; demonstrations are routed too; starving items are listed', async () => {
    const { project, labelers, items } = await setup({
      items: 3,
      overlap: 2,
      labelers: 4,
      settings: { taskMix: { rank: 1, demonstrate: 1 } },
    });
    const [fluent, none, lawyer, other] = labelers as [string, string, string, string];
    await saveMyProfile({ userId: fluent, input: { languages: [{ language: 'japanese', proficiency: 'FLUENT' }] } });
    await saveMyProfile({ userId: lawyer, input: { languages: [{ language: 'japanese', proficiency: 'NATIVE' }], expertise: ['law'] } });
    await updatePoolSettings({
      actorId: fluent,
      input: ZPoolSettings.parse({
        projectId: project.id,
        requiredLanguage: 'Japanese',
        requiredProficiency: 'FLUENT',
        minGroupSize: '5',
        speedFloorSeconds: '8',
      }),
    });
    await getPgPool().query(`UPDATE items SET "requiredExpertise" = 'law' WHERE id = $1`, [items[0]]);

    expect(await claimNextTask({ projectId: project.id, userId: none })).toBeNull();
    expect(await claimDemonstrationTask({ projectId: project.id, userId: other })).toBeNull();
    const task = await claimNextTask({ projectId: project.id, userId: fluent });
    expect(task && task.itemId !== items[0]).toBe(true);
    const demo = await claimDemonstrationTask({ projectId: project.id, userId: lawyer });
    expect(demo?.kind).toBe('DEMONSTRATE');

    // Item 0 needs law: one qualified labeler for two open slots. Items 1–2 have as many qualified labelers as open slots.
    const starving = await findStarvingItems({ projectId: project.id });
    const byId = new Map(starving.items.map((s) => [s.itemId, s]));
    expect(byId.get(items[0]!)).toMatchObject({ remaining: 2, qualified: 1 });
    expect(byId.get(items[0]!)!.requirement).toContain('expertise law');
    expect(byId.get(items[0]!)!.requirement).toContain('project: japanese (fluent+)');
    expect(starving.total).toBe(1);
    // Nobody qualified is left for the item the fluent speaker holds once the lawyer is paused.
    await getPgPool().query(`UPDATE memberships SET paused = true WHERE "projectId" = $1 AND "userId" = $2`, [project.id, lawyer]);
    const after = await findStarvingItems({ projectId: project.id });
    expect(after.items.find((s) => s.itemId === task!.itemId)).toMatchObject({ remaining: 1, qualified: 0 });
    expect(after.items[0]!.qualified).toBe(0);
  });
});
