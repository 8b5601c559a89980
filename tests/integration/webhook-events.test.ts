/**
 * Event webhooks (issue 30) against a real PostgreSQL and a local HTTP receiver that checks each
 * body's HMAC signature and deduplicates on the event id, as a receiver should: labeled rankings
 * submitted through the real claim/submit path, an item reaching its overlap, a ready snapshot,
 * real import jobs ending (done and refused), labeler alarms from a simulated careless labeler, and
 * a ping. Every body matches its published schema (lib/webhooks/events.ts); a labeler appears only
 * as their export pseudonym; an action that rolls back emits nothing; a receiver failing twice then
 * succeeding gets the same event id (and delivery id) three times and counts the event once.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeExportProject, snapshot } from '../helpers/export-fixture';
import { drainJobs } from '../helpers/drain-jobs';
import { simulateLabeling, type SimKind } from '../helpers/simulate-labelers';
import { buildProject, insertItems, insertJudgments, insertMemberships, insertUsers } from '@/lib/builders';
import { emitLabelerAlarmEvents } from '@/lib/dashboard/emit-labeler-alarm-events';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { getDb, getPgPool, withTransaction } from '@/lib/db';
import { createImportJob } from '@/lib/import/create-import-job';
import { runImportJob } from '@/lib/import/run-import-job';
import { labelerPseudonym } from '@/lib/security/labeler-pseudonym';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-due-webhooks';
import { WEBHOOK_EVENT_PAYLOADS, WEBHOOK_EVENTS, type WebhookEvent } from '@/lib/webhooks/events';
import { createEventWebhook, removeEventWebhook, sendEventWebhookPing, updateEventWebhook } from '@/lib/webhooks/save-event-webhook';
import { ZEventWebhookInput } from '@/lib/webhooks/schemas';

// The receiver listens on 127.0.0.1, which webhooks may only reach when this is set.
process.env.WEBHOOK_ALLOW_PRIVATE_HOSTS = 'true';

type Received = { path: string; headers: http.IncomingHttpHeaders; body: Buffer; json: Record<string, unknown>; answered: number };
const received: Received[] = [];
/** Status codes to answer with, in turn, per path; 200 once the list is used up. */
const answers = new Map<string, number[]>();
let server: http.Server;
let base: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-events-'));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answered = answers.get(req.url ?? '')?.shift() ?? 200;
      received.push({ path: req.url ?? '', headers: req.headers, body, json: JSON.parse(body.toString('utf8')), answered });
      res.writeHead(answered).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const sign = (secret: string, body: Buffer) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** What a receiver does: verify the signature, then keep each event once. */
function accepted(pathName: string, secret: string) {
  const mine = received.filter((r) => r.path === pathName);
  for (const r of mine) expect(r.headers['x-preflab-signature']).toBe(sign(secret, r.body));
  const firstOk = new Map<string, Received>();
  for (const r of mine) if (r.answered === 200 && !firstOk.has(String(r.json.event_id))) firstOk.set(String(r.json.event_id), r);
  return [...firstOk.values()];
}

/** Sends everything due now, then again until nothing is left (several batches). */
async function deliverAll(now?: Date) {
  let total = 0;
  for (;;) {
    const { attempted } = await deliverDueWebhooks({ limit: 50, ...(now ? { now } : {}) });
    total += attempted;
    if (attempted === 0) return total;
  }
}

function expectSchema(json: Record<string, unknown>) {
  const event = json.event as WebhookEvent;
  expect(WEBHOOK_EVENTS).toContain(event);
  const parsed = WEBHOOK_EVENT_PAYLOADS[event].safeParse(json);
  expect(parsed.success ? null : parsed.error.issues).toBeNull();
}

async function subscribe(projectId: string, actorId: string, pathName: string, events: WebhookEvent[]) {
  const input = ZEventWebhookInput.parse({ url: `${base}${pathName}`, events });
  return createEventWebhook({ actorId, projectId, input });
}

