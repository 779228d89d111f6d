/**
 * The incident rules, as a pure function: an alert opens an incident for its monitor and subject unless one is
 * open (then it attaches to it); while open, healthy evaluations count up and the `resolveAfter`-th in a row
 * resolves it; an alert resets the count. `baseline` and `no-data` evaluations change nothing.
 */

/** What an evaluation concluded. */
export type EvaluationStatus = 'baseline' | 'healthy' | 'alert' | 'no-data';

/** The open incident of a monitor and subject, as the rules need it. */
export interface OpenIncident {
  readonly id: string;
  readonly healthyStreak: number;
}

/** What one evaluation does to the incident of its monitor and subject. */
export type IncidentStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'open' }
  | { readonly kind: 'attach' }
  | { readonly kind: 'count-healthy'; readonly healthyStreak: number }
  | { readonly kind: 'resolve'; readonly healthyStreak: number };

/** The step for an evaluation of `status` given the open incident (if any). */
export function incidentStep(open: OpenIncident | undefined, status: EvaluationStatus, resolveAfter: number): IncidentStep {
  if (status === 'alert') return open === undefined ? { kind: 'open' } : { kind: 'attach' };
  if (status !== 'healthy' || open === undefined) return { kind: 'none' };
  const healthyStreak = open.healthyStreak + 1;
  return healthyStreak >= resolveAfter ? { kind: 'resolve', healthyStreak } : { kind: 'count-healthy', healthyStreak };
}
