'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FORMAT_CHOICES } from '@/components/import/import-formats';
import { ImportJobOutcome } from '@/components/import/import-job-outcome';
import { ImportJobProgress } from '@/components/import/import-job-progress';
import { useImportJob } from '@/components/import/use-import-job';
import { ImportErrorTable, type ImportRejection } from '@/components/import/import-result';

type Outcome = { kind: 'refused'; rejection: ImportRejection } | { kind: 'failed'; message: string };
type Phase = 'idle' | 'uploading' | 'processing';

type Props = {
  /** Where the imported items can be browsed, linked from the summary. */
  itemsHref: string;
  /** The route handler that takes the raw file as the request body. */
  uploadUrl: string;
  maxBytes: number;
};

const mib = (bytes: number) => `${Math.floor(bytes / 1024 / 1024).toLocaleString('en')} MiB`;

/** The upload route's answer: the job to follow (202), or why the upload itself was refused. */
function readAnswer(status: number, text: string): { jobUrl: string } | Outcome {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // A proxy's HTML error page, or nothing at all.
  }
  const job = body.job as { url?: unknown } | undefined;
  if (status === 202 && typeof job?.url === 'string') return { jobUrl: job.url };
  if (status === 422 && Array.isArray(body.errors)) return { kind: 'refused', rejection: body as ImportRejection };
  const message = typeof body.message === 'string' ? body.message : `The upload failed (HTTP ${status}). Nothing was imported.`;
  return { kind: 'failed', message };
}

/**
 * Uploads the file as the raw request body with XMLHttpRequest, whose upload progress events
 * (unlike fetch's) drive the progress bar. The server answers at once with the import job, which
 * runs on without this page; the page then polls the job for rows checked and written.
 */
export function ImportForm({ uploadUrl, maxBytes, itemsHref }: Props) {
  const [format, setFormat] = useState<string>('auto');
  const [withLabels, setWithLabels] = useState(false);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [jobUrl, setJobUrl] = useState<string | null>(null);
  const { job, lost } = useImportJob(jobUrl);
  const [phase, setPhase] = useState<Phase>('idle');
  const [percent, setPercent] = useState<number | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const request = useRef<XMLHttpRequest | null>(null);
  useEffect(() => () => request.current?.abort(), []);

  const running = job !== null && (job.status === 'CHECKING' || job.status === 'WRITING');
  const busy = phase === 'uploading' || (jobUrl !== null && (job === null || running) && lost === null);
  const help = FORMAT_CHOICES.find((c) => c.value === format)?.help;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('file') as HTMLInputElement;
    const file = input.files?.[0];
    const problem = !file
      ? 'Choose a file to upload'
      : file.size === 0
        ? 'The file is empty'
        : file.size > maxBytes
          ? `The file is larger than ${mib(maxBytes)}`
          : undefined;
    setFileError(problem);
    if (!file || problem) return;

    setOutcome(null);
    setJobUrl(null);
    setPercent(0);
    setPhase('uploading');
    const xhr = new XMLHttpRequest();
    request.current = xhr;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) setPercent(Math.floor((e.loaded / e.total) * 100));
    };
    xhr.upload.onload = () => {
      setPercent(100);
      setPhase('processing');
    };
    xhr.onload = () => {
      setPhase('idle');
      const answer = readAnswer(xhr.status, xhr.responseText);
      if ('jobUrl' in answer) setJobUrl(answer.jobUrl);
      else setOutcome(answer);
    };
    xhr.onerror = () => {
      setPhase('idle');
      setOutcome({
        kind: 'failed',
        message:
          'The connection was lost before the server answered. Uploading the same file again is safe: rows already imported are skipped.',
      });
    };
    xhr.open(
      'POST',
      `${uploadUrl}?${new URLSearchParams({ format, with_labels: withLabels ? '1' : '0', skip_invalid: skipInvalid ? '1' : '0', async: '1', name: file.name })}`,
    );
    xhr.setRequestHeader('Content-Type', 'application/x-ndjson');
    xhr.send(file);
  };

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <Field
          id="import-file"
          label="Data file"
          errors={fileError ? [fileError] : undefined}
          hint={`JSON Lines (one JSON object per line), Parquet, or a Hugging Face dataset folder as a .zip (README.md and data/ shards); at most ${mib(maxBytes)}.`}
        >
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".jsonl,.json,.ndjson,.txt,.parquet,.zip"
            disabled={busy}
            aria-invalid={Boolean(fileError)}
            aria-describedby="import-file-error"
            className="text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
          />
        </Field>
        <div className="flex flex-col gap-1">
          <label htmlFor="import-format" className="text-sm font-medium text-slate-800">
            Format
          </label>
          <select
            id="import-format"
            name="format"
            value={format}
            onChange={(e) => setFormat(e.target.value)}
            disabled={busy}
            aria-describedby="import-format-help"
            className={inputClass}
          >
            {FORMAT_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <p id="import-format-help" className="text-xs text-slate-500">
            {help}
          </p>
        </div>
        <div className="flex flex-col gap-1">
          <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
            <input
              type="checkbox"
              name="withLabels"
              checked={withLabels}
              onChange={(e) => setWithLabels(e.target.checked)}
              disabled={busy}
              aria-describedby="import-with-labels-help"
            />
            Import labels too
          </label>
          <p id="import-with-labels-help" className="text-xs text-slate-500">
            Store the preference each HH-RLHF, TRL or summarize row carries as a judgment by a pseudonymous labeler. Native and critique
            rows carry none.
          </p>
        </div>
        <div className="flex flex-col gap-1">
          <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
            <input
              type="checkbox"
              name="skipInvalid"
              checked={skipInvalid}
              onChange={(e) => setSkipInvalid(e.target.checked)}
              disabled={busy}
              aria-describedby="import-skip-invalid-help"
            />
            Skip invalid rows
          </label>
          <p id="import-skip-invalid-help" className="text-xs text-slate-500">
            Import the valid rows and list the refused ones (line, field, reason) in a file to download. Unticked, a file with any bad row
            imports nothing.
          </p>
        </div>
        <Button type="submit" disabled={busy} className="self-start">
          {phase === 'uploading' ? 'Uploading…' : busy ? 'Importing…' : 'Upload'}
        </Button>
      </form>

      {percent !== null ? (
        <div className="flex items-center gap-3">
          <progress max={100} value={percent} aria-label="Upload progress" className="h-2 w-full" />
          <span className="w-12 text-right font-mono text-xs text-slate-600">{percent}%</span>
        </div>
      ) : null}
      <div aria-live="polite" className="flex flex-col gap-4">
        {phase === 'uploading' ? <p className="text-sm text-slate-600">Uploading…</p> : null}
        {phase === 'processing' ? <p className="text-sm text-slate-600">Upload complete; starting the import…</p> : null}
        {jobUrl && job === null && lost === null ? <p className="text-sm text-slate-600">Upload complete; starting the import…</p> : null}
        {job && running ? <ImportJobProgress job={job} /> : null}
        {job && !running && jobUrl ? <ImportJobOutcome job={job} itemsHref={itemsHref} rejectsHref={`${jobUrl}/rejects`} /> : null}
        {lost ? (
          <p role="status" className="text-sm text-red-700">
            {lost}
          </p>
        ) : null}
        {outcome?.kind === 'refused' ? <ImportErrorTable rejection={outcome.rejection} /> : null}
        {outcome?.kind === 'failed' ? (
          <p role="status" className="text-sm text-red-700">
            {outcome.message}
          </p>
        ) : null}
      </div>
    </div>
  );
}
