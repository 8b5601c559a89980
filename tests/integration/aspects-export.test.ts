/**
 * Exports of aspects and KTO rows (issue 27) from the database: `aspect` builds pairs from that
 * aspect's rankings ("same as overall" resolved), raw and rankings rows carry every answer, the
 * manifest and card record the aspect and how KTO labels were read; the CLI takes `--aspect`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJudgment } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { testDatabaseUrl } from '../helpers/database-per-file';
import { download, makeExportProject, snapshot } from '../helpers/export-fixture';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function labeledProject() {
  const f = await makeExportProject({ items: 1, labelers: 3 });
  const item = f.items[0]!;
  const [l1, l2, l3] = f.labelers;
  const on = (i: { id: string; r: string[] }) => ({ id: i.id, responses: i.r });
  // L1: a > b > c > d, honesty its own d > c > {a, b}, helpfulness "same as overall". Likert 7 5 4 1.
  await buildJudgment({
    item: on(item),
    userId: l1!.id,
    ranking: [0, 1, 2, 3],
    likert: [7, 5, 4, 1],
    source: 'LABELED',
    aspects: [{ aspect: 'helpfulness' }, { aspect: 'honesty', description: 'Truthful?', ranking: [3, 2, [0, 1]] }],
  });
  // L2: b > a > {c, d}, honesty "same as overall". Likert 6 6 3 2.
  await buildJudgment({
    item: on(item),
    userId: l2!.id,
    ranking: [1, 0, [2, 3]],
    likert: [6, 6, 3, 2],
    source: 'LABELED',
    aspects: [{ aspect: 'honesty', description: 'Truthful?' }, { aspect: 'helpfulness' }],
  });
  // L3 ranked before the project collected aspects.
  await buildJudgment({ item: on(item), userId: l3!.id, ranking: [0, 1, 2, 3], source: 'LABELED' });
  return f;
}

const letter = (id: unknown) => String(id).slice(-1);

describe('aspect and KTO exports', () => {
  it('pairs of one aspect: own rankings and "same as overall" resolved; the manifest and card record the aspect', async () => {
    const f = await labeledProject();

    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'pairs-chat', aspect: 'honesty', validation_share: 0 });
    const { rows } = await download(f.project.id, manifest.snapshot_id, f.researcher.id);
    const stored = await getDb().exportSnapshot.findUniqueOrThrow({ where: { id: manifest.snapshot_id }, select: { datasetCard: true } });

    // L1's honesty d > c > {a,b}: d>c, d>a, d>b, c>a, c>b (5). L2's = overall b > a > {c,d}: b>a, b>c, b>d, a>c, a>d (5). L3: not answered.
    const pairs = rows.map((r) => `${letter(r.chosen_id)}>${letter(r.rejected_id)}`).sort();
    expect(pairs).toEqual(['a>c', 'a>d', 'b>a', 'b>c', 'b>d', 'c>a', 'c>b', 'd>a', 'd>b', 'd>c'].sort());
    expect(new Set(rows.map((r) => r.labeler)).size).toBe(2);
    expect(manifest.options).toMatchObject({ aspect: 'honesty' });
    expect(manifest.judgments).toBe(2);
    expect(manifest.rules.some((r: string) => r.startsWith('Aspect: `honesty`'))).toBe(true);
    expect(stored.datasetCard).toContain('| aspect whose rankings the rows are built from (`aspect`) | honesty |');
  });

  it('raw and rankings rows carry each judgment\u2019s aspects; without the option, pairs are the overall ones', async () => {
    const f = await labeledProject();

    const raw = await snapshot(f.project.id, f.researcher.id, { format: 'raw' });
    const rawRows = (await download(f.project.id, raw.snapshot_id, f.researcher.id)).rows;
    const overall = await snapshot(f.project.id, f.researcher.id, { format: 'pairs-chat', validation_share: 0 });
    const overallRows = (await download(f.project.id, overall.snapshot_id, f.researcher.id)).rows;

    const answers = rawRows.map(
      (r) => (r.aspects as { aspect: string; same_as_overall: boolean; ranking: string[][] | null }[] | null) ?? null,
    );
    expect(answers.filter((a) => a === null)).toHaveLength(1);
    expect(answers.flatMap((a) => a ?? []).map((a) => [a.aspect, a.same_as_overall, a.ranking?.map((g) => g.map(letter))])).toEqual(
      expect.arrayContaining([
        ['helpfulness', true, undefined],
        ['honesty', false, [['d'], ['c'], ['a', 'b']]],
        ['honesty', true, undefined],
      ]),
    );
    // Overall: 6 (L1) + 5 (L2) + 6 (L3) strict pairs.
    expect(overallRows).toHaveLength(17);
    expect(overall.options).not.toHaveProperty('aspect');
  });

  it('KTO from rankings and from Likert thresholds: labels as computed by hand, stated in the manifest and card', async () => {
    const f = await labeledProject();

    const byRanking = await snapshot(f.project.id, f.researcher.id, { format: 'kto', validation_share: 0 });
    const rankingRows = (await download(f.project.id, byRanking.snapshot_id, f.researcher.id)).rows;
    const byLikert = await snapshot(f.project.id, f.researcher.id, { format: 'kto', kto_source: 'likert', validation_share: 0 });
    const likertRows = (await download(f.project.id, byLikert.snapshot_id, f.researcher.id)).rows;
    const card = await getDb().exportSnapshot.findUniqueOrThrow({ where: { id: byLikert.snapshot_id }, select: { datasetCard: true } });

    // Rankings: L1 a top, d bottom; L2 b top, {c,d} bottom; L3 a top, d bottom.
    const brief = (rows: Record<string, unknown>[]) => rows.map((r) => `${letter(r.response_id)}${r.label ? '+' : '-'}`).sort();
    expect(brief(rankingRows)).toEqual(['a+', 'a+', 'b+', 'c-', 'd-', 'd-', 'd-']);
    // Likert ≥ 5 desirable, ≤ 3 undesirable: L1 7+ 5+ (4 out) 1-; L2 6+ 6+ 3- 2-; L3 unscored.
    expect(brief(likertRows)).toEqual(['a+', 'a+', 'b+', 'b+', 'c-', 'd-', 'd-']);
    expect(likertRows[0]).toMatchObject({ prompt: [{ role: 'user' }], completion: [{ role: 'assistant' }], label: expect.any(Boolean) });
    expect(byRanking.options).toMatchObject({ kto_source: 'ranking' });
    expect(byRanking.options).not.toHaveProperty('kto_desirable_min');
    expect(byLikert.options).toMatchObject({ kto_source: 'likert', kto_desirable_min: 5, kto_undesirable_max: 3 });
    expect(card.datasetCard).toContain('KTOTrainer');
    expect(card.datasetCard).toContain('desirable (true) at 5 or above, undesirable (false) at 3 or below');
  });

  it('the CLI takes --aspect and the KTO options, and refuses a bad one naming the flag', { timeout: 120_000 }, async () => {
    const f = await labeledProject();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-aspect-export-'));
    const cli = (...args: string[]) =>
      spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/cli.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: testDatabaseUrl, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    try {
      const out = path.join(dir, 'honesty');
      const ok = cli(
        'export',
        '--project',
        f.project.slug,
        '--format',
        'pairs-chat',
        '--aspect',
        'honesty',
        '--validation-share',
        '0',
        '--out',
        out,
      );
      const bad = cli(
        'export',
        '--project',
        f.project.slug,
        '--format',
        'kto',
        '--kto-source',
        'likert',
        '--kto-undesirable-max',
        '6',
        '--out',
        out,
      );

      expect(ok.status).toBe(0);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
      expect(manifest.options.aspect).toBe('honesty');
      expect(manifest.rows).toBe(10);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--kto-undesirable-max');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
