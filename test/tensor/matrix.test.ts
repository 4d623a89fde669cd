import { describe, expect, it } from 'vitest';
import { allocate, Matrix } from '../../src/tensor/matrix.js';

describe('Matrix', () => {
  it('allocates zeroed float32 by default and float64 on request', () => {
    expect(allocate(3, 'float32')).toBeInstanceOf(Float32Array);
    expect(allocate(3, 'float64')).toBeInstanceOf(Float64Array);
    const m = Matrix.zeros(2, 3);
    expect(m.dtype).toBe('float32');
    expect(m.shape).toEqual([2, 3]);
    expect(m.size).toBe(6);
    expect(Array.from(m.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Matrix.zeros(1, 1, 'float64').dtype).toBe('float64');
  });

  it('validates shapes and data length', () => {
    expect(() => new Matrix(-1, 2)).toThrow(/non-negative/);
    expect(() => new Matrix(1.5, 2)).toThrow(/non-negative/);
    expect(() => new Matrix(2, 2, new Float32Array(3))).toThrow(/needs 4/);
    expect(() => Matrix.fromRows([[1, 2], [3]])).toThrow(/row 1/);
    expect(Matrix.fromRows([]).shape).toEqual([0, 0]);
  });

  it('is row-major: get/set/row/toArray agree', () => {
    const m = Matrix.fromRows([[1, 2, 3], [4, 5, 6]]);
    expect(m.get(1, 0)).toBe(4);
    m.set(0, 2, 9);
    expect(m.data[2]).toBe(9);
    expect(Array.from(m.row(1))).toEqual([4, 5, 6]);
    expect(m.toArray()).toEqual([[1, 2, 9], [4, 5, 6]]);
  });

  it('row and sliceRows share memory; clone, zerosLike and to() do not', () => {
    const m = Matrix.fromRows([[1, 2], [3, 4], [5, 6]]);
    m.row(0)[0] = 10;
    const s = m.sliceRows(1, 3);
    s.set(0, 1, 40);
    expect(m.toArray()).toEqual([[10, 2], [3, 40], [5, 6]]);
    const c = m.clone(), z = m.zerosLike(), d = m.to('float64'), f = m.to('float32');
    c.set(0, 0, -1); f.set(0, 0, -1);
    expect(m.get(0, 0)).toBe(10);
    expect(z.toArray()).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(d.dtype).toBe('float64');
    expect(d.toArray()).toEqual(m.toArray());
    expect(m.fill(7).toArray()).toEqual([[7, 7], [7, 7], [7, 7]]);
  });

  it('stores float32 with float32 rounding', () => {
    const m = Matrix.fromRows([[0.1]]);
    expect(m.get(0, 0)).toBe(Math.fround(0.1));
    expect(Matrix.fromRows([[0.1]], 'float64').get(0, 0)).toBe(0.1);
  });
});
