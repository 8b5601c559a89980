import { z } from 'zod';
import { WEBHOOK_EVENTS, type WebhookEvent } from '@/lib/webhooks/events';

export const ZSetWebhook = z.object({
  url: z
    .string({ message: 'Enter the URL to notify' })
    .trim()
    .max(2000, { message: 'The URL is too long (2000 characters at most)' })
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), { message: 'Enter an http:// or https:// URL' }),
});
export type TSetWebhook = z.infer<typeof ZSetWebhook>;

/** Waits after failed attempt 1, 2, 3, 4; the 5th failure gives up. */
export const WEBHOOK_RETRY_DELAYS_SECONDS = [60, 300, 1800, 7200] as const;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_SECONDS.length + 1;

export const ZEventWebhookInput = z.object({
  url: ZSetWebhook.shape.url,
  description: z.string().trim().max(200, { message: 'The description is too long (200 characters at most)' }).default(''),
  // A form sends one checked box as a string, several as an array, none as nothing.
  events: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.enum(WEBHOOK_EVENTS as [WebhookEvent, ...WebhookEvent[]], { message: 'Choose events from the list' }))
      .min(1, { message: 'Choose at least one event' })
      .transform((events) => [...new Set(events)].sort()),
  ),
});
export type TEventWebhookInput = z.infer<typeof ZEventWebhookInput>;
