// Agreement and scoring statistics (PRODUCT §5): pure functions, no I/O, no dependencies.
export { krippendorffAlpha, alphaFromCoincidences, type MeasurementLevel } from '@/lib/stats/krippendorff-alpha';
export { fleissKappa } from '@/lib/stats/fleiss-kappa';
export { kendallW, ranksFromGroups } from '@/lib/stats/kendall-w';
export { pairwiseAgreement, type PairAgreement } from '@/lib/stats/pairwise-agreement';
export {
  bradleyTerry,
  bradleyTerryFromTallies,
  bradleyTerryWithCovariates,
  type CovariateFit,
  type CovariateGame,
  type Game,
  type Tally,
} from '@/lib/stats/bradley-terry';
export { bootstrapCounts, bootstrapInterval, bootstrapSums, quantile, type Interval } from '@/lib/stats/bootstrap';
export { laplacianPseudoInverse, solveLinear } from '@/lib/stats/linear-algebra';
export { wilsonInterval, binomialTestGreater, binomialTestLess, normalCdf, normalTestTwoSided } from '@/lib/stats/proportions';
export { seededRandom } from '@/lib/stats/random';
