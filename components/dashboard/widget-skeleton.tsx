import { DashboardSection } from '@/components/dashboard/dashboard-section';

/** What a widget shows while its numbers load: its heading, and grey blocks where the content goes. */
export function WidgetSkeleton({ id, title, blocks = ['h-16', 'h-56'] }: { id: string; title: string; blocks?: string[] }) {
  return (
    <DashboardSection id={id} title={title} busy>
      <p className="sr-only" role="status">
        Loading {title.toLowerCase()}…
      </p>
      <div className="flex animate-pulse flex-col gap-3" aria-hidden="true">
        {blocks.map((height, i) => (
          <div key={i} className={`${height} rounded-md bg-slate-100`} />
        ))}
      </div>
    </DashboardSection>
  );
}
