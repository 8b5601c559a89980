import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import type { ImportCritiqueText, ImportPerturbation, RowParser } from '@/lib/import/types';
import { zodRowErrors } from '@/lib/import/validate-item';
import { FLAW_CATEGORIES, MAX_PERTURB_TEXT, toFlawCategory, ZFlawFields } from '@/lib/perturb/schemas';

const ZRef = (name: string) =>
  z
    .union(
      [
        z
          .string()
          .trim()
          .min(1, { message: `${name} must not be empty` })
          .max(200, { message: `${name} is longer than 200 characters` }),
        z.number().int(),
      ],
      {
        error: `${name} must be a string or an integer`,
      },
    )
    .transform(String);

const ZCritiqueText = z.union(
  [
    z
      .string()
      .refine((s) => s.trim() !== '', { message: 'Critique text is empty' })
      .transform((text) => ({ text, model: undefined as string | undefined })),
    z.object({
      text: z.string({ message: 'A critique needs a "text"' }).refine((s) => s.trim() !== '', { message: 'Critique text is empty' }),
      model: z
        .string({ message: 'Model must be a string' })
        .trim()
        .min(1, { message: 'Model must not be empty' })
        .max(200, { message: 'Model is longer than 200 characters' })
        .optional(),
    }),
  ],
  { error: 'A critique is a text or {"text", "model"?}' },
);
const ZCritiqueList = z.array(ZCritiqueText, { error: 'Critiques must be a list' });

export const ZPerturbationRow = z
  .looseObject({
    id: ZRef('Id').optional(),
    item_id: ZRef('Item id').optional(),
    response_id: ZRef('Response id').optional(),
    flawed: z
      .string({ error: (issue) => (issue.input === undefined ? 'Missing "flawed"' : '"flawed" must be a text') })
      .refine((s) => s.trim() !== '', { message: 'The flawed text is empty' })
      .refine((s) => s.length <= MAX_PERTURB_TEXT, { message: `The flawed text is longer than ${MAX_PERTURB_TEXT} characters` }),
    flaw: z.object(
      {
        description: ZFlawFields.shape.description,
        category: z.enum(FLAW_CATEGORIES, { message: `The category is one of ${FLAW_CATEGORIES.join(', ')}` }),
        severity: z
          .number({ message: 'The severity is a whole number from 1 to 4' })
          .int({ message: 'The severity is a whole number from 1 to 4' })
          .min(1, { message: 'The severity is a whole number from 1 to 4' })
          .max(4, { message: 'The severity is a whole number from 1 to 4' }),
        missable_because: z
          .string({ message: '"missable_because" must be a text' })
          .trim()
          .max(4000, { message: 'The reason is 4000 characters at most' })
          .optional(),
      },
      {
        error: (issue) =>
          issue.input === undefined ? 'Missing "flaw"' : '"flaw" must be an object {description, category, severity, missable_because?}',
      },
    ),
    author_email: z.email({ message: 'author_email must be an email address' }).trim().toLowerCase().optional(),
    status: z.enum(['accepted', 'submitted'], { message: 'status is "accepted" or "submitted"' }).optional(),
    critiques: z
      .object(
        { original: ZCritiqueList.optional(), flawed: ZCritiqueList.optional() },
        { error: '"critiques" must be an object {original?, flawed?}' },
      )
      .optional(),
  })
  .refine((r) => r.item_id !== undefined || r.response_id !== undefined, {
    message: 'Give "response_id" (the source response) or "item_id"',
    path: ['response_id'],
  });

const toTexts = (list: { text: string; model?: string | undefined }[] | undefined): ImportCritiqueText[] =>
  (list ?? []).map((c) => ({ text: c.text, modelId: c.model ?? null }));

/**
 * Perturbation files (PRODUCT §3.3, §7): rows `{id?, item_id? | response_id, flawed, flaw:
 * {description, category, severity, missable_because?}, author_email?, status?, critiques?:
 * {original?, flawed?}}`. The changed span is the writer's to compute by diff (never read from the
 * file), as is whether the source exists and the text changed. Rows without an id get one from
 * their content, so importing the same file twice adds nothing.
 */
export function perturbationsParser(): RowParser {
  return {
    push(line, row) {
      const parsed = ZPerturbationRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const r = parsed.data;
      const perturbation: ImportPerturbation = {
        line,
        externalId:
          r.id ??
          deriveId(
            'perturbation',
            r.item_id ?? null,
            r.response_id ?? null,
            r.flawed,
            r.flaw.description,
            r.flaw.category,
            r.flaw.severity,
          ),
        itemRef: r.item_id ?? null,
        responseRef: r.response_id ?? null,
        flawedText: r.flawed,
        description: r.flaw.description,
        category: toFlawCategory(r.flaw.category),
        severity: r.flaw.severity,
        missableBecause: r.flaw.missable_because ?? '',
        authorEmail: r.author_email ?? null,
        status: r.status === 'submitted' ? 'SUBMITTED' : 'ACCEPTED',
        critiques: { original: toTexts(r.critiques?.original), flawed: toTexts(r.critiques?.flawed) },
      };
      return { items: [], critiques: [], errors: [], perturbations: [perturbation] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
