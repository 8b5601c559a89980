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
  /** Lenient: import the valid rows and keep the refused ones as a rejects file. */
  skip_invalid: z
    .enum(['0', '1', 'true', 'false'], { message: 'skip_invalid must be 0 or 1' })
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Answer 202 with the job at once instead of waiting for the import to finish. */
  async: z
    .enum(['0', '1', 'true', 'false'], { message: 'async must be 0 or 1' })
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Dataset folders (zip): which config of README.md to import; default: the card's default. */
  config: z
    .string()
    .trim()
    .min(1, { message: 'config must not be empty' })
    .max(200, { message: 'config is longer than 200 characters' })
    .optional(),
  /** The uploaded file's name, shown with the job. */
  name: z.string().max(300, { message: 'name is longer than 300 characters' }).optional(),
});
export type TImportQuery = z.infer<typeof ZImportQuery>;

/** What an import job was asked to do (stored with the job; the runner reads it back). */
export type TImportJobOptions = { format: TImportQuery['format']; withLabels: boolean; skipInvalid: boolean; config?: string };
