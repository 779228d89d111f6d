/**
 * Entry of one pool thread: loads the handler registry, then runs one task at a time as the main thread asks,
 * posting progress, logs and the outcome back. The main thread owns every store write.
 */
import { parentPort, workerData } from 'node:worker_threads';

import {
  isMlpError,
  JobCancelledError,
  JobFailedError,
  JobResultTooLargeError,
  silentLogger,
  systemClock,
  systemMonotonicClock,
} from '../core/index.js';
import type { JsonValue, Logger } from '../core/index.js';
import { MAX_RESULT_BYTES } from './handler.js';
import { loadJobHandlers } from './handler-modules.js';
import { loadStoreExtensions, openPlatform, type Platform } from '../platform/index.js';
import type { FromThreadMessage, ThreadData, ToThreadMessage } from './thread-messages.js';

const port = parentPort;
const data = workerData as ThreadData;
const cancelFlag = new Int32Array(data.cancelFlag);
const registryReady = loadJobHandlers(data.handlerModules);
let current: { jobId: string; controller: AbortController } | undefined;
// Opened on the first `ctx.platform()` and shared by every job this thread runs. Threads cannot share the main
// thread's connections, and a ManualClock cannot cross threads, so job threads run on the system clock.
let platform: Promise<Platform> | undefined;
const PROGRESS_INTERVAL_MS = 50;

function post(message: FromThreadMessage): void {
  port?.postMessage(message);
}

function threadLogger(jobId: string, fields: Record<string, unknown> = {}): Logger {
  const emit =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, extra?: Record<string, unknown>): void =>
      post({ kind: 'log', jobId, level, message, fields: { ...fields, ...extra } });
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (more) => threadLogger(jobId, { ...fields, ...more }),
  };
}

/** Reads the shared cancel flag; a handler in a tight synchronous loop only sees cancellation through this. */
function pollCancel(): void {
  if (current !== undefined && !current.controller.signal.aborted && Atomics.load(cancelFlag, 0) === 1) {
    current.controller.abort(JobCancelledError({ jobId: current.jobId }));
  }
}

async function runTask(task: Extract<ToThreadMessage, { kind: 'run' }>): Promise<void> {
  const controller = new AbortController();
  current = { jobId: task.jobId, controller };
  let lastFraction = -1;
  let lastMessage: string | null = null;
  let lastPostAt = Number.NEGATIVE_INFINITY;
  try {
    const handler = (await registryReady).get(task.type);
    // Cancelled while the thread was still loading its handlers.
    if (controller.signal.aborted) throw controller.signal.reason;
    const { settings } = data;
    const result: JsonValue = await handler.run(task.payload, {
      jobId: task.jobId,
      attempt: task.attempt,
      workerId: task.workerId,
      actor: task.actor,
      handlerModules: data.handlerModules,
      platform: () => {
        if (settings === null)
          return Promise.reject(
            JobFailedError({ jobId: task.jobId, type: task.type, reason: 'this job runner was started without workspace settings' }),
          );
        platform ??= loadStoreExtensions(data.handlerModules).then((extensions) =>
          openPlatform(settings, { clock: systemClock, logger: silentLogger, extensions }),
        );
        return platform;
      },
      signal: controller.signal,
      logger: threadLogger(task.jobId),
      progress: (fraction, message) => {
        pollCancel();
        const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
        const text = message ?? null;
        if (clamped === lastFraction && text === lastMessage) return;
        // At most ~20 posts a second: each becomes a store write. A monotonic timer, only for rate limiting.
        const now = systemMonotonicClock.now();
        if (now - lastPostAt < PROGRESS_INTERVAL_MS && clamped < 1) return;
        lastPostAt = now;
        lastFraction = clamped;
        lastMessage = text;
        post({ kind: 'progress', jobId: task.jobId, fraction: clamped, message: text });
      },
    });
    const size = Buffer.byteLength(JSON.stringify(result ?? null), 'utf8');
    if (size > MAX_RESULT_BYTES) throw JobResultTooLargeError({ jobId: task.jobId, type: task.type, bytes: size, limit: MAX_RESULT_BYTES });
    post({ kind: 'done', jobId: task.jobId, result: result ?? null });
  } catch (error) {
    post({ kind: 'failed', jobId: task.jobId, error: errorInfo(error), cancelled: controller.signal.aborted });
  } finally {
    current = undefined;
  }
}

function errorInfo(error: unknown): { code: string; message: string } {
  if (isMlpError(error)) return { code: error.code, message: error.message };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 'MLP_JOB_FAILED', message };
}

async function close(): Promise<void> {
  const opened = platform;
  platform = undefined;
  if (opened !== undefined) await (await opened.catch(() => undefined))?.store.close();
  // With the port and the store closed nothing keeps the thread's event loop alive: it ends.
  port?.close();
}

port?.on('message', (message: ToThreadMessage) => {
  if (message.kind === 'run') void runTask(message);
  else if (message.kind === 'close') void close();
  else if (current !== undefined && current.jobId === message.jobId) current.controller.abort(JobCancelledError({ jobId: message.jobId }));
});
