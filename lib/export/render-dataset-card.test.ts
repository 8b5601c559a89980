/**
 * The dataset card: Hugging Face YAML front matter checked with a YAML parser against the rules
 * `datasets` applies (configs/data_files shapes, split names, patterns that match the shard names),
 * the body's sections, the explanation of an empty validation split, and escaping: what users
 * typed reaches a Markdown renderer as text, never as HTML, links, images or math.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildManifest, type FolderManifest } from '@/lib/export/build-manifest';
import { escapeMarkdown, renderDatasetCard, sizeCategory, verbatimBlock, type CardContext } from '@/lib/export/render-dataset-card';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { DEFAULT_TAXONOMY } from '@/lib/taxonomy/defaults';

const shard = (split: 'train' | 'validation', rows: number, of = 1, index = 0) => ({
  path: `data/${split}-${String(index).padStart(5, '0')}-of-${String(of).padStart(5, '0')}.jsonl`,
  split,
  rows,
  bytes: rows * 100,
  sha256: 'ab'.repeat(32),
});

function manifestOf(
  overrides: {
    name?: string;
    creator?: string;
    train?: number;
    validation?: number;
    files?: ReturnType<typeof shard>[];
    models?: string[];
    sources?: { name: string; license: string | null }[];
  } = {},
): FolderManifest {
  const train = overrides.train ?? 15;
  const validation = overrides.validation ?? 2;
  return buildManifest({
    snapshotId: '0123456789abcdef',
    project: { id: 'p1', slug: 'math', name: overrides.name ?? 'Math' },
    format: 'pairs',
    options: toExportSettings(ZExportRequest.parse({ format: 'pairs', exclude_flags: 'unsafe' })).record,
    stats: {
      rows: train + validation,
      splits: { train, validation },
      items: 1,
      judgments: 3,
      agreement: { agree: 13, compared: 16, items: 1, meanItem: 0.8125 },
      skipped: { no_margin: 0, multi_turn: 2 },
      groups: { train: 1, validation: 1 },
      labelers: 3,
      models: overrides.models ?? ['m-a'],
    },
    dataset: {
      license: ['cc-by-4.0', 'mit'],
      languages: ['en', 'de'],
      source_datasets: overrides.sources ?? [{ name: 'Anthropic/hh-rlhf', license: 'mit' }],
      labelers: 3,
      models: overrides.models ?? ['m-a'],
    },
    files: overrides.files ?? [shard('train', train), shard('validation', validation)],
    createdBy: { id: 'u1', name: overrides.creator ?? 'Rita' },
    createdAt: new Date('2026-11-28T12:00:00Z'),
    appVersion: '0.1.0',
  });
}

const context: CardContext = {
  guidelines: 'Prefer **correct** answers.',
  taxonomyVersion: 1,
  ...DEFAULT_TAXONOMY,
  encoder: { ext: 'jsonl', builder: 'json' },
};

function split(card: string) {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(card);
  if (!match) throw new Error('no front matter');
  return { yaml: parseYaml(match[1]!) as Record<string, unknown>, body: match[2]! };
}

/** fsspec's glob as `datasets` resolves data_files: `*` matches within one path segment. */
const globMatches = (pattern: string, file: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  ).test(file);

/** The checks of datasets.utils.metadata.MetadataConfigs and datasets.naming on `configs`. */
function checkConfigs(configs: unknown, files: string[]) {
  expect(Array.isArray(configs)).toBe(true);
  const resolved: Record<string, string[]> = {};
  for (const config of configs as Record<string, unknown>[]) {
    expect(typeof config.config_name).toBe('string');
    const dataFiles = config.data_files as { split: unknown; path: unknown }[];
    expect(Array.isArray(dataFiles)).toBe(true);
    for (const entry of dataFiles) {
      expect(Object.keys(entry).sort()).toEqual(['path', 'split']);
      expect(entry.split).toMatch(/^\w+(\.\w+)*$/);
      const patterns = typeof entry.path === 'string' ? [entry.path] : (entry.path as string[]);
      resolved[entry.split as string] = files.filter((f) => patterns.some((p) => globMatches(p, f)));
      // A pattern that matches no file makes load_dataset fail (FileNotFoundError).
      expect(resolved[entry.split as string]!.length).toBeGreaterThan(0);
    }
  }
  return resolved;
}

