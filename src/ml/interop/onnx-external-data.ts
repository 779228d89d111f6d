import { BundleInvalidError } from '../../core/index.js';
import { decodeFields, type ProtoField } from './protobuf.js';

/**
 * Refusal of ONNX tensors whose data lives outside the model bytes. A TensorProto may say `data_location: EXTERNAL`
 * and name a file in `external_data` (`location`, `offset`, `length`); onnxruntime then reads that file relative to
 * the directory it runs in (refusing only absolute and `..` paths), so a registered model could turn
 * `.env.local` or the workspace database into "weights" and hand their bytes back as predictions. mlpilot keeps a
 * model's data inside the model: every tensor with external data is refused before onnxruntime sees the bytes.
 *
 * Field numbers are those of onnx.proto: ModelProto{graph 7, training_info 20, functions 25};
 * TrainingInfoProto{initialization 1, algorithm 2}; FunctionProto{node 7, attribute_proto 11};
 * GraphProto{node 1, name 2, initializer 5, sparse_initializer 15}; NodeProto{name 3, op_type 4, attribute 5};
 * AttributeProto{name 1, t 5, g 6, tensors 10, graphs 11, sparse_tensor 22, sparse_tensors 23};
 * SparseTensorProto{values 1, indices 2}; TensorProto{name 8, external_data 13, data_location 14}.
 */

/** TensorProto.DataLocation.EXTERNAL. */
const EXTERNAL = 1n;

type Kind = 'model' | 'training' | 'function' | 'graph' | 'node' | 'attribute' | 'sparse' | 'tensor';

/** A message still to look at: its kind, its bytes and the path to it (for the error). */
interface Pending {
  readonly kind: Kind;
  readonly bytes: Uint8Array;
  readonly where: string;
}

const text = new TextDecoder();

function stringField(fields: readonly ProtoField[], field: number): string {
  const f = fields.find((g) => g.field === field && g.wire === 2);
  return f === undefined ? '' : text.decode(f.value as Uint8Array);
}

/** Sub-messages of `fields` at the given field numbers, as pending work of `kind` named by `label(index)`. */
function children(fields: readonly ProtoField[], field: number, kind: Kind, label: (i: number) => string): Pending[] {
  const out: Pending[] = [];
  for (const f of fields) {
    if (f.field !== field || f.wire !== 2) continue;
    out.push({ kind, bytes: f.value, where: label(out.length) });
  }
  return out;
}

/** The external-data `location` of a TensorProto, or null when its data is inside the model. */
function externalLocation(fields: readonly ProtoField[]): string | null {
  const location = fields.find((f) => f.field === 14 && f.wire === 0);
  const entries = fields.filter((f) => f.field === 13 && f.wire === 2);
  if ((location === undefined || location.value !== EXTERNAL) && entries.length === 0) return null;
  for (const e of entries) {
    const kv = decodeFields(e.value as Uint8Array, 'onnx external_data entry');
    if (stringField(kv, 1) === 'location') return stringField(kv, 2);
  }
  return '';
}

/**
 * Throws when any tensor of the ONNX model in `bytes` keeps its data outside the model: graph initializers, sparse
 * initializers, Constant-style node attributes (`t`, `tensors`, `sparse_tensor`, `sparse_tensors`), and the same in
 * every subgraph (If/Loop/Scan `g`/`graphs` attributes), function and training graph, at any depth. The walk uses an
 * explicit stack, so hostile nesting cannot overflow the call stack.
 * @throws MLP_ML_BUNDLE_INVALID naming the tensor, where it sits, and the file it points at.
 */
export function assertNoExternalData(bytes: Uint8Array, location: string): void {
  const pending: Pending[] = [{ kind: 'model', bytes, where: 'model' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { kind, where } = next;
    const fields = decodeFields(next.bytes, `${location} (${where})`);
    switch (kind) {
      case 'model':
        pending.push(
          ...children(fields, 7, 'graph', () => 'graph'),
          ...children(fields, 20, 'training', (i) => `training_info[${i}]`),
          ...children(fields, 25, 'function', (i) => `functions[${i}]`),
        );
        break;
      case 'training':
        pending.push(
          ...children(fields, 1, 'graph', () => `${where} initialization`),
          ...children(fields, 2, 'graph', () => `${where} algorithm`),
        );
        break;
      case 'function':
        pending.push(
          ...children(fields, 7, 'node', (i) => `${where} node[${i}]`),
          ...children(fields, 11, 'attribute', (i) => `${where} attribute_proto[${i}]`),
        );
        break;
      case 'graph': {
        const graph = `${where} ${JSON.stringify(stringField(fields, 2))}`;
        pending.push(
          ...children(fields, 1, 'node', (i) => `${graph} node[${i}]`),
          ...children(fields, 5, 'tensor', (i) => `${graph} initializer[${i}]`),
          ...children(fields, 15, 'sparse', (i) => `${graph} sparse_initializer[${i}]`),
        );
        break;
      }
      case 'node': {
        const node = `${where} ${JSON.stringify(stringField(fields, 3))} (${stringField(fields, 4)})`;
        pending.push(...children(fields, 5, 'attribute', (i) => `${node} attribute[${i}]`));
        break;
      }
      case 'attribute': {
        const attr = `${where} ${JSON.stringify(stringField(fields, 1))}`;
        pending.push(
          ...children(fields, 5, 'tensor', () => attr),
          ...children(fields, 10, 'tensor', (i) => `${attr}[${i}]`),
          ...children(fields, 22, 'sparse', () => attr),
          ...children(fields, 23, 'sparse', (i) => `${attr}[${i}]`),
          ...children(fields, 6, 'graph', () => `${attr} graph`),
          ...children(fields, 11, 'graph', (i) => `${attr} graph[${i}]`),
        );
        break;
      }
      case 'sparse':
        pending.push(...children(fields, 1, 'tensor', () => `${where} values`), ...children(fields, 2, 'tensor', () => `${where} indices`));
        break;
      case 'tensor': {
        const file = externalLocation(fields);
        if (file === null) break;
        throw BundleInvalidError({
          location,
          problem:
            `tensor ${JSON.stringify(stringField(fields, 8))} (${where}) keeps its data in an external file ` +
            `${JSON.stringify(file)}; only models whose tensors are stored inside the model can be run ` +
            '(save it with onnx.save_model(..., save_as_external_data=False))',
        });
      }
    }
  }
}
