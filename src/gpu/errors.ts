// Typed errors of the GPU runtime. Each carries what went wrong and a hint saying what to do; the
// engine sends them across the worker boundary with their class intact (src/engine/errorTransfer.ts),
// so the UI can explain each case. Plain classes only: the UI may import this file through engine/.

/** Base of every error the lab shows to a user: a message plus a hint on what to do. */
export class LabError extends Error {
  readonly hint: string;
  readonly details: Record<string, unknown>;
  constructor(message: string, hint = '', details: Record<string, unknown> = {}) {
    super(message);
    this.hint = hint;
    this.details = details;
  }
}

/** WebGPU cannot be used in this browser; subclasses say why. */
export class GpuUnavailableError extends LabError {}

export class NoWebGpuError extends GpuUnavailableError {
  constructor() {
    super(
      'This browser has no WebGPU (navigator.gpu is missing).',
      'Use a recent Chrome, Edge or Chromium (WebGPU is on by default on Windows, macOS and ChromeOS). ' +
        'On Linux start Chromium with --enable-unsafe-webgpu; without a GPU add --use-webgpu-adapter=swiftshader.',
    );
  }
}

export class InsecureContextError extends GpuUnavailableError {
  constructor(origin: string) {
    super(
      `WebGPU needs a secure context, and ${origin} is not one.`,
      'Open the lab from http://localhost or an https:// address (a LAN address such as http://192.168.x.y is not secure).',
      { origin },
    );
  }
}

export class NoAdapterError extends GpuUnavailableError {
  constructor() {
    super(
      'WebGPU is present but no GPU adapter was granted (requestAdapter returned null).',
      'The browser has WebGPU switched off or blocklisted for this GPU. In Chromium start it with ' +
        '--enable-unsafe-webgpu (and --use-webgpu-adapter=swiftshader on a machine without a GPU), ' +
        'or check chrome://gpu for the reason.',
    );
  }
}

export class DeviceRequestError extends GpuUnavailableError {
  constructor(cause: string) {
    super(
      `The GPU adapter refused to create a device: ${cause}`,
      'Close other tabs that use the GPU and reload; if it persists, the adapter lacks a limit the lab needs.',
      { cause },
    );
  }
}

/** The GPU device was lost after start-up (driver reset, too much memory, or destroyed). */
export class GpuDeviceLostError extends LabError {
  constructor(reason: string, message: string) {
    super(
      `The GPU device was lost (${reason}): ${message || 'no message'}`,
      'Reload the page or press "Restart GPU". Work saved in the browser is kept.',
      { reason },
    );
  }
}

export class GpuOutOfMemoryError extends LabError {
  constructor(label: string, bytes: number) {
    super(
      `Out of GPU memory while allocating ${label} (${bytes} bytes).`,
      'Choose a smaller model or batch, or free models you no longer use.',
      { label, bytes },
    );
  }
}

/**
 * A request would need more GPU memory than a limit allows (a buffer over the adapter's
 * maxBufferSize, or all live buffers over the lab's budget), found before anything is allocated.
 */
export class GpuMemoryLimitError extends LabError {
  /** `held`: bytes already live when the limit is a budget for all of them. */
  constructor(what: string, bytes: number, limit: number, limitName: string, hint: string, held = 0) {
    super(
      held > 0
        ? `${what} needs ${formatBytes(bytes)}, but ${limitName} of ${formatBytes(limit)} has only ${formatBytes(Math.max(0, limit - held))} free (${formatBytes(held)} is held already).`
        : `${what} needs ${formatBytes(bytes)}, over ${limitName} of ${formatBytes(limit)}.`,
      hint,
      { what, bytes, limit, limitName, held },
    );
  }
}

/** A GPU operation failed validation or could not complete (its raw WebGPU text in the details). */
export class GpuOperationError extends LabError {
  constructor(operation: string, raw: string) {
    super(
      `The GPU could not ${operation}.`,
      'An earlier GPU error usually causes this (a buffer that was never created); reload the page. If it happens again, report it with the details.',
      { operation, raw },
    );
  }
}

/** Bytes in the unit a person reads: 512 B, 3.5 KiB, 1.0 MiB, 2.00 GiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit >= 2 ? 2 : 1)} ${units[unit]}`;
}

/** A WGSL shader or compute pipeline failed to compile; messages carry line:column. */
export class PipelineCompileError extends LabError {
  constructor(label: string, report: string) {
    super(
      `Compiling ${label} failed:\n${report}`,
      'This is a bug in a kernel: please report it with this text.',
      {
        label,
      },
    );
  }
}

/** A kernel was called with shapes or buffers that do not fit it. */
export class KernelArgumentError extends LabError {
  constructor(kernel: string, problem: string) {
    super(`${kernel}: ${problem}`, 'This is a bug in the caller of the kernel.', { kernel });
  }
}

/**
 * Gives each class a `name` on its prototype that survives minification (a minifier renames
 * classes, so `constructor.name` cannot be trusted across the worker boundary).
 */
export function nameErrorClasses(classes: Record<string, { prototype: Error }>): void {
  for (const [name, cls] of Object.entries(classes)) {
    Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  }
}

nameErrorClasses({
  LabError,
  GpuUnavailableError,
  NoWebGpuError,
  InsecureContextError,
  NoAdapterError,
  DeviceRequestError,
  GpuDeviceLostError,
  GpuOutOfMemoryError,
  GpuMemoryLimitError,
  GpuOperationError,
  PipelineCompileError,
  KernelArgumentError,
});
