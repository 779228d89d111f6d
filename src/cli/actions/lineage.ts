import { parseRef } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import { type ActionArgs, arg } from '../define-command.js';
import { formatTime, shortDigest } from '../output/format.js';

/** Draws `lines` (depth, text) as an indented tree with box-drawing branches. */
export function drawTree(nodes: ReadonlyArray<{ depth: number; text: string }>): string {
  const out: string[] = [];
  nodes.forEach((node, i) => {
    if (node.depth === 0) {
      out.push(node.text);
      return;
    }
    // A node is the last of its siblings when no later node at the same depth comes before a shallower one.
    let last = true;
    for (let j = i + 1; j < nodes.length; j += 1) {
      const next = nodes[j] as { depth: number };
      if (next.depth < node.depth) break;
      if (next.depth === node.depth) {
        last = false;
        break;
      }
    }
    let prefix = '';
    for (let d = 1; d < node.depth; d += 1) {
      // Whether the ancestor at depth d has a later sibling decides if its vertical line continues.
      let continues = false;
      for (let j = i + 1; j < nodes.length; j += 1) {
        const next = nodes[j] as { depth: number };
        if (next.depth < d) break;
        if (next.depth === d) {
          continues = true;
          break;
        }
      }
      prefix += continues ? '│  ' : '   ';
    }
    out.push(`${prefix}${last ? '└─ ' : '├─ '}${node.text}`);
  });
  return `${out.join('\n')}\n`;
}

function refOf(value: string, field: string): { name: string; version: number | string } {
  const ref = parseRef(value, field);
  return { name: ref.name, version: ref.version ?? 'latest' };
}

/** `mlpilot lineage model REF`: run → code commit → dataset versions behind a model version, as a tree. */
export async function modelLineage(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const { name, version } = refOf(arg(args, 0), 'model');
  const lineage = await ws.store.lineage.forModelVersion(name, version);
  ctx.out.result(lineage, () => {
    const mv = lineage.modelVersion;
    const nodes: Array<{ depth: number; text: string }> = [
      {
        depth: 0,
        text: `model ${mv.modelName}@${mv.version}${mv.aliases.length > 0 ? ` [${mv.aliases.join(', ')}]` : ''}  bundle ${shortDigest(mv.bundleDigest)}`,
      },
    ];
    if (lineage.run === null) {
      nodes.push({ depth: 1, text: 'run: (none recorded)' });
    } else {
      const run = lineage.run;
      nodes.push({
        depth: 1,
        text: `run ${run.id}${run.name === null ? '' : ` "${run.name}"`} (${run.status}, ${formatTime(run.startTime)})${lineage.experiment === null ? '' : ` in experiment ${lineage.experiment.name}`}`,
      });
      const code = lineage.code;
      nodes.push({
        depth: 2,
        text:
          code.gitCommit === null
            ? 'code: no git commit recorded'
            : `code: git ${code.gitCommit}${code.gitDirty === true ? ' (with uncommitted changes)' : ''}`,
      });
      if (lineage.datasets.length === 0) nodes.push({ depth: 2, text: 'data: no dataset inputs recorded' });
      for (const input of lineage.datasets) {
        nodes.push({
          depth: 2,
          text: `data ${input.datasetName}@${input.version} (${input.role})  sha256 ${shortDigest(input.contentHash)}`,
        });
      }
    }
    ctx.out.text(drawTree(nodes));
  });
}

/** `mlpilot lineage data REF`: the runs and model versions that used a dataset version, as a tree. */
export async function dataLineage(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const { name, version } = refOf(arg(args, 0), 'dataset');
  const lineage = await ws.store.lineage.forDatasetVersion(name, version);
  ctx.out.result(lineage, () => {
    const dv = lineage.datasetVersion;
    const nodes: Array<{ depth: number; text: string }> = [
      { depth: 0, text: `data ${dv.datasetName}@${dv.version}  ${dv.rowCount} rows  sha256 ${shortDigest(dv.contentHash)}` },
    ];
    if (lineage.runs.length === 0) nodes.push({ depth: 1, text: 'no run used it yet' });
    for (const run of lineage.runs) {
      nodes.push({ depth: 1, text: `run ${run.runId}${run.runName === null ? '' : ` "${run.runName}"`} (${run.role}, ${run.status})` });
      for (const mv of lineage.modelVersions.filter((m) => m.runId === run.runId)) {
        nodes.push({ depth: 2, text: `model ${mv.modelName}@${mv.version}${mv.aliases.length > 0 ? ` [${mv.aliases.join(', ')}]` : ''}` });
      }
    }
    ctx.out.text(drawTree(nodes));
  });
}
