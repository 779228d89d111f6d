import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The package root, found from this file's location (`src/cli/` in a checkout, `dist/cli/` when built), never
 * from the working directory, so `mlpilot quickstart` finds `examples/` from anywhere.
 */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

/** The bundled example datasets (`<package>/examples`). */
export function examplesDir(): string {
  return fileURLToPath(new URL('../../examples', import.meta.url));
}

/** The package version from package.json (`0.0.0` if unreadable). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
