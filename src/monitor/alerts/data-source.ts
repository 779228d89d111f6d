/**
 * Where a monitor's signals read their data: a model's logged predictions (joined with their labels when they
 * arrived) cut into windows, and the reference data the model was trained on. The prediction log of issue 16 §1
 * implements it; tests build one over frames they construct.
 */
import type { Frame } from '../../data/index.js';
import type { MonitorWindow } from './windows.js';

/** How much a model's log holds. */
export interface MonitorDataExtent {
  /** Timestamp (ms) of the oldest logged prediction. */
  readonly firstTimestamp: number;
  /** Timestamp (ms) of the newest logged prediction. */
  readonly lastTimestamp: number;
  /** Predictions logged so far (row windows are counted in these). */
  readonly rows: number;
}

/** The data side of monitors. */
export interface MonitorDataSource {
  /** What the log holds for `model`, or undefined when it holds nothing. */
  extent(model: string): Promise<MonitorDataExtent | undefined>;
  /**
   * The rows of one window: inputs, outputs (`prediction`, class probabilities), `label` where joined, and the
   * serving columns (`latency_ms`, `error`) when logged. An empty frame for a window without predictions.
   */
  readWindow(model: string, window: MonitorWindow): Promise<Frame>;
  /** The reference data of `model` (its training data), or undefined when none is known. */
  reference(model: string): Promise<Frame | undefined>;
}
