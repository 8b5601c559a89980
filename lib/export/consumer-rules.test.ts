/**
 * Export rows read by the rules of the programs that consume them, reimplemented here from their
 * source (not from our docs): TRL's data_utils (`is_conversational`, `maybe_extract_prompt`,
 * `extract_prompt`, the key sets of `apply_chat_template`), OpenAI's preference fine-tuning rows,
 * axolotl's `dpo/chat_template.default` transform, OpenRLHF's `RewardDataset.preprocess_data`, and
 * Apache Arrow's type inference over two chunks of different content.
 */
import { tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { formatSchema, schemaProblem } from '@/lib/export/format-schema';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { EXPORT_FORMATS, type ExportItem } from '@/lib/export/types';
import { streamShards, writeExport } from '@/lib/export/write-export';
import { chunkA, chunkB, rowsOf } from '@/tests/helpers/export-items';

type Example = Record<string, unknown>;
const isMessage = (m: unknown) => typeof m === 'object' && m !== null && 'role' in m && 'content' in m;

/**
 * TRL `is_conversational`: one of the supported keys (Python pops an arbitrary one of the set, so
 * the answer must be the same whichever is popped) holds a list whose first element is a dict with
 * "role" and "content".
 */
function isConversational(example: Example): boolean {
  const keys = ['prompt', 'chosen', 'rejected', 'completion', 'messages'].filter((k) => k in example);
  const answers = new Set(keys.map((k) => Array.isArray(example[k]) && isMessage((example[k] as unknown[])[0])));
  expect(answers.size).toBeLessThanOrEqual(1);
  return answers.has(true);
}

/** TRL `extract_prompt` on standard (string) examples: the common prefix, a space before the split point moved to the completions. */
function extractPrompt(chosen: string, rejected: string) {
  let idx = 0;
  for (idx = 0; idx < Math.min(chosen.length, rejected.length); idx++) {
    if (chosen[idx] !== rejected[idx]) {
      if (chosen[idx - 1] === ' ') idx -= 1;
      break;
    }
  }
  return { prompt: chosen.slice(0, idx), chosen: chosen.slice(idx), rejected: rejected.slice(idx) };
}

/** TRL `maybe_extract_prompt`: an example with a prompt of the same kind (both conversational or both not) is returned as it is. */
function maybeExtractPrompt(example: Example): Example {
  if (!('chosen' in example) || !('rejected' in example)) return example;
  if ('prompt' in example) {
    const chosenConv = isConversational({ chosen: example.chosen });
    const promptConv = isConversational({ prompt: example.prompt });
    if (chosenConv === promptConv) return example;
  }
  return extractPrompt(example.chosen as string, example.rejected as string);
}

/** The key set TRL's `apply_chat_template` accepts for a preference example. */
const trlKeys = (example: Example) =>
  ['prompt', 'chosen', 'rejected', 'completion', 'messages', 'label']
    .filter((k) => k in example)
    .sort()
    .join(',');

const all = [...chunkA, ...chunkB];

describe('TRL', () => {
  it('"pairs": standard, an explicit prompt kept as it is, prompt + reply the hh transcript with a separator', () => {
    const pairs = rowsOf('pairs', all);
    const hh = rowsOf('hh', all);
    expect(pairs.length).toBe(hh.length);
    pairs.forEach((row, i) => {
      expect(isConversational(row)).toBe(false);
      expect(trlKeys(row)).toBe('chosen,prompt,rejected');
      expect(maybeExtractPrompt(row)).toBe(row);
      const prompt = row.prompt as string;
      expect(prompt.endsWith('\n\nAssistant:')).toBe(true);
      expect((row.chosen as string).startsWith(' ')).toBe(true);
      // What the model sees: prompt + chosen is exactly the hh row's transcript ("…Assistant: 4", never "…?4").
      expect(prompt + (row.chosen as string)).toBe(hh[i]!.chosen);
      expect(prompt + (row.rejected as string)).toBe(hh[i]!.rejected);
    });
  });

  it('"hh": implicit prompt; TRL extracts the same prompt and replies as "pairs" writes', () => {
    const pairs = rowsOf('pairs', all);
    rowsOf('hh', all).forEach((row, i) => {
      expect(isConversational(row)).toBe(false);
      expect(trlKeys(row)).toBe('chosen,rejected');
      const extracted = maybeExtractPrompt(row);
      // The fixture's replies of one pair differ in their first character, so the common prefix is the prompt.
      expect(extracted).toEqual({ prompt: pairs[i]!.prompt, chosen: pairs[i]!.chosen, rejected: pairs[i]!.rejected });
    });
  });

  it('"pairs-chat" and "openrlhf": conversational whatever key TRL looks at; the prompt ends with a user turn', () => {
    for (const row of rowsOf('pairs-chat', all, { ties: 'keep' })) {
      expect(isConversational(row)).toBe(true);
      expect(trlKeys(row)).toBe('chosen,prompt,rejected');
      expect(maybeExtractPrompt(row)).toBe(row);
      expect((row.prompt as { role: string }[]).at(-1)?.role).toBe('user');
      expect(row.chosen).toEqual([{ role: 'assistant', content: expect.any(String) }]);
      expect(typeof row.tie).toBe('boolean');
    }
    for (const row of rowsOf('openrlhf', all)) {
      expect(isConversational(row)).toBe(true);
      expect(trlKeys(row)).toBe('chosen,rejected');
    }
  });
});

describe('TRL KTO (unpaired preference)', () => {
  it('"kto": conversational prompt and completion, a boolean label, and the keys TRL\u2019s KTO path reads', () => {
    const rows = rowsOf('kto', all);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set([true, false]));
    for (const row of rows) {
      expect(isConversational(row)).toBe(true);
      // apply_chat_template's unpaired key set is prompt + completion (+ label); the metadata columns are extra columns TRL leaves alone.
      expect(trlKeys(row)).toBe('completion,label,prompt');
      expect(typeof row.label).toBe('boolean');
      const prompt = row.prompt as { role: string }[];
      expect(prompt[prompt.length - 1]?.role).toBe('user');
      expect(row.completion).toEqual([{ role: 'assistant', content: expect.any(String) }]);
    }
  });
});

