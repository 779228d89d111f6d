import { defineNoun, type CliCommand } from '../define-command.js';
import { automlCommand } from './automl.js';
import { predictCommand } from './predict.js';
import { quickstartCommand } from './quickstart.js';
import { serverCommand } from './server.js';
import { trainCommand } from './train.js';
import { workerCommand } from './worker.js';

/*
 * The nouns are described here, with their verbs loaded from commands/<noun>.ts only when the noun is used, so
 * that `mlpilot --help` reads this file and the lone commands' definitions and nothing else (define-command.ts).
 */

const dataCommand = defineNoun({
  name: 'data',
  summary: 'register and inspect dataset versions (identified by content hash)',
  examples: ['mlpilot data add examples/iris.csv --name iris', 'mlpilot data show iris@1', 'mlpilot data diff iris@1 iris@2'],
  verbs: async () => (await import('./data.js')).dataVerbs,
});

const experimentsCommand = defineNoun({
  name: 'experiments',
  summary: 'list, create and delete experiments (groups of runs)',
  examples: ['mlpilot experiments list', 'mlpilot experiments create churn --description "monthly churn model"'],
  verbs: async () => (await import('./experiments.js')).experimentsVerbs,
});

const runsCommand = defineNoun({
  name: 'runs',
  summary: 'list, search, compare, tag, delete and restore tracked runs',
  examples: [
    'mlpilot runs list --experiment quickstart',
    'mlpilot runs search --filter "metrics.auc > 0.8" --order-by "metrics.auc desc"',
    'mlpilot runs compare RUN_A RUN_B',
  ],
  verbs: async () => (await import('./runs.js')).runsVerbs,
});

const learnersCommand = defineNoun({
  name: 'learners',
  summary: 'the learners `mlpilot train` can use, with their capabilities',
  examples: ['mlpilot learners list'],
  verbs: async () => (await import('./learners.js')).learnersVerbs,
});

const modelsCommand = defineNoun({
  name: 'models',
  summary: 'the model registry: versions, aliases, tags and descriptions; deletion',
  examples: [
    'mlpilot models register churn --run RUN_ID --artifact model',
    'mlpilot models alias churn champion 3',
    'mlpilot models show churn',
  ],
  verbs: async () => (await import('./models.js')).modelsVerbs,
});

const monitorCommand = defineNoun({
  name: 'monitor',
  summary:
    'continuous monitoring: ingest predictions and labels, windows over them, drift against a reference, performance per window; monitors, alerts and incidents',
  examples: [
    'mlpilot monitor ingest --model churn --predictions predictions.jsonl',
    'mlpilot monitor drift --reference iris@1 --current new-iris.csv --report drift.html',
    'mlpilot monitor performance --model churn --window daily',
    'mlpilot monitor incidents --open',
  ],
  verbs: async () => (await import('./monitor.js')).monitorVerbs,
});

const lineageCommand = defineNoun({
  name: 'lineage',
  summary: 'trace model versions to runs, code and data, and data to its users',
  examples: ['mlpilot lineage model churn@3', 'mlpilot lineage data iris@1'],
  verbs: async () => (await import('./lineage.js')).lineageVerbs,
});

const eventsCommand = defineNoun({
  name: 'events',
  summary: 'read the append-only event log (audit trail, DORA metrics source)',
  examples: ['mlpilot events list --since 1h', 'mlpilot events list --type model.alias_set --follow'],
  verbs: async () => (await import('./events.js')).eventsVerbs,
});

const artifactsCommand = defineNoun({
  name: 'artifacts',
  summary: 'the content-addressed artifact store: garbage collection and downloads',
  examples: [
    'mlpilot artifacts gc',
    'mlpilot artifacts gc --delete',
    'mlpilot artifacts get RUN_ID model/manifest.json --out manifest.json',
  ],
  verbs: async () => (await import('./artifacts.js')).artifactsVerbs,
});

const jobsCommand = defineNoun({
  name: 'jobs',
  summary: 'submit, watch and cancel background jobs',
  examples: [
    'mlpilot jobs submit diag-work --payload \'{"rounds": 20000}\' --wait',
    'mlpilot jobs list --status running',
    'mlpilot jobs cancel JOB_ID',
  ],
  verbs: async () => (await import('./jobs.js')).jobsVerbs,
});

const tokensCommand = defineNoun({
  name: 'tokens',
  summary: 'API tokens for the REST server (viewer < editor < deployer < admin)',
  examples: ['mlpilot tokens create --name ci --role editor', 'mlpilot tokens list', 'mlpilot tokens revoke TOKEN_ID'],
  verbs: async () => (await import('./tokens.js')).tokensVerbs,
});

const configCommand = defineNoun({
  name: 'config',
  summary: 'inspect the resolved configuration (defaults < file < MLPILOT_* env < flags)',
  examples: ['mlpilot config show', 'MLPILOT_SERVER_PORT=9000 mlpilot config show --json'],
  verbs: async () => (await import('./config.js')).configVerbs,
});

/** Every command, in `--help` order. An explicit list: nothing is discovered from the file system. */
export const commands: readonly CliCommand[] = [
  quickstartCommand,
  dataCommand,
  experimentsCommand,
  runsCommand,
  trainCommand,
  automlCommand,
  predictCommand,
  monitorCommand,
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
