import type { z } from 'zod';

import { ValidationError } from '../core/index.js';
import type { JsonValue, Logger, Registrable } from '../core/index.js';
import type { Platform } from '../platform/index.js';

/** What a running handler gets besides its payload. */
export interface JobContext {
  /** The store id of the job. */
  readonly jobId: string;
  /** 1 for the first run; higher when a backend retried the job after its worker was lost. */
  readonly attempt: number;
  /** Which worker runs this attempt (`local:…` for the in-process pool, the `mlpilot worker` id for pg-boss). */
  readonly workerId: string;
  /**
   * Aborted when the job is cancelled, its worker shuts down, or (pg-boss) its attempt expired. CPU-bound
   * handlers check `signal.aborted` between units of work and stop by throwing `signal.reason`.
   */
  readonly signal: AbortSignal;
  /**
   * Reports progress: `fraction` in 0..1 (clamped), with an optional human-readable message. Cheap to call
   * often: the runner coalesces store writes.
   */
  progress(fraction: number, message?: string): void;
  readonly logger: Logger;
  /** Who submitted the job: handlers write to the store as this actor (`system` when unknown). */
  readonly actor: string;
  /** The handler modules of that workspace (file URLs), for handlers that load plug-ins such as learners. */
  readonly handlerModules: readonly string[];
  /**
   * The store, artifact store and event log of the workspace the runner serves, with its settings, opened once
   * per thread or process on first use and shared by the jobs it runs (never close them).
   * @throws MLP_JOB_FAILED when the runner was started without workspace settings.
   */
  platform(): Promise<Platform>;
}

/**
 * A job type: metadata as data (id, title, payload schema) plus the function that does the work. `run` gets
 * the payload already validated by `payloadSchema` and returns a JSON result. Results are stored in the
 * jobs table, so they must stay small (≤ {@link MAX_RESULT_BYTES}); large outputs go to the artifact store and
 * the result carries their sha256 digests.
 */
export interface JobHandler extends Registrable {
  /** Permanent kebab-case id, also the job `type` and the pg-boss queue name. */
  readonly id: string;
  readonly title: string;
  readonly payloadSchema: z.ZodType;
  /**
   * Validates a payload and returns it with defaults applied.
   * @throws MLP_CORE_VALIDATION naming the first bad field as `payload.<path>`.
   */
  parsePayload(payload: unknown): JsonValue;
  /** Validates `payload` (again: it may come from the database) and runs the handler. */
  run(payload: unknown, ctx: JobContext): Promise<JsonValue>;
}

/** Largest serialised result (bytes) a handler may return; put bigger outputs in the artifact store. */
export const MAX_RESULT_BYTES = 1024 * 1024;

/** The definition a handler author writes. */
export interface JobHandlerDefinition<S extends z.ZodType, R extends JsonValue> {
  id: string;
  title: string;
  payloadSchema: S;
  run(payload: z.output<S>, ctx: JobContext): Promise<R> | R;
}

/**
 * Makes a job handler from its definition (the typed factory every handler goes through).
 * @example defineJobHandler({ id: 'diag-work', title: '…', payloadSchema: z.object({ rounds: z.number() }), run: (p, ctx) => … })
 */
export function defineJobHandler<S extends z.ZodType, R extends JsonValue>(definition: JobHandlerDefinition<S, R>): JobHandler {
  const parse = (payload: unknown): z.output<S> => {
    const parsed = definition.payloadSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue === undefined || issue.path.length === 0 ? '' : `.${issue.path.map(String).join('.')}`;
      throw ValidationError({
        field: `payload${path}`,
        problem: `${issue?.message ?? 'invalid'} (job type ${definition.id})`,
      });
    }
    return parsed.data;
  };
  return Object.freeze({
    id: definition.id,
    title: definition.title,
    payloadSchema: definition.payloadSchema,
    parsePayload: (payload: unknown): JsonValue => parse(payload) as JsonValue,
    run: async (payload: unknown, ctx: JobContext): Promise<JsonValue> => definition.run(parse(payload), ctx),
  });
}
