import type { ReactNode } from 'react';

export type DataTable = { caption: string; columns: string[]; rows: (string | number)[][] };

type Props = { id: string; title: string; description?: string; table: DataTable; children: ReactNode };

/**
 * A chart with its title, and every number it draws in a table for screen readers (the drawing
 * itself is hidden from them: an SVG of bars says little when read aloud).
 */
export function ChartFigure({ id, title, description, table, children }: Props) {
  return (
    <figure aria-labelledby={`${id}-title`} className="flex min-w-0 flex-col gap-2">
      <figcaption id={`${id}-title`} className="text-sm font-semibold text-slate-800">
        {title}
        {description ? <span className="block text-xs font-normal text-slate-600">{description}</span> : null}
      </figcaption>
      <div aria-hidden="true" data-chart={id} className="min-w-0">
        {children}
      </div>
      <table className="sr-only">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) =>
                c === 0 ? (
                  <th key={c} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={c}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
