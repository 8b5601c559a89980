import { Suspense, type ReactNode } from 'react';
import { WidgetErrorBoundary } from '@/components/dashboard/widget-error-boundary';
import { WidgetSkeleton } from '@/components/dashboard/widget-skeleton';

type Props = { widget: { id: string; title: string }; blocks: string[]; children: ReactNode };

/** One widget's frame: it streams in on its own (skeleton until then) and fails on its own. */
export function WidgetFrame({ widget, blocks, children }: Props) {
  return (
    <WidgetErrorBoundary {...widget}>
      <Suspense fallback={<WidgetSkeleton {...widget} blocks={blocks} />}>{children}</Suspense>
    </WidgetErrorBoundary>
  );
}
