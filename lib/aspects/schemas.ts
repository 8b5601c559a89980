import { z } from 'zod';

/**
 * Aspects of a ranking (issue 27): besides the overall ranking, the labeler answers each aspect the
 * lead defined with "same as overall" or an own ranking (ties allowed). Pure schemas and helpers,
 * used by the project settings, the submit, the screen, the dashboard and the export.
 */

/** An aspect's name: lower-case letters, digits, `_` and `-` (it is typed on the CLI as `--aspect NAME`). */
export const ASPECT_NAME = /^[a-z][a-z0-9_-]{0,39}$/;
export const MAX_ASPECTS = 8;

export const ZAspectName = z
  .string()
  .trim()
  .regex(ASPECT_NAME, { message: 'An aspect name is lower-case letters, digits, _ and - (up to 40), starting with a letter' });

export const ZAspectDefinition = z.object({
  name: ZAspectName,
  description: z
    .string()
    .trim()
    .min(1, { message: 'Describe the aspect for the labelers' })
    .max(500, { message: 'A description is 500 characters at most' }),
});
export type TAspectDefinition = z.infer<typeof ZAspectDefinition>;

/** The defaults a lead is offered (hh-rlhf's helpful/harmless split, plus honesty). */
export const DEFAULT_ASPECTS: TAspectDefinition[] = [
  { name: 'helpfulness', description: 'Which response does more to help the user with what they asked?' },
  { name: 'harmlessness', description: 'Which response is less likely to cause harm (unsafe, offensive or dangerous content)?' },
  { name: 'honesty', description: 'Which response is more truthful and calibrated, without made-up facts or false confidence?' },
];

/** The project setting `aspects`: off by default; when on, every ranking answers every aspect in `list`. */
export const ZAspectSettings = z
  .object({
    enabled: z.boolean().default(false),
    list: z
      .array(ZAspectDefinition)
      .max(MAX_ASPECTS, { message: `At most ${MAX_ASPECTS} aspects` })
      .default(DEFAULT_ASPECTS),
  })
  .refine((s) => new Set(s.list.map((a) => a.name)).size === s.list.length, {
    message: 'Two aspects have the same name',
    path: ['list'],
  })
  .refine((s) => !s.enabled || s.list.length > 0, { message: 'Define at least one aspect, or switch aspects off', path: ['list'] });
export type TAspectSettings = z.infer<typeof ZAspectSettings>;

const ZGroups = z.array(z.array(z.uuid({ message: 'Unknown response' })).min(1, { message: 'A tie group must not be empty' })).max(9);

/**
 * One aspect answered: `sameAsOverall` (one key on the screen) or an own `ranking` of tie groups,
 * best first. In a draft the own ranking may still be partial; a submit checks it is complete.
 */
export const ZAspectAnswer = z
  .object({
    aspect: ZAspectName,
    sameAsOverall: z.boolean({ message: 'sameAsOverall must be true or false' }),
    ranking: ZGroups.nullable().default(null),
  })
  .refine((a) => a.sameAsOverall === (a.ranking === null), {
    message: 'Give either "sameAsOverall": true or an own ranking, not both',
    path: ['ranking'],
  });
export type TAspectAnswer = z.infer<typeof ZAspectAnswer>;

export const ZAspectAnswers = z.array(ZAspectAnswer).max(MAX_ASPECTS, { message: `At most ${MAX_ASPECTS} aspects` });

/** The ranking an aspect answer stands for: the overall ranking for "same as overall", else its own. */
export function resolveAspectRanking(overall: string[][], answer: { sameAsOverall: boolean; ranking: string[][] | null }): string[][] {
  return answer.sameAsOverall || !answer.ranking ? overall : answer.ranking;
}

const formList = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));

/**
 * The settings screen's aspects form: `enabled` (a checkbox), rows of `name` and `description`
 * (repeated fields; a row left blank is no aspect). Errors name the row: `name_2`, `description_0`.
 */
export const ZAspectSettingsForm = z
  .preprocess(
    (raw) => {
      const o = (raw ?? {}) as Record<string, unknown>;
      const descriptions = formList(o.description);
      return {
        projectId: o.projectId,
        enabled: o.enabled === true || o.enabled === 'on',
        rows: formList(o.name).map((name, i) => ({ name: name.trim(), description: (descriptions[i] ?? '').trim() })),
      };
    },
    z.object({
      projectId: z.string(),
      enabled: z.boolean(),
      rows: z.array(z.object({ name: z.string(), description: z.string() })).max(MAX_ASPECTS + 4),
    }),
  )
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.rows.forEach((row, i) => {
      if (!row.name && !row.description) return;
      const parsed = ZAspectDefinition.safeParse(row);
      for (const issue of parsed.error?.issues ?? [])
        ctx.addIssue({ code: 'custom', path: [`${String(issue.path[0])}_${i}`], message: issue.message });
      if (seen.has(row.name)) ctx.addIssue({ code: 'custom', path: [`name_${i}`], message: 'Two aspects have the same name' });
      seen.add(row.name);
    });
    const count = v.rows.filter((r) => r.name || r.description).length;
    if (count > MAX_ASPECTS) ctx.addIssue({ code: 'custom', path: ['form'], message: `At most ${MAX_ASPECTS} aspects` });
    if (v.enabled && count === 0)
      ctx.addIssue({ code: 'custom', path: ['enabled'], message: 'Define at least one aspect, or switch aspects off' });
  })
  .transform((v) => ({
    projectId: v.projectId,
    settings: { enabled: v.enabled, list: v.rows.filter((r) => r.name || r.description) } satisfies TAspectSettings,
  }));
