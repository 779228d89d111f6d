/**
 * The payloads of the workspace's job types, which are also the bodies of `POST /api/v1/train` and
 * `POST /api/v1/predict`. Apart from the handlers so that validating a request does not load the job runner.
 */
import { z } from 'zod';

import { assertName, TASKS } from '../core/index.js';
import { parseRef } from './refs.js';

/** A string that `check` accepts (it throws the catalog's error otherwise), as a schema. */
const checked = (check: (value: string) => unknown) =>
  z.string().superRefine((value, issue) => {
    try {
      check(value);
    } catch (error) {
      issue.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
/** A `NAME[@VERSION|@ALIAS]` reference, checked like everywhere else. */
const ref = (field: string) => checked((value) => parseRef(value, field));
const name = (field: string) => checked((value) => assertName(value, field));

/**
 * A training request as a job payload (and the `POST /api/v1/train` body): the data is always a registered dataset
 * version — a job never reads a path it was given.
 */
export const trainPayloadSchema = z.strictObject({
  data: ref('data'),
  target: z.string().min(1).max(256),
  learner: z.string().min(1).max(64).default('gbdt'),
  params: z.record(z.string(), z.unknown()).default({}),
  model: name('model').optional(),
  experiment: name('experiment').optional(),
  holdout: z.number().gt(0).lt(1).optional(),
  cv: z.number().int().min(2).max(100).optional(),
  timeColumn: z.string().min(1).max(256).optional(),
  groupColumn: z.string().min(1).max(256).optional(),
  task: z.enum(TASKS).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  threads: z.number().int().min(1).max(64).optional(),
});

/** A batch prediction as a job payload: a registered model version scores a registered dataset version. */
export const predictPayloadSchema = z.strictObject({
  model: ref('model'),
  data: ref('data'),
  threads: z.number().int().min(1).max(64).optional(),
  experiment: name('experiment').optional(),
});
