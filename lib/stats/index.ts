// Agreement and scoring statistics (PRODUCT §5): pure functions, no I/O, no dependencies.
export { krippendorffAlpha, type MeasurementLevel } from '@/lib/stats/krippendorff-alpha';
export { fleissKappa } from '@/lib/stats/fleiss-kappa';
export { kendallW, ranksFromGroups } from '@/lib/stats/kendall-w';
export { pairwiseAgreement, type PairAgreement } from '@/lib/stats/pairwise-agreement';
export { bradleyTerry, type Game } from '@/lib/stats/bradley-terry';
export { bootstrapInterval, quantile, type Interval } from '@/lib/stats/bootstrap';
export { wilsonInterval, binomialTestGreater } from '@/lib/stats/proportions';
export { seededRandom } from '@/lib/stats/random';
