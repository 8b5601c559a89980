import { z } from 'zod';
import { IMPORT_FORMATS } from '@/lib/import/types';

export const ZImportFormat = z.enum(['auto', ...IMPORT_FORMATS], {
  message: `format must be one of auto, ${IMPORT_FORMATS.join(', ')}`,
});

/** Query parameters of the import API and the upload route. */
export const ZImportQuery = z.object({
  format: ZImportFormat.default('auto'),
  with_labels: z
    .enum(['0', '1', 'true', 'false'], { message: 'with_labels must be 0 or 1' })
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
});
export type TImportQuery = z.infer<typeof ZImportQuery>;
