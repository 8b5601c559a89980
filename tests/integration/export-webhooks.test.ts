/**
 * The trainer webhook against a real PostgreSQL and a tiny local HTTP receiver: a ready snapshot
 * queues one signed delivery; the signature verifies with the secret and fails with another;
 * failures are retried after 1, 5, 30 and 120 minutes and given up after the 5th; parallel sweeps
 * send a delivery once; the secret is stored encrypted; private addresses are refused unless allowed.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, judge, makeExportProject, snapshot, type Fixture } from '../helpers/export-fixture';
import { getDb } from '@/lib/db';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-due-webhooks';
import { setProjectWebhook } from '@/lib/webhooks/set-project-webhook';

// The receiver listens on 127.0.0.1, which webhooks may only reach when this is set.
process.env.WEBHOOK_ALLOW_PRIVATE_HOSTS = 'true';

type Received = { headers: http.IncomingHttpHeaders; body: Buffer };
const received: Received[] = [];
let answer = 200;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/preflab`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sign = (secret: string, body: Buffer) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function labeledProject(): Promise<Fixture> {
  const f = await makeExportProject({ items: 2 });
  for (const item of f.items) await judge(item, f.labelers[0]!.id, [0, 1, 2, 3]);
  return f;
}

const deliveriesOf = (projectId: string) =>
  getDb().webhookDelivery.findMany({
    where: { projectId },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      status: true,
      attempts: true,
      lastStatusCode: true,
      lastError: true,
      nextAttemptAt: true,
      lastAttemptAt: true,
      deliveredAt: true,
      attemptLog: true,
      snapshotId: true,
    },
  });

describe('trainer webhook', () => {
  it('POSTs a signed notification for a new ready snapshot; the signature verifies with the secret, not with another', async () => {
    answer = 200;
    received.length = 0;
    const f = await labeledProject();
    const { secret } = await setProjectWebhook({ actorId: f.lead.id, projectId: f.project.id, input: { url } });
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'pairs' });
    const [queued] = await deliveriesOf(f.project.id);
    expect(queued).toMatchObject({ status: 'PENDING', attempts: 0, snapshotId: manifest.snapshot_id });

    expect(await deliverDueWebhooks()).toEqual({ attempted: 1, delivered: 1 });
    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    expect(headers['x-preflab-signature']).toBe(sign(secret, body));
    expect(headers['x-preflab-signature']).not.toBe(sign(`${secret}x`, body));
    expect(headers['x-preflab-signature']).not.toBe(sign('whsec_another-secret', body));
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-preflab-event']).toBe('snapshot.ready');
    expect(headers['x-preflab-delivery']).toBe(queued!.id);
    const payload = JSON.parse(body.toString('utf8'));
    expect(Number(headers['x-preflab-timestamp'])).toBe(Math.floor(Date.parse(payload.sent_at) / 1000));
    expect(payload).toMatchObject({
      event: 'snapshot.ready',
      delivery_id: queued!.id,
      snapshot_id: manifest.snapshot_id,
      project: { id: f.project.id, slug: f.project.slug },
      format: 'pairs',
      manifest: { rows: 12, sha256: manifest.sha256 },
      download_path: `/api/v1/projects/${f.project.id}/snapshots/${manifest.snapshot_id}/download`,
    });
    const [done] = await deliveriesOf(f.project.id);
    expect(done).toMatchObject({
      status: 'DELIVERED',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: expect.any(Date),
    });
    // Nothing is due any more.
    expect(await deliverDueWebhooks()).toEqual({ attempted: 0, delivered: 0 });
    expect(received).toHaveLength(1);
  });

  it('notifies a snapshot of zero rows like any other; its download path serves the valid empty folder', async () => {
    answer = 200;
    received.length = 0;
    const f = await makeExportProject({ items: 2 });
    await setProjectWebhook({ actorId: f.lead.id, projectId: f.project.id, input: { url } });
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'pairs' });
    expect(await deliverDueWebhooks()).toEqual({ attempted: 1, delivered: 1 });
    const payload = JSON.parse(received[0]!.body.toString('utf8'));
    expect(payload).toMatchObject({
      snapshot_id: manifest.snapshot_id,
      manifest: {
        rows: 0,
        sha256: manifest.sha256,
        files: [{ rows: 0, bytes: 0 }, { rows: 0, bytes: 0 }, { path: 'README.md' }, { path: 'manifest.json' }],
      },
    });
    const served = await download(f.project.id, manifest.snapshot_id, null);
    expect(served.sha256).toBe(payload.manifest.sha256);
    expect(served.files.map((z) => z.path)).toEqual(payload.manifest.files.map((x: { path: string }) => x.path));
  });

  it('stores the secret encrypted; a new save rotates it', async () => {
    const f = await labeledProject();
    const first = await setProjectWebhook({ actorId: f.lead.id, projectId: f.project.id, input: { url } });
    const stored = await getDb().projectWebhook.findUniqueOrThrow({
      where: { projectId: f.project.id },
      select: { secretEncrypted: true, secretPrefix: true },
    });
    expect(stored.secretEncrypted).not.toContain(first.secret.slice(6));
    expect(stored.secretPrefix).toBe(first.secret.slice(0, 10));
    const second = await setProjectWebhook({ actorId: f.lead.id, projectId: f.project.id, input: { url } });
    expect(second.secret).not.toBe(first.secret);
    const audit = await getDb().auditEvent.findMany({ where: { projectId: f.project.id, action: 'webhook.set' }, select: { data: true } });
    expect(JSON.stringify(audit)).not.toContain(first.secret);
  });

  it('retries a failing receiver after 1, 5, 30 and 120 minutes and gives up after the 5th attempt, logging each', async () => {
    answer = 500;
    received.length = 0;
    const f = await labeledProject();
    await setProjectWebhook({ actorId: f.lead.id, projectId: f.project.id, input: { url } });
    await snapshot(f.project.id, null, { format: 'raw' });
    const minute = 60_000;
    let now = Date.now() + 1000;
    const waits = [1, 5, 30, 120];
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await deliverDueWebhooks({ now: new Date(now) })).toEqual({ attempted: 1, delivered: 0 });
      const [d] = await deliveriesOf(f.project.id);
      expect(d).toMatchObject({ attempts: attempt, lastStatusCode: 500, lastError: 'HTTP 500' });
      expect(d!.lastAttemptAt!.getTime()).toBe(now);
      if (attempt < 5) {
        expect(d!.status).toBe('PENDING');
        expect(d!.nextAttemptAt!.getTime() - now).toBe(waits[attempt - 1]! * minute);
        // Not due a second before its time.
        expect(await deliverDueWebhooks({ now: new Date(d!.nextAttemptAt!.getTime() - 1000) })).toEqual({ attempted: 0, delivered: 0 });
        now = d!.nextAttemptAt!.getTime();
      } else {
        expect(d).toMatchObject({ status: 'FAILED', nextAttemptAt: null, deliveredAt: null });
        expect((d!.attemptLog as { statusCode: number }[]).map((a) => a.statusCode)).toEqual([500, 500, 500, 500, 500]);
      }
    }
    expect(received).toHaveLength(5);
    expect(await deliverDueWebhooks({ now: new Date(now + 10 * 3600_000) })).toEqual({ attempted: 0, delivered: 0 });
  });

  it('records an unreachable receiver as an error, and sends a due delivery once when sweeps race', async () => {
    answer = 200;
    received.length = 0;
    const f = await labeledProject();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await setProjectWebhook({ actorId: f.lead.id, projectId: f.project.id, input: { url: `http://127.0.0.1:${closedPort}/closed` } });
    await snapshot(f.project.id, null, { format: 'hh' });
    await deliverDueWebhooks();
    const [unreachable] = await deliveriesOf(f.project.id);
    expect(unreachable).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: null, lastError: 'ECONNREFUSED' });

    await setProjectWebhook({ actorId: f.lead.id, projectId: f.project.id, input: { url } });
    await snapshot(f.project.id, null, { format: 'hh' });
    const results = await Promise.all([deliverDueWebhooks(), deliverDueWebhooks(), deliverDueWebhooks()]);
    expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(1);
    expect(received).toHaveLength(1);
  });

  it('refuses loopback, private and link-local receivers by default, naming the address, and sends them nothing', async () => {
    answer = 200;
    received.length = 0;
    const f = await labeledProject();
    const port = (server.address() as AddressInfo).port;
    // The live receiver by IP literal, by a name resolving to loopback, the metadata address, and
    // loopback mapped into IPv6. A delivery goes to the project's URL at sending time: one at a time.
    for (const target of [
      url,
      `http://localhost:${port}/hooks/preflab`,
      'http://169.254.169.254/latest/meta-data/',
      `http://[::ffff:127.0.0.1]:${port}/x`,
    ]) {
      await setProjectWebhook({ actorId: f.lead.id, projectId: f.project.id, input: { url: target } });
      await snapshot(f.project.id, null, { format: 'hh' });
      expect(await deliverDueWebhooks({ allowPrivateHosts: false })).toEqual({ attempted: 1, delivered: 0 });
    }
    expect(received).toHaveLength(0);
    const errors = (await deliveriesOf(f.project.id)).map((d) => d.lastError);
    expect(errors).toEqual([
      expect.stringMatching(/^127\.0\.0\.1 resolves to 127\.0\.0\.1, a private or reserved address/),
      expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), a private or reserved address/),
      expect.stringMatching(/^169\.254\.169\.254 resolves to 169\.254\.169\.254/),
      expect.stringMatching(/^::ffff:7f00:1 resolves to|^::ffff:127\.0\.0\.1 resolves to/),
    ]);
  });

  it('refuses IPv6 forms that embed IPv4 loopback or private addresses, whether or not this host routes them (issue 21 item 7)', async () => {
    answer = 200;
    received.length = 0;
    const f = await labeledProject();
    const port = (server.address() as AddressInfo).port;
    const targets = [
      '[::127.0.0.1]',
      '[::ffff:0:127.0.0.1]',
      '[::ffff:7f00:1]',
      '[64:ff9b::127.0.0.1]',
      '[2002:7f00:1::1]',
      '[2002:c0a8:101::1]',
    ];
    for (const host of targets) {
      await setProjectWebhook({ actorId: f.lead.id, projectId: f.project.id, input: { url: `http://${host}:${port}/hooks/preflab` } });
      await snapshot(f.project.id, null, { format: 'hh' });
      expect(await deliverDueWebhooks({ allowPrivateHosts: false }), host).toEqual({ attempted: 1, delivered: 0 });
    }
    expect(received).toHaveLength(0);
    const errors = (await deliveriesOf(f.project.id)).map((d) => d.lastError ?? '');
    expect(errors).toHaveLength(targets.length);
    for (const error of errors) expect(error).toMatch(/resolves to .*, a private or reserved address/);
  });
});
