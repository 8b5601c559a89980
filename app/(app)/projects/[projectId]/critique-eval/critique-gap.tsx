import { CritiqueGapPanel } from '@/components/judge/critique-gap-panel';
import { getCritiqueGap } from '@/lib/judge/get-critique-gap';

/** The discriminator–critique gap section of the critique experiment page (issue 25), computed on demand. */
export async function CritiqueGapSection({ projectId }: { projectId: string }) {
  const { rows } = await getCritiqueGap({ projectId });
  return (
    <section aria-labelledby="gap-heading" className="flex flex-col gap-3">
      <h2 id="gap-heading" className="text-lg font-semibold">
        Discriminator–critique gap
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">
        Does the model know more about a flaw than its critiques tell a person? The AI judge is shown the original and the flawed text in a
        random order and asked which one is flawed; critiques of the flawed text are checked for pointing to the planted flaw.
      </p>
      <CritiqueGapPanel rows={rows} />
    </section>
  );
}
