import { z } from 'zod';

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
