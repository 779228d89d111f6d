/**
 * Every event type as data: its subject kind and what it means, for `mlpilot events list --type`, the API
 * docs and the DORA metrics. The `satisfies` clause makes the build fail when the store's `EventType` union
 * gains a type that is not described here (or the other way round).
 */
import type { EventType, SubjectKind } from '../store/index.js';

/** Description of one event type. */
export interface EventTypeInfo {
  readonly type: EventType;
  readonly subjectKind: SubjectKind;
  readonly description: string;
}

const INFO = {
  'experiment.created': { subjectKind: 'experiment', description: 'An experiment was created.' },
  'experiment.deleted': { subjectKind: 'experiment', description: 'An experiment was soft-deleted.' },
  'experiment.tagged': { subjectKind: 'experiment', description: 'An experiment tag was set; payload has key, value, previous.' },
  'run.created': { subjectKind: 'run', description: 'A run started; payload has experimentId, parentRunId, gitCommit, gitDirty.' },
  'run.params_logged': { subjectKind: 'run', description: 'New params were logged on a run.' },
  'run.tagged': { subjectKind: 'run', description: 'Run tags were set.' },
  'run.inputs_added': { subjectKind: 'run', description: 'Dataset versions were recorded as run inputs, with their roles.' },
  'run.artifact_logged': { subjectKind: 'run', description: 'An artifact (path → digest) was attached to a run.' },
  'run.ended': { subjectKind: 'run', description: 'A run ended; payload has status, startTime, endTime, durationMs.' },
  'run.deleted': { subjectKind: 'run', description: 'A run was soft-deleted.' },
  'dataset.version_added': { subjectKind: 'dataset', description: 'A new dataset version (content hash) was registered.' },
  'model.created': { subjectKind: 'model', description: 'A registered model was created.' },
  'model.updated': { subjectKind: 'model', description: 'A model description changed; payload has from/to.' },
  'model.tagged': { subjectKind: 'model', description: 'A model tag was set.' },
  'model.version_created': {
    subjectKind: 'model',
    description: 'A model version was registered; payload has version, runId, bundleDigest, gitCommit (lead time starts at the commit).',
  },
  'model.version_tagged': { subjectKind: 'model', description: 'A model version tag was set.' },
  'model.alias_set': { subjectKind: 'model', description: 'An alias (e.g. champion) moved; payload has alias, from, to.' },
  'model.alias_deleted': { subjectKind: 'model', description: 'An alias was removed; payload has alias and from.' },
  'token.created': { subjectKind: 'token', description: 'An API token was issued (the secret is never logged).' },
  'token.revoked': { subjectKind: 'token', description: 'An API token was revoked.' },
  'job.submitted': { subjectKind: 'job', description: 'A job was queued.' },
  'job.started': { subjectKind: 'job', description: 'A worker started a job attempt.' },
  'job.cancel_requested': { subjectKind: 'job', description: 'Cancellation of a job was requested.' },
  'job.finished': { subjectKind: 'job', description: 'A job reached succeeded, failed or cancelled; payload has status and durationMs.' },
  'artifacts.collected': { subjectKind: 'artifacts', description: 'Unreferenced artifacts were garbage-collected.' },
} as const satisfies Record<EventType, { subjectKind: SubjectKind; description: string }>;

/** Every event type, in a stable order. */
export const EVENT_TYPES: readonly EventTypeInfo[] = Object.entries(INFO).map(([type, info]) => ({ type: type as EventType, ...info }));

const KNOWN: ReadonlySet<string> = new Set(EVENT_TYPES.map((t) => t.type));

/** True when `value` is a known event type. */
export function isEventType(value: string): value is EventType {
  return KNOWN.has(value);
}
