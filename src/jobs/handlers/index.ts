/**
 * The static index of built-in job handlers. Later capabilities (AutoML trials, training, reports) add their
 * handler here: one import and one entry, no scanning of the file system.
 */
import { Registry } from '../../core/index.js';
import type { JobHandler } from '../handler.js';
import { diagWorkHandler } from './diag-work.js';

/** Every built-in handler, in id order. */
export const BUILTIN_JOB_HANDLERS: readonly JobHandler[] = [diagWorkHandler];

/** A fresh registry holding the built-in handlers (callers may register more into their copy). */
export function builtinJobHandlers(): Registry<JobHandler> {
  return new Registry<JobHandler>('job type', BUILTIN_JOB_HANDLERS);
}