describe('dataset card front matter', () => {
  it('declares licence, languages, task, size and one config whose data_files match each split’s shards only', () => {
    const files = [shard('train', 1500, 3, 0), shard('train', 1500, 3, 1), shard('train', 1000, 3, 2), shard('validation', 400)];
    const manifest = manifestOf({ train: 4000, validation: 400, files });
    const { yaml } = split(renderDatasetCard(manifest, context));
    expect(yaml).toMatchObject({
      license: ['cc-by-4.0', 'mit'],
      language: ['en', 'de'],
      task_categories: ['text-generation'],
      size_categories: ['1K<n<10K'],
      pretty_name: 'Math: Pairs (TRL standard)',
    });
    const resolved = checkConfigs(yaml.configs, [...files.map((f) => f.path), 'README.md', 'manifest.json']);
    expect(resolved).toEqual({ train: files.slice(0, 3).map((f) => f.path), validation: [files[3]!.path] });
  });

  it('leaves an empty validation split out of the config and says why; a snapshot with no rows has no config', () => {
    const manifest = manifestOf({ train: 17, validation: 0 });
    const card = renderDatasetCard(manifest, context);
    const { yaml, body } = split(card);
    expect(
      checkConfigs(
        yaml.configs,
        manifest.files.map((f) => f.path),
      ),
    ).toEqual({ train: ['data/train-00000-of-00001.jsonl'] });
    expect(body).toContain(
      'The validation split is empty: it takes the prompts whose hash falls below the validation share (0.1), and with 1 exported items none did.',
    );
    const empty = split(renderDatasetCard(manifestOf({ train: 0, validation: 0 }), context));
    expect(empty.yaml.configs).toBeUndefined();
    expect(empty.yaml.size_categories).toEqual(['n<1K']);
    expect(empty.body).toContain('This snapshot holds no rows');
  });

  it('points data_files and the loader at the encoding’s files: Parquet shards beside JSON Lines ones match only their own', () => {
    const parquet = (split: 'train' | 'validation', rows: number) => ({
      ...shard(split, rows),
      path: shard(split, rows).path.replace(/\.jsonl$/, '.parquet'),
    });
    const files = [parquet('train', 15), parquet('validation', 2)];
    const card = renderDatasetCard(manifestOf({ files }), { ...context, encoder: { ext: 'parquet', builder: 'parquet' } });
    const { yaml, body } = split(card);
    expect(checkConfigs(yaml.configs, [...files.map((f) => f.path), ...files.map((f) => f.path.replace('.parquet', '.jsonl'))])).toEqual({
      train: [files[0]!.path],
      validation: [files[1]!.path],
    });
    expect(body).toContain(
      'load_dataset("parquet", data_files={"train": "data/train-*.parquet", "validation": "data/validation-*.parquet"})',
    );
    expect(body).toContain('The data files are Parquet (Snappy-compressed, row groups of 2,000 rows)');
    expect(split(renderDatasetCard(manifestOf(), context)).body).toContain(
      'load_dataset("json", data_files={"train": "data/train-*.jsonl", "validation": "data/validation-*.jsonl"})',
    );
  });

  it('buckets sizes as the Hub does', () => {
    expect([0, 999, 1000, 99_999, 100_000, 2_000_000].map(sizeCategory)).toEqual([
      'n<1K',
      'n<1K',
      '1K<n<10K',
      '10K<n<100K',
      '100K<n<1M',
      '1M<n<10M',
    ]);
  });
});

describe('dataset card body', () => {
  it('states the files, loading, sources, collection, guidelines, taxonomy, options, fields and limitations', () => {
    const { body } = split(renderDatasetCard(manifestOf(), context));
    for (const text of [
      '# Math: Pairs (TRL standard)',
      '- Rows: 17 (train 15, validation 2) from 1 items and 3 judgments',
      `| \`data/train-00000-of-00001.jsonl\` | train | 15 | 1,500 | \`${'ab'.repeat(32)}\` |`,
      'ds = load_dataset("path/to/this/folder")',
      'from trl import RewardConfig, RewardTrainer',
      'Items imported from: Anthropic/hh-rlhf (licence: mit).',
      '- Licence: cc-by-4.0, mit',
      '- Languages: en, de',
      '- Models of the responses: m-a',
      '3 labelers (pseudonymous',
      'pooled 81.3%',
      '```text\nPrefer **correct** answers.\n```',
      '| `satisfies_constraints` | Satisfies the constraints in the instruction | A positive flag: tick it when every constraint is met. |',
      '| responses flagged with these left out (`exclude_flags`) | unsafe |',
      '| `chosen_id, rejected_id` | the response ids |',
      '## Known limitations',
    ]) {
      expect(body).toContain(text);
    }
  });
});

/** Every node of a Markdown tree. */
function* nodes(node: {
  type: string;
  children?: unknown[];
}): Generator<{ type: string; value?: string; url?: string; children?: unknown[] }> {
  yield node;
  for (const child of node.children ?? []) yield* nodes(child as { type: string });
}
const textOf = (node: { type: string; value?: string; children?: unknown[] }): string =>
  (node.value ?? '') + (node.children ?? []).map((c) => textOf(c as { type: string })).join('');

