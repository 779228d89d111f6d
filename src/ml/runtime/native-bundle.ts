import type { BundleContent, Signature } from '../bundle/index.js';
import type { FittedPipeline } from '../pipeline/index.js';

/** The bundle signature of a fitted pipeline: its input columns and what it predicts. */
export function pipelineSignature(pipeline: FittedPipeline): Signature {
  return {
    inputs: pipeline.inputSchema.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    output: { name: pipeline.target, task: pipeline.task, ...(pipeline.classes === undefined ? {} : { classes: [...pipeline.classes] }) },
  };
}

/**
 * The `native` bundle of a fitted pipeline (the inverse of the runtime's native scorer): the pipeline state as the
 * manifest's model section and its arrays, plus the metrics and lineage to record with it.
 */
export function nativeBundle(pipeline: FittedPipeline, extra: Pick<BundleContent, 'metrics' | 'lineage'> = {}): BundleContent {
  const state = pipeline.toState();
  return {
    flavor: 'native',
    signature: pipelineSignature(pipeline),
    model: { pipelineFormatVersion: state.formatVersion, pipeline: state.meta },
    ...extra,
    arrays: state.arrays,
  };
}
