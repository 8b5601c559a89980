'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, useTransition, type ReactNode } from 'react';
import { SpanPicker } from '@/components/detect/span-picker';
import { Dialog } from '@/components/label/dialog';
import { readLocalDraft, removeLocalDraft } from '@/components/label/local-draft';
import { PromptView } from '@/components/label/prompt-view';
import { LIKERT_LABELS } from '@/components/label/response-card';
import { SkipForm } from '@/components/label/skip-form';
import { useActiveTime } from '@/components/label/use-active-time';
import { useAutosave, type SaveDraft, type SaveStatus } from '@/components/label/use-autosave';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { SafeMarkdown } from '@/components/ui/safe-markdown';
import type { DetectTaskView } from '@/lib/tasks/kinds/detect';
import { ZDetectDraft, type TDetectDraft, type TSubmitDetectTrial, type TWouldHaveNoticed } from '@/lib/detect/schemas';
import type { TSkipReason } from '@/lib/judgments/schemas';
import type { ActionResult } from '@/lib/tasks/task-view';
import { SEVERITY_LEVELS, severityLabel } from '@/lib/taxonomy/severity';

type Props = {
  view: DetectTaskView;
  guidelines: ReactNode;
  saveDraft: SaveDraft<TDetectDraft>;
  submitTrial: (input: TSubmitDetectTrial) => Promise<ActionResult<{ askWouldHaveNoticed: boolean; noticedYesFirst: boolean | null }>>;
  recordWouldHaveNoticed: (input: TWouldHaveNoticed) => Promise<ActionResult<{ recorded: true }>>;
  skipTask: (input: { assignmentId: string; reason: TSkipReason; note: string }) => Promise<ActionResult<{ skipped: true }>>;
};

const EMPTY: TDetectDraft = { likert: null, saysFlawed: null, span: null, description: '', severity: null, critiqueMarks: [], activeMs: 0 };

function saveStatusText(status: SaveStatus): string {
  if (status.kind === 'idle') return 'No changes yet';
  if (status.kind === 'saving') return 'Saving…';
  if (status.kind === 'saved') return 'Draft saved';
  return 'Not saved — retrying';
}

const radioClass = 'h-4 w-4 accent-indigo-600';

/**
 * The detect task (PRODUCT §3.4): the conversation and ONE response, in the assisted arm with the
 * critiques of exactly that text (each marked helpful or not); overall quality; "does it contain
 * a significant flaw?" and, if so, the span (exact offsets), a description and a severity. After
 * an assisted submit that found a flaw, one more question before the next task. Drafts are saved
 * on the server as the labeler works; submit is idempotent (the assignment id is its key).
 */
