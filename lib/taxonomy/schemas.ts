import { z } from 'zod';

/** A flag's key is what labels store; its label and description are what labelers read. */
export const ZFlagDefinition = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9_]{1,60}$/, { message: 'A flag key is 1–60 lower-case letters, digits or underscores' }),
  label: z.string().trim().min(1, { message: 'A flag needs a label' }).max(120, { message: 'A flag label is 120 characters at most' }),
  description: z.string().trim().max(500, { message: 'A flag description is 500 characters at most' }).default(''),
});
export type TFlagDefinition = z.infer<typeof ZFlagDefinition>;

function uniqueKeys(flags: TFlagDefinition[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  flags.forEach((flag, index) => {
    if (seen.has(flag.key)) ctx.addIssue({ code: 'custom', message: `The flag key "${flag.key}" is used twice`, path: [index, 'key'] });
    seen.add(flag.key);
  });
}

const ZFlagList = z.array(ZFlagDefinition).max(40, { message: 'At most 40 flags' }).superRefine(uniqueKeys);

/** The flags of one taxonomy version: per response and per prompt. */
export const ZTaxonomyFlags = z.object({ responseFlags: ZFlagList, promptFlags: ZFlagList });
export type TTaxonomyFlags = z.infer<typeof ZTaxonomyFlags>;

export type Taxonomy = TTaxonomyFlags & { version: number };

/** A key from a label: "Makes up facts!" → "makes_up_facts". */
export function flagKeyFromLabel(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}
