/**
 * Dataset health in a pairs-type snapshot (issue 28): built on generated judgments with a known
 * length bias, the manifest's `health` holds the planted figures and the card shows the section.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/database-per-file';
import { seedLengthBiasedItems } from '../helpers/length-biased-project';
import { download, makeExportProject, snapshot } from '../helpers/export-fixture';
import { insertJudgments, insertItems } from '@/lib/builders';
import type { SnapshotManifest } from '@/lib/export/build-manifest';
import { getProjectHealth, refreshProjectHealth } from '@/lib/export/project-health';
import type { HealthReport } from '@/lib/health/types';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('dataset health in a snapshot', () => {
  it('finds the planted length bias, counts every pair, and warns in the manifest and the card', async () => {
    const f = await makeExportProject({ items: 0, labelers: 2 });
    const planted = await seedLengthBiasedItems({
      projectId: f.project.id,
      labelerIds: f.labelers.map((l) => l.id),
      items: 400,
      longerWins: 0.85,
    });
    const manifest = (await snapshot(f.project.id, f.researcher.id, { format: 'pairs', validation_share: 0.3 })) as SnapshotManifest;
    const health = manifest.health!;
    expect(health).toBeDefined();
    // Every row is a non-tie pair of a two-response judgment.
    expect(health.pairs).toMatchObject({ rows: planted.judgments, ties: 0, compared: planted.judgments });
    expect(health.pairs.train + health.pairs.validation).toBe(manifest.rows);
    expect(health.pairs.validation).toBe(manifest.splits.validation);
    // The length rule counts exactly the planted choices (train + validation).
    const chars = health.length.chars;
    expect(chars.all.hits).toBe(planted.longerChosen);
    expect(chars.all.n).toBe(planted.judgments - planted.equalLength);
    expect(chars.validation.share!).toBeGreaterThan(0.75);
    expect(chars.validation.low!).toBeLessThan(chars.validation.share!);
    // Shown order is random: position near 50%, over every judgment.
    expect(health.position.n).toBe(planted.judgments);
    expect(health.position.low!).toBeLessThan(0.5);
    expect(health.position.high!).toBeGreaterThan(0.5);
    // Two labelers on every item: agreement is measured (about 0.85² + 0.15² ≈ 0.745).
    expect(health.agreement.items).toBe(400);
    expect(health.agreement.human.share!).toBeGreaterThan(0.65);
    expect(health.agreement.human.share!).toBeLessThan(0.83);
    // The learned baseline finds length, with a positive weight, and a bootstrap interval.
    const weight = (f: string) => health.learned.weights.find((w) => w.feature === f)!.weight!;
    expect(weight('chars') + weight('log_chars') + weight('words')).toBeGreaterThan(0);
    expect(health.learned.validation!.accuracy).toBeGreaterThan(0.7);
    expect(health.learned.validation!.low!).toBeLessThanOrEqual(health.learned.validation!.accuracy);
    // The verbose model wins by length: its lead shrinks once length is controlled.
    const verbose = health.models.rows.find((r) => r.model === 'model-verbose')!;
    expect(verbose.win_rate!).toBeGreaterThan(0.6);
    expect(verbose.rating_length_controlled).toBeLessThan(verbose.rating);
    expect(health.warnings.find((w) => w.code === 'length')!.message).toMatch(
      /^length alone predicts \d+% of validation pairs \(the longer response is chosen\); human agreement is \d+%: a reward model trained on this will largely learn length\.$/,
    );
    // The card inside the folder has the section with the table and the warning.
    const { files } = await download(f.project.id, manifest.snapshot_id, null);
    const card = files.find((file) => file.path === 'README.md')!.bytes.toString('utf8');
    expect(card).toContain('## Dataset health');
    expect(card).toContain('| Human agreement (ceiling) | items with 2+ labels |');
    expect(card).toMatch(/- Length alone predicts \d+% of validation pairs/);
  });

  it('leaves health out of formats that are not pairs', async () => {
    const f = await makeExportProject({ items: 0, labelers: 2 });
    await seedLengthBiasedItems({ projectId: f.project.id, labelerIds: f.labelers.map((l) => l.id), items: 20, longerWins: 0.5 });
    const manifest = (await snapshot(f.project.id, f.researcher.id, { format: 'rankings' })) as SnapshotManifest;
    expect(manifest.health).toBeUndefined();
  });
});

describe('dataset health of the live project', { timeout: 120_000 }, () => {
  it('equals the snapshot’s figures, is cached with its time, reads as behind after a new label, and prints from the CLI', async () => {
    const f = await makeExportProject({ items: 0, labelers: 2 });
    const labelerIds = f.labelers.map((l) => l.id);
    await seedLengthBiasedItems({ projectId: f.project.id, labelerIds, items: 120, longerWins: 0.9 });
    const manifest = (await snapshot(f.project.id, f.researcher.id, { format: 'pairs' })) as SnapshotManifest;
    // A small project: computed in the view the first time, then read from the cache.
    const first = await getProjectHealth({ projectId: f.project.id });
    expect(first.report).toEqual(manifest.health);
    expect(first.freshness.asOf).toBeInstanceOf(Date);
    expect(first.freshness.behind).toBe(false);
    const again = await getProjectHealth({ projectId: f.project.id });
    expect(again.freshness.asOf).toEqual(first.freshness.asOf);
    expect(again.report).toEqual(first.report);
    // A new label: the cached figure is behind until recomputed.
    const [item] = await insertItems({ projectId: f.project.id, count: 1, externalId: 'late', responses: ['a long late answer', 'short'] });
    await insertJudgments({
      projectId: f.project.id,
      judgments: [
        {
          itemId: item!.id,
          userId: labelerIds[0]!,
          shownOrder: item!.responses.map((r) => r.id),
          ranking: [[item!.responses[0]!.id], [item!.responses[1]!.id]],
        },
      ],
    });
    expect((await getProjectHealth({ projectId: f.project.id })).freshness.behind).toBe(true);
    const recomputed = await refreshProjectHealth({ projectId: f.project.id });
    expect(recomputed.report!.pairs.rows).toBe(manifest.rows + 1);
    await expect(refreshProjectHealth({ projectId: f.project.id, format: 'rankings' })).rejects.toThrow(/pair formats only/);

    const cli = (...args: string[]) =>
      spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/cli.ts', 'health', '--project', f.project.slug, ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: testDatabaseUrl, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const json = cli('--json');
    expect(json.status).toBe(0);
    const printed = JSON.parse(json.stdout) as { format: string; health: HealthReport };
    expect(printed.format).toBe('pairs');
    expect(printed.health).toEqual(recomputed.report);
    const table = cli();
    expect(table.status).toBe(0);
    expect(table.stdout).toContain('| Longer wins (characters) | validation |');
    expect(table.stdout).toMatch(/Length alone predicts \d+% of/);
    const refused = cli('--format', 'sft');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Dataset health is computed for pair formats only, not "sft"');
  });
});