export function DetectScreen({ view, guidelines, saveDraft, submitTrial, recordWouldHaveNoticed, skipTask }: Props) {
  const { assignmentId } = view;
  const id = useId();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [value, setValue] = useState<TDetectDraft>(view.draft ?? EMPTY);
  const valueRef = useRef(value);
  const [dialog, setDialog] = useState<'skip' | 'guidelines' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [followUp, setFollowUp] = useState<{ yesFirst: boolean } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const submittingRef = useRef(false);
  const activeTime = useActiveTime(view.draft?.activeMs ?? 0);
  const autosave = useAutosave<TDetectDraft>({
    assignmentId,
    save: saveDraft,
    snapshot: () => ({ ...valueRef.current, activeMs: Math.round(activeTime.read()) }),
    initialSavedAt: view.draftSavedAt,
  });

  // Unsaved work kept in this browser (the server could not be reached) comes back when newer.
  useEffect(() => {
    const local = readLocalDraft(assignmentId);
    if (!local) return;
    const parsed = ZDetectDraft.safeParse(local.draft);
    const serverAt = view.draftSavedAt ? Date.parse(view.draftSavedAt) : 0;
    if (!parsed.success || local.updatedAt <= serverAt) return;
    valueRef.current = parsed.data;
    setValue(parsed.data);
    activeTime.raise(parsed.data.activeMs);
    autosave.markChanged();
    setAnnouncement('Restored unsaved work from this browser.');
    // Once, after hydration.
  }, []);

  function update(patch: Partial<TDetectDraft>) {
    valueRef.current = { ...valueRef.current, ...patch };
    setValue(valueRef.current);
    setErrors({});
    autosave.markChanged();
  }

  const markOf = (critiqueId: string) => value.critiqueMarks.find((m) => m.critiqueId === critiqueId)?.helpful;
  const setMark = (critiqueId: string, helpful: boolean) => update({ critiqueMarks: [...valueRef.current.critiqueMarks.filter((m) => m.critiqueId !== critiqueId), { critiqueId, helpful }] });

  /** What the form still lacks, per field (the server checks again). */
  function missing(v: TDetectDraft): Record<string, string> {
    const out: Record<string, string> = {};
    if (v.likert === null) out.likert = 'Rate the overall quality.';
    if (v.saysFlawed === null) out.saysFlawed = 'Say whether the response contains a significant flaw.';
    if (v.saysFlawed) {
      if (!v.span) out.span = 'Mark the flawed part of the text.';
      if (!v.description.trim()) out.description = 'Describe the flaw.';
      if (v.severity === null) out.severity = 'Choose a severity.';
    }
    const unmarked = view.critiques.filter((c) => !v.critiqueMarks.some((m) => m.critiqueId === c.id)).length;
    if (unmarked > 0) out.critiqueMarks = `Mark each critique helpful or not helpful (${unmarked} left).`;
    return out;
  }

  function next(message: string) {
    removeLocalDraft(assignmentId);
    setAnnouncement(message);
    startTransition(() => router.refresh());
  }

  async function submit() {
    if (submittingRef.current) return;
    const v = valueRef.current;
    const problems = missing(v);
    if (Object.keys(problems).length > 0) {
      setErrors(problems);
      return;
    }
    submittingRef.current = true;
    setBusy(true);
    autosave.close();
    const shown = new Set(view.critiques.map((c) => c.id));
    let result: Awaited<ReturnType<Props['submitTrial']>>;
    try {
      result = await submitTrial({
        assignmentId,
        likert: v.likert!,
        saysFlawed: v.saysFlawed!,
        span: v.saysFlawed ? v.span : null,
        description: v.saysFlawed ? v.description.trim() : '',
        severity: v.saysFlawed ? v.severity : null,
        critiqueMarks: v.critiqueMarks.filter((m) => shown.has(m.critiqueId)),
        activeMs: Math.round(activeTime.read()),
      });
    } catch {
      result = { ok: false, error: 'The server could not be reached. Your draft is kept; try again.' };
    }
    if (!result.ok) {
      submittingRef.current = false;
      setBusy(false);
      autosave.reopen();
      setErrors({ form: result.error });
      return;
    }
    if (result.askWouldHaveNoticed) {
      removeLocalDraft(assignmentId);
      setBusy(false);
      setFollowUp({ yesFirst: result.noticedYesFirst ?? true });
      setAnnouncement('Submitted. One more question.');
      return;
    }
    next('Submitted. Loading the next task…');
  }

  async function answerFollowUp(wouldHaveNoticed: boolean) {
    setBusy(true);
    let result: Awaited<ReturnType<Props['recordWouldHaveNoticed']>>;
    try {
      result = await recordWouldHaveNoticed({ assignmentId, wouldHaveNoticed });
    } catch {
      result = { ok: false, error: 'The server could not be reached. Try again.' };
    }
    if (!result.ok) {
      setBusy(false);
      setErrors({ form: result.error });
      return;
    }
    next('Thank you. Loading the next task…');
  }

  async function skip(reason: TSkipReason, note: string): Promise<string | null> {
    if (submittingRef.current) return 'A submit is in progress.';
    submittingRef.current = true;
    autosave.close();
    let result: Awaited<ReturnType<Props['skipTask']>>;
    try {
      result = await skipTask({ assignmentId, reason, note });
    } catch {
      result = { ok: false, error: 'The server could not be reached. Try again.' };
    }
    if (!result.ok) {
      submittingRef.current = false;
      autosave.reopen();
      return result.error;
    }
    setDialog(null);
    next('Skipped. Loading the next task…');
    return null;
  }

  const live = (
    <p className="sr-only" role="status" aria-live="polite">
      {announcement}
    </p>
  );

  if (followUp) {
    return (
      <section aria-labelledby={`${id}-follow`} className="flex flex-col gap-3 rounded-md border border-indigo-200 bg-indigo-50/50 p-4">
        {live}
        <h2 id={`${id}-follow`} className="text-lg font-semibold">
          Would you have noticed this without the critiques?
        </h2>
        <p className="text-sm text-slate-700">Your answers are saved. Be honest: this tells us how much the critiques helped.</p>
        {/* Two equal buttons, neither focused nor highlighted, in the order the server drew for this trial (issue 18). */}
        <div className="flex gap-2" data-testid="noticed-answers" data-yes-first={followUp.yesFirst}>
          {(followUp.yesFirst ? [true, false] : [false, true]).map((answer) => (
            <Button key={String(answer)} type="button" variant="secondary" onClick={() => void answerFollowUp(answer)} disabled={busy}>
              {answer ? 'Yes, I would have noticed it' : 'No, not without the critiques'}
            </Button>
          ))}
        </div>
        {errors.form ? (
          <p role="alert" className="text-sm font-medium text-red-700">
            {errors.form}
          </p>
        ) : null}
      </section>
    );
  }

  const fieldError = (key: string) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} role="alert" className="text-sm text-red-700">
        {errors[key]}
      </p>
    ) : null;

  return (
    <div className="flex flex-col gap-4">
      {live}
      <section aria-labelledby={`${id}-prompt`} className="flex flex-col gap-2">
        <h2 id={`${id}-prompt`} className="text-lg font-semibold">
          Conversation
        </h2>
        <PromptView messages={view.messages} />
      </section>

      <section aria-labelledby={`${id}-response`} className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id={`${id}-response`} className="text-lg font-semibold">
            The response to evaluate
          </h2>
          <p role="status" aria-live="polite" className={`text-xs ${autosave.status.kind === 'error' ? 'font-medium text-red-700' : 'text-slate-600'}`}>
            {saveStatusText(autosave.status)}
          </p>
        </div>
        <article aria-label="Response" className="rounded-md border border-emerald-200 bg-white p-4">
          <SafeMarkdown text={view.text} />
        </article>
      </section>

      {view.assisted ? (
        <section aria-labelledby={`${id}-critiques`} className="flex flex-col gap-2">
          <h2 id={`${id}-critiques`} className="text-lg font-semibold">
            Model critiques of this response ({view.critiques.length})
          </h2>
          <p className="text-sm text-slate-600">Written by a model; they may be wrong. Mark each one helpful or not helpful.</p>
          <ol className="flex flex-col gap-3">
            {view.critiques.map((c, i) => (
              <li key={c.id} className="rounded-md border border-amber-200 bg-amber-50/40 p-3">
                <fieldset>
                  <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">Critique {i + 1}</legend>
                  <SafeMarkdown text={c.text} />
                  <div className="mt-2 flex gap-4 text-sm">
                    <label className="flex items-center gap-1.5">
                      <input type="radio" className={radioClass} name={`${id}-c${i}`} checked={markOf(c.id) === true} onChange={() => setMark(c.id, true)} disabled={busy} />
                      Helpful<span className="sr-only"> (critique {i + 1})</span>
                    </label>
                    <label className="flex items-center gap-1.5">
                      <input type="radio" className={radioClass} name={`${id}-c${i}`} checked={markOf(c.id) === false} onChange={() => setMark(c.id, false)} disabled={busy} />
                      Not helpful<span className="sr-only"> (critique {i + 1})</span>
                    </label>
                  </div>
                </fieldset>
              </li>
            ))}
          </ol>
          {fieldError('critiqueMarks')}
        </section>
      ) : null}

      <fieldset className="flex flex-col gap-2" aria-describedby={errors.likert ? `${id}-likert-error` : undefined}>
        <legend className="text-lg font-semibold">Overall quality</legend>
        <div className="flex flex-wrap gap-2">
          {[1, 2, 3, 4, 5, 6, 7].map((n) => (
            <label key={n} className="flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
              <input type="radio" className={radioClass} name={`${id}-likert`} checked={value.likert === n} onChange={() => update({ likert: n })} disabled={busy} aria-label={`${n} ${LIKERT_LABELS[n]}`} />
              <span aria-hidden="true">
                {n} <span className="text-xs text-slate-600">{LIKERT_LABELS[n]}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldError('likert')}
      </fieldset>

      <fieldset className="flex flex-col gap-2" aria-describedby={errors.saysFlawed ? `${id}-saysFlawed-error` : undefined}>
        <legend className="text-lg font-semibold">Does this response contain a significant flaw?</legend>
        <div className="flex gap-4 text-sm">
          <label className="flex items-center gap-1.5">
            <input type="radio" className={radioClass} name={`${id}-flawed`} checked={value.saysFlawed === true} onChange={() => update({ saysFlawed: true })} disabled={busy} />
            Yes
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" className={radioClass} name={`${id}-flawed`} checked={value.saysFlawed === false} onChange={() => update({ saysFlawed: false })} disabled={busy} />
            No
          </label>
        </div>
        {fieldError('saysFlawed')}
      </fieldset>

      {value.saysFlawed ? (
        <section aria-label="The flaw" className="flex flex-col gap-3 rounded-md border border-slate-300 bg-slate-50 p-3">
          <SpanPicker text={view.text} span={value.span} disabled={busy} error={errors.span} onPick={(span) => update({ span })} />
          <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
            Describe the flaw
            <textarea
              value={value.description}
              maxLength={4000}
              rows={3}
              onChange={(e) => update({ description: e.target.value })}
              disabled={busy}
              aria-invalid={Boolean(errors.description) || undefined}
              aria-describedby={errors.description ? `${id}-description-error` : undefined}
              className={inputClass}
            />
          </label>
          {fieldError('description')}
          <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
            Severity
            <select
              value={value.severity ?? ''}
              onChange={(e) => update({ severity: e.target.value ? Number(e.target.value) : null })}
              disabled={busy}
              aria-invalid={Boolean(errors.severity) || undefined}
              aria-describedby={errors.severity ? `${id}-severity-error` : undefined}
              className={inputClass}
            >
              <option value="">Choose…</option>
              {SEVERITY_LEVELS.map((n) => (
                <option key={n} value={n}>
                  {severityLabel(n)}
                </option>
              ))}
            </select>
          </label>
          {fieldError('severity')}
        </section>
      ) : null}

      {errors.form ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          {errors.form}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={() => void submit()} disabled={busy}>
          Submit evaluation
        </Button>
        <Button type="button" variant="secondary" onClick={() => setDialog('guidelines')}>
          Guidelines
        </Button>
        <Button type="button" variant="danger" onClick={() => setDialog('skip')} disabled={busy}>
          Skip
        </Button>
      </div>

      <Dialog open={dialog === 'guidelines'} onClose={() => setDialog(null)} title="Guidelines" wide>
        {guidelines}
      </Dialog>
      <Dialog open={dialog === 'skip'} onClose={() => setDialog(null)} title="Skip this task">
        <SkipForm onSkip={skip} onCancel={() => setDialog(null)} />
      </Dialog>
    </div>
  );
}
