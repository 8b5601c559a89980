/**
 * The versioned flag taxonomy against a real PostgreSQL: the default version 1, saving a new
 * version (row, pointer, audit), stale and concurrent saves refused with 409, old versions
 * unchanged, the version list, and the editor's form refusing duplicate keys before any write.
 */
import { describe, expect, it } from 'vitest';
import { buildProject, buildUser } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { runAction } from '@/lib/forms/run-action';
import { readProjectSettings } from '@/lib/projects/settings';
import { DEFAULT_TAXONOMY } from '@/lib/taxonomy/defaults';
import { findTaxonomyVersions } from '@/lib/taxonomy/find-taxonomy-versions';
import { getCurrentTaxonomy } from '@/lib/taxonomy/get-current-taxonomy';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';
import { ZTaxonomyFlags, ZUpdateTaxonomyForm, type TTaxonomyFlags } from '@/lib/taxonomy/schemas';
import { updateTaxonomy } from '@/lib/taxonomy/update-taxonomy';
import { raceBehindLock } from '../helpers/race-behind-lock';
import { refusal } from '../helpers/refusal';

async function setup() {
  const lead = await buildUser({ role: 'LEAD', name: 'Lena Lead', password: null });
  const project = await buildProject({ name: 'Taxonomy', actorId: lead.id, overlap: 2 });
  return { leadId: lead.id, projectId: project.id };
}

const V2: TTaxonomyFlags = {
  responseFlags: [
    { key: 'hallucination', label: 'Makes up facts', description: 'Renamed: the key stays.' },
    { key: 'too_long', label: 'Too long', description: '' },
  ],
  promptFlags: [{ key: 'ambiguous', label: 'Ambiguous', description: '' }],
};

const storedVersions = async (projectId: string) =>
  (await getDb().flagTaxonomy.findMany({ where: { projectId }, orderBy: { version: 'asc' }, select: { version: true } })).map(
    (r) => r.version,
  );

const pointer = async (projectId: string) =>
  readProjectSettings((await getDb().project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } })).settings)
    .taxonomyVersion;

const taxonomyAudit = (projectId: string) =>
  getDb().auditEvent.findMany({
    where: { projectId, action: 'project.taxonomy.update' },
    orderBy: { id: 'asc' },
    select: { actorId: true, targetId: true, data: true },
  });

