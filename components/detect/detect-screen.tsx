'use client';

import { useTranslations } from 'next-intl';
import { useId, useState, type ReactNode } from 'react';
import { SpanPicker } from '@/components/detect/span-picker';
import { AssistantPanel, type AssistantMount } from '@/components/label/assistant-panel';
import { PromptView } from '@/components/label/prompt-view';
import { LIKERT_POINTS } from '@/components/label/response-card';
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
import { SEVERITY_LEVELS } from '@/lib/taxonomy/severity';

const SEVERITY_KEYS = { 1: 'minor', 2: 'moderate', 3: 'major', 4: 'critical' } as const;

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
  const t = useTranslations('Detect');
  const tTask = useTranslations('Task');
  const tLikert = useTranslations('Likert');
  const tSeverity = useTranslations('FlawNotes.severity');
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
    if (v.likert === null) out.likert = t('missing.likert');
    if (v.saysFlawed === null) out.saysFlawed = t('missing.saysFlawed');
    if (v.saysFlawed) {
      if (!v.span) out.span = t('missing.span');
      if (!v.description.trim()) out.description = t('missing.description');
      if (v.severity === null) out.severity = t('missing.severity');
    }
    const unmarked = view.critiques.filter((c) => !v.critiqueMarks.some((m) => m.critiqueId === c.id)).length;
    if (unmarked > 0) out.critiqueMarks = t('missing.critiqueMarks', { count: unmarked });
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
        task.announce(t('oneMoreQuestion'));
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
      result = { ok: false, error: tTask('unreachable') };
    }
    if (!result.ok) {
      setFollowUp((f) => f && { ...f, sending: false });
      task.setSubmitError(result.error);
      return;
    }
    task.finish(t('thanks'));
  }

  const live = <TaskAnnouncer task={task} />;

  if (followUp) {
    return (
      <section aria-labelledby={`${id}-follow`} className="flex flex-col gap-3 rounded-md border border-indigo-200 bg-indigo-50/50 p-4">
        {live}
        <h2 id={`${id}-follow`} className="text-lg font-semibold">
          {t('followUp.question')}
        </h2>
        <p className="text-sm text-slate-700">{t('followUp.saved')}</p>
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
              {answer ? t('followUp.yes') : t('followUp.no')}
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
          {t('conversation')}
        </h2>
        <PromptView messages={view.messages} />
      </section>

      <section aria-labelledby={`${id}-response`} className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id={`${id}-response`} className="text-lg font-semibold">
            {t('responseHeading')}
          </h2>
          <div className="flex flex-wrap items-center gap-3">
            <LeaseNote lease={task.lease} />
            <SaveStatusNote task={task} />
          </div>
        </div>
        <article aria-label={t('response')} className="rounded-md border border-emerald-200 bg-white p-4">
          <SafeMarkdown text={view.text} />
        </article>
      </section>

      {view.assisted ? (
        <section aria-labelledby={`${id}-critiques`} className="flex flex-col gap-2">
          <h2 id={`${id}-critiques`} className="text-lg font-semibold">
            {t('critiques', { count: view.critiques.length })}
          </h2>
          <p className="text-sm text-slate-600">{t('critiquesNote')}</p>
          <ol className="flex flex-col gap-3">
            {view.critiques.map((c, i) => (
              <li key={c.id} className="rounded-md border border-amber-200 bg-amber-50/40 p-3">
                <fieldset>
                  <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
                    {t('critique', { number: i + 1 })}
                  </legend>
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
                      {t('helpful')}
                      <span className="sr-only"> {t('ofCritique', { number: i + 1 })}</span>
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
                      {t('notHelpful')}
                      <span className="sr-only"> {t('ofCritique', { number: i + 1 })}</span>
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
        <legend className="text-lg font-semibold">{t('quality')}</legend>
        <div className="flex flex-wrap gap-2">
          {LIKERT_POINTS.map((point) => {
            const n = Number(point);
            return (
              <label key={n} className="flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
                <input
                  type="radio"
                  className={radioClass}
                  name={`${id}-likert`}
                  checked={value.likert === n}
                  onChange={() => update({ likert: n })}
                  disabled={busy}
                  aria-label={`${n} ${tLikert(point)}`}
                />
                <span aria-hidden="true">
                  {n} <span className="text-xs text-slate-600">{tLikert(point)}</span>
                </span>
              </label>
            );
          })}
        </div>
        {fieldError('likert')}
      </fieldset>

      <fieldset className="flex flex-col gap-2" aria-describedby={errors.saysFlawed ? `${id}-saysFlawed-error` : undefined}>
        <legend className="text-lg font-semibold">{t('flawQuestion')}</legend>
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
            {t('yes')}
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
            {t('no')}
          </label>
        </div>
        {fieldError('saysFlawed')}
      </fieldset>

      {value.saysFlawed ? (
        <section aria-label={t('flaw')} className="flex flex-col gap-3 rounded-md border border-slate-300 bg-slate-50 p-3">
          <SpanPicker text={view.text} span={value.span} disabled={busy} error={errors.span} onPick={(span) => update({ span })} />
          <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
            {t('describe')}
            <textarea
              value={value.description}
              dir="auto"
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
            {t('severity')}
            <select
              value={value.severity ?? ''}
              onChange={(e) => update({ severity: e.target.value ? Number(e.target.value) : null })}
              disabled={busy}
              aria-invalid={Boolean(errors.severity) || undefined}
              aria-describedby={errors.severity ? `${id}-severity-error` : undefined}
              className={inputClass}
            >
              <option value="">{t('choose')}</option>
              {SEVERITY_LEVELS.map((n) => (
                <option key={n} value={n}>
                  {`${n} · ${tSeverity(SEVERITY_KEYS[n])}`}
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
      <TaskActions task={task} submitLabel={t('submit')} onSubmit={() => void submit()} />
      <TaskDialogs task={task} guidelines={guidelines} />
    </div>
  );
}
