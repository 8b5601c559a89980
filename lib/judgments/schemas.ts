import { z } from 'zod';

const ZId = z.uuid({ message: 'Unknown response' });

export const ZSubmitRanking = z
  .object({
    assignmentId: z.uuid({ message: 'Unknown assignment' }),
    /** Tie groups of response ids, best first; empty when allUnacceptable. */
    ranking: z.array(z.array(ZId).min(1, { message: 'A tie group must not be empty' })).max(9),
    allUnacceptable: z.boolean().default(false),
    ratings: z
      .array(
        z.object({
          responseId: ZId,
          likert: z.number().int().min(1, { message: 'Likert scores run from 1 to 7' }).max(7, { message: 'Likert scores run from 1 to 7' }).nullable().default(null),
          flags: z.array(z.string().min(1).max(100)).max(50).default([]),
        }),
      )
      .max(9)
      .default([]),
    promptFlags: z.array(z.string().min(1).max(100)).max(50).default([]),
    /** Time actively spent, as measured by the client. */
    durationMs: z.number().int().min(0).max(24 * 3_600_000),
  })
  .refine((v) => v.allUnacceptable || v.ranking.length > 0, { message: 'Rank the responses, or mark them all unacceptable', path: ['ranking'] });
export type TSubmitRanking = z.infer<typeof ZSubmitRanking>;
