import { z } from 'zod';
import { LOCALES } from '@/lib/i18n/locales';

/**
 * The locale a labeler's screen was rendered in, sent with a submit (issue 31) and stored on the
 * judgment (or demonstration, perturbation, detect trial, step judgment). Optional: API clients and
 * screens from before issue 31 send none, and the row stores null.
 */
export const ZWorkingLocale = z.enum(LOCALES, { message: `A locale is one of ${LOCALES.join(', ')}` }).optional();
