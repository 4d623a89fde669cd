/**
 * Per-call scratch in the kernel module's memory, laid out above the resident
 * arrays (arena.ts) and reset on every call. An operand that already lives in
 * the memory (a resident array) is used in place; any other is copied in, and
 * a result destined for one is copied out (TypedArray.set, a memcpy).
 */
import type { FloatArray } from '../matrix.js';
import { align, SLACK, type Arena } from './arena.js';

export class Staging {
  private readonly arena: Arena;
  private top: number;

  constructor(arena: Arena) {
    this.arena = arena;
    this.top = arena.top;
  }

  /** Start laying out a new call's operands from the bottom again. */
  reset(): void {
    this.top = this.arena.top;
  }

  /** Reserve n floats of scratch (contents undefined); returns the byte address. */
  alloc(n: number): number {
    const addr = this.top;
    this.top = align(addr + n * 4 + SLACK);
    this.arena.ensure(this.top + SLACK);
    return addr;
  }

  /** Byte address of data in kernel memory, copying it in if it lives elsewhere. */
  input(data: FloatArray): number {
    if (this.arena.owns(data)) return data.byteOffset;
    const addr = this.alloc(data.length);
    this.arena.f32().set(data, addr >> 2);
    return addr;
  }

  /** Byte address of a copy of ints in kernel memory (labels are never resident). */
  inputInts(data: Int32Array): number {
    const addr = this.alloc(data.length);
    new Int32Array(this.arena.f32().buffer, addr, data.length).set(data);
    return addr;
  }

  /** A float64 view of n values at addr (a kernel's float64 results). */
  f64(addr: number, n: number): Float64Array {
    return new Float64Array(this.arena.f32().buffer, addr, n);
  }

  /** Where a kernel should write a result bound for dst: dst itself if resident, else fresh scratch. */
  target(dst: FloatArray): number {
    return this.arena.owns(dst) ? dst.byteOffset : this.alloc(dst.length);
  }

  /** Copy the result at addr out into dst (no-op when dst is that very memory). */
  output(addr: number, dst: FloatArray): void {
    if (this.arena.owns(dst) && dst.byteOffset === addr) return;
    dst.set(this.arena.f32().subarray(addr >> 2, (addr >> 2) + dst.length));
  }
}
