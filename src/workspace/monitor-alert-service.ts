/**
 * Monitors as a service the edges share: the monitors of the configuration plus those declared through the API,
 * their status, alerts and incidents, declaring one, and evaluation rounds (run now, or as `monitor-evaluate`
 * jobs the scheduler submits). The engine lives in `src/monitor`; this composes it with the store, the job
 * queue (the retrain action submits `train` jobs) and the data source of the prediction log.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import {
  MonitorDataUnavailableError,
  MonitorExistsError,
  MonitorNotFoundError,
  monitorSpecSchema,
  ValidationError,
} from '../core/index.js';
import type { Clock, Config, JsonObject, Logger, MonitorSpec } from '../core/index.js';
import type { JobQueue } from '../jobs/index.js';
import {
  alertActionRegistry,
  builtinAlertActions,
  builtinSignals,
  MonitorEngine,
  monitorAlertsStore,
  MonitorScheduler,
  monitorSubject,
  signalRegistry,
} from '../monitor/index.js';
import type {
  AlertActionDeps,
  MonitorAlert,
  MonitorAlertsRepo,
  MonitorDataSource,
  MonitorEvaluation,
  MonitorIncident,
  MonitorRound,
  PerformanceEstimator,
  RollbackHandler,
} from '../monitor/index.js';
import type { Store, WriteContext } from '../store/index.js';

/** What monitors are composed with beyond the store (`WorkspacePlugins.monitoring`). */
export interface MonitoringPlugins {
  /** The prediction log's windows and the models' reference data. */
  readonly data?: MonitorDataSource;
  /** Label-free performance estimation for `estimated-metric` monitors. */
  readonly estimator?: PerformanceEstimator;
  /** The deployment side's rollback, for `rollback` actions. */
  readonly rollback?: RollbackHandler;
  /** `fetch` for webhooks (default: the global one). */
  readonly fetch?: typeof fetch;
  /** How webhook retries wait (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface MonitorAlertServiceDeps {
  readonly store: Store;
  readonly config: Readonly<Config>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly jobs: () => Promise<JobQueue>;
  readonly plugins?: MonitoringPlugins;
}

/** A monitor and where it was declared. */
export interface MonitorInfo {
  readonly spec: MonitorSpec;
  readonly source: 'config' | 'api';
  readonly createdAt?: number;
  readonly createdBy?: string;
}

/** A monitor's state: its last evaluations and open incident. */
export interface MonitorAlertStatus {
  readonly name: string;
  readonly model: string;
  readonly subject: string;
  readonly signal: string;
  readonly source: 'config' | 'api';
  /** `alert` while an incident is open, else the last evaluation's status, or `never-evaluated`. */
  readonly state: string;
  readonly lastEvaluation: MonitorEvaluation | null;
  readonly openIncident: MonitorIncident | null;
  readonly recent: MonitorEvaluation[];
}

/** What a redacted secret reads as. */
export const REDACTED = '***';

/** The monitor with its webhook secrets replaced by {@link REDACTED}: what the CLI and the API show. */
function redacted(info: MonitorInfo): MonitorInfo {
  const actions = info.spec.actions.map((action) => (action.kind === 'webhook' ? { ...action, secret: REDACTED } : action));
  return { ...info, spec: { ...info.spec, actions } };
}

/** How many evaluations `status` shows per monitor. */
const RECENT = 10;

/** The monitors of a workspace (their declarations, evaluations, alerts and incidents). */
export class MonitorAlertService {
  readonly #deps: MonitorAlertServiceDeps;

  constructor(deps: MonitorAlertServiceDeps) {
    this.#deps = deps;
  }

  get #repo(): MonitorAlertsRepo {
    return this.#deps.store.extension(monitorAlertsStore);
  }

