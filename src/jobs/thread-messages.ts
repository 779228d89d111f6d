import type { JsonValue } from '../core/index.js';

/** Data each pool thread starts with. */
export interface ThreadData {
  /** Module URLs whose `jobHandlers` export adds handlers beyond the built-ins. */
  readonly handlerModules: readonly string[];
  /** One Int32 the main thread sets to 1 to cancel the current task (read by `ctx.progress`). */
  readonly cancelFlag: SharedArrayBuffer;
}

/** Main thread → pool thread. */
export interface RunTaskMessage {
  readonly kind: 'run';
  readonly jobId: string;
  readonly type: string;
  readonly payload: JsonValue;
  readonly attempt: number;
  readonly workerId: string;
}

export type ToThreadMessage = RunTaskMessage | { readonly kind: 'cancel'; readonly jobId: string };

/** A failure as it is stored on the job record. */
export interface JobErrorInfo {
  code: string;
  message: string;
}

/** Pool thread → main thread. */
export type FromThreadMessage =
  | { readonly kind: 'progress'; readonly jobId: string; readonly fraction: number; readonly message: string | null }
  | { readonly kind: 'log'; readonly jobId: string; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly message: string; readonly fields: Record<string, unknown> }
  | { readonly kind: 'done'; readonly jobId: string; readonly result: JsonValue }
  | { readonly kind: 'failed'; readonly jobId: string; readonly error: JobErrorInfo; readonly cancelled: boolean };
