import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import { normaliseTag } from '@/lib/pool/schemas';
import type { ImportItem, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

const ZId = z
  .union([
    z.string().trim().min(1, { message: 'Id must not be empty' }).max(200, { message: 'Id is longer than 200 characters' }),
    z.number().int(),
  ])
  .transform(String);
const ZMessage = z.object({
  role: z.enum(['system', 'user', 'assistant'], { message: 'Role must be "system", "user" or "assistant"' }),
  content: z.string({ message: 'Message content must be a string' }),
});
const ZResponse = z.object({
  id: ZId.optional(),
  model: z.string({ message: 'Model must be a string' }).max(200).optional(),
  text: z.string({ message: 'Response text must be a string' }),
  metadata: z.record(z.string(), z.unknown(), { message: 'Metadata must be an object' }).optional(),
});

const ZRequirementTag = (what: string) =>
  z
    .string({ message: `${what} must be a string` })
    .transform(normaliseTag)
    .pipe(
      z
        .string()
        .min(1, { message: `${what} must not be empty` })
        .max(60, { message: `${what} must be at most 60 characters` }),
    );

/** Routing: only labelers whose profile lists the language (at the proficiency or better) and the expertise get the item. */
const ZRequires = z
  .strictObject(
    {
      language: ZRequirementTag('The required language').optional(),
      proficiency: z.enum(['working', 'fluent', 'native'], { message: 'Proficiency must be "working", "fluent" or "native"' }).optional(),
      expertise: ZRequirementTag('The required expertise').optional(),
    },
    { message: 'requires is an object with language, proficiency and expertise (each optional)' },
  )
  .refine((r) => r.proficiency === undefined || r.language !== undefined, {
    message: 'A proficiency needs a language',
    path: ['proficiency'],
  });

export const ZNativeRow = z
  .looseObject({
    id: ZId.optional(),
    prompt: z.string({ message: 'Prompt must be a string' }).optional(),
    messages: z.array(ZMessage, { message: 'Messages must be a list of {role, content}' }).optional(),
    /** Absent: a prompt-only row, for a project with model connections (issue 24; validateItem decides). */
    responses: z.array(ZResponse, { message: 'Responses must be a list of {text, id?, model?}' }).default([]),
    metadata: z.record(z.string(), z.unknown(), { message: 'Metadata must be an object' }).optional(),
    requires: ZRequires.optional(),
    gold: z
      .object({
        ranking: z.array(z.array(ZId).min(1, { message: 'A tie group must not be empty' }), {
          message: 'Gold ranking must be a list of tie groups',
        }),
      })
      .optional(),
  })
  .refine((row) => (row.prompt === undefined) !== (row.messages === undefined), {
    message: 'Give exactly one of "prompt" (a string) or "messages" (a conversation)',
    path: ['prompt'],
  });

const KNOWN = new Set(['id', 'prompt', 'messages', 'responses', 'metadata', 'gold', 'requires']);

/** The native format: one item per row, with its own ids, models, metadata and gold ranking. */
export function nativeParser(rules: ImportRules): RowParser {
  return {
    push(line, row) {
      const parsed = ZNativeRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const r = parsed.data;
      const messages = r.messages ?? [{ role: 'user' as const, content: r.prompt ?? '' }];
      const extra = Object.fromEntries(Object.entries(r).filter(([k]) => !KNOWN.has(k)));
      const itemId =
        r.id ??
        deriveId(
          'item',
          messages,
          r.responses.map((x) => x.text),
        );
      const item: ImportItem = {
        line,
        externalId: itemId,
        messages,
        responses: r.responses.map((x, i) => ({
          externalId: x.id ?? `${itemId}-r${i + 1}`,
          modelId: x.model ?? null,
          text: x.text,
          metadata: x.metadata ?? {},
        })),
        metadata: { ...extra, ...(r.metadata ?? {}) },
        goldRanking: r.gold?.ranking ?? null,
        labels: [],
        ...(r.requires && (r.requires.language || r.requires.expertise)
          ? {
              requirements: {
                language: r.requires.language ?? null,
                proficiency: r.requires.language
                  ? ((r.requires.proficiency?.toUpperCase() as 'WORKING' | 'FLUENT' | 'NATIVE' | undefined) ?? null)
                  : null,
                expertise: r.requires.expertise ?? null,
              },
            }
          : {}),
      };
      const errors = validateItem(item, rules);
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
