// Public surface of the weighting domain core (pure; typed arrays; no I/O).
export * from './types';
export { prepareWeighting } from './validateInputs';
export { checkPairwiseReachable, emptyCombinations, describeEmpty } from './feasibility';
export { rakeWeights, type RakeMargin, type RakeOptions, type RakeResult } from './rake';
export { poststratifyWeights } from './poststratify';
export { calibrateLinear, calibrationResiduals } from './calibrate';
export { trimWeightsAdditive, trimAndRecalibrate } from './trim';
export { summarizeWeights, marginChecks, largestWeights, weightHistogram } from './diagnostics';
export {
  Z975, linearizedVariance, estimateCategorical, estimateMean,
  type VarianceDesign, type EstimateInput, type CategoryEstimate, type CategoricalEstimate, type MeanEstimate,
} from './estimates';
export { solveSymmetricPsd } from './linalg';
export { computeWeights } from './weight';
export { parseReferenceSpec, buildReferenceRun, referenceSummary, ReferenceSpecSchema, type ReferenceSpec, type ReferenceRun, type CsvTable } from './referenceFormat';
export { marginFromPercentages } from './targets';
