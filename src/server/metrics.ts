import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One value of a labelled gauge. */
export interface GaugeSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A store-level number exposed as a gauge, read at scrape time (e.g. the number of models, jobs by status). */
export interface GaugeSource {
  readonly name: string;
  readonly help: string;
  /** The labels of a gauge that reads one value per label set; omitted for a single value. */
  readonly labelNames?: readonly string[];
  /** The value, or (with `labelNames`) the value of every label set: the ones not returned are dropped. */
  readonly read: () => Promise<number | readonly GaugeSample[]>;
}

/** The server's Prometheus metrics: its own registry (never prom-client's global one). */
export interface ApiMetrics {
  readonly registry: Registry;
  /** Records one finished request. `route` is the route template (`/api/v1/runs/:id`), never the raw URL. */
  observe(route: string, method: string, status: number, seconds: number): void;
  /** The Prometheus text exposition and its content type. */
  render(): Promise<{ text: string; contentType: string }>;
}

/**
 * Creates the metrics: default process metrics under their standard names (`process_*`, `nodejs_*`), the request duration
 * histogram `mlpilot_http_request_duration_seconds{route,method,status_code}` and one gauge per source.
 * Nothing secret is exposed: labels are route templates, methods and status codes only.
 */
export function createApiMetrics(options: { gauges?: readonly GaugeSource[]; defaultMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'mlpilot_http_request_duration_seconds',
    help: 'Duration of HTTP requests handled by the mlpilot API, by route template, method and status code.',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  for (const source of options.gauges ?? []) {
    new Gauge({
      name: source.name,
      help: source.help,
      labelNames: [...(source.labelNames ?? [])],
      registers: [registry],
      async collect() {
        const value = await source.read();
        if (typeof value === 'number') {
          this.set(value);
          return;
        }
        this.reset();
        for (const sample of value) this.set(sample.labels, sample.value);
      },
    });
  }
  return {
    registry,
    observe(route, method, status, seconds) {
      duration.observe({ route, method, status_code: String(status) }, seconds);
    },
    async render() {
      return { text: await registry.metrics(), contentType: registry.contentType };
    },
  };
}
