// The markers task texts are written with: `<think>`, `<answer>`, `<observation>` and the rest of
// the special tokens of the model's frozen vocabulary (design §3), the reserved slots included,
// listed here so that the task worlds stay pure and import nothing of the model.
// methods/vocabulary.test.ts checks that this list is the model's, in its order.

export const TASK_MARKERS: readonly string[] = [
  '<bos>',
  '<eos>',
  '<pad>',
  '<think>',
  '</think>',
  '<no_think>',
  '</no_think>',
  '<answer>',
  '</answer>',
  '<budget>',
  '</budget>',
  '<solution>',
  '</solution>',
  '<fork>',
  '</fork>',
  '<join>',
  '</join>',
  '<ret>',
  '</ret>',
  '<observation>',
  '</observation>',
  '<action>',
  '</action>',
  ...Array.from({ length: 16 }, (_, i) => `<reserved_${i}>`),
];
