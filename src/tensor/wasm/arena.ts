/**
 * The kernel module's linear memory, seen from JS: resident float32 arrays at
 * the bottom (a stack of bump-allocated scopes) and per-call scratch above.
 *
 * Why resident arrays: wasm computes only on its own memory, so an operand on
 * the JS heap is copied in and its result copied out on every kernel call
 * (~11% of a net-A training step). Arrays allocated here are used in place.
 *
 * Why this is safe to hand out as ordinary Float32Arrays:
 * - The memory is SHARED (built with --sharedMemory): growing it never
 *   detaches existing views, as it would for a plain memory, so a Matrix made
 *   before a grow stays valid. (Each thread still has its own instance; no
 *   other thread ever sees this memory.)
 * - Nothing is freed by garbage collection (a FinalizationRegistry cannot see
 *   subarray views that outlive their parent). Instead a scope — one training
 *   run — allocates by bumping a pointer and releases everything at once when
 *   it ends; the caller guarantees nothing allocated inside is used after.
 * - Past LIMIT bytes a scope stops placing arrays here and the caller falls
 *   back to the JS heap (kernels then copy, as before): a long run that keeps
 *   allocating cannot exhaust the 4 GiB address space.
 *
 * Every array is 16-byte aligned and followed by 16 bytes of slack, because
 * gemm's edge tiles load a full vector past a row's end (lanes discarded).
 */
import { setFloat32Allocator, type FloatArray } from '../matrix.js';
import type { KernelExports } from './load.js';

const PAGE = 65536;
export const SLACK = 16;
/** Most bytes of resident arrays per thread; beyond it allocations go to the JS heap. */
const LIMIT = 1 << 30;

export function align(x: number): number {
  return (x + 15) & ~15;
}

export class Arena {
  private readonly k: KernelExports;
  private readonly base: number;
  /** End of the resident arrays; scratch starts here. */
  private topAddr: number;
  private view: Float32Array | null = null;
  /** Every buffer object the memory has had: views made before a grow keep the older ones. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  constructor(k: KernelExports) {
    this.k = k;
    this.base = align(k.heapBase());
    this.topAddr = this.base;
  }

  get top(): number {
    return this.topAddr;
  }

  /** Make sure bytes [0, end) exist. */
  ensure(end: number): void {
    const have = this.k.memory.buffer.byteLength;
    if (end > have) this.k.memory.grow(Math.ceil((end - have) / PAGE));
  }

  /** A float view over the whole current memory (re-derived after a grow). */
  f32(): Float32Array {
    const buf = this.k.memory.buffer;
    if (this.view?.buffer !== buf) {
      this.buffers.add(buf);
      this.view = new Float32Array(buf);
    }
    return this.view;
  }

  /** True when the array lives in this memory (kernels can use it in place). */
  owns(data: FloatArray): boolean {
    return data instanceof Float32Array && this.buffers.has(data.buffer);
  }

  /** n zeroed resident floats, or null past LIMIT. */
  alloc(n: number): Float32Array | null {
    const addr = this.topAddr;
    const end = align(addr + n * 4 + SLACK);
    if (end - this.base > LIMIT) return null;
    this.ensure(end + SLACK);
    this.topAddr = end;
    // Memory released by an earlier scope holds old values; callers expect zeros.
    this.k.zero(addr, n);
    return this.f32().subarray(addr >> 2, (addr >> 2) + n);
  }

  /**
   * Run f with allocate() placing float32 arrays here; all of them are
   * released when f returns or throws. Scopes nest (stack order).
   */
  scope<T>(f: () => T): T {
    const mark = this.topAddr;
    const prev = setFloat32Allocator((n) => this.alloc(n));
    try {
      return f();
    } finally {
      setFloat32Allocator(prev);
      this.topAddr = mark;
    }
  }
}
