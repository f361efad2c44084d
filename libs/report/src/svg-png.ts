import { Resvg } from '@resvg/resvg-js';

/**
 * Twice the SVG's own size: a 960-unit timeline becomes 1920 px, about
 * 290 dpi across the 16.5 cm of an A4 page's text, sharp on paper.
 */
export const PNG_SCALE = 2;

/**
 * A font the system surely has for the timeline's text (Cyrillic included).
 * The SVG names no family; without a default resvg takes the first font it
 * finds, which may lack Cyrillic. A family that is missing only costs a
 * fallback: resvg then picks a loaded font that has the glyphs.
 */
const SANS: Partial<Record<NodeJS.Platform, string>> = { win32: 'Arial', darwin: 'Helvetica' };
const DEFAULT_SANS = 'DejaVu Sans';

export interface Png {
  data: Buffer;
  /** Pixels, at `PNG_SCALE` times the SVG's own size. */
  width: number;
  height: number;
}

/**
 * Characters XML 1.0 does not allow. A name in a timeline (a student's, a
 * peer's) may hold one; the SVG's escaping covers markup, not these, and
 * resvg refuses the whole picture for one of them.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * A timeline's SVG as a PNG picture for Word and Markdown, with a white
 * background (paper, dark viewers). Throws on an SVG resvg cannot read.
 */
export function renderPng(svg: string): Png {
  const family = SANS[process.platform] ?? DEFAULT_SANS;
  const image = new Resvg(svg.replace(NOT_XML, '\uFFFD'), {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: family, sansSerifFamily: family },
    // resvg reports a missing family and its fallback on stderr; the lab's console is for the student.
    logLevel: 'off',
  }).render();
  return { data: image.asPng(), width: image.width, height: image.height };
}

/** The PNG bytes of an SVG (see `renderPng`). */
export const svgToPng = (svg: string): Buffer => renderPng(svg).data;
