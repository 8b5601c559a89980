/**
 * Issue 25: AI judge labels in exports. Absent from every format unless asked (the rows of every
 * export are the same before and after a judge run); the "judge" format has one row per label with
 * its provenance; pair formats with include_judge add the judge's pairs, every row marked "source",
 * and the manifest records the option.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZExportRequest } from '@/lib/export/schemas';
import { EXPORT_FORMATS } from '@/lib/export/types';
import { createJudgeJob } from '@/lib/generation/create-judge-job';
import { runGenerationJob } from '@/lib/generation/run-generation-job';
import { startChatServer, type ChatServer } from '../helpers/chat-server';
import { download, snapshot } from '../helpers/export-fixture';
import { fixedJudge, makeJudgeProject } from '../helpers/judge-fixture';
import { lastUserContent } from '../helpers/judge-responder';

let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({ respond: (body) => fixedJudge(lastUserContent(body)) });
});
afterAll(() => server.close());

async function exportRows(projectId: string, actorId: string, request: Record<string, unknown>) {
  const manifest = await snapshot(projectId, actorId, request);
  const { rows } = await download(projectId, manifest.snapshot_id, actorId);
  return { manifest, rows };
}

describe('AI judge labels in exports', () => {
  it('appear in no export unless asked; the judge format and include_judge pairs carry them, marked as such', async () => {
    const s = await makeJudgeProject({ baseUrl: server.url });
    const formats = EXPORT_FORMATS.filter((f) => f !== 'judge');
    const before = new Map<string, unknown>();
    for (const format of formats) before.set(format, (await exportRows(s.project.id, s.lead.id, { format })).rows);
    expect((await exportRows(s.project.id, s.lead.id, { format: 'judge' })).rows).toEqual([]);

    const { jobId } = await createJudgeJob({
      actorId: s.lead.id,
      input: { projectId: s.project.id, connectionId: s.connection.id, items: { by: 'all' } },
    });
    await runGenerationJob({ jobId, runner: 0 });

    for (const format of formats) {
      const { manifest, rows } = await exportRows(s.project.id, s.lead.id, { format });
      expect(rows, format).toEqual(before.get(format));
      for (const trace of ['Judge conn', 'judge-model', '"source":"judge"', 'judge:']) expect(JSON.stringify(rows)).not.toContain(trace);
      expect(JSON.stringify(manifest)).not.toContain('include_judge');
    }

    const judge = await exportRows(s.project.id, s.lead.id, { format: 'judge' });
    expect(judge.rows).toHaveLength(8);
    for (const row of judge.rows) {
      expect(row).toMatchObject({
        source: 'judge',
        connection: 'Judge conn',
        model: 'judge-model',
        model_reported: 'judge-model',
        template_version: 0,
        job_id: jobId,
      });
      expect(String(row.item_id)).toMatch(/^judge-item-\d$/);
      expect((row.shown_order as string[]).sort()).toEqual([
        `bad-${String(row.item_id).slice(-1)}`,
        `good-${String(row.item_id).slice(-1)}`,
      ]);
    }
    expect(judge.rows.filter((r) => r.reversed)).toHaveLength(4);
    const item1 = judge.rows.find((r) => r.item_id === 'judge-item-1' && !r.reversed)!;
    expect(item1.ranking).toEqual([['good-1'], ['bad-1']]);

    // Pairs with the judge's: the humans' rows unchanged but for "source": "human", then one judge pair per item.
    const plain = before.get('pairs') as Record<string, unknown>[];
    const withJudge = await exportRows(s.project.id, s.lead.id, { format: 'pairs', include_judge: true });
    expect(withJudge.manifest.options).toMatchObject({ include_judge: true });
    const humans = withJudge.rows.filter((r) => r.source === 'human');
    const judged = withJudge.rows.filter((r) => r.source === 'judge');
    expect(humans.length + judged.length).toBe(withJudge.rows.length);
    expect(humans.map(({ source: _, ...rest }) => rest)).toEqual(plain);
    expect(judged).toHaveLength(4);
    expect(judged.find((r) => r.item_id === 'judge-item-2')).toMatchObject({
      chosen_id: 'good-2',
      rejected_id: 'bad-2',
      labeler: 'judge:Judge conn:v0',
    });
    expect(plain.every((r) => !('source' in r))).toBe(true);
  });

  it('refuses include_judge where a row cannot say its source', () => {
    expect(ZExportRequest.safeParse({ format: 'openai-dpo', include_judge: true }).success).toBe(false);
    expect(ZExportRequest.safeParse({ format: 'rankings', include_judge: true }).success).toBe(false);
    expect(ZExportRequest.safeParse({ format: 'pairs', include_judge: true, file_format: 'parquet' }).success).toBe(false);
    expect(ZExportRequest.safeParse({ format: 'hh', include_judge: 'on' }).success).toBe(true);
  });
});
