/**
 * `npm run bench -- <name> [--json] [options]`: benchmarks that print a table (or, with --json,
 * one JSON object with the same figures), each figure beside its baseline.
 * `npm run bench [-- --json]` (no name): every benchmark at a small size, then docs/benchmarks.md (all.ts).
 */
const BENCHES: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<void> }> }> = {
  arena: {
    summary:
      '100 labelers send a chat prompt at once through the app (next start, the chat-stream route), two sides of 200 tokens at 5 ms per token: time to first token and whole answer vs the same requests straight to the server; app and PostgreSQL CPU per token',
    load: () => import('./arena'),
  },
  assign: {
    summary: 'the labeler API over HTTP (next start): 100 and 200 labelers claim, think, submit; latency, invariants, bare SQL baseline',
    load: () => import('./assign'),
  },
  diff: {
    summary: 'the word diff (jsdiff) on 20,000- and 200,000-character responses: one word, reworded, unrelated vs splitting into words',
    load: () => import('./diff'),
  },
  dashboard: {
    summary:
      'the lead dashboard and pool widgets on --judgments N (150,000; N/3 items, K=4, seeded by COPY): backfill, every widget vs the same figure by raw SQL from scratch, pause/exclude, submit recompute cost',
    load: () => import('./dashboard'),
  },
  claim: {
    summary: 'the assignment engine: simulated labelers claim and submit; latency, invariants, bare SQL baseline',
    load: () => import('./claim'),
  },
  generate: {
    summary:
      'a generation job of 2,000 requests to the local Chat Completions server (5 ms, 32 in flight): tasks/s and queue overhead per task vs the bare HTTP loop',
    load: () => import('./generate'),
  },
  export: {
    summary:
      'export 1,080,000 pairs of a generated project: rows/s and peak RSS of the exporter, snapshot, download and Parquet encoding vs a PostgreSQL COPY of equivalent JSON rows',
    load: () => import('./export'),
  },
  health: {
    summary:
      'dataset health (issue 28) on 1,000,008 pairs: the export with the health accumulated and fitted vs the export alone (time, CPU, peak RSS), and the live report alone',
    load: () => import('./health'),
  },
  import: { summary: 'import a generated 100,000-item file vs a raw COPY of the same rows', load: () => import('./import') },
  items: {
    summary: "the lead's item list (page + total per filter) on a 100,000-item project vs bare queries",
    load: () => import('./items'),
  },
  scale: {
    summary:
      'issue 29: dashboard reads/s and primary CPU with a streaming replica vs the primary alone, and connections held on the primary at 400 labelers on 4 instances through PgBouncer vs direct (both parts below, one table)',
    load: () => import('./scale'),
  },
  'scale-replica': {
    summary:
      'part of scale: dashboard reads per second (the real figure functions, 8 readers) against a v15 primary alone vs with a streaming replica; primary CPU',
    load: () => import('./scale-replica'),
  },
  search: {
    summary: "the item browser's search (trigram index) on a 100,000-item project vs the ILIKE scan it replaced",
    load: () => import('./search'),
  },
  'scale-pooler': {
    summary:
      'part of scale: 400 labelers over the labeler API on 4 app instances, straight to PostgreSQL vs through PgBouncer (transaction mode): connections held on the primary (peak, mean), throughput, claim/submit latency',
    load: () => import('./scale-pooler'),
  },
  'sign-in': { summary: 'rate-limited sign-in vs argon2id alone and the same SQL through raw pg', load: () => import('./sign-in') },
};

const args = process.argv.slice(2);
const [benchName, ...rest] = args;
const runAll = benchName === undefined || benchName === '--json';
const bench = benchName ? BENCHES[benchName] : undefined;
if (!bench && !runAll) {
  console.error(
    `Usage: npm run bench [-- --json]            every benchmark at a small size; writes docs/benchmarks.md\n` +
      `       npm run bench -- <name> [--json]     one benchmark at its full size\n\nBenchmarks:\n${Object.entries(BENCHES)
        .map(([n, b]) => `  ${n.padEnd(10)} ${b.summary}`)
        .join('\n')}`,
  );
  process.exit(benchName === '--help' || benchName === '-h' ? 0 : 2);
}
(runAll
  ? import('./all').then((m) => m.runAll(args))
  : (bench as NonNullable<typeof bench>)
      .load()
      .then((m) => m.run(rest))
      .then(() => 0)
).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
