// Makes Comlink carry typed errors across the worker boundary. Comlink's own handler sends only
// {name, message, stack} and rebuilds a plain Error (web-llm's users saw "[object
// GPUDeviceLostInfo]"); ours sends SerializedError and rebuilds the class. Imported by both sides.
import { transferHandlers } from 'comlink';
import { deserializeError, type SerializedError, serializeError } from './errors.ts';

type Thrown = { value: unknown };
type Wire = { isError: true; value: SerializedError } | { isError: false; value: unknown };

const original = transferHandlers.get('throw');
if (!original) throw new Error('comlink has no "throw" transfer handler to extend');

transferHandlers.set('throw', {
  canHandle: original.canHandle,
  serialize(thrown: unknown) {
    const { value } = thrown as Thrown;
    const wire: Wire =
      value instanceof Error ? { isError: true, value: serializeError(value) } : { isError: false, value };
    return [wire, []];
  },
  deserialize(wire: unknown) {
    const data = wire as Wire;
    throw data.isError ? deserializeError(data.value) : data.value;
  },
});
