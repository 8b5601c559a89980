/**
 * Dataset health in a pairs-type snapshot (issue 28): built on generated judgments with a known
 * length bias, the manifest's `health` holds the planted figures and the card shows the section.
 */
import { describe, expect, it } from 'vitest';
import { seedLengthBiasedItems } from '../helpers/length-biased-project';
import { download, makeExportProject, snapshot } from '../helpers/export-fixture';
import type { SnapshotManifest } from '@/lib/export/build-manifest';

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
