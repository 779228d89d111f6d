/**
 * The job runner's own handlers: platform diagnostics only. Capabilities (training, AutoML trials, reports) never
 * register here — that would be an upward import; each ships a handler module (a `jobHandlers` export) and the
 * workspace composes the modules into every queue, pool thread and worker (see docs/architecture.md).
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
