import type { CliCommand } from '../define-command.js';
import { configCommand } from './config.js';

/** Every command, in `--help` order. An explicit list: nothing is discovered from the file system. */
export const commands: readonly CliCommand[] = [configCommand];
