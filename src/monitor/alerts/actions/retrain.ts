import { isMlpError } from '../../../core/index.js';
import type { JsonObject } from '../../../core/index.js';
import { defineAlertAction } from './define-alert-action.js';
import type { AlertActionOutcome } from './define-alert-action.js';

/** `retrain`: submits the existing `train` job with the monitor's training spec; the job id is recorded. */
export const retrainAction = defineAlertAction({
  id: 'retrain',
  title: 'Start a retraining job (the train job type)',
  async run(config, notice, deps): Promise<AlertActionOutcome> {
    try {
      const jobId = await deps.submitTraining(config.train as JsonObject);
      return { status: 'succeeded', attempts: 1, detail: { jobId, incident: notice.incident.id } };
    } catch (error) {
      if (!isMlpError(error)) throw error;
      return { status: 'failed', attempts: 1, detail: { code: error.code, reason: error.message } };
    }
  },
});
