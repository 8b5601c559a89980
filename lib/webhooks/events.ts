import { z } from 'zod';

/*
 * The events a lead can subscribe an endpoint to (issue 30), with the payload each sends. Every body
 * also carries `event`, `event_id` (one id per event, the same in every retry and for every endpoint:
 * receivers deduplicate on it; delivery is at least once), `occurred_at`, `project_id`, and per
 * attempt `delivery_id` and `sent_at`. The headers repeat event, event id and delivery id, with the
 * timestamp and the HMAC-SHA256 signature of the exact body (x-preflab-signature: sha256=<hex>).
 * The payloads are built in SQL where the action happens (migration event_webhooks: webhook_emit and
 * its triggers; lib/webhooks/enqueue-snapshot-webhook.ts; lib/dashboard/emit-labeler-alarm-events.ts):
 * these schemas are their contract, checked by tests/integration/webhook-events.test.ts.
 */

const iso = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
const uuid = z.uuid();
/** Labelers appear as their export pseudonym (lib/security/labeler-pseudonym.ts), never by account. */
const labeler = z.string().regex(/^labeler-[0-9a-f]{12}$/);

const ZEnvelope = z.object({
  event_id: uuid,
  occurred_at: iso,
  project_id: uuid,
  delivery_id: uuid,
  sent_at: iso,
});

export const WEBHOOK_EVENT_PAYLOADS = {
  'judgment.submitted': ZEnvelope.extend({
    event: z.literal('judgment.submitted'),
    judgment_id: uuid,
    item_id: uuid,
    item_external_id: z.string().nullable(),
    labeler,
    /** Tiers best first, each a list of response ids (ties share a tier), as the export's rankings. */
    ranking: z.unknown(),
    all_unacceptable: z.boolean(),
    prompt_flags: z.array(z.string()),
    duration_ms: z.number().int(),
    submitted_at: iso,
    ratings: z.array(z.object({ response_id: uuid, likert: z.number().int().nullable(), flags: z.array(z.string()) })),
  }),
  'item.complete': ZEnvelope.extend({
    event: z.literal('item.complete'),
    item_id: uuid,
    item_external_id: z.string().nullable(),
    /** The labeled judgments the item needed (the project's overlap). */
    judgments: z.number().int(),
  }),
  'snapshot.ready': ZEnvelope.extend({
    event: z.literal('snapshot.ready'),
    snapshot_id: uuid,
    format: z.string(),
    project: z.object({ id: uuid, slug: z.string(), name: z.string() }),
    manifest: z.record(z.string(), z.unknown()),
    /** Relative to the app's base URL; an API token with export scope downloads it. */
    download_path: z.string(),
  }),
  'labeler.alarm': ZEnvelope.extend({
    event: z.literal('labeler.alarm'),
    labeler,
    /** low_agreement | position_bias (the labelers table's alarms, PRODUCT §5). */
    alarm: z.enum(['low_agreement', 'position_bias']),
    /** The figure that raised it: agreement or first-position win rate, over `compared` pairs. */
    rate: z.number(),
    compared: z.number().int(),
    labels: z.number().int(),
  }),
  'job.finished': ZEnvelope.extend({
    event: z.literal('job.finished'),
    job_id: uuid,
    job_type: z.enum(['generation', 'import']),
    /** RESPONSES | CRITIQUES | JUDGE | DISCRIMINATE … for generation, IMPORT for imports. */
    job_kind: z.string(),
    /** FINISHED | FAILED | CANCELLED (generation), DONE | REFUSED | FAILED (import). */
    status: z.string(),
    tasks: z.number().int().nullable(),
    done: z.number().int(),
    failed: z.number().int(),
  }),
} as const;

export type WebhookEvent = keyof typeof WEBHOOK_EVENT_PAYLOADS;
export const WEBHOOK_EVENTS = Object.keys(WEBHOOK_EVENT_PAYLOADS) as WebhookEvent[];

/** What each event means, for the subscription form and the docs. */
export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEvent, string> = {
  'judgment.submitted': 'A labeler submitted a ranking (imported labels are not events).',
  'item.complete': "An item received the project's overlap of labeled rankings (once per item).",
  'snapshot.ready': 'An export snapshot finished building and can be downloaded.',
  'labeler.alarm': "A labeler's low-agreement or position-bias alarm was raised (again only after it cleared).",
  'job.finished': 'A generation job (responses, critiques, judge) or an import ended: finished, failed, cancelled or refused.',
};

/** The test delivery a lead can send from the Webhooks page: the envelope only. */
export const PING_EVENT = 'ping';

export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as string[]).includes(value);
}
