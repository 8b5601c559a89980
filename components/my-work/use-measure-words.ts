import { useFormatter, useTranslations } from 'next-intl';
import type { MeasureWords } from '@/components/my-work/my-work-measures';

/** The measures' words in the labeler's locale (server or client component alike). */
export function useMeasureWords(): MeasureWords {
  const t = useTranslations('MyWork');
  const format = useFormatter();
  return {
    number: (n) => format.number(n),
    percent: (rate) => format.number(rate * 100, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    pairs: (v) => t('pairs', v),
    steps: (v) => t('steps', v),
  };
}
