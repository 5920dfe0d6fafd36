import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX operator set the graphs are written for (ReduceMean still takes its axes as an attribute). */
export const OPSET = 17;
const IR_VERSION = 8;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const ELEMENT_TYPES = { float32: FLOAT, int32: onnx.TensorProto.DataType.INT32 } as const;

export type AttributeValue = number | readonly number[] | { readonly float: number };

/**
 * A small builder for ONNX graphs: named float32 inputs, initializers and nodes, then the encoded
 * ModelProto bytes that `InferenceSession.create` takes. Node outputs get fresh names.
 */
export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly constants = new Map<string, string>();
  private counter = 0;

  input(name: string, shape: readonly number[]): string {
    this.inputs.push(valueInfo(name, shape));
    return name;
  }

  output(name: string, shape: readonly number[], type: keyof typeof ELEMENT_TYPES = 'float32'): void {
    this.outputs.push(valueInfo(name, shape, ELEMENT_TYPES[type]));
  }

  /** A float32 initializer, stored as raw little-endian bytes. */
  weight(name: string, values: Float32Array, dims: readonly number[]): string {
    const raw = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    this.initializers.push({ name, dims: [...dims], dataType: FLOAT, rawData: raw });
    return name;
  }

  /** An int64 constant (shapes, axes, slice bounds), shared between nodes that use the same values. */
  ints(values: readonly number[]): string {
    const key = `i64:${values.join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = this.fresh('const');
      this.initializers.push({ name, dims: [values.length], dataType: INT64, int64Data: [...values] });
      this.constants.set(key, name);
    }
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    const key = `f32:${value}`;
    let name = this.constants.get(key);
    if (!name) {
      name = this.weight(this.fresh('const'), new Float32Array([value]), []);
      this.constants.set(key, name);
    }
    return name;
  }

  /** Adds a node and returns its (first) output's name; `outputs` > 1 names the extra outputs too. */
  node(op: string, inputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>> = {}, name?: string, outputs = 1): string {
    const output = name ?? this.fresh(op.toLowerCase());
    this.nodes.push({
      opType: op,
      input: [...inputs],
      output: [output, ...Array.from({ length: outputs - 1 }, (_, k) => `${output}_${k + 1}`)],
      name: `${op}_${this.nodes.length}`,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return output;
  }

  encode(graphName: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'vgg16-filter-atlas',
      opsetImport: [{ domain: '', version: OPSET }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }
}

function valueInfo(name: string, shape: readonly number[], elemType: number = FLOAT): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: shape.map((size) => ({ dimValue: size })) } } },
  };
}

function attribute(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INTS, ints: [...value] };
}
