import type { ExportOptionsRecord } from '@/lib/export/schemas';

const PAIR_FORMATS = ['pairs', 'pairs-chat', 'hh', 'openai-dpo'];

/** One line for a snapshot's options in lists: only what differs from plain per-labeler pairs, plus the split. */
export function summarizeOptions(format: string, o: ExportOptionsRecord): string {
  const parts: string[] = [];
  if (PAIR_FORMATS.includes(format)) {
    parts.push(o.mode);
    if (o.ties === 'keep') parts.push('ties kept');
    if (o.margin === 'likert') parts.push('Likert margin');
    if (o.mode === 'consensus' && o.min_votes > 1) parts.push(`≥ ${o.min_votes} votes`);
    if (o.exclude_flags.length > 0) parts.push(`without ${o.exclude_flags.join(', ')}`);
  }
  if (o.min_agreement !== null) parts.push(`agreement ≥ ${o.min_agreement}`);
  if (o.exclude_gold) parts.push('no gold');
  if (o.include_judge) parts.push('with AI judge pairs');
  if (o.judged_from || o.judged_before)
    parts.push(
      `judged ${o.judged_from?.slice(0, 10) ?? '…'} – ${o.judged_before ? new Date(Date.parse(o.judged_before) - 1).toISOString().slice(0, 10) : '…'}`,
    );
  if (o.file_format === 'parquet') parts.push('Parquet');
  parts.push(`validation ${Math.round(o.validation_share * 1000) / 10}%`);
  return parts.join(' · ');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
