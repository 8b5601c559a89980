'use client';

import { useId, useState, type ReactNode } from 'react';
import { SpanPicker } from '@/components/detect/span-picker';
import { AssistantPanel, type AssistantMount } from '@/components/label/assistant-panel';
import { PromptView } from '@/components/label/prompt-view';
import { LIKERT_LABELS } from '@/components/label/response-card';
import { LeaseNote } from '@/components/task/lease-note';
import { NextTaskNotice, SaveStatusNote, TaskActions, TaskAnnouncer, TaskDialogs } from '@/components/task/task-parts';
import type { SaveDraft } from '@/components/task/use-autosave';
import { draftIsState } from '@/components/task/task-lifecycle';
import { useTaskScreen, type SkipTask } from '@/components/task/use-task-screen';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { SafeMarkdown } from '@/components/ui/safe-markdown';
import type { DetectTaskView } from '@/lib/tasks/kinds/detect';
import { ZDetectDraft, type TDetectDraft, type TSubmitDetectTrial, type TWouldHaveNoticed } from '@/lib/detect/schemas';
import type { ActionResult } from '@/lib/tasks/task-view';
import { SEVERITY_LEVELS, severityLabel } from '@/lib/taxonomy/severity';

type Props = {
  view: DetectTaskView;
  guidelines: ReactNode;
  saveDraft: SaveDraft<TDetectDraft>;
  submitTrial: (input: TSubmitDetectTrial) => Promise<ActionResult<{ askWouldHaveNoticed: boolean; noticedYesFirst: boolean | null }>>;
  recordWouldHaveNoticed: (input: TWouldHaveNoticed) => Promise<ActionResult<{ recorded: true }>>;
  skipTask: SkipTask;
  /** "Ask for more" (issue 25): set only in the assisted arm with assistance on. */
  assistant?: AssistantMount | null;
};

const EMPTY: TDetectDraft = { likert: null, saysFlawed: null, span: null, description: '', severity: null, critiqueMarks: [], activeMs: 0 };
const wiring = draftIsState(ZDetectDraft);

const radioClass = 'h-4 w-4 accent-indigo-600';

/**
 * The detect task (PRODUCT §3.4): the conversation and ONE response, in the assisted arm with the
 * critiques of exactly that text (each marked helpful or not); overall quality; "does it contain
 * a significant flaw?" and, if so, the span (exact offsets), a description and a severity. After
 * an assisted submit that found a flaw, one more question before the next task. Drafts, skip,
 * submit and the next task are useTaskScreen's; this screen adds its field checks and the question.
 */
