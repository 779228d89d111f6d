import type { Store } from '../store/index.js';
import type { GaugeSource } from './metrics.js';

/**
 * The Prometheus gauges read from the store at scrape time, each one SQL count or aggregate (never a listing,
 * so they stay exact and cheap however many rows there are). Deleted experiments and runs are left out.
 */
export function storeGauges(store: Store): GaugeSource[] {
  return [
    { name: 'mlpilot_experiments', help: 'Experiments in the store (not deleted).', read: () => store.experiments.count() },
    {
      name: 'mlpilot_runs',
      help: 'Runs in the store by status (not deleted, not in a deleted experiment).',
      labelNames: ['status'],
      read: async () => Object.entries(await store.runs.countByStatus()).map(([status, value]) => ({ labels: { status }, value })),
    },
    { name: 'mlpilot_datasets', help: 'Datasets in the store.', read: async () => (await store.datasets.counts()).datasets },
    {
      name: 'mlpilot_dataset_versions',
      help: 'Dataset versions in the store.',
      read: async () => (await store.datasets.counts()).versions,
    },
    { name: 'mlpilot_models', help: 'Registered models in the store.', read: async () => (await store.models.counts()).models },
    {
      name: 'mlpilot_model_versions',
      help: 'Registered model versions in the store.',
      read: async () => (await store.models.counts()).versions,
    },
    {
      name: 'mlpilot_jobs',
      help: 'Jobs in the store by type and status.',
      labelNames: ['type', 'status'],
      read: async () => (await store.jobs.counts()).map(({ type, status, count }) => ({ labels: { type, status }, value: count })),
    },
    {
      name: 'mlpilot_jobs_queued',
      help: 'Jobs waiting to run.',
      read: async () => (await store.jobs.counts({ status: ['queued'] })).reduce((sum, group) => sum + group.count, 0),
    },
  ];
}