async function rankOnce(projectId: string, userId: string) {
  const task = await claimNextTask({ projectId, userId });
  if (!task) throw new Error('no task');
  const ids = (
    await getDb().response.findMany({ where: { itemId: task.itemId }, orderBy: { createdAt: 'asc' }, select: { id: true } })
  ).map((r) => r.id);
  await submitRanking({
    userId,
    projectId,
    input: {
      assignmentId: task.assignmentId,
      ranking: ids.map((id) => [id]),
      allUnacceptable: false,
      ratings: ids.map((responseId, i) => ({ responseId, likert: 7 - i, flags: i === 3 ? ['hallucination'] : [], flaws: [] })),
      promptFlags: [],
      durationMs: 41_000,
    },
  });
  return { itemId: task.itemId, ids };
}

describe('event webhooks', () => {
  it('sends judgment.submitted and, at the overlap, one item.complete, signed, to the endpoints subscribed to each', async () => {
    const f = await makeExportProject({ items: 1, labelers: 3 });
    await getDb().project.update({ where: { id: f.project.id }, data: { overlap: 2 } });
    const all = await subscribe(f.project.id, f.lead.id, '/all', [...WEBHOOK_EVENTS]);
    const onlyComplete = await subscribe(f.project.id, f.lead.id, '/complete', ['item.complete']);

    const first = await rankOnce(f.project.id, f.labelers[0]!.id);
    const second = await rankOnce(f.project.id, f.labelers[1]!.id);
    expect(second.itemId).toBe(first.itemId);
    expect(await deliverAll()).toBe(4);

    const events = accepted('/all', all.secret);
    expect(events.map((e) => e.json.event).sort()).toEqual(['item.complete', 'judgment.submitted', 'judgment.submitted']);
    for (const e of events) {
      expectSchema(e.json);
      expect(e.json.project_id).toBe(f.project.id);
      expect(e.headers['x-preflab-event-id']).toBe(e.json.event_id);
      expect(e.headers['x-preflab-event']).toBe(e.json.event);
    }
    const submitted = events.filter((e) => e.json.event === 'judgment.submitted');
    expect(submitted.map((e) => e.json.labeler).sort()).toEqual(
      [labelerPseudonym(f.project.id, f.labelers[0]!.id), labelerPseudonym(f.project.id, f.labelers[1]!.id)].sort(),
    );
    expect(submitted[0]!.json.ranking).toEqual(first.ids.map((id) => [id]));
    expect(submitted[0]!.json.ratings).toEqual(
      first.ids
        .map((id, i) => ({ response_id: id, likert: 7 - i, flags: i === 3 ? ['hallucination'] : [] }))
        .sort((a, b) => a.response_id.localeCompare(b.response_id)),
    );
    expect(submitted[0]!.json.item_external_id).toBe('q1');
    // No account id or e-mail of a labeler leaves the app.
    for (const e of events)
      for (const l of f.labelers) {
        expect(e.body.toString()).not.toContain(l.id);
        expect(e.body.toString()).not.toContain(l.email);
      }

    const complete = accepted('/complete', onlyComplete.secret);
    expect(complete.map((e) => e.json.event)).toEqual(['item.complete']);
    // One event, one id, whichever endpoint it reaches.
    expect(complete[0]!.json.event_id).toBe(events.find((e) => e.json.event === 'item.complete')!.json.event_id);
    expect(complete[0]!.json.judgments).toBe(2);
  });

  it('emits nothing for an action that rolls back, for imported labels, or for a project without subscribers', async () => {
    const f = await makeExportProject({ items: 2, labelers: 1 });
    const other = await makeExportProject({ items: 1, labelers: 1 });
    await subscribe(f.project.id, f.lead.id, '/rollback', ['judgment.submitted', 'item.complete']);
    const item = f.items[0]!;
    await expect(
      withTransaction(async (client) => {
        await client.query(
          `INSERT INTO judgments ("itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs") VALUES ($1, $2, '[]', '{}', 1, 10)`,
          [item.id, f.labelers[0]!.id],
        );
        throw new Error('the action fails after its write');
      }),
    ).rejects.toThrow('the action fails');
    await getPgPool().query(
      `INSERT INTO judgments ("itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs", source, "importRef") VALUES ($1, $2, '[]', '{}', 1, 10, 'IMPORTED', 'row-1')`,
      [f.items[1]!.id, f.labelers[0]!.id],
    );
    await rankOnce(other.project.id, other.labelers[0]!.id);
    const { rows } = await getPgPool().query(`SELECT id FROM webhook_deliveries WHERE "projectId" = ANY ($1::uuid[])`, [
      [f.project.id, other.project.id],
    ]);
    expect(rows).toEqual([]);
  });

  it('retries a receiver that fails twice: the same event id and delivery id arrive three times, the event counts once', async () => {
    const f = await makeExportProject({ items: 1, labelers: 1 });
    const hook = await subscribe(f.project.id, f.lead.id, '/flaky', ['judgment.submitted']);
    answers.set('/flaky', [500, 503]);
    await rankOnce(f.project.id, f.labelers[0]!.id);
    const t0 = Date.now();
    expect(await deliverAll(new Date(t0))).toBe(1);
    expect(await deliverAll(new Date(t0 + 30_000))).toBe(0); // not due before a minute
    expect(await deliverAll(new Date(t0 + 61_000))).toBe(1);
    expect(await deliverAll(new Date(t0 + 61_000 + 301_000))).toBe(1);
    expect(await deliverAll(new Date(t0 + 3_600_000))).toBe(0); // delivered: never sent again

    const attempts = received.filter((r) => r.path === '/flaky');
    expect(attempts.map((a) => a.answered)).toEqual([500, 503, 200]);
    expect(new Set(attempts.map((a) => a.json.event_id)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.json.delivery_id)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.json.sent_at)).size).toBe(3);
    expect(accepted('/flaky', hook.secret)).toHaveLength(1);
    const [delivery] = await getDb().webhookDelivery.findMany({ where: { eventWebhookId: hook.id } });
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 200 });
    expect((delivery!.attemptLog as { statusCode: number }[]).map((a) => a.statusCode)).toEqual([500, 503, 200]);
  });

  it('sends snapshot.ready to subscribed endpoints besides the trainer webhook', async () => {
    const f = await makeExportProject({ items: 1, labelers: 1 });
    const hook = await subscribe(f.project.id, f.lead.id, '/snapshots', ['snapshot.ready']);
    await rankOnce(f.project.id, f.labelers[0]!.id);
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'rankings' });
    await deliverAll();
    const [event] = accepted('/snapshots', hook.secret);
    expectSchema(event!.json);
    expect(event!.json).toMatchObject({ event: 'snapshot.ready', snapshot_id: manifest.snapshot_id, format: 'rankings' });
    expect(event!.json.download_path).toBe(`/api/v1/projects/${f.project.id}/snapshots/${manifest.snapshot_id}/download`);
  });

  it('sends job.finished when a real import ends, done or refused', async () => {
    const f = await makeExportProject({ items: 0, labelers: 1 });
    const hook = await subscribe(f.project.id, f.lead.id, '/jobs', ['job.finished']);
    const run = async (name: string, content: string) => {
      const at = path.join(dir, name);
      fs.writeFileSync(at, content);
      const jobId = await createImportJob({
        projectId: f.project.id,
        actorId: f.lead.id,
        origin: 'cli',
        fileName: name,
        bytesTotal: 0,
        options: { format: 'auto', withLabels: false, skipInvalid: false },
      });
      await runImportJob({ jobId, path: at });
      return jobId;
    };
    const row = (id: string) => JSON.stringify({ id, prompt: `Question ${id}?`, responses: [{ text: 'Yes' }, { text: 'No' }] });
    const done = await run('good.jsonl', [row('a'), row('b')].join('\n'));
    const refused = await run('bad.jsonl', [row('c'), '{"id": "broken", "prompt": '].join('\n'));
    await deliverAll();
    const events = accepted('/jobs', hook.secret).map((e) => e.json);
    for (const e of events) expectSchema(e);
    expect(events.find((e) => e.job_id === done)).toMatchObject({ job_type: 'import', job_kind: 'IMPORT', status: 'DONE', done: 2 });
    expect(events.find((e) => e.job_id === refused)).toMatchObject({ job_type: 'import', status: 'REFUSED', done: 0 });
    expect(events).toHaveLength(2);
  });

  it('announces a labeler alarm once while it stays raised', { timeout: 120_000 }, async () => {
    const kinds: SimKind[] = [...Array.from({ length: 12 }, () => 'honest' as const), 'random', 'first-shown'];
    const project = await buildProject({ name: 'Alarm events' });
    const lead = (await insertUsers({ count: 1, name: () => 'Lead' }))[0]!;
    const users = await insertUsers({ count: kinds.length, name: (n) => `Sim ${n}` });
    await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
    const hook = await subscribe(project.id, lead.id, '/alarms', ['labeler.alarm']);
    const responses = Array.from({ length: 4 }, (_, r) => ({ text: 'y'.repeat(r + 1), modelId: `m${r}` }));
    const items = await insertItems({ projectId: project.id, count: 420, externalId: (n) => `sim-${n}`, prompt: 'q', responses });
    const judgments = simulateLabeling({ seed: 1, items: 420, k: 4, perItem: 3, labelers: kinds });
    await insertJudgments({
      projectId: project.id,
      judgments: judgments.map((j) => {
        const item = items[j.item]!;
        const id = (r: number) => item.responses[r]!.id;
        return {
          itemId: item.id,
          userId: users[j.labeler]!.id,
          shownOrder: j.shownOrder.map(id),
          ranking: j.ranking.map((g) => g.map(id)),
        };
      }),
    });
    await drainJobs({ projectId: project.id });

    const table = await findLabelerQuality({ projectId: project.id });
    const raised = table.flatMap((l) => l.alarms.map((alarm) => `${labelerPseudonym(project.id, l.userId)} ${alarm}`)).sort();
    const { emitted } = await emitLabelerAlarmEvents({ projectId: project.id });
    expect(emitted).toBe(raised.length);
    expect(await emitLabelerAlarmEvents({ projectId: project.id })).toEqual({ emitted: 0 });
    await deliverAll();
    const events = accepted('/alarms', hook.secret).map((e) => e.json);
    for (const e of events) expectSchema(e);
    expect(events.map((e) => `${e.labeler} ${e.alarm}`).sort()).toEqual(raised);
    // The careless labelers, and only they, are announced.
    const random = labelerPseudonym(project.id, users[12]!.id);
    const firstShown = labelerPseudonym(project.id, users[13]!.id);
    expect(raised).toContain(`${random} low_agreement`);
    expect(raised).toContain(`${firstShown} position_bias`);
    expect(new Set(events.map((e) => e.labeler))).toEqual(new Set([random, firstShown]));
    expect(events.find((e) => e.labeler === firstShown && e.alarm === 'position_bias')).toMatchObject({ rate: 1 });
    // Only the alarm subscription: the 1,260 inserted rankings sent nothing else.
    const { rows } = await getPgPool().query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE "projectId" = $1`, [project.id]);
    expect(rows[0].n).toBe(raised.length);
  });

  it('pings one endpoint; edits change what it receives; removal stops it; bad input names the field', async () => {
    const f = await makeExportProject({ items: 1, labelers: 1 });
    const hook = await subscribe(f.project.id, f.lead.id, '/edit', ['item.complete']);
    await sendEventWebhookPing({ projectId: f.project.id, webhookId: hook.id });
    const { secret } = await updateEventWebhook({
      actorId: f.lead.id,
      projectId: f.project.id,
      webhookId: hook.id,
      input: ZEventWebhookInput.parse({ url: `${base}/edit`, events: 'judgment.submitted' }),
      rotateSecret: true,
    });
    expect(secret).toMatch(/^whsec_/);
    await rankOnce(f.project.id, f.labelers[0]!.id);
    await deliverAll();
    const got = received.filter((r) => r.path === '/edit');
    expect(got.map((r) => r.json.event)).toEqual(['ping', 'judgment.submitted']);
    // Every attempt is signed with the secret current when it is sent.
    for (const r of got) expect(r.headers['x-preflab-signature']).toBe(sign(secret!, r.body));

    expect(await removeEventWebhook({ actorId: f.lead.id, projectId: f.project.id, webhookId: hook.id })).toEqual({ removed: true });
    expect(await getDb().webhookDelivery.count({ where: { eventWebhookId: hook.id } })).toBe(0);
    const audit = await getDb().auditEvent.findMany({
      where: { projectId: f.project.id, action: { startsWith: 'event_webhook.' } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['event_webhook.create', 'event_webhook.update', 'event_webhook.remove']);
    expect(JSON.stringify(audit.map((a) => a.data))).not.toContain(secret!);

    const bad = ZEventWebhookInput.safeParse({ url: 'ftp://example.org', events: ['judgment.submitted', 'nope'] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['events.1', 'url']);
    expect(ZEventWebhookInput.safeParse({ url: `${base}/x` }).error!.issues[0]!.message).toBe('Choose at least one event');
  });
});
