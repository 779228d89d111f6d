import { createHmac } from 'node:crypto';

import type { JsonObject } from '../../../core/index.js';
import { defineAlertAction } from './define-alert-action.js';
import type { IncidentNotice } from './define-alert-action.js';

/** The header carrying `sha256=<hex HMAC-SHA256 of the raw body>` under the action's secret. */
export const SIGNATURE_HEADER = 'x-mlpilot-signature';

/** `sha256=` followed by the hex HMAC-SHA256 of `body` under `secret` (what a receiver recomputes to verify). */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The JSON body of a webhook delivery. */
export function webhookBody(notice: IncidentNotice, sentAt: number): JsonObject {
  const { monitor, incident, alert, evaluation } = notice;
  return {
    type: notice.type,
    sentAt,
    monitor: { name: monitor.name, model: monitor.model, signal: monitor.signal.kind },
    incident: { ...incident },
    ...(alert === undefined ? {} : { alert: { ...alert, threshold: { ...alert.threshold } } }),
    evaluation: { ...evaluation, window: { ...evaluation.window }, threshold: { ...evaluation.threshold } },
  } as unknown as JsonObject;
}

/** True for an answer worth retrying: 408, 429 and 5xx. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The URL without credentials or query, for records and logs (the configured URL may carry a token). */
function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/**
 * `webhook`: POSTs the incident as JSON, signed with HMAC-SHA256 over the raw body (`X-Mlpilot-Signature:
 * sha256=…`), retried on network errors, timeouts, 408, 429 and 5xx with exponential backoff (`backoffMs`,
 * doubling, at most `maxBackoffMs`) up to `maxAttempts`. Redirects are not followed. The URL comes from the
 * monitor's declaration only.
 */
export const webhookAction = defineAlertAction({
  id: 'webhook',
  title: 'POST a signed JSON notice to a URL',
  async run(config, notice, deps) {
    const body = JSON.stringify(webhookBody(notice, deps.clock.now()));
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'mlpilot-monitor',
      'x-mlpilot-event': notice.type,
      'x-mlpilot-delivery': `${notice.incident.id}:${notice.type}:${notice.evaluation.window.key}`,
      [SIGNATURE_HEADER]: signBody(config.secret, body),
    };
    const answers: Array<number | string> = [];
    const delays: number[] = [];
    for (let attempt = 1; attempt <= config.maxAttempts; attempt++) {
      let again: boolean;
      try {
        const response = await deps.fetch(config.url, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        answers.push(response.status);
        if (response.status >= 200 && response.status < 300)
          return { status: 'succeeded', attempts: attempt, detail: { url: shownUrl(config.url), answers, delays } };
        again = retryable(response.status);
      } catch (error) {
        answers.push((error as Error).name === 'TimeoutError' ? 'timeout' : `network error: ${(error as Error).message}`);
        again = true;
      }
      if (!again || attempt === config.maxAttempts)
        return { status: 'failed', attempts: attempt, detail: { url: shownUrl(config.url), answers, delays } };
      const delay = Math.min(config.maxBackoffMs, config.backoffMs * 2 ** (attempt - 1));
      delays.push(delay);
      deps.logger.warn('webhook delivery failed; retrying', {
        monitor: notice.monitor.name,
        attempt,
        answer: answers[answers.length - 1] ?? null,
        delay,
      });
      await deps.sleep(delay);
    }
    return { status: 'failed', attempts: config.maxAttempts, detail: { url: shownUrl(config.url), answers, delays } };
  },
});
