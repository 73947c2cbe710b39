// A small builder for ONNX graphs over the onnx-proto message types: nodes get unique output
// names, initializers are raw little-endian bytes, and attributes are typed by their JS value.
// The protobuf encoding itself is onnx-proto's (protobufjs); only the graph is ours.
import type { onnx as OnnxTypes } from 'onnx-proto';
import onnxProto from 'onnx-proto';

/** onnx-proto is CommonJS: its namespace comes as the default export under Node and bundlers alike. */
const { onnx } = onnxProto;

export type AttributeValue = number | number[] | string | { float: number };

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;
export const BOOL = onnx.TensorProto.DataType.BOOL;

/** A dimension of a graph input or output: fixed size or a symbolic name. */
export type Dim = number | string;

export class GraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private count = 0;
  private readonly initializerNames = new Set<string>();

  /** Adds a node with one output and returns that output's name. */
  op(type: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, name?: string): string {
    const output = name ?? `${type.toLowerCase()}_${this.count++}`;
    this.nodes.push({
      opType: type,
      name: `${type}_${this.nodes.length}`,
      input: inputs,
      output: [output],
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return output;
  }

  /** Adds an initializer; a second one of the same name would silently shadow the first. */
  private initializer(tensor: OnnxTypes.ITensorProto): void {
    const name = tensor.name ?? '';
    if (this.initializerNames.has(name)) throw new Error(`ONNX initializer "${name}" is defined twice`);
    this.initializerNames.add(name);
    this.initializers.push(tensor);
  }

  /** A float32 initializer. */
  floats(name: string, dims: number[], data: Float32Array): string {
    this.initializer({
      name,
      dims,
      dataType: FLOAT,
      rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
    });
    return name;
  }

  /** An int64 initializer (shapes, axes, indices). */
  ints(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializer({
      name,
      dims: [values.length],
      dataType: INT64,
      rawData: new Uint8Array(data.buffer),
    });
    return name;
  }

  /** An int64 scalar initializer. */
  intScalar(name: string, value: number): string {
    const data = BigInt64Array.of(BigInt(value));
    this.initializer({ name, dims: [], dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  /** A float32 scalar initializer. */
  scalar(name: string, value: number): string {
    this.initializer({
      name,
      dims: [],
      dataType: FLOAT,
      rawData: new Uint8Array(Float32Array.of(value).buffer),
    });
    return name;
  }

  input(name: string, type: number, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: number, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, type, dims));
  }

  /** The model bytes: IR 8, opset `opset` of the default domain. */
  encode(graphName: string, opset: number, producer: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: opset }],
      producerName: producer,
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
}

function valueInfo(name: string, elemType: number, dims: Dim[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string')
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (typeof value === 'object') return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INT, i: value };
}
