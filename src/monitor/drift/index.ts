/** Drift detection: the method contract, the built-in methods, automatic choice, the report and its HTML page. */
export { chooseMethod, AUTO_DISCRETE_VALUES, AUTO_SMALL_REFERENCE } from './auto-method.js';
export type { MethodChoice } from './auto-method.js';
export { benjaminiHochberg } from './benjamini-hochberg.js';
export { DEFAULT_BINS, DISCRETE_SUPPORT, PLOT_BARS } from './column-sample.js';
export type { Distribution, SampleSizes } from './column-sample.js';
export { defineDriftMethod, describeDriftMethod, DRIFT_COLUMN_TYPES, isDrift } from './drift-method.js';
export type {
  CategoricalSample,
  ColumnSample,
  CountsSample,
  DriftColumnType,
  DriftContext,
  DriftKind,
  DriftMethod,
  DriftMethodMeta,
  DriftSupport,
  EffectSize,
  MethodScore,
  MultivariateDriftMethod,
  NumericSample,
  TableContext,
  TableSample,
  UnivariateDriftMethod,
} from './drift-method.js';
export { driftReport } from './drift-report.js';
export type { ColumnDrift, DriftOptions, DriftReport, MultivariateDrift } from './drift-report.js';
export { renderDriftReport } from './drift-html.js';
export type { DriftHtmlOptions } from './drift-html.js';
export { BUILTIN_DRIFT_METHODS } from './methods/index.js';
export { createDriftMethodRegistry } from './registry.js';
export { chooseProfileMethod, driftFromProfiles } from './profile-drift.js';
export type { ProfileDriftOptions } from './profile-drift.js';
