'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { RankNumberField } from '@/components/ui/rank-number-field';
import { FormMessage } from '@/components/ui/form-message';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Props = {
  projectId: string;
  itemId: string;
  /** In the order the page shows them; `name` is what the lead reads (the external id). */
  responses: { id: string; name: string }[];
  isGold: boolean;
  /** The current reference ranking as tie groups of response ids, best first. */
  goldRanking: string[][] | null;
  setGold: Action;
  clearGold: Action;
};

/**
 * A reference ranking typed as numbers: 1 is best, equal numbers tie, gaps do not matter.
 * Plain inputs keep it usable by keyboard and screen reader, and without JavaScript.
 */
export function GoldEditor({ projectId, itemId, responses, isGold, goldRanking, setGold, clearGold }: Props) {
  const { state, pending, formProps } = useFormAction(setGold);
  const clear = useFormAction(clearGold);
  const rankOf = new Map((goldRanking ?? []).flatMap((group, i) => group.map((id) => [id, i + 1] as const)));
  const formErrors = [...(state.errors?.ranks ?? []), ...(state.errors?.ranking ?? [])];
  return (
    <div className="flex flex-col gap-4">
      <form {...formProps} className="flex flex-col gap-3" noValidate aria-describedby="gold-help">
        <input type="hidden" name="projectId" value={projectId} />
        <input type="hidden" name="itemId" value={itemId} />
        <p id="gold-help" className="text-sm text-slate-600">
          Rank every response: 1 is best; give equal numbers to responses that tie.
        </p>
        {responses.map((r) => (
          <RankNumberField
            key={r.id}
            idPrefix="rank"
            response={r}
            defaultValue={rankOf.get(r.id)}
            errors={state.errors?.[`ranks.${r.id}`]}
          />
        ))}
        <div aria-live="polite">
          {formErrors.map((e) => (
            <p key={e} className="text-sm text-red-700">
              {e}
            </p>
          ))}
        </div>
        <FormMessage state={state} />
        <Button type="submit" disabled={pending}>
          {isGold ? 'Save gold ranking' : 'Mark gold'}
        </Button>
      </form>
      {isGold ? (
        <form {...clear.formProps}>
          <input type="hidden" name="projectId" value={projectId} />
          <input type="hidden" name="itemId" value={itemId} />
          <Button type="submit" variant="danger" disabled={clear.pending} className="w-full">
            Remove gold
          </Button>
        </form>
      ) : null}
      {/* Outside the form above, which disappears once gold is removed. */}
      <FormMessage state={clear.state} />
    </div>
  );
}
