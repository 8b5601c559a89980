import http from 'node:http';
import https from 'node:https';
import { APP_VERSION } from '@/lib/app-version';
import { getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { labelerPseudonym } from '@/lib/security/labeler-pseudonym';
import { isNonPublicAddress, NonPublicAddressError, publicOnlyLookup } from '@/lib/webhooks/public-address';
import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_SECONDS } from '@/lib/webhooks/schemas';
import { decryptWebhookSecret, signWebhookBody } from '@/lib/webhooks/webhook-secret';

/** How long a claimed delivery stays with its claimer before another instance may try it (longer than an attempt). */
const LEASE_SECONDS = 120;
const ATTEMPT_TIMEOUT_MS = 10_000;

type Claimed = {
  id: string;
  projectId: string;
  eventId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secretEncrypted: string;
};
type Outcome = { statusCode: number | null; error: string | null; ms: number };

type Sent = { statusCode: number };

/**
 * POSTs `body` to `url` with node:http(s), whose `lookup` hook lets the connection use exactly the
 * address that was checked (lib/webhooks/public-address.ts). Redirects are not followed.
 */
function post(url: URL, headers: Record<string, string>, body: string, allowPrivateHosts: boolean): Promise<Sent> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal never goes through lookup: check it here.
  if (!allowPrivateHosts && isNonPublicAddress(host)) return Promise.reject(new NonPublicAddressError(host, host));
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<Sent>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: ATTEMPT_TIMEOUT_MS,
        ...(allowPrivateHosts ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        response.resume();
        resolve({ statusCode: response.statusCode ?? 0 });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The body as sent: the stored payload with the labeler's account id (stored so that the payload
 * can be built in SQL) replaced by their export pseudonym, then the attempt's delivery id and time.
 */
export function deliveryBody(delivery: Pick<Claimed, 'id' | 'projectId' | 'payload'>, at: Date): string {
  const { labeler_user_id: userId, ...payload } = delivery.payload;
  const labeler = typeof userId === 'string' ? { labeler: labelerPseudonym(delivery.projectId, userId) } : {};
  return JSON.stringify({ ...payload, ...labeler, delivery_id: delivery.id, sent_at: at.toISOString() });
}

async function send(delivery: Claimed, secret: string, at: Date, allowPrivateHosts: boolean): Promise<Outcome> {
  const body = deliveryBody(delivery, at);
  const started = performance.now();
  try {
    const { statusCode } = await post(
      new URL(delivery.url),
      {
        'content-type': 'application/json',
        'user-agent': `PreferenceLab-Webhook/${APP_VERSION}`,
        'x-preflab-event': String(delivery.payload.event),
        'x-preflab-delivery': delivery.id,
        ...(delivery.eventId ? { 'x-preflab-event-id': delivery.eventId } : {}),
        'x-preflab-timestamp': String(Math.floor(at.getTime() / 1000)),
        'x-preflab-signature': signWebhookBody(secret, body),
      },
      body,
      allowPrivateHosts,
    );
    const ms = Math.round(performance.now() - started);
    const ok = statusCode >= 200 && statusCode < 300;
    return ok ? { statusCode, error: null, ms } : { statusCode, error: `HTTP ${statusCode}`, ms };
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    // A refused address names itself; socket errors are best known by their code (ECONNREFUSED, ENOTFOUND, …).
    const { code, message } = error as { code?: string; message: string };
    const text = error instanceof NonPublicAddressError || code === 'TIMEOUT' || !code ? message : code;
    return { statusCode: null, error: text.slice(0, 500), ms };
  }
}

/**
 * Sends the webhook deliveries that are due, from any instance: claims up to `limit` with
 * FOR UPDATE SKIP LOCKED and a lease (so two sweeps never send one twice at once), POSTs each
 * signed body, and records the attempt: delivered on a 2xx, else retried after 1 min, 5 min,
 * 30 min, 2 h, and given up after the 5th failure. `now` replaces the database clock (tests).
 * Times are stored as UTC wall-clock time, as Prisma writes them, whatever the session time zone.
 */
