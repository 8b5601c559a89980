import type { ReactNode } from 'react';
import { FallbackNote } from '@/components/taxonomy/fallback-note';
import type { TextFallback } from '@/lib/taxonomy/localize-project-texts';

/** The guidelines in the labeler's locale, or the default ones (in their language, marked) when the lead wrote none in it. */
export function LocalizedGuidelines({ fallback, children }: { fallback?: TextFallback | undefined; children: ReactNode }) {
  if (!fallback) return <>{children}</>;
  return (
    <div className="flex flex-col gap-2">
      <p>
        <FallbackNote fallback={fallback} />
      </p>
      <div lang={fallback.locale}>{children}</div>
    </div>
  );
}
