// @ts-check
// Just enough PNG decoding (node:zlib, no package) to read Chromium's screenshots as pixels:
// 8-bit RGB or RGBA, not interlaced, the five row filters. Tests compare what is painted, which
// computed styles cannot show (in forced colours the browser repaints author colours).
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';

/**
 * @param {Buffer} png
 * @returns {{ width: number, height: number, rgba: Uint8Array }}
 */
export function decodePng(png) {
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colorType, , , interlace] = body.subarray(8, 13);
      assert.equal(depth, 8, 'only 8-bit PNGs');
      assert.equal(interlace, 0, 'only non-interlaced PNGs');
      channels = { 2: 3, 6: 4 }[colorType] ?? assert.fail(`PNG colour type ${colorType}`);
    } else if (type === 'IDAT') {
      data.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const at = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[at + x - channels] : 0;
      const up = y > 0 ? pixels[at - stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? pixels[at - stride + x - channels] : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      pixels[at + x] = (row[x] + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(pixels.subarray(i * channels, i * channels + 3), i * 4);
    rgba[i * 4 + 3] = channels === 4 ? pixels[i * channels + 3] : 255;
  }
  return { width, height, rgba };
}

/**
 * `[colour as "r,g,b", share of the pixels]`, most common first.
 * @param {{ width: number, height: number, rgba: Uint8Array }} image
 * @returns {Array<[string, number]>}
 */
export function colourShares({ width, height, rgba }) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (let i = 0; i < width * height; i++) {
    const key = `${rgba[i * 4]},${rgba[i * 4 + 1]},${rgba[i * 4 + 2]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([colour, n]) => /** @type {[string, number]} */ ([colour, n / (width * height)])).sort((a, b) => b[1] - a[1]);
}

/** How many pixels differ (any channel by more than `tolerance`); a different size counts all. */
export function differingPixels(a, b, tolerance = 24) {
  if (a.width !== b.width || a.height !== b.height) return Math.max(a.width * a.height, b.width * b.height);
  let n = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    for (let c = 0; c < 3; c++) {
      if (Math.abs(a.rgba[i * 4 + c] - b.rgba[i * 4 + c]) > tolerance) {
        n++;
        break;
      }
    }
  }
  return n;
}

/**
 * The width of what is drawn on a button's face: pixels far from the face's own colour (its most
 * common one), in the middle band of rows (where the label is; the rounded ends and the border are
 * not) and `inset` px in from both sides. A label gains width when a mark joins it; a change of
 * fill alone leaves it as it was.
 */
export function inkWidth(image, inset = 4) {
  const { width, height, rgba } = image;
  const face = colourShares(image)[0][0].split(',').map(Number);
  let first = Infinity;
  let last = -Infinity;
  for (let y = Math.round(height * 0.3); y < Math.round(height * 0.7); y++) {
    for (let x = inset; x < width - inset; x++) {
      const i = (y * width + x) * 4;
      const distance = Math.max(...[0, 1, 2].map((c) => Math.abs(rgba[i + c] - face[c])));
      if (distance > 96) {
        first = Math.min(first, x);
        last = Math.max(last, x);
      }
    }
  }
  return last >= first ? last - first + 1 : 0;
}
