/**
 * How a training's evaluation splits rows when it names no time or group column: `auto` splits by time when the
 * data has one date/time column (and at random otherwise), `random` always at random (stratified for classes).
 * In core because the CLI's option parsing and the API's schemas need it without loading the engine.
 */
export const SPLIT_MODES = ['auto', 'random'] as const;

/** A split mode of {@link SPLIT_MODES}. */
export type SplitMode = (typeof SPLIT_MODES)[number];
