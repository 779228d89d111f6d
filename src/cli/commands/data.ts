import { Option } from 'commander';

import { TABLE_FORMATS as FORMATS } from '../../data/index.js';
import { verb, type VerbRegistrar } from '../define-command.js';
import { DELIMITER_HELP, delimiterOption } from '../parse.js';

const actions = () => import('../actions/data.js');

/** `mlpilot data add|list|show|diff`: immutable dataset versions identified by content hash. */
export const dataVerbs: VerbRegistrar = (data, session) => {
  verb(
    data,
    session,
    {
      usage: 'add <file>',
      summary: 'parse, profile and store FILE as a new version of dataset NAME (same content → the existing version)',
      examples: [
        'mlpilot data add examples/iris.csv --name iris',
        'mlpilot data add events.jsonl --name events --format jsonl --description "clickstream, March"',
        'mlpilot data add train.parquet --name churn --json',
        'mlpilot data add export.csv --name sales --delimiter ";"',
      ],
      options: (c) =>
        c
          .requiredOption('--name <name>', 'dataset name (letters, digits, . _ -)')
          .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices([...FORMATS]))
          .option('--delimiter <char>', DELIMITER_HELP, delimiterOption)
          .option('--description <text>', 'what this dataset is'),
    },
    async () => (await actions()).addData,
  );

  verb(
    data,
    session,
    {
      usage: 'list',
      summary: 'list datasets with their latest version',
      examples: ['mlpilot data list', 'mlpilot data list --json'],
      aliases: ['ls'],
    },
    async () => (await actions()).listData,
  );

  verb(
    data,
    session,
    {
      usage: 'show <ref>',
      summary: 'show one version (NAME = latest, NAME@VERSION): schema table and profile summary',
      examples: ['mlpilot data show iris', 'mlpilot data show iris@2 --json', 'mlpilot data show iris --versions'],
      options: (c) => c.option('--versions', 'list every version of the dataset instead'),
    },
    async () => (await actions()).showData,
  );

  verb(
    data,
    session,
    {
      usage: 'diff <a> <b>',
      summary: 'compare two versions (NAME@VERSION): rows, schema and profile changes',
      examples: ['mlpilot data diff iris@1 iris@2', 'mlpilot data diff iris@1 iris --json'],
    },
    async () => (await actions()).diffData,
  );
};