describe('OpenAI preference fine-tuning', () => {
  const ROLES = ['system', 'developer', 'user', 'assistant'];
  it('rows hold input.messages and one assistant message per side, and no other key', () => {
    for (const row of rowsOf('openai-dpo', all, { mode: 'consensus' })) {
      expect(Object.keys(row).sort()).toEqual(['input', 'non_preferred_output', 'preferred_output']);
      const input = row.input as { messages: { role: string; content: string }[] };
      expect(Object.keys(input)).toEqual(['messages']);
      expect(input.messages.length).toBeGreaterThan(0);
      for (const m of input.messages) {
        expect(ROLES).toContain(m.role);
        expect(typeof m.content).toBe('string');
      }
      expect(input.messages.at(-1)?.role).toBe('user');
      for (const side of [row.preferred_output, row.non_preferred_output]) {
        expect(side).toEqual([{ role: 'assistant', content: expect.any(String) }]);
      }
    }
  });

  it('per-labeler is refused for openai-dpo: no duplicate or contradictory pairs for one prompt', async () => {
    const chunks: Buffer[] = [];
    const settings = toExportSettings(ZExportRequest.parse({ format: 'openai-dpo', mode: 'per-labeler' }));
    async function* batches(): AsyncGenerator<{ items: ExportItem[]; scanned: number }> {
      yield { items: all, scanned: all.length };
    }
    await writeExport({ settings, batches: batches(), shards: streamShards(async (chunk) => void chunks.push(chunk)) });
    const rows = Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Example);
    const key = (r: Example, flip = false) => {
      const side = (s: unknown) => (s as { content: string }[])[0]!.content;
      const [a, b] = flip ? [r.non_preferred_output, r.preferred_output] : [r.preferred_output, r.non_preferred_output];
      return JSON.stringify([r.input, side(a), side(b)]);
    };
    const seen = new Set(rows.map((r) => key(r)));
    expect(seen.size).toBe(rows.length);
    for (const r of rows) expect(seen.has(key(r, true))).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('axolotl dpo chat_template.default', () => {
  it('messages with mapped roles; chosen and rejected taken as message dicts (not strings, not lists)', () => {
    const roleMap = new Map([
      ['user', 'user'],
      ['assistant', 'assistant'],
      ['system', 'system'],
      ['tool', 'tool'],
    ]);
    for (const row of rowsOf('axolotl-dpo', all)) {
      const messages = row.messages as { role: string; content: string }[];
      for (const m of messages) expect(roleMap.has(m.role)).toBe(true);
      for (const raw of [row.chosen, row.rejected]) {
        // The transform's branches: str → wrap, dict → the message, else → raw[-1]; ours must take the dict branch.
        expect(typeof raw === 'object' && raw !== null && !Array.isArray(raw)).toBe(true);
        const msg = raw as { role: string; content: string };
        expect(roleMap.get(msg.role)).toBe('assistant');
        expect(typeof msg.content).toBe('string');
      }
      expect('tie' in row).toBe(false);
    }
  });
});

describe('OpenRLHF RewardDataset', () => {
  /** preprocess_data with apply_chat_template and no prompt_key (the defaults chosen_key "chosen", rejected_key "rejected"); is_dpo takes chosen[:-1] as the prompt. */
  function preprocess(data: Example) {
    const chosen = data.chosen as { role: string; content: string }[];
    const rejected = data.rejected as { role: string; content: string }[];
    const margin = data.margin !== undefined && data.margin !== null ? data.margin : 0;
    return { prompt: chosen.slice(0, -1), rejectedPrompt: rejected.slice(0, -1), chosen: chosen.at(-1), rejected: rejected.at(-1), margin };
  }

  it('whole conversations ending in the reply; the same prompt on both sides; margin 0 unless asked, then a float ≥ 0', () => {
    for (const row of rowsOf('openrlhf', all)) {
      const p = preprocess(row);
      expect(p.prompt).toEqual(p.rejectedPrompt);
      expect(p.chosen?.role).toBe('assistant');
      expect(p.rejected?.role).toBe('assistant');
      expect(p.margin).toBe(0);
      expect('margin' in row).toBe(false);
    }
    const withMargin = rowsOf('openrlhf', all, { margin: 'likert', marginMissing: 'zero' });
    expect(withMargin.length).toBeGreaterThan(0);
    for (const row of withMargin) expect(preprocess(row).margin).toBeGreaterThanOrEqual(0);
  });
});

/**
 * The JSON type inference of pyarrow's JSON reader (what `datasets.load_dataset("json")` uses, one
 * block at a time), read from the JSON text itself, since 1 and 1.0 differ there: a number without
 * "." or exponent is int64, else double (int64 and double in one column make double); null is the
 * null type (taken over by any other); a list is list<the union of its elements> (empty: list<null>);
 * an object a struct of the union of its keys. Any other mix is an error, as in pyarrow.
 */
type JType = 'null' | 'bool' | 'int64' | 'double' | 'string' | { list: JType } | { struct: Record<string, JType> };
function unify(a: JType, b: JType): JType {
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (a === b) return a;
  if ((a === 'int64' && b === 'double') || (a === 'double' && b === 'int64')) return 'double';
  if (typeof a === 'object' && typeof b === 'object' && 'list' in a && 'list' in b) return { list: unify(a.list, b.list) };
  if (typeof a === 'object' && typeof b === 'object' && 'struct' in a && 'struct' in b) {
    const fields: Record<string, JType> = { ...a.struct };
    for (const [k, t] of Object.entries(b.struct)) fields[k] = k in fields ? unify(fields[k]!, t) : t;
    return { struct: fields };
  }
  throw new Error(`JSON column changed from ${JSON.stringify(a)} to ${JSON.stringify(b)}`);
}
function inferJsonType(text: string): JType {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const string = () => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): JType => {
    ws();
    const c = text[i];
    if (c === '"') return (string(), 'string');
    if (c === 'n') return ((i += 4), 'null');
    if (c === 't') return ((i += 4), 'bool');
    if (c === 'f') return ((i += 5), 'bool');
    if (c === '[') {
      i++;
      let element: JType = 'null';
      for (ws(); text[i] !== ']'; ws()) {
        element = unify(element, value());
        ws();
        if (text[i] === ',') i++;
      }
      i++;
      return { list: element };
    }
    if (c === '{') {
      i++;
      const fields: Record<string, JType> = {};
      for (ws(); text[i] !== '}'; ws()) {
        const key = string();
        ws();
        i++; // ':'
        fields[key] = value();
        ws();
        if (text[i] === ',') i++;
      }
      i++;
      return { struct: fields };
    }
    const number = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i))![0];
    i += number.length;
    return /[.eE]/.test(number) ? 'double' : 'int64';
  };
  return value();
}
const blockSchema = (lines: string[]) => JSON.stringify(lines.map(inferJsonType).reduce(unify));

