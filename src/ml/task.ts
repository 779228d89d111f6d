/** What a model predicts. */
export type Task = 'binary' | 'multiclass' | 'regression';
