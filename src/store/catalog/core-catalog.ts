/**
 * The core's event types and subject kinds, as data. Names are `<subject>.<past-tense verb>` and permanent:
 * DORA metrics and the audit trail read them, so a name is never renamed or reused; a new meaning gets a new
 * name. Capabilities add their own through a store extension (see store-extension.ts), never here.
 */
import type { EventTypeSpec, SubjectKindSpec } from './event-catalog.js';

/** What core events are about. */
export const CORE_SUBJECT_KINDS = [
  { kind: 'experiment', description: 'An experiment; the subject id is the experiment id.' },
  { kind: 'run', description: 'A run; the subject id is the run id.' },
  { kind: 'dataset', description: 'A dataset; the subject id is the dataset id (the payload names the version).' },
  { kind: 'model', description: 'A registered model; the subject id is the model id (the payload names the version).' },
  { kind: 'token', description: 'An API token; the subject id is the token id.' },
  { kind: 'job', description: 'A job; the subject id is the job id.' },
  { kind: 'artifacts', description: 'The artifact store as a whole (garbage collection).' },
] as const satisfies readonly SubjectKindSpec[];

/** A core subject kind. */
export type SubjectKind = (typeof CORE_SUBJECT_KINDS)[number]['kind'];

/** Every core event type, in a stable order. */
export const CORE_EVENT_TYPES = [
  { type: 'experiment.created', subjectKind: 'experiment', description: 'An experiment was created.' },
  { type: 'experiment.deleted', subjectKind: 'experiment', description: 'An experiment was soft-deleted.' },
  { type: 'experiment.tagged', subjectKind: 'experiment', description: 'An experiment tag was set; payload has key, value, previous.' },
  { type: 'run.created', subjectKind: 'run', description: 'A run started; payload has experimentId, parentRunId, gitCommit, gitDirty.' },
  { type: 'run.params_logged', subjectKind: 'run', description: 'New params were logged on a run.' },
  { type: 'run.tagged', subjectKind: 'run', description: 'Run tags were set.' },
  { type: 'run.inputs_added', subjectKind: 'run', description: 'Dataset versions were recorded as run inputs, with their roles.' },
  { type: 'run.artifact_logged', subjectKind: 'run', description: 'An artifact (path → digest) was attached to a run.' },
  { type: 'run.ended', subjectKind: 'run', description: 'A run ended; payload has status, startTime, endTime, durationMs.' },
  { type: 'run.deleted', subjectKind: 'run', description: 'A run was soft-deleted.' },
  { type: 'run.restored', subjectKind: 'run', description: 'A soft-deleted run was restored; payload has experimentId.' },
  { type: 'dataset.version_added', subjectKind: 'dataset', description: 'A new dataset version (content hash) was registered.' },
  { type: 'model.created', subjectKind: 'model', description: 'A registered model was created.' },
  { type: 'model.updated', subjectKind: 'model', description: 'A model description changed; payload has from/to.' },
  { type: 'model.tagged', subjectKind: 'model', description: 'A model tag was set.' },
  {
    type: 'model.version_created',
    subjectKind: 'model',
    description: 'A model version was registered; payload has version, runId, bundleDigest, gitCommit (lead time starts at the commit).',
  },
  { type: 'model.version_tagged', subjectKind: 'model', description: 'A model version tag was set.' },
  {
    type: 'model.version_updated',
    subjectKind: 'model',
    description: "A model version's description changed; payload has version and description from/to.",
  },
  {
    type: 'model.version_deleted',
    subjectKind: 'model',
    description: 'A model version was deleted; payload has version, runId, bundleDigest (the number is never reused).',
  },
  {
    type: 'model.deleted',
    subjectKind: 'model',
    description: 'A registered model was deleted with its versions; payload has name, versions.',
  },
  { type: 'model.alias_set', subjectKind: 'model', description: 'An alias (e.g. champion) moved; payload has alias, from, to.' },
  { type: 'model.alias_deleted', subjectKind: 'model', description: 'An alias was removed; payload has alias and from.' },
  { type: 'token.created', subjectKind: 'token', description: 'An API token was issued (the secret is never logged).' },
  { type: 'token.revoked', subjectKind: 'token', description: 'An API token was revoked.' },
  { type: 'job.submitted', subjectKind: 'job', description: 'A job was queued.' },
  { type: 'job.started', subjectKind: 'job', description: 'A worker started a job attempt.' },
  { type: 'job.cancel_requested', subjectKind: 'job', description: 'Cancellation of a job was requested.' },
  {
    type: 'job.finished',
    subjectKind: 'job',
    description: 'A job reached succeeded, failed or cancelled; payload has status and durationMs.',
  },
  { type: 'artifacts.collected', subjectKind: 'artifacts', description: 'Unreferenced artifacts were garbage-collected.' },
] as const satisfies ReadonlyArray<EventTypeSpec & { subjectKind: SubjectKind }>;

/** A core event type: the names core repositories append (checked at compile time). */
export type EventType = (typeof CORE_EVENT_TYPES)[number]['type'];
