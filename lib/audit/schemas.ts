import { z } from 'zod';

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD');

/** The audit log's filters (all optional): actor by email, action prefix, project, UTC days [from, to], target type/id. */
export const ZAuditFilters = z.object({
  actor: optional(z.string().trim().max(320)),
  action: optional(
    z
      .string()
      .trim()
      .max(100)
      .regex(/^[a-z0-9_.]+$/i, 'Letters, digits, dots and underscores (e.g. project.member)'),
  ),
  project: optional(z.uuid('A project id')),
  from: optional(day),
  to: optional(day),
  targetType: optional(z.string().trim().max(100)),
  targetId: optional(z.string().trim().max(200)),
  /** Keyset cursor: show rows with an id below this one (the previous page's last). */
  before: optional(z.string().regex(/^\d{1,19}$/, 'A row id')),
});
export type TAuditFilters = z.infer<typeof ZAuditFilters>;
