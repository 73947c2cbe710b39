// arithmeticCot.ts: the digit-by-digit chain of thought for +, -, * (the sizing study's format,
// docs/lab-base.md §2), used by the arithmetic, judge and instruction-pool worlds.
// One step per digit, least significant first, every step 9 characters `x?y?c=hl;` (c: carry in,
// h: carry out, l: digit). Example: 347+85 -> '7+5+0=12;4+8+1=13;3+0+1=04;' -> 432.

export type ArithmeticOp = 'add' | 'sub' | 'mul';
export const OP_SYMBOL: Record<ArithmeticOp, string> = { add: '+', sub: '-', mul: '*' };

export function compute(op: ArithmeticOp, a: number, b: number): number {
  if (op === 'add') return a + b;
  if (op === 'sub') return a - b;
  return a * b;
}

/** Digits least significant first, padded with zeros to `width`. */
function digitsLsdFirst(n: number, width = 0): number[] {
  const digits = String(n).split('').reverse().map(Number);
  while (digits.length < width) digits.push(0);
  return digits;
}

/** Addition steps `{a_i}+{b_i}+{carry}={carry_out}{digit};` over the longer operand. */
export function addSteps(a: number, b: number): string {
  const width = Math.max(String(a).length, String(b).length);
  const [da, db] = [digitsLsdFirst(a, width), digitsLsdFirst(b, width)];
  return columnSteps(da, db);
}

function columnSteps(da: readonly number[], db: readonly number[]): string {
  let carry = 0;
  let out = '';
  for (let i = 0; i < da.length; i++) {
    const sum = da[i] + db[i] + carry;
    out += `${da[i]}+${db[i]}+${carry}=${Math.floor(sum / 10)}${sum % 10};`;
    carry = Math.floor(sum / 10);
  }
  return out;
}

/** Subtraction steps `{a_i}-{b_i}-{borrow}={borrow_out}{digit};`, for a >= b >= 0. */
export function subSteps(a: number, b: number): string {
  if (b > a) throw new RangeError(`subSteps needs a >= b, got ${a}-${b}`);
  const width = String(a).length;
  const [da, db] = [digitsLsdFirst(a, width), digitsLsdFirst(b, width)];
  let borrow = 0;
  let out = '';
  for (let i = 0; i < width; i++) {
    let digit = da[i] - db[i] - borrow;
    const borrowOut = digit < 0 ? 1 : 0;
    digit += 10 * borrowOut;
    out += `${da[i]}-${db[i]}-${borrow}=${borrowOut}${digit};`;
    borrow = borrowOut;
  }
  return out;
}

/** Steps of a times one digit k, `{a_i}*{k}+{carry}={carry_out}{digit};`, and the product's digits. */
function timesDigit(a: number, k: number): { steps: string; product: number } {
  let carry = 0;
  let steps = '';
  for (const d of digitsLsdFirst(a)) {
    const value = d * k + carry;
    steps += `${d}*${k}+${carry}=${Math.floor(value / 10)}${value % 10};`;
    carry = Math.floor(value / 10);
  }
  return { steps, product: a * k };
}

/**
 * Multiplication steps. With a one-digit b: the timesDigit steps. With a two-digit b (the sizing
 * study's 2×2 layout): for each digit of b, its timesDigit steps, then `|` and that partial product
 * shifted to its place, written least significant first in width len(a)+2, then `;`; then the
 * addition steps of the two partial rows. 47*86 -> '7*6+0=42;4*6+4=28;|2820;7*8+0=56;4*8+5=37;|0673;
 * 2+0+0=02;8+6+0=14;2+7+1=10;0+3+1=04;' -> 4042.
 */
export function mulSteps(a: number, b: number): string {
  if (b < 10) return timesDigit(a, b).steps;
  if (b > 99) throw new RangeError(`mulSteps supports a one- or two-digit multiplier, got ${b}`);
  const width = String(a).length + 2;
  const rows: number[][] = [];
  let out = '';
  for (const [place, k] of digitsLsdFirst(b).entries()) {
    const { steps, product } = timesDigit(a, k);
    const row = digitsLsdFirst(product * 10 ** place, width);
    rows.push(row);
    out += `${steps}|${row.join('')};`;
  }
  return out + columnSteps(rows[0], rows[1]);
}

export function arithmeticSteps(op: ArithmeticOp, a: number, b: number): string {
  if (op === 'add') return addSteps(a, b);
  if (op === 'sub') return subSteps(a, b);
  return mulSteps(a, b);
}

/** The question as the model sees it, e.g. '347+85='. */
export function questionText(op: ArithmeticOp, a: number, b: number): string {
  return `${a}${OP_SYMBOL[op]}${b}=`;
}
