/**
 * nnlab's public API: the building blocks for writing a training loop by hand.
 * Each module below adds its exports here.
 */
export { Matrix } from './tensor/matrix.js';
export type { DType, FloatArray } from './tensor/matrix.js';
export * as kernels from './tensor/kernels.js';
export { Rng } from './tensor/rng.js';
export type { Param } from './nn/param.js';
export type { Layer, Loss, Optimizer } from './nn/layer.js';
export type { Dataset, Split } from './data/dataset.js';
export { trainRun } from './train/trainer.js';
export type { TrainOptions } from './train/trainer.js';
export type { RunConfig, TrainSpec } from './train/spec.js';
export type { EpochRecord, RunResult, RunStatus } from './train/record.js';
export {
  OPTIMIZERS,
  OPTIMIZER_NAMES,
  makeOptimizer,
  validateOptimizer,
  SGD,
  Momentum,
  Nesterov,
  RMSprop,
  Adagrad,
  Adam,
  AdamW,
} from './nn/optim/index.js';
export type { OptimizerName } from './nn/optim/index.js';
export { SCHEDULES, makeSchedule, validateSchedule } from './nn/optim/schedule.js';
export type { Schedule, ScheduleName } from './nn/optim/schedule.js';
export type { OptimizerSpec, ScheduleSpec } from './nn/spec.js';
export type { DataSpec, DatasetName, AugmentSpec } from './data/spec.js';
export { DATASETS, DATASET_NAMES, loadDataset, datasetShape, datasetKey, clearDatasetCache } from './data/load.js';
export type { Shape as DatasetShape } from './data/load.js';
export { augmentBatch, transformImage } from './data/augment.js';
export { toShared, fromShared } from './data/shared.js';
export type { SharedDataset, SharedSplit, SharedArray } from './data/shared.js';
export { parseIdx, encodeIdx } from './data/idx.js';
export type { IdxArray, IdxKind } from './data/idx.js';
export { parseCsv } from './data/csv.js';
export type { CsvOptions, CsvTable } from './data/csv.js';
export { circles, moons, spirals } from './data/synthetic.js';
export { MNIST_DIR_ENV, mnistDir } from './data/mnist.js';
// nn: layers, initializers, losses, regularization, models, gradient checks
export { makeParam, zeroGrads } from './nn/param.js';
export type { ModelSpec, InitSpec, RegularizationSpec } from './nn/spec.js';
export { Dense } from './nn/dense.js';
export type { DenseOptions } from './nn/dense.js';
export { ReLU, LeakyReLU, Sigmoid, Tanh, Identity, ACTIVATIONS, makeActivation, activationNames, sigmoid } from './nn/activations.js';
export type { ActivationName, ActivationOptions } from './nn/activations.js';
export { Dropout } from './nn/dropout.js';
export { BatchNorm } from './nn/batchnorm.js';
export type { BatchNormOptions } from './nn/batchnorm.js';
export { INITIALIZERS, initNames, parseInit, validateInit, fillInit } from './nn/init.js';
export type { Initializer, InitName } from './nn/init.js';
export { LOSSES, makeLoss, lossNames, SoftmaxCrossEntropy, Hinge, MulticlassHinge, MeanSquaredError, SigmoidMeanSquaredError } from './nn/losses.js';
export type { LossName } from './nn/losses.js';
export { l2Penalty, addL2Grad } from './nn/regularization.js';
export { Conv2D } from './nn/conv2d.js';
export type { Conv2DOptions } from './nn/conv2d.js';
export { MaxPool2D, AvgPool2D } from './nn/pool.js';
export { Flatten } from './nn/flatten.js';
export { BatchNorm2D } from './nn/batchnorm2d.js';
export type { ImageShape } from './nn/geometry.js';
export { parseLayerExpr, layerNames } from './nn/layer-expr.js';
export { planStack, buildStack, StackError } from './nn/stack.js';
export { REGRESSION_LOSSES, makeRegressionLoss, RegressionMse, RegressionMae, Huber } from './nn/losses/regression.js';
export type { RegressionLoss } from './nn/losses/regression.js';
export { RegressionMeter } from './train/metrics.js';
export { friedman1, loadFriedman } from './data/friedman.js';
export { Sequential } from './nn/sequential.js';
export { loadModel, saveModel, readModel, encodeModel, decodeModel } from './nn/model-file.js';
export type { DecodedModel, LoadOptions } from './nn/model-file.js';
export { encodeSafetensors, decodeSafetensors } from './nn/safetensors.js';
export type { SafeTensors, Tensor } from './nn/safetensors.js';
export type { ModelJSON, TensorJSON, Evaluation } from './nn/sequential.js';
export { buildModel } from './nn/build.js';
export type { BuildOptions } from './nn/build.js';
export { checkLayer, checkLoss, checkModel, relativeError, maxError } from './nn/gradcheck.js';
export type { GradCheckResult, GradCheckOptions } from './nn/gradcheck.js';
// Importing the wasm module installs the float32 SIMD backend (NNLAB_BACKEND=js opts out).
export { wasmBackend, enableFloat32Backend, requestedBackend, kernelSet, nativeBackend } from './tensor/wasm/index.js';
export { runBench } from './bench/index.js';
export type { BenchOptions } from './bench/index.js';
// experiment specs: parse, validate, expand, override, format
export { parseSpec, parseSpecFull } from './experiment/spec/parse.js';
export { SpecError, isSpecError } from './experiment/spec/errors.js';
export { decodeSpecBytes, MAX_SPEC_BYTES } from './experiment/spec/source.js';
export { expand, runId } from './experiment/plan/expand.js';
export { applySet, applySeeds, applyEpochs, applyOverrides } from './experiment/spec/overrides.js';
export type { Overrides } from './experiment/spec/overrides.js';
export { formatSpec } from './experiment/spec/format.js';
export { specJsonSchema } from './experiment/spec/schema.js';
export { BASE_DEFAULTS } from './experiment/spec/defaults.js';
export { FIELDS, FIELD_KEYS } from './experiment/spec/fields.js';
export { METRICS, CHARTS } from './experiment/spec/names.js';
export type { ExperimentSpec, BaseConfig, Variant, ReportSpec, RunPlan } from './experiment/spec/spec.js';
// the runner: results folder, locks, shards, parallel scheduling
export { ResultsStore, readRuns, backupResults, maxDenseOf, StoreError, RUNS_FILE, EPOCHS_FILE, SPEC_FILE, OVERRIDES_FILE, ENVIRONMENT_FILE } from './experiment/store/store.js';
export { acquireRunLock, withAppendLock, LockedError } from './experiment/store/lock.js';
export { parseShard, shardPlans, ShardError } from './experiment/cluster/shard.js';
export type { Shard } from './experiment/cluster/shard.js';
export { Scheduler } from './experiment/schedule/scheduler.js';
export type { SchedulerOptions, ScheduleOutcome } from './experiment/schedule/scheduler.js';
export { describeEnvironment } from './experiment/store/environment.js';
export type { Environment } from './experiment/store/environment.js';
export { generateReport } from './report/generate.js';
export type { ReportOptions, ReportOutput } from './report/generate.js';
export { welch, summarize, holm, bootstrapDiff, probabilityOfImprovement, cohensD, seedsNeeded } from './report/stats/index.js';
