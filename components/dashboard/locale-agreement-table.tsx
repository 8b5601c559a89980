import { formatCount, formatPercent } from '@/components/dashboard/format';
import type { LocaleAgreementRow } from '@/lib/dashboard/find-locale-agreement';
import { isLocale, LOCALE_NAMES } from '@/lib/i18n/locales';

const th = 'py-2 pr-3 align-bottom font-medium';
const num = 'py-2 pr-3 text-right tabular-nums align-top';

/** "Español (es)" for a locale; the value itself for "not recorded". */
const localeLabel = (locale: string) => (isLocale(locale) ? `${LOCALE_NAMES[locale]} (${locale})` : locale);

/** The labelers table split by working locale (issue 31): one row per labeler and locale they worked in. */
export function LocaleAgreementTable({ rows }: { rows: LocaleAgreementRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">No rankings yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Leave-one-out agreement per labeler and working locale</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={th}>
              Labeler
            </th>
            <th scope="col" className={th}>
              Working locale
            </th>
            <th scope="col" className={`${th} text-right`}>
              Rankings
            </th>
            <th scope="col" className={`${th} text-right`}>
              Agreement
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.userId}-${r.locale}`} className="border-t border-slate-100">
              <td className="py-2 pr-3 align-top">{r.name}</td>
              <td className="py-2 pr-3 align-top">{localeLabel(r.locale)}</td>
              <td className={num}>{formatCount(r.judgments)}</td>
              <td className={num}>
                {r.looAgreement.compared === 0 ? (
                  <span className="text-xs text-slate-500">no pairs yet</span>
                ) : (
                  <>
                    <span className="block">{formatPercent(r.looAgreement.rate)}</span>
                    <span className="block text-xs whitespace-nowrap text-slate-500">
                      {formatCount(r.looAgreement.hits)} of {formatCount(r.looAgreement.compared)} pairs
                    </span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
