import { Resvg } from '@resvg/resvg-js';
import { PNG_SCALE, renderPng, svgToPng } from './svg-png.js';

/** The RGBA pixels of a PNG, read back by drawing it 1:1 in an SVG. */
function pixels(png: Buffer, width: number, height: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return Buffer.from(new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels);
}

/** Pixels inside a box that are clearly darker than paper. */
function ink(rgba: Buffer, width: number, box: { x: number; y: number; w: number; h: number }): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++)
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = (y * width + x) * 4;
      if (rgba[i + 3] > 128 && rgba[i] < 128 && rgba[i + 1] < 128 && rgba[i + 2] < 128) n++;
    }
  return n;
}

const svg = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 40" width="100%"><text x="10" y="28" font-size="20" fill="#222">${text}</text></svg>`;

describe(renderPng.name, () => {
  it('should render at twice the size of the SVG, on white paper', () => {
    const png = renderPng(svg(''));
    expect([png.width, png.height]).toEqual([300 * PNG_SCALE, 40 * PNG_SCALE]);
    const rgba = pixels(png.data, png.width, png.height);
    expect([...rgba.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('should draw Cyrillic text with a font that has it', () => {
    const png = renderPng(svg('Клиент ожидает ответа: ЖЩЫЁ'));
    const rgba = pixels(png.data, png.width, png.height);
    // About a fifth of the text's box is ink for letters this size; a missing font draws nothing.
    expect(ink(rgba, png.width, { x: 0, y: 0, w: png.width, h: png.height })).toBeGreaterThan(2000);
  });

  it('should draw a text holding a character XML does not allow, instead of refusing the picture', () => {
    const png = renderPng(svg('Клиент\u0001 \u001B[31mИванов'));
    expect(png.width).toBe(300 * PNG_SCALE);
    expect(ink(pixels(png.data, png.width, png.height), png.width, { x: 0, y: 0, w: png.width, h: png.height })).toBeGreaterThan(
      1000,
    );
  });

  it('should return the same PNG bytes through svgToPng', () => {
    expect(svgToPng(svg('Ж')).equals(renderPng(svg('Ж')).data)).toBe(true);
  });
});
