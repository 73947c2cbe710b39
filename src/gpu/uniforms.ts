// One typed description per uniform struct of sizes. The description packs the bytes, and
// `assertMatchesWgsl` checks it against the struct in the kernel's WGSL, so a layout is written
// once in TS and can never silently drift from the shader. Fields are 4-byte scalars.

export type ScalarType = 'u32' | 'i32' | 'f32';
export type UniformFields = Record<string, ScalarType>;
export type UniformValues<F extends UniformFields> = { [K in keyof F]: number };

export interface UniformLayout<F extends UniformFields> {
  structName: string;
  fields: F;
  /** Bytes, padded to 16 as uniform buffers require. */
  byteLength: number;
  pack(values: UniformValues<F>, target?: DataView, offset?: number): ArrayBuffer;
}

export function uniformLayout<F extends UniformFields>(structName: string, fields: F): UniformLayout<F> {
  const names = Object.keys(fields);
  const byteLength = Math.max(16, Math.ceil((names.length * 4) / 16) * 16);
  return {
    structName,
    fields,
    byteLength,
    pack(values, target, offset = 0) {
      const view = target ?? new DataView(new ArrayBuffer(byteLength));
      names.forEach((name, i) => {
        const value = values[name];
        if (value === undefined || !Number.isFinite(value)) {
          throw new RangeError(`${structName}.${name} = ${value} is not a finite number`);
        }
        const at = offset + i * 4;
        const type = fields[name];
        if (type === 'f32') view.setFloat32(at, value, true);
        else if (type === 'i32') view.setInt32(at, value, true);
        else {
          if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
            throw new RangeError(`${structName}.${name} = ${value} is not a u32`);
          }
          view.setUint32(at, value, true);
        }
      });
      return view.buffer as ArrayBuffer;
    },
  };
}

/** Reads `struct Name { a: u32, b: f32, }` from WGSL source as [name, type] pairs. */
export function parseWgslStruct(wgsl: string, structName: string): [string, string][] {
  const match = new RegExp(`struct\\s+${structName}\\s*\\{([^}]*)\\}`).exec(wgsl);
  if (!match) throw new Error(`struct ${structName} not found in WGSL`);
  return match[1]
    .replace(/\/\/[^\n]*/g, '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, type] = part.split(':').map((s) => s.trim());
      return [name, type];
    });
}

export function assertMatchesWgsl(layout: UniformLayout<UniformFields>, wgsl: string): void {
  const inShader = parseWgslStruct(wgsl, layout.structName);
  const inLayout = Object.entries(layout.fields);
  const same =
    inShader.length === inLayout.length &&
    inShader.every(([name, type], i) => name === inLayout[i][0] && type === inLayout[i][1]);
  if (!same) {
    const show = (fields: [string, string][]) => fields.map(([n, t]) => `${n}: ${t}`).join(', ');
    throw new Error(
      `uniform struct ${layout.structName} differs: WGSL has {${show(inShader)}}, TS has {${show(inLayout)}}`,
    );
  }
}
