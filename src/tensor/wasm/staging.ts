/**
 * Scratch layout in the kernel module's linear memory.
 *
 * Memory choice (measured, see bench/RESULTS.md): operands are COPIED in and
 * results copied out on every call. The alternative — allocating every float32
 * Matrix inside wasm memory — saves the copies but needs a free list driven by
 * garbage collection, and a FinalizationRegistry on a typed array does not see
 * subarray views (Matrix.row, sliceRows) that outlive it, so freed memory could
 * be reused under a live view, and memory.grow would detach every view. Copying
 * costs one memcpy per operand (TypedArray.set): ~11% of a net-A training step
 * in a CPU profile. A Float32Array that already lives in this memory is used in
 * place, so an arena could be added later without touching the kernels.
 *
 * Every region is 16-byte aligned and followed by 16 bytes of slack, because
 * edge tiles load a full vector past a row's end (those lanes are discarded).
 */
import type { FloatArray } from '../matrix.js';
import type { KernelExports } from './load.js';

const PAGE = 65536;
const SLACK = 16;

export class Staging {
  private readonly k: KernelExports;
  private readonly base: number;
  private top: number;
  private view: Float32Array;

  constructor(k: KernelExports) {
    this.k = k;
    this.base = align(k.heapBase());
    this.top = this.base;
    this.view = new Float32Array(k.memory.buffer);
  }

  /** Start laying out a new call's operands from the bottom again. */
  reset(): void {
    this.top = this.base;
  }

  /** Reserve n floats; returns the byte address. */
  alloc(n: number): number {
    const addr = this.top;
    this.top = align(addr + n * 4 + SLACK);
    const need = this.top + SLACK;
    const have = this.k.memory.buffer.byteLength;
    if (need > have) this.k.memory.grow(Math.ceil((need - have) / PAGE));
    return addr;
  }

  /** The current float view (re-derived after memory.grow detached the old one). */
  f32(): Float32Array {
    if (this.view.buffer !== this.k.memory.buffer) this.view = new Float32Array(this.k.memory.buffer);
    return this.view;
  }

  /** True when the array already lives in kernel memory (usable in place). */
  owns(data: FloatArray): boolean {
    return data instanceof Float32Array && data.buffer === this.k.memory.buffer;
  }

  /** Byte address of data in kernel memory, copying it in if it lives elsewhere. */
  input(data: FloatArray): number {
    if (this.owns(data)) return data.byteOffset;
    const addr = this.alloc(data.length);
    this.f32().set(data, addr >> 2);
    return addr;
  }

  /** Copy n floats at addr out into dst (no-op when dst is that very memory). */
  output(addr: number, dst: FloatArray): void {
    if (this.owns(dst) && dst.byteOffset === addr) return;
    dst.set(this.f32().subarray(addr >> 2, (addr >> 2) + dst.length));
  }
}

function align(x: number): number {
  return (x + 15) & ~15;
}
