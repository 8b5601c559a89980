import type { ReactNode } from 'react';

type Props = { id: string; title: string; description?: ReactNode; children: ReactNode; busy?: boolean };

/** One dashboard widget: a landmark named by its heading, so screen readers can jump between them. */
export function DashboardSection({ id, title, description, children, busy = false }: Props) {
  return (
    <section
      id={id}
      aria-labelledby={`${id}-heading`}
      aria-busy={busy || undefined}
      className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <div className="mb-4">
        <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}
