import { z } from 'zod';

/** The payload of a `monitor-evaluate` job. */
export const monitorEvaluatePayloadSchema = z.strictObject({
  /** Evaluate windows closed at this time (ms since the epoch); default: the runner's clock. */
  at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Only this monitor. */
  monitor: z.string().min(1).max(128).optional(),
});
