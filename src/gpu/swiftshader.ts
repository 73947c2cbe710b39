// SwiftShader, Chromium's CPU implementation of Vulkan, is what WebGPU runs on in CI and on
// machines without a GPU. Its quirks live here: how to recognise it, and what it lacks.
//   - it reports vendor "google", architecture "swiftshader" and isFallbackAdapter = true;
//   - it has no shader-f16;
//   - a submit -> readback round trip costs ~2.4 ms, so loops must batch many steps per sync.

export function isSwiftShader(
  info: Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'description'>,
): boolean {
  const text = `${info.vendor} ${info.architecture} ${info.description}`.toLowerCase();
  return text.includes('swiftshader');
}