export async function deliverDueWebhooks(
  options: { limit?: number; now?: Date; allowPrivateHosts?: boolean } = {},
): Promise<{ attempted: number; delivered: number }> {
  const allowPrivateHosts = options.allowPrivateHosts ?? getEnv().WEBHOOK_ALLOW_PRIVATE_HOSTS;
  const pool = getPgPool();
  const now = options.now?.toISOString() ?? null;
  const { rows } = await pool.query<Claimed>(
    `WITH due AS (
       SELECT d.id, coalesce(w.url, e.url) AS url, coalesce(w."secretEncrypted", e."secretEncrypted") AS "secretEncrypted"
         FROM webhook_deliveries d
         LEFT JOIN project_webhooks w ON w.id = d."webhookId"
         LEFT JOIN event_webhooks e ON e.id = d."eventWebhookId"
        WHERE d.status = 'PENDING' AND d."nextAttemptAt" <= coalesce($1::timestamptz, now()) AT TIME ZONE 'UTC'
        ORDER BY d."nextAttemptAt", d.id
        LIMIT $2
        FOR UPDATE OF d SKIP LOCKED)
     UPDATE webhook_deliveries d SET "nextAttemptAt" = (coalesce($1::timestamptz, now()) + make_interval(secs => $3)) AT TIME ZONE 'UTC'
       FROM due
      WHERE d.id = due.id
     RETURNING d.id, d."projectId", d."eventId", d.payload, d.attempts, due.url, due."secretEncrypted"`,
    [now, options.limit ?? 10, LEASE_SECONDS],
  );
  let delivered = 0;
  let attempted = 0;
  await Promise.all(
    rows.map(async (delivery) => {
      const secret = decryptWebhookSecret(delivery.secretEncrypted);
      if (!secret) {
        // Encrypted under another session secret: leave the lease to run out for an instance that can read it.
        log.warn('webhook secret unreadable with this session secret', { deliveryId: delivery.id });
        await pool.query(`UPDATE webhook_deliveries SET "lastError" = $2 WHERE id = $1`, [
          delivery.id,
          'The signing secret cannot be read with this session secret: save the webhook again',
        ]);
        return;
      }
      attempted += 1;
      const at = options.now ?? new Date();
      const outcome = await send(delivery, secret, at, allowPrivateHosts);
      const attempts = delivery.attempts + 1;
      const ok = outcome.error === null;
      const status = ok ? 'DELIVERED' : attempts >= WEBHOOK_MAX_ATTEMPTS ? 'FAILED' : 'PENDING';
      const retryIn = ok || status === 'FAILED' ? null : WEBHOOK_RETRY_DELAYS_SECONDS[attempts - 1]!;
      if (ok) delivered += 1;
      await pool.query(
        `UPDATE webhook_deliveries
            SET status = $2::"WebhookDeliveryStatus", attempts = $3, "lastStatusCode" = $4, "lastError" = $5,
                "lastAttemptAt" = $6::timestamptz AT TIME ZONE 'UTC',
                "nextAttemptAt" = CASE WHEN $7::int IS NULL THEN NULL ELSE ($6::timestamptz + make_interval(secs => $7::int)) AT TIME ZONE 'UTC' END,
                "deliveredAt" = CASE WHEN $2::"WebhookDeliveryStatus" = 'DELIVERED' THEN $6::timestamptz AT TIME ZONE 'UTC' END,
                "attemptLog" = "attemptLog" || jsonb_build_array(jsonb_build_object('at', $6::text, 'statusCode', $4::int, 'error', $5::text, 'ms', $8::int))
          WHERE id = $1`,
        [delivery.id, status, attempts, outcome.statusCode, outcome.error, at.toISOString(), retryIn, outcome.ms],
      );
      if (!ok)
        log.warn('webhook delivery failed', { deliveryId: delivery.id, attempts, error: outcome.error, gaveUp: status === 'FAILED' });
    }),
  );
  return { attempted, delivered };
}
