import { z } from 'zod';

export const PROFICIENCIES = ['WORKING', 'FLUENT', 'NATIVE'] as const;
export type TProficiency = (typeof PROFICIENCIES)[number];
export const PROFICIENCY_LABEL: Record<TProficiency, string> = { WORKING: 'Working', FLUENT: 'Fluent', NATIVE: 'Native' };

/** A free tag or language name: trimmed, lower-case, inner whitespace collapsed. */
export const normaliseTag = (value: string) => value.trim().toLowerCase().replace(/\s+/g, ' ');

const tag = (what: string) =>
  z
    .string()
    .transform(normaliseTag)
    .pipe(z.string().min(1, `${what} must not be empty`).max(60, `${what} must be at most 60 characters`));

const optionalText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v));

export const ZLanguage = z.object({
  language: tag('Language'),
  proficiency: z.enum(PROFICIENCIES, { message: 'Choose working, fluent or native' }),
});

/** The labeler's own profile (what they type; every part optional). */
export const ZLabelerProfile = z
  .object({
    languages: z.array(ZLanguage).max(20, 'At most 20 languages').default([]),
    region: optionalText('Region', 80).nullable().default(null),
    expertise: z.array(tag('Expertise')).max(30, 'At most 30 areas of expertise').default([]),
    /** Project field values: fieldId → value ('' clears it). */
    fields: z.record(z.uuid(), z.string().trim().max(200, 'A field value must be at most 200 characters')).default({}),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.languages.forEach((l, i) => {
      if (seen.has(l.language))
        ctx.addIssue({ code: 'custom', path: ['languages', i, 'language'], message: `${l.language} is listed twice` });
      seen.add(l.language);
    });
  })
  .transform((p) => ({ ...p, expertise: [...new Set(p.expertise)].sort() }));
export type TLabelerProfile = z.output<typeof ZLabelerProfile>;
export type TLabelerProfileInput = z.input<typeof ZLabelerProfile>;

/**
 * The profile form: languages as rows language_N / proficiency_N (blank rows ignored), expertise
 * as one comma-separated text, project fields as field_<id>.
 */
export function profileFromForm(data: Record<string, unknown>): TLabelerProfileInput {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  const languages: { language: string; proficiency: string }[] = [];
  for (let i = 0; i < 20; i++) {
    const language = text(`language_${i}`);
    if (language.trim() !== '') languages.push({ language, proficiency: text(`proficiency_${i}`) });
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) if (key.startsWith('field_') && typeof value === 'string') fields[key.slice(6)] = value;
  return {
    languages: languages as TLabelerProfileInput['languages'],
    region: text('region'),
    expertise: text('expertise')
      .split(',')
      .filter((t) => t.trim() !== ''),
    fields,
  };
}

/**
 * The profile form as the action parses it: its rows (language_N, field_<id>) become the profile's
 * shape first, so errors carry the profile's paths (languages.0.proficiency), shown by the inputs.
 */
export const ZProfileForm = z
  .record(z.string(), z.unknown())
  .transform((raw) => profileFromForm(raw))
  .pipe(ZLabelerProfile);

/** A project-defined profile field (the lead's form). */
export const ZProfileField = z
  .object({
    projectId: z.uuid(),
    key: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Key: a letter, then letters, digits or _ (at most 40)'),
    label: z.string().trim().min(1, 'Label must not be empty').max(80, 'Label must be at most 80 characters'),
    type: z.enum(['TEXT', 'SELECT'], { message: 'Type must be text or select' }),
    options: z
      .string()
      .default('')
      .transform((s) => [
        ...new Set(
          s
            .split(',')
            .map((o) => o.trim())
            .filter((o) => o !== ''),
        ),
      ])
      .pipe(z.array(z.string().max(60, 'Each option must be at most 60 characters')).max(50, 'At most 50 options')),
  })
  .refine((f) => f.type !== 'SELECT' || f.options.length >= 2, {
    message: 'A select field needs at least two comma-separated options',
    path: ['options'],
  });
export type TProfileField = z.output<typeof ZProfileField>;

export const ZDeleteProfileField = z.object({ projectId: z.uuid(), fieldId: z.uuid() });

const requirement = {
  requiredLanguage: z
    .string()
    .default('')
    .transform((v) => (normaliseTag(v) === '' ? null : normaliseTag(v)))
    .pipe(z.string().max(60, 'Language must be at most 60 characters').nullable()),
  requiredProficiency: z
    .union([z.literal(''), z.enum(PROFICIENCIES, { message: 'Choose working, fluent or native' })])
    .default('')
    .transform((v) => (v === '' ? null : v)),
  requiredExpertise: z
    .string()
    .default('')
    .transform((v) => (normaliseTag(v) === '' ? null : normaliseTag(v)))
    .pipe(z.string().max(60, 'Expertise must be at most 60 characters').nullable()),
};

/** Routing requirement of one item (lead's item page). */
export const ZItemRequirements = z.object({ projectId: z.uuid(), itemId: z.uuid(), ...requirement });
export type TItemRequirements = z.output<typeof ZItemRequirements>;

const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.literal('false'), z.literal(''), z.boolean()])
  .default(false)
  .transform((v) => v === true || v === 'on' || v === 'true');

/** The project's pool settings (lead's form). */
export const ZPoolSettings = z.object({
  projectId: z.uuid(),
  ...requirement,
  minGroupSize: z.coerce
    .number({ message: 'Minimum group size must be a number' })
    .int('Minimum group size must be a whole number')
    .min(2, 'Minimum group size must be at least 2')
    .max(1000, 'Minimum group size must be at most 1000'),
  speedFloorSeconds: z.coerce
    .number({ message: 'Speed floor must be a number' })
    .int('Speed floor must be whole seconds')
    .min(0, 'Speed floor must be at least 0')
    .max(3600, 'Speed floor must be at most 3600'),
  exportGroupAttributes: checkbox,
});
export type TPoolSettings = z.output<typeof ZPoolSettings>;
