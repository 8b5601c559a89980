import type { ImportSummary } from '@/lib/import/import-file';
import type { PlacedRowError } from '@/lib/import/row-source';

export type ImportJobStatus = 'CHECKING' | 'WRITING' | 'DONE' | 'REFUSED' | 'FAILED';

/** An import job as the page, the API and the CLI show it (plain JSON: no bigints, ISO times). */
export type ImportJobView = {
  id: string;
  status: ImportJobStatus;
  origin: string;
  fileName: string;
  options: { format: string; withLabels: boolean; skipInvalid: boolean; config?: string };
  container: string | null;
  format: string | null;
  rowsChecked: number;
  rowsWritten: number;
  rowsTotal: number | null;
  bytesRead: number;
  bytesTotal: number;
  rowsRejected: number;
  /** Rows per second in the current step, and seconds left in it, when they can be told. */
  rowsPerSecond: number | null;
  secondsLeft: number | null;
  summary: ImportSummary | null;
  errors: { errorCount: number; errors: PlacedRowError[] } | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type ImportJobRow = Omit<
  ImportJobView,
  'rowsPerSecond' | 'secondsLeft' | 'bytesRead' | 'bytesTotal' | 'createdAt' | 'finishedAt'
> & {
  bytesRead: bigint | number | string;
  bytesTotal: bigint | number | string;
  createdAt: Date;
  phaseStartedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
};

/**
 * The rate and the estimate come from the row alone (rows done, the step's start and the last
 * heartbeat), so every instance tells the same. Checking a JSON Lines file counts bytes (the
 * rows are not known until the end); Parquet and the write step count rows.
 */
export function importJobView(row: ImportJobRow): ImportJobView {
  const bytesRead = Number(row.bytesRead);
  const bytesTotal = Number(row.bytesTotal);
  const seconds = (row.heartbeatAt.getTime() - row.phaseStartedAt.getTime()) / 1000;
  let rowsPerSecond: number | null = null;
  let secondsLeft: number | null = null;
  const done = row.status === 'CHECKING' ? row.rowsChecked : row.rowsWritten;
  if ((row.status === 'CHECKING' || row.status === 'WRITING') && seconds > 0 && done > 0) {
    rowsPerSecond = done / seconds;
    const share = row.rowsTotal ? done / row.rowsTotal : row.status === 'CHECKING' && bytesTotal > 0 ? bytesRead / bytesTotal : null;
    if (share !== null && share > 0) secondsLeft = Math.max(0, (seconds * (1 - Math.min(share, 1))) / share);
  }
  const { phaseStartedAt: _start, heartbeatAt: _beat, ...rest } = row;
  return {
    ...rest,
    bytesRead,
    bytesTotal,
    rowsPerSecond,
    secondsLeft,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export const isRunning = (status: ImportJobStatus) => status === 'CHECKING' || status === 'WRITING';
