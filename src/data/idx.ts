/**
 * Parser for the IDX format of the original MNIST files (LeCun et al.):
 * a big-endian magic number 0x0000TTDD (TT = element type, DD = number of
 * dimensions), DD big-endian uint32 sizes, then the elements. Only unsigned
 * bytes (TT = 0x08) occur in MNIST, so only they are accepted. Pure: bytes in,
 * a view out (no copy), so the loader stays a thin file read.
 */

export interface IdxArray {
  /** Sizes of each dimension, outermost first, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The elements, a view into the input bytes. */
  data: Uint8Array;
}

/** What the caller expects: labels are IDX1 (0x00000801), images IDX3 (0x00000803). */
export type IdxKind = 'labels' | 'images';

const EXPECTED: Record<IdxKind, { magic: number; what: string; unit: string }> = {
  labels: { magic: 0x00000801, what: 'an IDX1 ubyte label file', unit: 'label' },
  images: { magic: 0x00000803, what: 'an IDX3 ubyte image file', unit: 'pixel' },
};

const hex = (n: number): string => '0x' + n.toString(16).padStart(8, '0');

/**
 * Parse an IDX ubyte file. `file` names it in errors; `kind` (if given) pins the
 * magic number, otherwise either a label or an image file is accepted.
 */
export function parseIdx(bytes: Uint8Array, file: string, kind?: IdxKind): IdxArray {
  if (bytes.length < 4) {
    throw new Error(`${file}: truncated: an IDX file starts with a 4-byte magic number but the file has ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const allowed = kind ? [EXPECTED[kind]] : [EXPECTED.labels, EXPECTED.images];
  const match = allowed.find((e) => e.magic === magic);
  if (!match) {
    const expected = allowed.map((e) => `${hex(e.magic)} for ${e.what}`).join(' or ');
    throw new Error(`${file}: wrong magic number ${hex(magic)} (expected ${expected})`);
  }
  const ndims = magic & 0xff;
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new Error(`${file}: truncated: the IDX header needs ${headerBytes} bytes but the file has ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const need = dims.reduce((a, b) => a * b, 1);
  const have = bytes.length - headerBytes;
  if (have < need) {
    throw new Error(
      `${file}: truncated: header says ${dims.join('×')} = ${need} ${match.unit} bytes but the file has ${have} ` +
        `(after the ${headerBytes}-byte header)`,
    );
  }
  if (have > need) {
    throw new Error(
      `${file}: corrupted: header says ${dims.join('×')} = ${need} ${match.unit} bytes but the file has ${have} ` +
        `(${have - need} extra bytes after the data)`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** Encode an IDX ubyte file (tests build fixtures with it; handy for exporting too). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const need = dims.reduce((a, b) => a * b, 1);
  if (data.length !== need) throw new Error(`encodeIdx: ${dims.join('×')} needs ${need} bytes, got ${data.length}`);
  const out = new Uint8Array(4 + 4 * dims.length + need);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000800 | dims.length, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
