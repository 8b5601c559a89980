import type { TFlagDefinition } from '@/lib/taxonomy/schemas';

/**
 * A flag that marks a good response ("satisfies the constraints in the instruction"): the default
 * one, or any whose description says it is a positive flag. Leaving out responses so flagged
 * leaves out good ones, so the Export page shows these apart.
 */
export function isPositiveFlag(flag: Pick<TFlagDefinition, 'key' | 'description'>): boolean {
  return flag.key === 'satisfies_constraints' || /\bpositive flag\b/i.test(flag.description);
}