describe('taxonomy versions', () => {
  it('is the default taxonomy as version 1 while no lead has saved one', async () => {
    const { projectId } = await setup();

    expect(await storedVersions(projectId)).toEqual([]);
    expect(await pointer(projectId)).toBe(1);
    expect(await getCurrentTaxonomy({ projectId })).toEqual({ version: 1, ...DEFAULT_TAXONOMY });
    expect(await getTaxonomy({ projectId, version: 1 })).toEqual({ version: 1, ...DEFAULT_TAXONOMY });
    expect(await findTaxonomyVersions({ projectId })).toEqual([
      { version: 1, createdAt: null, createdBy: null, responseFlagCount: 11, promptFlagCount: 5, isDefault: true },
    ]);
  });

  it('saves version 2, moves the pointer, keeps the other settings and writes one audit row', async () => {
    const { leadId, projectId } = await setup();
    await getDb().project.update({ where: { id: projectId }, data: { settings: { leaseMinutes: 30 } } });

    expect(await updateTaxonomy({ actorId: leadId, projectId, baseVersion: 1, flags: V2 })).toEqual({ version: 2 });

    expect(await storedVersions(projectId)).toEqual([2]);
    const settings = (await getDb().project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } })).settings;
    expect(settings).toMatchObject({ leaseMinutes: 30, taxonomyVersion: 2 });
    expect(await getCurrentTaxonomy({ projectId })).toEqual({ version: 2, ...V2 });
    expect(await taxonomyAudit(projectId)).toEqual([
      {
        actorId: leadId,
        targetId: projectId,
        data: { version: 2, responseFlags: ['hallucination', 'too_long'], promptFlags: ['ambiguous'] },
      },
    ]);
    const [latest, first, ...rest] = await findTaxonomyVersions({ projectId });
    expect(rest).toEqual([]);
    expect(latest).toEqual({
      version: 2,
      createdAt: expect.any(Date),
      createdBy: 'Lena Lead',
      responseFlagCount: 2,
      promptFlagCount: 1,
      isDefault: false,
    });
    expect(Math.abs((latest?.createdAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(first).toMatchObject({ version: 1, isDefault: true });
  });

  it('keeps every earlier version readable as it was', async () => {
    const { leadId, projectId } = await setup();
    await updateTaxonomy({ actorId: leadId, projectId, baseVersion: 1, flags: V2 });
    const v3: TTaxonomyFlags = { responseFlags: [{ key: 'too_long', label: 'Far too long', description: '' }], promptFlags: [] };
    await updateTaxonomy({ actorId: leadId, projectId, baseVersion: 2, flags: v3 });

    expect(await getTaxonomy({ projectId, version: 1 })).toEqual({ version: 1, ...DEFAULT_TAXONOMY });
    expect(await getTaxonomy({ projectId, version: 2 })).toEqual({ version: 2, ...V2 });
    expect(await getCurrentTaxonomy({ projectId })).toEqual({ version: 3, ...v3 });
    expect((await findTaxonomyVersions({ projectId })).map((v) => [v.version, v.responseFlagCount, v.promptFlagCount])).toEqual([
      [3, 1, 0],
      [2, 2, 1],
      [1, 11, 5],
    ]);
  });

  it('refuses a save from a stale version with 409 and writes nothing', async () => {
    const { leadId, projectId } = await setup();
    await updateTaxonomy({ actorId: leadId, projectId, baseVersion: 1, flags: V2 });

    const error = await refusal(updateTaxonomy({ actorId: leadId, projectId, baseVersion: 1, flags: DEFAULT_TAXONOMY }));

    expect(error.code).toBe('CONFLICT');
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/changed the taxonomy meanwhile/);
    expect(await storedVersions(projectId)).toEqual([2]);
    expect(await pointer(projectId)).toBe(2);
    expect(await taxonomyAudit(projectId)).toHaveLength(1);
  });

  it('lets exactly one of two concurrent saves from the same version win', async () => {
    const { leadId, projectId } = await setup();
    const other: TTaxonomyFlags = { responseFlags: [{ key: 'rude', label: 'Rude', description: '' }], promptFlags: [] };
    // Both saves queue behind a lock on the project row, then run as soon as it is released.
    const lockProject = { sql: 'SELECT 1 FROM projects WHERE id = $1 FOR UPDATE', values: [projectId] };

    const results = await raceBehindLock(lockProject, 2, () => [
      updateTaxonomy({ actorId: leadId, projectId, baseVersion: 1, flags: V2 }),
      updateTaxonomy({ actorId: leadId, projectId, baseVersion: 1, flags: other }),
    ]);

    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(won).toEqual([{ version: 2 }]);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(AppError);
    expect(lost[0]).toMatchObject({ code: 'CONFLICT' });
    expect(await storedVersions(projectId)).toEqual([2]);
    expect(await pointer(projectId)).toBe(2);
    const winner = results[0]?.status === 'fulfilled' ? V2 : other;
    expect(await getCurrentTaxonomy({ projectId })).toEqual({ version: 2, ...winner });
    expect(await taxonomyAudit(projectId)).toHaveLength(1);
  });
});

describe('duplicate flag keys', () => {
  it('are refused by ZTaxonomyFlags with a message naming the key, at the second occurrence', () => {
    const result = ZTaxonomyFlags.safeParse({
      responseFlags: [
        { key: 'too_long', label: 'Too long' },
        { key: 'rude', label: 'Rude' },
        { key: 'too_long', label: 'Way too long' },
      ],
      promptFlags: [{ key: 'too_long', label: 'A prompt flag may reuse a response flag key' }],
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['responseFlags', 2, 'key'], 'The flag key "too_long" is used twice'],
    ]);
  });

  it('stop the editor form before anything is written: a new flag whose label gives a key already in the list', async () => {
    const { leadId, projectId } = await setup();
    const form = new FormData();
    form.set('projectId', projectId);
    form.set('baseVersion', '1');
    form.set('responseFlags.0.key', 'hallucination');
    form.set('responseFlags.0.label', 'Makes up facts');
    form.set('responseFlags.1.key', '');
    form.set('responseFlags.1.label', 'Hallucination!');
    let written = false;

    const state = await runAction(ZUpdateTaxonomyForm, form, async (input) => {
      written = true;
      await updateTaxonomy({ actorId: leadId, projectId, baseVersion: input.baseVersion, flags: input });
    });

    expect(written).toBe(false);
    expect(state).toEqual({
      ok: false,
      message: 'Please fix the highlighted fields.',
      errors: { 'responseFlags.1.key': ['The flag key "hallucination" is used twice'] },
    });
    expect(await storedVersions(projectId)).toEqual([]);
  });
});
