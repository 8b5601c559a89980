/**
 * Why a labeler skips a task: stored as these keys (assignments.skipReason). Part of the taxonomy since
 * a lead may word them per locale (issue 31); lib/judgments/schemas.ts re-exports them for the skip input.
 */
export const SKIP_REASONS = ['ambiguous', 'harmful', 'not_my_expertise', 'broken', 'other'] as const;
export type TSkipReason = (typeof SKIP_REASONS)[number];
