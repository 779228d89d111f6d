/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Fields = Record<string, unknown>;

/** A structured logger. Libraries take one injected; the edges build it with a sink to stderr. */
export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Fields): Logger;
}

/**
 * A logger writing one JSON object per line to `write`.
 * @param clock where timestamps come from (milliseconds since the epoch).
 */
export function createLogger(options: { level: LogLevel; write: (line: string) => void; now: () => number; fields?: Fields }): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const base = options.fields ?? {};
  const emit = (level: LogLevel, message: string, fields?: Fields): void => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    options.write(`${JSON.stringify({ time: new Date(options.now()).toISOString(), level, msg: message, ...base, ...fields })}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
