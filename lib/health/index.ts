// Dataset health (issue 28): pure, no I/O. Accumulated row by row while a pairs-type export is written.
export { createHealthAccumulator, HEALTH_LAMBDA, HEALTH_RESAMPLES, HEALTH_SEED, type HealthAccumulator } from '@/lib/health/accumulate-health';
export { FEATURE_LABELS, FEATURE_NAMES, type FeatureName } from '@/lib/health/features';
export { fitLogistic } from '@/lib/health/fit-logistic';
export { fitModelStrengths } from '@/lib/health/fit-model-strengths';
export { healthTable, renderHealthMarkdown, type HealthTableRow } from '@/lib/health/render-health';
export { HEALTH_THRESHOLDS, healthWarnings } from '@/lib/health/warnings';
export type * from '@/lib/health/types';
