import type { JsonValue } from '../core/index.js';
import type { PlatformSettings } from '../platform/index.js';

/** Data each pool thread starts with. */
export interface ThreadData {
  /** Module URLs whose `jobHandlers` export adds handlers beyond the built-ins. */
  readonly handlerModules: readonly string[];
  /** One Int32 the main thread sets to 1 to cancel the current task (read by `ctx.progress`). */
  readonly cancelFlag: SharedArrayBuffer;
  /** The workspace whose platform `ctx.platform()` opens in the thread; null for a pool without one. */
  readonly settings: PlatformSettings | null;
}

/** Main thread → pool thread. */
export interface RunTaskMessage {
  readonly kind: 'run';
  readonly jobId: string;
  readonly type: string;
  readonly payload: JsonValue;
  readonly attempt: number;
  readonly workerId: string;
  /** The job's submitter, the actor of the handler's writes. */
  readonly actor: string;
}

/** `close`: release the thread's resources (its platform) and exit. */
export type ToThreadMessage = RunTaskMessage | { readonly kind: 'cancel'; readonly jobId: string } | { readonly kind: 'close' };

/** A failure as it is stored on the job record. */
export interface JobErrorInfo {
  code: string;
  message: string;
}

/** Pool thread → main thread. */
export type FromThreadMessage =
  | { readonly kind: 'progress'; readonly jobId: string; readonly fraction: number; readonly message: string | null }
  | {
      readonly kind: 'log';
      readonly jobId: string;
      readonly level: 'debug' | 'info' | 'warn' | 'error';
      readonly message: string;
      readonly fields: Record<string, unknown>;
    }
  | { readonly kind: 'done'; readonly jobId: string; readonly result: JsonValue }
  | { readonly kind: 'failed'; readonly jobId: string; readonly error: JobErrorInfo; readonly cancelled: boolean };
