// reduce.wgsl: workgroup-wide max and sum of one value per invocation, for kernels that reduce a
// row inside one workgroup (rmsnorm, attention, softmax). Appended as text to those kernels'
// source by their host modules; the including kernel declares `override WG` (a power of two).
// Every invocation of the workgroup must call these in uniform control flow: they hold barriers.
// Each returns the result to all invocations and leaves `partial` free for the next call.

var<workgroup> partial: array<f32, WG>;

fn workgroupMax(lid: u32, value: f32) -> f32 {
  partial[lid] = value;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) {
      partial[lid] = max(partial[lid], partial[lid + stride]);
    }
    workgroupBarrier();
  }
  let result = partial[0];
  workgroupBarrier();
  return result;
}

fn workgroupSum(lid: u32, value: f32) -> f32 {
  partial[lid] = value;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) {
      partial[lid] += partial[lid + stride];
    }
    workgroupBarrier();
  }
  let result = partial[0];
  workgroupBarrier();
  return result;
}
