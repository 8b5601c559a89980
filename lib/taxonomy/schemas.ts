import { z } from 'zod';
import { LOCALES } from '@/lib/i18n/locales';
import { SKIP_REASONS } from '@/lib/taxonomy/skip-reasons';

/** A flag's key is what labels store; its label and description are what labelers read. */
export const ZFlagDefinition = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,60}$/, { message: 'A flag key is 1–60 lower-case letters, digits or underscores' }),
  label: z.string().trim().min(1, { message: 'A flag needs a label' }).max(120, { message: 'A flag label is 120 characters at most' }),
  description: z.string().trim().max(500, { message: 'A flag description is 500 characters at most' }).default(''),
});
export type TFlagDefinition = z.infer<typeof ZFlagDefinition>;

function uniqueKeys(flags: TFlagDefinition[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  flags.forEach((flag, index) => {
    // An empty key is reported on its own (by the key pattern, or by the label it is made from).
    if (!flag.key) return;
    if (seen.has(flag.key)) ctx.addIssue({ code: 'custom', message: `The flag key "${flag.key}" is used twice`, path: [index, 'key'] });
    seen.add(flag.key);
  });
}

/** Per list (response flags, prompt flags). */
export const MAX_FLAGS = 40;

const flagList = <T extends z.ZodType<TFlagDefinition>>(flag: T) =>
  z
    .array(flag)
    .max(MAX_FLAGS, { message: `At most ${MAX_FLAGS} flags` })
    .superRefine(uniqueKeys);

const ZFlagList = flagList(ZFlagDefinition);

/** The flags of one taxonomy version: per response and per prompt. */
export const ZTaxonomyFlags = z.object({ responseFlags: ZFlagList, promptFlags: ZFlagList });
export type TTaxonomyFlags = z.infer<typeof ZTaxonomyFlags>;

export type Taxonomy = TTaxonomyFlags & { version: number };

/** A key from a label: "Makes up facts!" → "makes_up_facts". */
export function flagKeyFromLabel(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: "über" → "uber"
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}

export const FLAG_LISTS = ['responseFlags', 'promptFlags'] as const;
export type TFlagListName = (typeof FLAG_LISTS)[number];

const ROW_FIELD = /^(responseFlags|promptFlags)\.(\d{1,4})\.(key|label|description)$/;

/** Form fields named `responseFlags.<i>.label` (and `.key`, `.description`) to lists of rows in index order. */
function rowsFromForm(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const out: Record<string, unknown> = {};
  const lists: Record<TFlagListName, Map<number, Record<string, unknown>>> = { responseFlags: new Map(), promptFlags: new Map() };
  for (const [name, value] of Object.entries(raw)) {
    const match = ROW_FIELD.exec(name);
    if (!match) {
      out[name] = value;
      continue;
    }
    const [, list, index, field] = match as unknown as [string, TFlagListName, string, string];
    const rows = lists[list];
    rows.set(Number(index), { ...rows.get(Number(index)), [field]: value });
  }
  for (const list of FLAG_LISTS) out[list] = [...lists[list].entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
  return out;
}

// A row as the editor sends it: `key` is kept from the version being edited (so a renamed flag
// keeps its meaning) and empty for a flag added in this edit, which gets one from its label.
const ZFlagFormRow = z
  .object({ key: z.string().trim().default(''), label: ZFlagDefinition.shape.label, description: ZFlagDefinition.shape.description })
  .superRefine((row, ctx) => {
    if (row.label && !row.key && !flagKeyFromLabel(row.label)) {
      ctx.addIssue({
        code: 'custom',
        path: ['label'],
        message: 'Use at least one Latin letter or digit: the flag’s key is made from its label',
      });
    }
  })
  .transform((row) => ({ ...row, key: row.key || flagKeyFromLabel(row.label) }));

// Label and description were checked above; the derived key is checked here, then uniqueness.
const ZFlagFormList = flagList(ZFlagFormRow.pipe(z.object({ key: ZFlagDefinition.shape.key, label: z.string(), description: z.string() })));

/**
 * The taxonomy editor's form: `baseVersion` is the version the lead loaded, rows arrive as
 * `responseFlags.<i>.<field>` in the order shown. Errors land on `responseFlags.<i>.<field>`.
 */
export const ZUpdateTaxonomyForm = z.preprocess(
  rowsFromForm,
  z.object({
    projectId: z.uuid({ message: 'Unknown project' }),
    baseVersion: z.coerce.number({ message: 'Reload the page: the version being edited is missing' }).int().min(1),
    responseFlags: ZFlagFormList,
    promptFlags: ZFlagFormList,
  }),
);
export type TUpdateTaxonomyForm = z.infer<typeof ZUpdateTaxonomyForm>;

// ---- issue 31: a lead's texts per locale (flags, prompt flags, skip reasons, guidelines) ----

/** A translated label and description; an empty label means "not translated" (the default text is shown). */
export const ZTranslatedText = z.object({
  label: ZFlagDefinition.shape.label,
  description: ZFlagDefinition.shape.description,
});
export type TTranslatedText = z.infer<typeof ZTranslatedText>;

const ZTextsByKey = z.record(ZFlagDefinition.shape.key, ZTranslatedText);
export type TTextsByKey = z.infer<typeof ZTextsByKey>;

export const ZGuidelinesText = z.string().max(100_000, { message: 'Guidelines are too long (100,000 characters at most)' });

/** One locale's texts of a project, as stored (project_translations). Keys are flag keys and skip reasons. */
export const ZProjectTranslation = z.object({
  locale: z.enum(LOCALES, { message: `A locale is one of ${LOCALES.join(', ')}` }),
  responseFlags: ZTextsByKey.default({}),
  promptFlags: ZTextsByKey.default({}),
  skipReasons: z.partialRecord(z.enum(SKIP_REASONS), ZTranslatedText).default({}),
  guidelines: ZGuidelinesText.default(''),
});
export type TProjectTranslation = z.infer<typeof ZProjectTranslation>;

export const TRANSLATED_LISTS = ['responseFlags', 'promptFlags', 'skipReasons'] as const;
export type TTranslatedListName = (typeof TRANSLATED_LISTS)[number];

const TRANSLATION_FIELD = /^(responseFlags|promptFlags|skipReasons)\.([a-z0-9_]{1,60})\.(label|description)$/;

/** Form fields named `responseFlags.<key>.label` (and `.description`) to maps of key → text; a row left empty is dropped. */
function textsFromForm(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const out: Record<string, unknown> = { responseFlags: {}, promptFlags: {}, skipReasons: {} };
  for (const [name, value] of Object.entries(raw)) {
    const match = TRANSLATION_FIELD.exec(name);
    if (!match) {
      out[name] = value;
      continue;
    }
    const [, list, key, field] = match as unknown as [string, TTranslatedListName, string, 'label' | 'description'];
    const texts = out[list] as Record<string, Record<string, unknown>>;
    // A description sent without its label is refused on the label ("A flag needs a label").
    texts[key] = { label: '', ...texts[key], [field]: value };
  }
  for (const list of TRANSLATED_LISTS) {
    const texts = out[list] as Record<string, { label?: unknown; description?: unknown }>;
    for (const [key, text] of Object.entries(texts)) {
      const blank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '');
      if (blank(text.label) && blank(text.description)) delete texts[key];
    }
  }
  return out;
}

/**
 * The translations form of one locale: fields `responseFlags.<key>.label|description` (and promptFlags,
 * skipReasons) and `guidelines`. A row with a description but no label is refused on its label field.
 */
export const ZSaveTranslationForm = z.preprocess(
  textsFromForm,
  z.object({
    projectId: z.uuid({ message: 'Unknown project' }),
    locale: ZProjectTranslation.shape.locale,
    responseFlags: ZTextsByKey,
    promptFlags: ZTextsByKey,
    skipReasons: z.partialRecord(z.enum(SKIP_REASONS, { message: 'Unknown skip reason' }), ZTranslatedText),
    guidelines: z.string().trim().pipe(ZGuidelinesText).default(''),
  }),
);
export type TSaveTranslationForm = z.infer<typeof ZSaveTranslationForm>;
