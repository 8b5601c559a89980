import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import type { ImportItem, ParseResult, RowError, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

const notBlank = (what: string) =>
  z.string({ message: `${what} must be a string` }).refine((s) => s.trim() !== '', { message: `${what} is empty` });
const ZInfo = z
  .looseObject({
    id: z
      .union([z.string().trim().min(1, { message: 'Post id must not be empty' }), z.number().int()], {
        message: 'Post id must be a string or an integer',
      })
      .transform(String),
    post: notBlank('Post text').optional(),
    // The CNN/DM comparison batches carry a news article instead of a Reddit post.
    article: notBlank('Article text').optional(),
    title: z.string({ message: 'Title must be a string' }).nullish(),
    subreddit: z.string({ message: 'Subreddit must be a string' }).nullish(),
  })
  .refine((info) => (info.post === undefined) !== (info.article === undefined), {
    message: 'Give exactly one of "post" or "article"',
    path: ['post'],
  });
const ZSummary = z.looseObject({
  text: z.string({ message: 'Summary text must be a string' }),
  policy: z.string({ message: 'Policy must be a string' }).nullish(),
});

export const ZSummarizeRow = z.looseObject({
  info: ZInfo,
  summaries: z
    .array(ZSummary, { message: 'Summaries must be a list of {text, policy}' })
    .length(2, { message: 'A comparison has exactly two summaries' }),
  choice: z.union([z.literal(0), z.literal(1)], { message: 'Choice must be 0 or 1 (the index of the preferred summary)' }),
  worker: z.string({ message: 'Worker must be a string' }).nullish(),
});
type Info = z.infer<typeof ZInfo>;

const PROMPT_FIELDS = ['subreddit', 'title', 'post', 'article'] as const;

/**
 * The post as one user message, laid out as in the summarize-from-feedback labeling prompt:
 * "SUBREDDIT: r/{subreddit}\nTITLE: {title}\nPOST: {post}" (or "ARTICLE: …"), absent parts left out.
 */
function promptOf(info: Info): string {
  const subreddit = info.subreddit?.replace(/^r\//, '');
  return [
    subreddit && `SUBREDDIT: r/${subreddit}`,
    info.title && `TITLE: ${info.title}`,
    info.post !== undefined && `POST: ${info.post}`,
    info.article !== undefined && `ARTICLE: ${info.article}`,
  ]
    .filter(Boolean)
    .join('\n');
}

const empty = (errors: RowError[] = []): ParseResult => ({ items: [], critiques: [], errors });

/**
 * OpenAI summarize-from-feedback comparison rows. Rows about the same post (info.id) merge into
 * one item, emitted by finish(): each distinct summary text is one response (model = policy) and
 * each row adds a label (its worker prefers summaries[choice]). Metadata: the item keeps `info`
 * minus the post text; row extras (split, batch, extra.confidence, …) are not kept, since a label
 * has no metadata of its own. Summary texts are trimmed (the dataset's leading space is a tokenizer artifact).
 */
export function summarizeParser(rules: ImportRules): RowParser {
  const posts = new Map<string, { item: ImportItem; info: Info }>();
  return {
    push(line, row) {
      const parsed = ZSummarizeRow.safeParse(row);
      if (!parsed.success) return empty(zodRowErrors(line, parsed.error));
      const { info, summaries, choice, worker } = parsed.data;
      // The same summary text in several comparisons of a post is one response.
      const responses = summaries.map(({ text, policy, ...rest }) => ({
        externalId: deriveId(info.id, text.trim()),
        modelId: policy ?? null,
        text: text.trim(),
        metadata: rest,
      }));
      if (responses[0]?.text === responses[1]?.text)
        return empty([{ line, path: 'summaries', message: 'The two summaries are identical' }]);
      const { post: _post, article: _article, ...infoRest } = info;
      const rowItem: ImportItem = {
        line,
        externalId: info.id,
        messages: [{ role: 'user', content: promptOf(info) }],
        responses,
        metadata: infoRest,
        goldRanking: null,
        labels: [],
      };
      const errors = validateItem(rowItem, { ...rules, minResponses: 2, maxResponses: 2 }, { responses: 'summaries' });
      if (errors.length) return empty(errors);

      let seen = posts.get(info.id);
      if (!seen) posts.set(info.id, (seen = { item: { ...rowItem, responses: [] }, info }));
      const changed = PROMPT_FIELDS.find((f) => (seen.info[f] ?? null) !== (info[f] ?? null));
      if (changed)
        return empty([
          {
            line,
            path: `info.${changed}`,
            message: `Rows about post "${info.id}" disagree: this ${changed} differs from the one on line ${seen.item.line}`,
          },
        ]);
      for (const r of responses) if (!seen.item.responses.some((x) => x.externalId === r.externalId)) seen.item.responses.push(r);
      const chosen = responses[choice]!.externalId;
      const other = responses[1 - choice]!.externalId;
      seen.item.labels.push({ worker: worker ?? null, ranking: [[chosen], [other]] });
      return empty();
    },
    finish() {
      const out = empty();
      for (const { item } of posts.values()) {
        const errors = validateItem(item, rules, { responses: 'summaries' });
        if (errors.length) out.errors.push(...errors);
        else out.items.push(item);
      }
      posts.clear();
      return out;
    },
  };
}
