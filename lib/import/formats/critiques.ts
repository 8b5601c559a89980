import { z } from 'zod';
import type { RowParser } from '@/lib/import/types';
import { zodRowErrors } from '@/lib/import/validate-item';

export const ZCritiqueRow = z.looseObject({
  response_id: z
    .union(
      [
        z
          .string()
          .trim()
          .min(1, { message: 'Response id must not be empty' })
          .max(200, { message: 'Response id is longer than 200 characters' }),
        z.number().int(),
      ],
      {
        error: (issue) => (issue.input === undefined ? 'Missing "response_id"' : 'Response id must be a string or an integer'),
      },
    )
    .transform(String),
  critiques: z
    .array(
      z.string({ message: 'A critique must be a string' }).refine((s) => s.trim() !== '', { message: 'Critique text is empty' }),
      {
        error: (issue) => (issue.input === undefined ? 'Missing "critiques"' : 'Critiques must be a list of texts'),
      },
    )
    .min(1, { message: 'Give at least one critique' }),
  model: z
    .string({ message: 'Model must be a string' })
    .trim()
    .min(1, { message: 'Model must not be empty' })
    .max(200, { message: 'Model is longer than 200 characters' })
    .optional(),
  /** Critiques of a flawed variant of the response: the perturbation's external id or uuid. */
  perturbation_id: z
    .union(
      [
        z
          .string()
          .trim()
          .min(1, { message: 'Perturbation id must not be empty' })
          .max(200, { message: 'Perturbation id is longer than 200 characters' }),
        z.number().int(),
      ],
      {
        error: 'Perturbation id must be a string or an integer',
      },
    )
    .transform(String)
    .optional(),
});

/**
 * Critique files: rows `{response_id, perturbation_id?, critiques: [text, …], model?}` attaching
 * model-written critiques to a response imported earlier, or (with perturbation_id) to a flawed
 * variant of it. Whether the response and the perturbation exist is the writer's check.
 */
export function critiquesParser(): RowParser {
  return {
    push(line, row) {
      const parsed = ZCritiqueRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const r = parsed.data;
      return {
        items: [],
        critiques: [
          {
            line,
            responseExternalId: r.response_id,
            perturbationRef: r.perturbation_id ?? null,
            critiques: r.critiques,
            modelId: r.model ?? null,
          },
        ],
        errors: [],
      };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
