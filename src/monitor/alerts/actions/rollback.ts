import { isMlpError } from '../../../core/index.js';
import type { JsonObject } from '../../../core/index.js';
import { defineAlertAction } from './define-alert-action.js';

/**
 * `rollback`: asks the deployment side to roll the monitor's model back, through the {@link RollbackHandler}
 * plugged into the workspace. Without a handler the action is recorded as failed, saying so.
 */
export const rollbackAction = defineAlertAction({
  id: 'rollback',
  title: 'Roll the deployment back (through the delivery side’s handler)',
  async run(config, notice, deps) {
    if (deps.rollback === undefined)
      return {
        status: 'failed',
        attempts: 0,
        detail: { reason: 'no rollback handler is plugged into this workspace (WorkspacePlugins.rollback)' },
      };
    try {
      const result = await deps.rollback({
        model: notice.monitor.model,
        monitor: notice.monitor.name,
        incidentId: notice.incident.id,
        options: config.options as JsonObject,
      });
      return { status: result.rolledBack ? 'succeeded' : 'failed', attempts: 1, detail: result.detail };
    } catch (error) {
      if (!isMlpError(error)) throw error;
      return { status: 'failed', attempts: 1, detail: { code: error.code, reason: error.message } };
    }
  },
});
