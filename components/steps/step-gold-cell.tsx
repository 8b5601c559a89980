import { formatCount, formatPercent } from '@/components/dashboard/format';
import type { StepGoldScore } from '@/lib/steps/step-gold';

/** The labelers table's "Step gold" cell: steps rated as gold says (95% Wilson interval), first error at gold's, over how many items. */
export function StepGoldCell({ score }: { score: StepGoldScore | null }) {
  if (!score || score.items === 0) return <span className="text-xs text-slate-500">no step gold yet</span>;
  const { steps, firstError } = score;
  return (
    <span data-testid="step-gold">
      <span className="block" data-testid="step-gold-steps">
        {formatPercent(steps.rate)}
      </span>
      <span className="block text-xs whitespace-nowrap text-slate-500">
        {formatCount(steps.hits)} of {formatCount(steps.compared)} steps
        {steps.compared > 0 ? ` · ${formatPercent(steps.low)}–${formatPercent(steps.high)}` : ''}
      </span>
      <span className="block text-xs whitespace-nowrap text-slate-500" data-testid="step-gold-first-error">
        first error {firstError.compared > 0 ? `${formatCount(firstError.hits)} of ${formatCount(firstError.compared)}` : 'not comparable'}{' '}
        · {formatCount(score.items)} item{score.items === 1 ? '' : 's'}
      </span>
    </span>
  );
}
