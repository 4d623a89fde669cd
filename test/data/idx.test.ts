import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx } from '../../src/data/idx.js';

/** Bytes of an IDX file written by hand (big-endian header), independent of encodeIdx. */
function handIdx(magic: number, dims: number[], payload: number[]): Uint8Array {
  const head: number[] = [];
  const be = (v: number) => head.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  be(magic);
  dims.forEach(be);
  return Uint8Array.from([...head, ...payload]);
}

describe('parseIdx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-idx-'));
  const roundTrip = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(dir, name), bytes);
    return new Uint8Array(readFileSync(join(dir, name)));
  };

  it('reads a 2×3×2 image file with its dims and pixel order', () => {
    const bytes = roundTrip('imgs', handIdx(0x803, [2, 3, 2], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]));
    const idx = parseIdx(bytes, 'imgs', 'images');
    expect(idx.dims).toEqual([2, 3, 2]);
    expect(Array.from(idx.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  it('reads large dimensions big-endian', () => {
    const idx = parseIdx(handIdx(0x801, [0x0102], new Array(0x0102).fill(7)), 'labels', 'labels');
    expect(idx.dims).toEqual([258]);
    expect(idx.data.length).toBe(258);
  });

  it('encodeIdx produces what parseIdx reads', () => {
    const data = Uint8Array.from([9, 8, 7, 6, 5, 4]);
    const bytes = encodeIdx([3, 2], data);
    expect(Array.from(bytes.subarray(0, 12))).toEqual([0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 2]);
    expect(() => parseIdx(bytes, 'x', 'images')).toThrow('x: wrong magic number 0x00000802 (expected 0x00000803 for an IDX3 ubyte image file)');
    expect(Array.from(parseIdx(encodeIdx([6], data), 'y').data)).toEqual([9, 8, 7, 6, 5, 4]);
  });

  it('names the file and the expected magic number', () => {
    const bytes = roundTrip('bad', handIdx(0x12345678, [1], [0]));
    expect(() => parseIdx(bytes, 'train-images-idx3-ubyte', 'images')).toThrow(
      'train-images-idx3-ubyte: wrong magic number 0x12345678 (expected 0x00000803 for an IDX3 ubyte image file)',
    );
    expect(() => parseIdx(bytes, 'train-labels-idx1-ubyte', 'labels')).toThrow('(expected 0x00000801 for an IDX1 ubyte label file)');
    expect(() => parseIdx(bytes, 'f')).toThrow('expected 0x00000801 for an IDX1 ubyte label file or 0x00000803 for an IDX3 ubyte image file');
  });

  it('rejects a label file where an image file is expected', () => {
    expect(() => parseIdx(handIdx(0x801, [1], [3]), 'imgs', 'images')).toThrow('wrong magic number 0x00000801');
  });

  it('reports truncated data with the header arithmetic', () => {
    const bytes = handIdx(0x803, [60000, 28, 28], new Array(1234).fill(0));
    expect(() => parseIdx(bytes, 'train-images-idx3-ubyte', 'images')).toThrow(
      'train-images-idx3-ubyte: truncated: header says 60000×28×28 = 47040000 pixel bytes but the file has 1234 (after the 16-byte header)',
    );
    expect(() => parseIdx(handIdx(0x801, [5], [1, 2]), 'lab', 'labels')).toThrow('lab: truncated: header says 5 = 5 label bytes but the file has 2');
  });

  it('reports a truncated header and a too-short file', () => {
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0]), 'h', 'images')).toThrow('h: truncated: the IDX header needs 16 bytes but the file has 6');
    expect(() => parseIdx(Uint8Array.from([0, 0]), 'e')).toThrow('e: truncated: an IDX file starts with a 4-byte magic number but the file has 2 bytes');
  });

  it('reports trailing garbage', () => {
    expect(() => parseIdx(handIdx(0x801, [2], [1, 2, 3]), 'lab', 'labels')).toThrow('lab: corrupted: header says 2 = 2 label bytes but the file has 3 (1 extra bytes after the data)');
  });

  it('works on a view into a larger buffer (no assumption of byteOffset 0)', () => {
    const inner = handIdx(0x801, [3], [4, 5, 6]);
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    expect(Array.from(parseIdx(outer.subarray(5), 'v', 'labels').data)).toEqual([4, 5, 6]);
  });
});
