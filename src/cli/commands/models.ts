import { InvalidArgumentError, Option } from 'commander';

import { IMPORT_FLAVORS } from '../../workspace/index.js';
import { verb, type VerbRegistrar } from '../define-command.js';
import { collect } from '../parse.js';

const actions = () => import('../actions/models.js');

/** Formats `models export` writes. */
const EXPORT_FORMATS = ['onnx'] as const;

/** `mlpilot models …`: the model registry — versions, aliases (champion, …) and tags. */
export const modelsVerbs: VerbRegistrar = (models, session) => {
  verb(
    models,
    session,
    { usage: 'list', summary: 'list registered models', aliases: ['ls'], examples: ['mlpilot models list', 'mlpilot models list --json'] },
    async () => (await actions()).listModels,
  );

  verb(
    models,
    session,
    {
      usage: 'show <ref>',
      summary: 'show a model (NAME) with its aliases, tags and versions, or one version (NAME@VERSION, NAME@ALIAS) with its signature',
      examples: ['mlpilot models show churn', 'mlpilot models show churn@champion', 'mlpilot models show churn@3 --json'],
    },
    async () => (await actions()).showModel,
  );

  verb(
    models,
    session,
    {
      usage: 'create <name>',
      summary: 'create an empty model (register creates it on first use too)',
      examples: ['mlpilot models create churn --description "monthly churn classifier"'],
      options: (c) => c.option('--description <text>', 'what the model predicts'),
    },
    async () => (await actions()).createModel,
  );

  verb(
    models,
    session,
    {
      usage: 'register <name>',
      summary: "register a run's artifact (file or folder) as the next version of a model",
      examples: [
        'mlpilot models register churn --run RUN_ID --artifact model',
        'mlpilot models register churn --run RUN_ID --artifact model/bundle.json --signature signature.json --json',
      ],
      options: (c) =>
        c
          .requiredOption('--run <id>', 'the run that produced the model')
          .requiredOption('--artifact <path>', 'logical artifact path inside the run (a file or a folder)')
          .option('--signature <file>', 'JSON file with the input schema and output of the model')
          .option('--description <text>', 'notes on this version'),
    },
    async () => (await actions()).registerModel,
  );

  verb(
    models,
    session,
    {
      usage: 'import <file>',
      summary: 'import an XGBoost JSON, LightGBM text or ONNX model file as the next version of a model',
      examples: [
        'mlpilot models import model.json --name churn --flavor xgboost-json --features age,income,tenure --classes stay,leave',
        'mlpilot models import model.txt --name demand --flavor lightgbm-text',
        'mlpilot models import model.json --name churn --flavor xgboost-json --categories categories.json',
        'mlpilot models import model.onnx --name price --flavor onnx --features sqft,rooms',
      ],
      options: (c) =>
        c
          .requiredOption('--name <name>', 'the registered model name')
          .requiredOption('--flavor <flavor>', `one of ${IMPORT_FLAVORS.join(', ')}`, (value: string) => {
            if (!(IMPORT_FLAVORS as readonly string[]).includes(value))
              throw new InvalidArgumentError(`expected one of ${IMPORT_FLAVORS.join(', ')}.`);
            return value;
          })
          .option('--features <names>', "input column names in the model's feature order (comma separated)", collect)
          .option('--classes <labels>', 'class labels of a classifier in class-index order (comma separated)', collect)
          .option('--task <task>', 'task of an ONNX model: regression (default), binary or multiclass')
          .option(
            '--categories <file>',
            'JSON file: categorical column → its labels in code order (pandas .cat.categories), to score label data',
          )
          .option('--description <text>', 'notes on this version'),
    },
    async () => (await actions()).importModel,
  );

  verb(
    models,
    session,
    {
      usage: 'export <ref>',
      summary: 'write a model version as ONNX (imported ONNX as is; trees and linear models as an ONNX graph)',
      examples: [
        'mlpilot models export churn@champion --out churn.onnx',
        'mlpilot models export xgb@1 --format onnx --out xgb.onnx --json',
      ],
      options: (c) =>
        c
          .requiredOption('--out <file>', 'where to write the exported model')
          .addOption(
            new Option('--format <format>', 'export format (onnx is the only one so far)').choices(EXPORT_FORMATS).default('onnx'),
          ),
    },
    async () => (await actions()).exportModel,
  );

  verb(
    models,
    session,
    {
      usage: 'versions <name>',
      summary: 'list the versions of a model',
      examples: ['mlpilot models versions churn', 'mlpilot models versions churn --json'],
    },
    async () => (await actions()).listModelVersions,
  );

  verb(
    models,
    session,
    {
      usage: 'alias <name> <alias> <version>',
      summary: 'point ALIAS (e.g. champion) at VERSION; the move is recorded as an event with the previous version',
      examples: ['mlpilot models alias churn champion 3', 'mlpilot models alias churn challenger 4 --json'],
    },
    async () => (await actions()).setModelAlias,
  );

  verb(
    models,
    session,
    { usage: 'unalias <name> <alias>', summary: 'remove an alias', examples: ['mlpilot models unalias churn challenger'] },
    async () => (await actions()).removeModelAlias,
  );

  verb(
    models,
    session,
    {
      usage: 'update <ref>',
      summary: 'set the description of a model (NAME) or of one version (NAME@VERSION or NAME@ALIAS); an empty one clears it',
      examples: [
        'mlpilot models update churn --description "monthly churn classifier"',
        'mlpilot models update churn@3 --description "retrained on March data"',
        'mlpilot models update churn@3 --description ""',
      ],
      options: (c) => c.requiredOption('--description <text>', 'the new description ("" clears it)'),
    },
    async () => (await actions()).updateModel,
  );

  verb(
    models,
    session,
    {
      usage: 'delete <ref>',
      summary:
        'delete a model with all its versions (NAME) or one version (NAME@VERSION); refused while an alias points at it. ' +
        'Recorded as an event; bundles are freed by mlpilot artifacts gc',
      examples: ['mlpilot models delete churn@2', 'mlpilot models delete churn --json'],
    },
    async () => (await actions()).deleteModel,
  );

  verb(
    models,
    session,
    {
      usage: 'tag <ref> <key> <value>',
      summary: 'set a tag on a model (NAME), or on one version (NAME@VERSION or NAME@ALIAS)',
      examples: [
        'mlpilot models tag churn team risk',
        'mlpilot models tag churn@3 validated yes',
        'mlpilot models tag churn@champion reviewed-by alice',
      ],
    },
    async () => (await actions()).tagModel,
  );
};
