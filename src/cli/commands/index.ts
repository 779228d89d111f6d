import type { CliCommand } from '../define-command.js';
import { artifactsCommand } from './artifacts.js';
import { configCommand } from './config.js';
import { dataCommand } from './data.js';
import { eventsCommand } from './events.js';
import { experimentsCommand } from './experiments.js';
import { jobsCommand } from './jobs.js';
import { lineageCommand } from './lineage.js';
import { modelsCommand } from './models.js';
import { quickstartCommand } from './quickstart.js';
import { runsCommand } from './runs.js';
import { serverCommand } from './server.js';
import { tokensCommand } from './tokens.js';
import { trainCommand } from './train.js';
import { predictCommand } from './predict.js';
import { learnersCommand } from './learners.js';
import { workerCommand } from './worker.js';

/** Every command, in `--help` order. An explicit list: nothing is discovered from the file system. */
export const commands: readonly CliCommand[] = [
  quickstartCommand,
  dataCommand,
  experimentsCommand,
  runsCommand,
  trainCommand,
  predictCommand,
  learnersCommand,
  modelsCommand,
  lineageCommand,
  eventsCommand,
  artifactsCommand,
  jobsCommand,
  workerCommand,
  serverCommand,
  tokensCommand,
  configCommand,
];
