import { fileURLToPath } from 'node:url';

/**
 * The bundled example datasets (`<package>/examples`), found from this file's location (`src/cli/` in a checkout,
 * `dist/cli/` when built), never from the working directory, so `mlpilot quickstart` works from anywhere.
 */
export function examplesDir(): string {
  return fileURLToPath(new URL('../../examples', import.meta.url));
}
