/** The built-in action kinds (a static index). */
import type { AlertAction } from './define-alert-action.js';
import { retrainAction } from './retrain.js';
import { rollbackAction } from './rollback.js';
import { webhookAction } from './webhook.js';

export const builtinAlertActions: readonly AlertAction[] = Object.freeze([
  webhookAction,
  retrainAction,
  rollbackAction,
] as unknown as AlertAction[]);
export { alertActionRegistry, defineAlertAction } from './define-alert-action.js';
export type {
  AlertAction,
  AlertActionDeps,
  AlertActionOutcome,
  IncidentEventType,
  IncidentNotice,
  RollbackHandler,
  RollbackRequest,
  RollbackResult,
} from './define-alert-action.js';
export { SIGNATURE_HEADER, signBody, webhookBody } from './webhook.js';
