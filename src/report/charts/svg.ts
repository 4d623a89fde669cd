/** Vega-Lite → Vega → SVG string, headless (no canvas, no loader: the data is inline). */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const vgSpec = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Several SVGs inlined in one page share one id namespace: Vega numbers its
 * clip paths clip1, clip2, ... in every chart, so each chart's ids get a prefix.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}