export function DetectScreen({ view, guidelines, saveDraft, submitTrial, recordWouldHaveNoticed, skipTask, assistant }: Props) {
  const { assignmentId } = view;
  const id = useId();
  const task = useTaskScreen({
    view,
    initial: view.draft ?? EMPTY,
    initialActiveMs: view.draft?.activeMs ?? 0,
    ...wiring,
    saveDraft,
    skipTask,
  });
  const value = task.state;
  const busy = task.locked;
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const errors: Record<string, string> = task.submitError ? { ...fieldErrors, form: task.submitError } : fieldErrors;
  const [followUp, setFollowUp] = useState<{ yesFirst: boolean; sending: boolean } | null>(null);

  function update(patch: Partial<TDetectDraft>) {
    task.dispatch(patch);
    setFieldErrors({});
    task.setSubmitError('');
  }

  const markOf = (critiqueId: string) => value.critiqueMarks.find((m) => m.critiqueId === critiqueId)?.helpful;
  const setMark = (critiqueId: string, helpful: boolean) =>
    update({ critiqueMarks: [...value.critiqueMarks.filter((m) => m.critiqueId !== critiqueId), { critiqueId, helpful }] });

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

  async function submit() {
    const problems = missing(task.state);
    if (Object.keys(problems).length > 0) return setFieldErrors(problems);
    const shown = new Set(view.critiques.map((c) => c.id));
    await task.submit(
      (v, activeMs) =>
        submitTrial({
          assignmentId,
          likert: v.likert!,
          saysFlawed: v.saysFlawed!,
          span: v.saysFlawed ? v.span : null,
          description: v.saysFlawed ? v.description.trim() : '',
          severity: v.saysFlawed ? v.severity : null,
          critiqueMarks: v.critiqueMarks.filter((m) => shown.has(m.critiqueId)),
          activeMs,
        }),
      (result) => {
        if (!result.askWouldHaveNoticed) return 'next';
        setFollowUp({ yesFirst: result.noticedYesFirst ?? true, sending: false });
        task.announce('Submitted. One more question.');
        return 'ask';
      },
    );
  }

  async function answerFollowUp(wouldHaveNoticed: boolean) {
    setFollowUp((f) => f && { ...f, sending: true });
    let result: Awaited<ReturnType<Props['recordWouldHaveNoticed']>>;
    try {
      result = await recordWouldHaveNoticed({ assignmentId, wouldHaveNoticed });
    } catch {
      result = { ok: false, error: 'The server could not be reached. Try again.' };
    }
    if (!result.ok) {
      setFollowUp((f) => f && { ...f, sending: false });
      task.setSubmitError(result.error);
      return;
    }
    task.finish('Thank you. Loading the next task…');
  }

  const live = <TaskAnnouncer task={task} />;

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
            <Button
              key={String(answer)}
              type="button"
              variant="secondary"
              onClick={() => void answerFollowUp(answer)}
              disabled={followUp.sending || task.phase !== 'answering'}
            >
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
      <NextTaskNotice task={task} />
      <section aria-labelledby={`${id}-prompt`} className="flex flex-col gap-2">
        <h2 id={`${id}-prompt`} ref={task.headingRef} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          Conversation
        </h2>
        <PromptView messages={view.messages} />
      </section>

      <section aria-labelledby={`${id}-response`} className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id={`${id}-response`} className="text-lg font-semibold">
            The response to evaluate
          </h2>
          <div className="flex flex-wrap items-center gap-3">
            <LeaseNote lease={task.lease} />
            <SaveStatusNote task={task} />
          </div>
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
                      <input
                        type="radio"
                        className={radioClass}
                        name={`${id}-c${i}`}
                        checked={markOf(c.id) === true}
                        onChange={() => setMark(c.id, true)}
                        disabled={busy}
                      />
                      Helpful<span className="sr-only"> (critique {i + 1})</span>
                    </label>
                    <label className="flex items-center gap-1.5">
                      <input
                        type="radio"
                        className={radioClass}
                        name={`${id}-c${i}`}
                        checked={markOf(c.id) === false}
                        onChange={() => setMark(c.id, false)}
                        disabled={busy}
                      />
                      Not helpful<span className="sr-only"> (critique {i + 1})</span>
                    </label>
                  </div>
                </fieldset>
              </li>
            ))}
          </ol>
          {fieldError('critiqueMarks')}
          {assistant ? (
            <AssistantPanel mount={assistant} responses={[{ id: '', label: '', text: view.text }]} locked={busy} detect />
          ) : null}
        </section>
      ) : null}

      <fieldset className="flex flex-col gap-2" aria-describedby={errors.likert ? `${id}-likert-error` : undefined}>
        <legend className="text-lg font-semibold">Overall quality</legend>
        <div className="flex flex-wrap gap-2">
          {[1, 2, 3, 4, 5, 6, 7].map((n) => (
            <label key={n} className="flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
              <input
                type="radio"
                className={radioClass}
                name={`${id}-likert`}
                checked={value.likert === n}
                onChange={() => update({ likert: n })}
                disabled={busy}
                aria-label={`${n} ${LIKERT_LABELS[n]}`}
              />
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
            <input
              type="radio"
              className={radioClass}
              name={`${id}-flawed`}
              checked={value.saysFlawed === true}
              onChange={() => update({ saysFlawed: true })}
              disabled={busy}
            />
            Yes
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              className={radioClass}
              name={`${id}-flawed`}
              checked={value.saysFlawed === false}
              onChange={() => update({ saysFlawed: false })}
              disabled={busy}
            />
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
      <TaskActions task={task} submitLabel="Submit evaluation" onSubmit={() => void submit()} />
      <TaskDialogs task={task} guidelines={guidelines} />
    </div>
  );
}