async function exportText(request: Record<string, unknown>, items: ExportItem[]): Promise<string[]> {
  const chunks: Buffer[] = [];
  async function* batches(): AsyncGenerator<{ items: ExportItem[]; scanned: number }> {
    yield { items, scanned: items.length };
  }
  await writeExport({
    settings: toExportSettings(ZExportRequest.parse(request)),
    batches: batches(),
    shards: streamShards(async (chunk) => void chunks.push(chunk)),
  });
  return Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
}

describe('Arrow type inference across chunks', () => {
  it.each(['pairs', 'pairs-chat', 'hh', 'axolotl-dpo', 'openrlhf', 'rankings', 'raw'] as const)(
    "%s: two chunks of different content infer one schema by the JSON reader's rules",
    async (format) => {
      for (const request of [
        { format, margin: 'votes', ties: 'keep' },
        { format, margin: 'likert', margin_missing: 'zero', mode: 'consensus', pair_weight: 'prompt' },
      ]) {
        const a = await exportText(request, chunkA);
        const b = await exportText(request, chunkB);
        expect(a.length).toBeGreaterThan(0);
        expect(b.length).toBeGreaterThan(0);
        expect(blockSchema(a)).toBe(blockSchema(b));
      }
    },
  );

  it('apache-arrow infers one schema for two chunks of the flat formats', () => {
    const inferred = (rows: Example[]) => String(tableFromJSON(rows as Record<string, unknown>[]).schema);
    for (const format of ['pairs', 'hh'] as const) {
      expect(inferred(rowsOf(format, chunkA, { margin: 'votes' }))).toBe(inferred(rowsOf(format, chunkB, { margin: 'votes' })));
    }
  });

  it('the old shapes would not: objects keyed by response id, and whole-number margins as integers', () => {
    const keyed = (items: ExportItem[]) => items.map((item) => JSON.stringify({ likert: item.judgments[0]!.likert }));
    expect(blockSchema(keyed(chunkA))).not.toBe(blockSchema(keyed(chunkB)));
    expect(() => blockSchema(['{"margin":1}', '{"margin":0.5}'])).not.toThrow();
    expect(blockSchema(['{"margin":1}'])).not.toBe(blockSchema(['{"margin":0.5}']));
  });

  it.each(EXPORT_FORMATS)('%s: every row has every column of formatSchema with its type', (format) => {
    for (const margin of ['none', 'votes'] as const) {
      const rows = rowsOf(format, all, { margin, ties: 'keep' });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(schemaProblem(row, formatSchema(format, { margin }))).toBeNull();
    }
  });

  it('writes every float column with a decimal point, so a JSON reader types it as a float in every block', async () => {
    for (const request of [
      { format: 'pairs', margin: 'votes', mode: 'consensus' },
      { format: 'hh', margin: 'likert', margin_missing: 'zero' },
    ]) {
      const text = (await exportText(request, all)).join('\n');
      const numbers = [...text.matchAll(/"(margin|weight)":(-?[0-9.e+-]+)/g)].map((m) => m[2]!);
      expect(numbers.length).toBeGreaterThan(10);
      for (const n of numbers) expect(n).toMatch(/[.e]/);
      expect(text).toContain('"margin":1.0,');
    }
  });
});
