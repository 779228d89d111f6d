import type { BundleContent, Signature } from '../bundle/index.js';
import { FittedEnsemble, type FittedPipeline } from '../pipeline/index.js';

/** The bundle signature of a fitted pipeline or ensemble: its input columns and what it predicts. */
export function pipelineSignature(model: FittedPipeline | FittedEnsemble): Signature {
  return {
    inputs: model.inputSchema.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    output: { name: model.target, task: model.task, ...(model.classes === undefined ? {} : { classes: [...model.classes] }) },
  };
}

/**
 * The `native` bundle of a fitted pipeline or ensemble (the inverse of the runtime's native scorer): the model state
 * as the manifest's model section (`{ pipelineFormatVersion, pipeline }` or `{ ensembleFormatVersion, ensemble }`)
 * and its arrays, plus the metrics and lineage to record with it.
 */
export function nativeBundle(
  model: FittedPipeline | FittedEnsemble,
  extra: Pick<BundleContent, 'metrics' | 'lineage'> = {},
): BundleContent {
  const state = model.toState();
  return {
    flavor: 'native',
    signature: pipelineSignature(model),
    model:
      model instanceof FittedEnsemble
        ? { ensembleFormatVersion: state.formatVersion, ensemble: state.meta }
        : { pipelineFormatVersion: state.formatVersion, pipeline: state.meta },
    ...extra,
    arrays: state.arrays,
  };
}
