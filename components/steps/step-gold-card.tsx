import { StepGoldEditor } from '@/components/steps/step-gold-editor';
import { Card } from '@/components/ui/card';
import type { FormState } from '@/lib/forms/form-state';
import { getStepGold } from '@/lib/steps/get-step-gold';
import { FINAL_ANSWERS } from '@/lib/steps/schemas';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

const sameSteps = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * The item page's "Step gold" card (lead and researcher pages only): the lead's correct step
 * labels of the item's solution, editable by the lead. Shown when the project hands out steps
 * tasks or the item has step gold.
 */
export async function StepGoldCard(props: { projectId: string; itemId: string; isLead: boolean; setGold: Action; clearGold: Action }) {
  const view = await getStepGold({ projectId: props.projectId, itemId: props.itemId });
  if (!view.stepsEnabled && !view.gold) return null;
  const { gold } = view;
  const stale = gold !== null && !sameSteps(gold.steps, view.steps);
  return (
    <Card title="Step gold">
      {gold ? (
        <div className="mb-4 flex flex-col gap-1 text-sm" data-testid="step-gold-labels">
          <p>
            Correct labels: {gold.labels.map((l) => (l.rating > 0 ? '+1' : String(l.rating))).join(', ')} · final answer{' '}
            {FINAL_ANSWERS.find((f) => f.value === gold.finalAnswer)?.name.toLowerCase() ?? gold.finalAnswer}
          </p>
        </div>
      ) : (
        <p className="mb-4 text-sm text-slate-600">No step gold.</p>
      )}
      {props.isLead ? (
        <StepGoldEditor
          projectId={props.projectId}
          itemId={props.itemId}
          steps={view.steps}
          untilFirstError={view.untilFirstError}
          gold={gold}
          stale={stale}
          setGold={props.setGold}
          clearGold={props.clearGold}
        />
      ) : null}
    </Card>
  );
}
