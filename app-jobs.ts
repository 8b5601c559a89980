import { statsRefreshHandler } from '@/lib/dashboard/run-stats-refresh';
import { generationRunHandler } from '@/lib/generation/generation-handler';
import { itemSearchFillHandler } from '@/lib/items/fill-item-search';
import type { AnyJobHandler } from '@/lib/jobs/define-job';

/**
 * Every kind of background job the app's workers run (lib/jobs; pg-boss). instrumentation.ts starts
 * them in every app instance; tests run them in-process (tests/helpers/drain-jobs.ts) or in a child
 * process. A new kind of job adds its handler here. Outside lib/ because it gathers handlers from
 * every floor.
 */
export const APP_JOB_HANDLERS: readonly AnyJobHandler[] = [statsRefreshHandler, generationRunHandler, itemSearchFillHandler];
