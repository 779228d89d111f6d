/**
 * What a model predicts: the one list of tasks every layer (learners, metrics, bundles, the API, the CLI) uses.
 * It lives in core because the CLI's option parsing and the API's schemas need it without loading the engine.
 */
export const TASKS = ['regression', 'binary', 'multiclass'] as const;

/** A model's task. */
export type Task = (typeof TASKS)[number];