describe('dataset card escaping', () => {
  const payloads = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '![x](https://evil.example/x.png)',
    '**bold** _it_ `code` ~~gone~~ $x^2$ | cell | # head',
    'a & b &lt;not an entity&gt;',
    '<a href="https://evil.example">link</a>',
  ];

  it('shows every payload as text in the name, the creator, guidelines, flags, models and sources: no HTML, no link but bare URLs, no image, emphasis or code from the payload', () => {
    for (const payload of payloads) {
      const manifest = manifestOf({
        name: `P ${payload}`,
        creator: `C ${payload}`,
        models: [`m ${payload}`],
        sources: [{ name: `S ${payload}`, license: `L ${payload}` }],
      });
      const flags = [{ key: 'xkey', label: `F ${payload}`, description: `D ${payload}` }];
      const card = renderDatasetCard(manifest, {
        ...context,
        guidelines: `G ${payload}\n\n${payload}\n\`\`\`\n${payload}`,
        responseFlags: flags,
        promptFlags: flags,
      });
      const tree = fromMarkdown(split(card).body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
      const all = [...nodes(tree)];
      expect(
        all.filter((n) => n.type === 'html'),
        payload,
      ).toEqual([]);
      expect(
        all.filter((n) => ['image', 'delete', 'inlineMath', 'math'].includes(n.type)),
        payload,
      ).toEqual([]);
      expect(
        all.filter((n) => n.type === 'inlineCode' && /alert|evil|bold|entity/.test(n.value ?? '')),
        payload,
      ).toEqual([]);
      // The only links are bare http(s) URLs shown as typed (GitHub's autolinks), never a [text](url) link or a javascript: one.
      for (const link of all.filter((n) => n.type === 'link')) {
        expect(link.url, payload).toMatch(/^https?:\/\//);
        expect(textOf(link), payload).toBe(link.url);
      }
      // The title reads exactly as typed, and no emphasis came from the payload.
      const heading = all.find((n) => n.type === 'heading')!;
      expect(textOf(heading), payload).toBe(`P ${payload}: Pairs (TRL standard)`);
      expect(
        all.filter((n) => n.type === 'strong' || n.type === 'emphasis'),
        payload,
      ).toEqual([]);
      // Guidelines are one verbatim block holding the text as typed.
      expect(all.filter((n) => n.type === 'code' && n.value === `G ${payload}\n\n${payload}\n\`\`\`\n${payload}`)).toHaveLength(1);
      // Table cells keep their columns: the flag table has 3 cells per row.
      const flagRow = all.find((n) => n.type === 'tableRow' && textOf(n).startsWith('xkey'));
      expect(flagRow?.children).toHaveLength(3);
    }
  });

  it('escapes what HTML and Markdown read, and fences verbatim text longer than any backtick run', () => {
    expect(escapeMarkdown('<b>x</b> & [y](z) *w* |')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; \\[y\\](z) \\*w\\* \\|');
    expect(escapeMarkdown('line one\nline two')).toBe('line one line two');
    expect(verbatimBlock('a ```` b')).toBe('`````text\na ```` b\n`````');
  });
});

describe('dataset card rules (issue 20 rows)', () => {
  it('states the margin, tie, weight and template rules, what was left out, and the split groups; the manifest carries the schema', () => {
    const manifest = manifestOf();
    expect(manifest).toMatchObject({ schema_version: 2, skipped: { no_margin: 0, multi_turn: 2 }, groups: { train: 1, validation: 1 } });
    expect(manifest.schema.map((f) => f.name)).toEqual([
      'prompt',
      'chosen',
      'rejected',
      'tie',
      'weight',
      'item_id',
      'chosen_id',
      'rejected_id',
      'labeler',
      'split',
      'votes',
    ]);
    const { body } = split(renderDatasetCard(manifest, context));
    expect(body).toContain('## Rules');
    expect(body).toContain('- Margin: no margin column (none was asked for)');
    expect(body).toContain('0 pairs without a computable margin, 2 conversation items; split groups: train 1, validation 1.');
    expect(body).toContain('| split key (`split_by`) | conversation |');
  });
});

describe('dataset card features', () => {
  it('declares every column of the format schema as dataset_info.features, in the shapes `datasets` reads from YAML', () => {
    const manifest = manifestOf();
    const { yaml } = split(renderDatasetCard(manifest, context));
    const features = (yaml.dataset_info as { features: Record<string, unknown>[] }).features;
    expect(features.map((f) => f.name)).toEqual(manifest.schema.map((f) => f.name));
    // Each feature's first key after its name is its kind (datasets.Features._from_yaml_list reads it so).
    for (const f of features) expect(['dtype', 'list', 'struct']).toContain(Object.keys(f)[1]);
    expect(features.find((f) => f.name === 'prompt')).toEqual({ name: 'prompt', dtype: 'string' });
    expect(features.find((f) => f.name === 'weight')).toEqual({ name: 'weight', dtype: 'float64' });
    expect(features.find((f) => f.name === 'votes')).toEqual({
      name: 'votes',
      struct: [
        { name: 'chosen', dtype: 'int64' },
        { name: 'rejected', dtype: 'int64' },
        { name: 'tie', dtype: 'int64' },
      ],
    });
  });
});