  /** Every monitor: the configuration's first (in their order), then the declared ones by name. Webhook secrets are redacted. */
  async list(): Promise<MonitorInfo[]> {
    return (await this.#all()).map(redacted);
  }

  /** @throws MLP_MONITOR_NOT_FOUND listing the known names. Webhook secrets are redacted. */
  async get(name: string): Promise<MonitorInfo> {
    return redacted(await this.#find(name));
  }

  async #all(): Promise<MonitorInfo[]> {
    const configured: MonitorInfo[] = this.#deps.config.monitors.map((spec) => ({ spec: spec as MonitorSpec, source: 'config' }));
    const declared = (await this.#repo.declared()).map((d) => ({
      spec: d.spec,
      source: 'api' as const,
      createdAt: d.createdAt,
      createdBy: d.createdBy,
    }));
    return [...configured, ...declared];
  }

  async #find(name: string): Promise<MonitorInfo> {
    const all = await this.#all();
    const found = all.find((m) => m.spec.name === name);
    if (found === undefined) throw MonitorNotFoundError({ name, known: all.map((m) => m.spec.name) });
    return found;
  }

  /**
   * Declares a monitor (the body of POST /api/v1/monitors).
   * @throws MLP_CORE_VALIDATION naming the first bad field (`<field>.<path>`); MLP_MONITOR_EXISTS for a taken name.
   */
  async declare(input: unknown, ctx: WriteContext, field = 'body'): Promise<MonitorInfo> {
    const parsed = monitorSpecSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = (issue?.path ?? []).map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
      throw ValidationError({ field: `${field}${path}`, problem: issue?.message ?? 'invalid' });
    }
    const spec = parsed.data;
    if (this.#deps.config.monitors.some((m) => m.name === spec.name))
      throw MonitorExistsError({ name: spec.name, source: 'in the configuration' });
    try {
      const declared = await this.#repo.declare(spec, ctx);
      return redacted({ spec: declared.spec, source: 'api', createdAt: declared.createdAt, createdBy: declared.createdBy });
    } catch (error) {
      if ((error as { code?: string }).code === 'MLP_STORE_CONFLICT')
        throw MonitorExistsError({ name: spec.name, source: 'through the API' }, error);
      throw error;
    }
  }

  /** The state of one monitor, or of all. @throws MLP_MONITOR_NOT_FOUND */
  async status(name?: string): Promise<MonitorAlertStatus[]> {
    const monitors = name === undefined ? await this.#all() : [await this.#find(name)];
    return Promise.all(
      monitors.map(async ({ spec, source }) => {
        const recent = await this.#repo.evaluations({ monitor: spec.name, limit: RECENT });
        const subject = monitorSubject(spec);
        const open = await this.#repo.openIncident(spec.name, subject);
        const last = recent[0] ?? null;
        return {
          name: spec.name,
          model: spec.model,
          subject,
          signal: spec.signal.kind,
          source,
          state: open !== undefined ? 'alert' : (last?.status ?? 'never-evaluated'),
          lastEvaluation: last,
          openIncident: open ?? null,
          recent,
        };
      }),
    );
  }

  /** Alerts, newest first. @throws MLP_MONITOR_NOT_FOUND for an unknown `monitor`. */
  async alerts(query: { monitor?: string; since?: number; limit?: number }): Promise<MonitorAlert[]> {
    if (query.monitor !== undefined) await this.#find(query.monitor);
    return this.#repo.alerts({ ...query, limit: query.limit ?? 100 });
  }

  /** Incidents, newest first; `open` true for open ones, false for resolved ones. @throws MLP_MONITOR_NOT_FOUND */
  async incidents(query: {
    monitor?: string;
    open?: boolean;
    limit?: number;
  }): Promise<Array<MonitorIncident & { actions: JsonObject[] }>> {
    if (query.monitor !== undefined) await this.#find(query.monitor);
    const incidents = await this.#repo.incidents({ ...query, limit: query.limit ?? 100 });
    return Promise.all(
      incidents.map(async (incident) => ({
        ...incident,
        actions: (await this.#repo.actions(incident.id)).map((a) => ({
          kind: a.kind,
          trigger: a.trigger,
          status: a.status,
          attempts: a.attempts,
          at: a.at,
          detail: a.detail,
        })),
      })),
    );
  }

  /**
   * One evaluation round: every monitor (or `monitor`) over its closed windows up to `at` (ms, default now).
   * @throws MLP_MONITOR_NOT_FOUND; MLP_MONITOR_DATA_UNAVAILABLE when no prediction log is composed in.
   */
  async evaluate(options: { at?: number; monitor?: string }, ctx: WriteContext): Promise<MonitorRound[]> {
    const monitors = options.monitor === undefined ? await this.#all() : [await this.#find(options.monitor)];
    const at = options.at ?? this.#deps.clock.now();
    const engine = this.#engine(ctx);
    const rounds: MonitorRound[] = [];
    for (const { spec } of monitors) rounds.push(await engine.evaluate(spec, at, ctx));
    return rounds;
  }

  /** A scheduler submitting `monitor-evaluate` jobs to this workspace's queue as hours pass on its clock (none while no monitor exists). */
  scheduler(ctx: WriteContext): MonitorScheduler {
    return new MonitorScheduler({
      clock: this.#deps.clock,
      logger: this.#deps.logger,
      // No job while no monitor is declared: a server without monitors adds nothing to the job list.
      submit: async (at) =>
        (await this.#all()).length === 0
          ? undefined
          : (await (await this.#deps.jobs()).submit('monitor-evaluate', { at }, undefined, ctx)).id,
    });
  }

  #engine(ctx: WriteContext): MonitorEngine {
    const plugins = this.#deps.plugins ?? {};
    const data = plugins.data;
    if (data === undefined)
      throw MonitorDataUnavailableError({
        monitor: '*',
        problem: 'no prediction log is composed into this workspace (WorkspacePlugins.monitoring.data)',
      });
    const actionDeps: AlertActionDeps = {
      fetch: plugins.fetch ?? globalThis.fetch,
      sleep: plugins.sleep ?? ((ms) => sleep(ms).then(() => undefined)),
      clock: this.#deps.clock,
      logger: this.#deps.logger,
      submitTraining: async (payload) => (await (await this.#deps.jobs()).submit('train', payload, undefined, ctx)).id,
      ...(plugins.rollback === undefined ? {} : { rollback: plugins.rollback }),
    };
    return new MonitorEngine({
      repo: this.#repo,
      signals: signalRegistry(builtinSignals),
      actions: alertActionRegistry(builtinAlertActions),
      data,
      ...(plugins.estimator === undefined ? {} : { estimator: plugins.estimator }),
      actionDeps,
      clock: this.#deps.clock,
      logger: this.#deps.logger,
    });
  }
}
