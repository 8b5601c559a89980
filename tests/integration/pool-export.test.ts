/**
 * Group attributes in exports (issue 10): absent until the project opts in (audited); then every
 * judgment of "raw" and "rankings" rows carries the labeler's attributes, only values whose group
 * has at least the minimum number of labelers, and never a name or email.
 */
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { updatePoolSettings } from '@/lib/pool/pool-settings';
import { saveMyProfile } from '@/lib/pool/save-my-profile';
import { ZPoolSettings } from '@/lib/pool/schemas';
import { download, judge, makeExportProject, snapshot } from '../helpers/export-fixture';

describe('export group attributes', () => {
  it('are opt-in, pseudonymous and limited to groups of the minimum size', async () => {
    const f = await makeExportProject({ items: 2, labelers: 6 });
    for (const [i, l] of f.labelers.entries()) {
      await saveMyProfile({
        userId: l.id,
        input: { languages: [{ language: i < 5 ? 'german' : 'french', proficiency: 'NATIVE' }], region: i === 0 ? 'north' : 'south' },
      });
      for (const item of f.items) await judge(item, l.id, [0, 1, 2, 3]);
    }
    const before = await snapshot(f.project.id, f.researcher.id, { format: 'raw' });
    const plain = await download(f.project.id, before.snapshot_id, f.researcher.id);
    expect(plain.rows).toHaveLength(12);
    // Every row carries the column (one schema); null while the project has not opted in.
    expect(plain.rows.every((r) => r.labeler_groups === null)).toBe(true);

    await updatePoolSettings({
      actorId: f.lead.id,
      input: ZPoolSettings.parse({ projectId: f.project.id, minGroupSize: '5', speedFloorSeconds: '8', exportGroupAttributes: 'on' }),
    });
    const audit = await getDb().auditEvent.findFirstOrThrow({
      where: { projectId: f.project.id, action: 'project.pool_settings.update' },
      select: { data: true },
    });
    expect(audit.data).toMatchObject({ exportGroupAttributes: true, exportGroupAttributesChanged: true });

    const after = await snapshot(f.project.id, f.researcher.id, { format: 'raw' });
    const { rows, bytes } = await download(f.project.id, after.snapshot_id, f.researcher.id);
    expect(rows).toHaveLength(12);
    const groups = rows.map((r) => JSON.stringify(r.labeler_groups));
    // German: labelers 1–5 (five); south: 2–6 (five); the French speaker and the northerner are alone, so hidden.
    // A list of {attribute, values} records (not an object keyed by attribute, which Arrow would type per key).
    const german = { attribute: 'language', values: ['german'] };
    const south = { attribute: 'region', values: ['south'] };
    expect(groups.filter((g) => g === JSON.stringify([german, south]))).toHaveLength(8);
    expect(groups.filter((g) => g === JSON.stringify([german]))).toHaveLength(2);
    expect(groups.filter((g) => g === JSON.stringify([south]))).toHaveLength(2);
    const text = bytes.toString('utf8');
    expect(text).not.toMatch(/french|north|Labeler\d Person|@export\.test/);

    const rankings = await snapshot(f.project.id, f.researcher.id, { format: 'rankings' });
    const ranked = await download(f.project.id, rankings.snapshot_id, f.researcher.id);
    const judgments = ranked.rows.flatMap((r) => r.judgments as Record<string, unknown>[]);
    expect(judgments.every((j) => typeof j.labeler === 'string' && Array.isArray(j.labeler_groups))).toBe(true);
  });
});
