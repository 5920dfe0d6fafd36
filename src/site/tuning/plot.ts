/**
 * The tuning figures as small SVGs, made at build time (no client-side charting): a filter's
 * orientation curve as a polar line, its frequency and hue curves as line plots, and a layer's
 * preferred orientations as a rose. Each SVG is role="img", named by its <title> and described by
 * its <desc>; the pages put the numbers beside it as a table.
 *
 * Angles on screen: orientation θ (degrees, counter-clockwise from horizontal, as the stimuli
 * define it) is drawn at the point (cx + r·cos θ, cy − r·sin θ), so a curve reaches out along the
 * stripes it prefers. Orientation is axial (θ and θ + 180° are the same stripes), so the polar
 * figures draw each value at both.
 */
import { escapeXml, fixed, formatLoss, niceTicks } from '../loss-plot.ts';

export interface PlotText {
  readonly title: string;
  readonly description: string;
}

export interface AxisText extends PlotText {
  readonly xAxis: string;
  readonly yAxis: string;
}

function svgOpen(className: string, width: number, height: number, idPrefix: string, text: PlotText): string {
  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  return (
    `<svg class="tuning-plot ${className}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ` +
    `aria-labelledby="${titleId} ${descId}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${titleId}">${escapeXml(text.title)}</title><desc id="${descId}">${escapeXml(text.description)}</desc>`
  );
}

/** The screen point at orientation `degrees` and radius `r` around (cx, cy). */
function polar(cx: number, cy: number, r: number, degrees: number): [number, number] {
  const radians = (degrees * Math.PI) / 180;
  return [cx + r * Math.cos(radians), cy - r * Math.sin(radians)];
}

function point([x, y]: [number, number]): string {
  return `${fixed(x)},${fixed(y)}`;
}

/** The frame of a polar figure: two rings, spokes at 0°, 45°, 90°, 135° and their labels. */
function polarFrame(cx: number, cy: number, radius: number, labelGap: number): string {
  const parts: string[] = [];
  parts.push(`<circle class="grid" cx="${cx}" cy="${cy}" r="${fixed(radius / 2)}" fill="none"/>`);
  parts.push(`<circle class="axis" cx="${cx}" cy="${cy}" r="${fixed(radius)}" fill="none"/>`);
  for (const angle of [0, 45, 90, 135]) {
    const [x1, y1] = polar(cx, cy, radius, angle + 180);
    const [x2, y2] = polar(cx, cy, radius, angle);
    parts.push(`<line class="grid" x1="${fixed(x1)}" y1="${fixed(y1)}" x2="${fixed(x2)}" y2="${fixed(y2)}"/>`);
    const [x, y] = polar(cx, cy, radius + labelGap, angle);
    const anchor = angle === 0 || angle === 45 ? 'start' : angle === 90 ? 'middle' : 'end';
    const baseline = angle === 0 ? ' dominant-baseline="middle"' : '';
    parts.push(`<text class="tick" x="${fixed(angle === 90 ? x : x + (anchor === 'start' ? -2 : 2))}" y="${fixed(angle === 0 ? y : y + 2)}" text-anchor="${anchor}"${baseline}>${angle}°</text>`);
  }
  return parts.join('');
}

export interface PolarOrientationText extends PlotText {
  /** The outer ring's value, e.g. "outer ring: 238". */
  readonly ring: string;
}

const POLAR_SIZE = 260;

/**
 * A filter's orientation curve as a closed polar line over 360° (each orientation drawn at θ and
 * θ + 180°), scaled so its largest response touches the outer ring, with the preferred
 * orientation as a line through the centre.
 */
export function orientationPolarSvg(
  curve: { readonly degrees: readonly number[]; readonly response: readonly number[] },
  preferred: number | null,
  text: PolarOrientationText,
  idPrefix: string,
): string {
  const cx = POLAR_SIZE / 2;
  const cy = POLAR_SIZE / 2 - 6;
  const radius = 92;
  const top = Math.max(0, ...curve.response);
  const scale = top > 0 ? radius / top : 0;
  const parts = [polarFrame(cx, cy, radius, 8)];
  const points = [0, 180].flatMap((offset) => curve.degrees.map((degrees, k) => point(polar(cx, cy, (curve.response[k] ?? 0) * scale, degrees + offset))));
  parts.push(`<polygon class="curve" points="${points.join(' ')}"/>`);
  if (preferred !== null) {
    const [x1, y1] = polar(cx, cy, radius, preferred + 180);
    const [x2, y2] = polar(cx, cy, radius, preferred);
    parts.push(`<line class="peak" x1="${fixed(x1)}" y1="${fixed(y1)}" x2="${fixed(x2)}" y2="${fixed(y2)}"/>`);
  }
  parts.push(`<text class="tick" x="${cx}" y="${POLAR_SIZE - 4}" text-anchor="middle">${escapeXml(text.ring)}</text>`);
  return `${svgOpen('tuning-polar', POLAR_SIZE, POLAR_SIZE, idPrefix, text)}${parts.join('')}</svg>`;
}

const ROSE_WIDTH = 200;
const ROSE_HEIGHT = 176;

/**
 * A rose of preferred orientations: one petal per bin (bins centred on multiples of 180/n), its
 * radius proportional to the bin's count, drawn at θ and θ + 180°.
 */
export function orientationRoseSvg(counts: readonly number[], text: PlotText, idPrefix: string): string {
  const cx = ROSE_WIDTH / 2;
  const cy = 96;
  const radius = 72;
  const top = Math.max(0, ...counts);
  const half = 90 / Math.max(1, counts.length);
  const parts = [polarFrame(cx, cy, radius, 7)];
  const petals: string[] = [];
  counts.forEach((count, bin) => {
    if (count <= 0 || top <= 0) return;
    const r = (radius * count) / top;
    for (const offset of [0, 180]) {
      const centre = (bin * 180) / counts.length + offset;
      const from = polar(cx, cy, r, centre - half);
      const to = polar(cx, cy, r, centre + half);
      // Counter-clockwise on screen is SVG's negative sweep.
      petals.push(`M${cx},${cy}L${point(from)}A${fixed(r)},${fixed(r)} 0 0 0 ${point(to)}Z`);
    }
  });
  if (petals.length > 0) parts.push(`<path class="petal" d="${petals.join('')}"/>`);
  return `${svgOpen('tuning-rose', ROSE_WIDTH, ROSE_HEIGHT, idPrefix, text)}${parts.join('')}</svg>`;
}

const LINE_WIDTH = 320;
const MARGIN = { left: 54, right: 16, top: 28, bottom: 44 } as const;

interface LineFrame {
  readonly parts: string[];
  readonly y: (value: number) => number;
  readonly bottom: number;
}

/** The y axis (0 to a round maximum, gridlines) and the axis labels of a line plot of `height`. */
function lineFrame(maximum: number, height: number, text: AxisText, bottomMargin: number = MARGIN.bottom): LineFrame {
  const ticks = niceTicks(0, maximum > 0 ? maximum : 1, 4);
  const yMax = Math.max(ticks.at(-1) ?? 1, maximum > 0 ? maximum : 1);
  const bottom = height - bottomMargin;
  const plotHeight = bottom - MARGIN.top;
  const y = (value: number): number => bottom - (value / yMax) * plotHeight;
  const right = LINE_WIDTH - MARGIN.right;
  const parts: string[] = [];
  for (const tick of ticks) {
    const ty = fixed(y(tick));
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${right}" y1="${ty}" y2="${ty}"/>`);
    parts.push(`<text class="tick" x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${formatLoss(tick)}</text>`);
  }
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>`);
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${bottom}"/>`);
  parts.push(`<text class="label" x="${fixed(MARGIN.left + (right - MARGIN.left) / 2)}" y="${height - 6}" text-anchor="middle">${escapeXml(text.xAxis)}</text>`);
  parts.push(`<text class="label" x="${MARGIN.left}" y="${MARGIN.top - 12}" text-anchor="start">${escapeXml(text.yAxis)}</text>`);
  return { parts, y, bottom };
}

const FREQUENCY_HEIGHT = 210;

/** A frequency curve on a logarithmic x axis, a tick at every measured frequency, the preferred one marked. */
export function frequencySvg(
  curve: { readonly cyclesPerSide: readonly number[]; readonly response: readonly number[] },
  preferred: number | null,
  text: AxisText,
  idPrefix: string,
): string {
  const frame = lineFrame(Math.max(0, ...curve.response), FREQUENCY_HEIGHT, text);
  const logs = curve.cyclesPerSide.map(Math.log2);
  const low = Math.min(...logs) - 0.3;
  const high = Math.max(...logs) + 0.3;
  const right = LINE_WIDTH - MARGIN.right;
  const x = (cycles: number): number => MARGIN.left + ((Math.log2(cycles) - low) / (high - low || 1)) * (right - MARGIN.left);
  const parts = frame.parts;
  for (const cycles of curve.cyclesPerSide) {
    const tx = fixed(x(cycles));
    parts.push(`<line class="axis" x1="${tx}" x2="${tx}" y1="${frame.bottom}" y2="${frame.bottom + 5}"/>`);
    parts.push(`<text class="tick" x="${tx}" y="${frame.bottom + 18}" text-anchor="middle">${formatLoss(cycles)}</text>`);
  }
  const points = curve.cyclesPerSide.map((cycles, k) => `${fixed(x(cycles))},${fixed(frame.y(curve.response[k] ?? 0))}`);
  parts.push(`<polyline class="line" fill="none" points="${points.join(' ')}"/>`);
  curve.cyclesPerSide.forEach((cycles, k) => {
    const peak = cycles === preferred;
    parts.push(`<circle class="${peak ? 'peak-point' : 'point'}" cx="${fixed(x(cycles))}" cy="${fixed(frame.y(curve.response[k] ?? 0))}" r="${peak ? 5 : 3}"/>`);
  });
  return `${svgOpen('tuning-line', LINE_WIDTH, FREQUENCY_HEIGHT, idPrefix, text)}${parts.join('')}</svg>`;
}

const HUE_HEIGHT = 236;
/** Room under the hue axis for the colour strip, the tick labels and the axis label. */
const HUE_BOTTOM = 60;

/**
 * A hue curve over 0°–360°, each point filled with its stimulus' colour, a strip of those colours
 * under the x axis, and the preferred hue as a vertical line.
 */
export function hueSvg(
  curve: { readonly hues: readonly number[]; readonly response: readonly number[] },
  preferred: number | null,
  colours: readonly string[],
  text: AxisText,
  idPrefix: string,
): string {
  const frame = lineFrame(Math.max(0, ...curve.response), HUE_HEIGHT, text, HUE_BOTTOM);
  const right = LINE_WIDTH - MARGIN.right;
  const x = (hue: number): number => MARGIN.left + (hue / 360) * (right - MARGIN.left);
  const parts = frame.parts;
  const step = 360 / Math.max(1, curve.hues.length);
  curve.hues.forEach((hue, k) => {
    const from = Math.max(0, hue - step / 2);
    const to = Math.min(360, hue + step / 2);
    parts.push(`<rect x="${fixed(x(from))}" y="${frame.bottom + 3}" width="${fixed(x(to) - x(from))}" height="8" fill="${colours[k] ?? 'none'}"/>`);
    if (hue - step / 2 < 0) {
      // The first hue's sector wraps around: its other half sits at the right end.
      parts.push(`<rect x="${fixed(x(360 + hue - step / 2))}" y="${frame.bottom + 3}" width="${fixed(x(360) - x(360 + hue - step / 2))}" height="8" fill="${colours[k] ?? 'none'}"/>`);
    }
  });
  for (const tick of [0, 60, 120, 180, 240, 300, 360]) {
    parts.push(`<text class="tick" x="${fixed(x(tick))}" y="${frame.bottom + 26}" text-anchor="middle">${tick}°</text>`);
  }
  if (preferred !== null) {
    parts.push(`<line class="peak" x1="${fixed(x(preferred))}" x2="${fixed(x(preferred))}" y1="${MARGIN.top}" y2="${frame.bottom}"/>`);
  }
  const points = curve.hues.map((hue, k) => `${fixed(x(hue))},${fixed(frame.y(curve.response[k] ?? 0))}`);
  parts.push(`<polyline class="line" fill="none" points="${points.join(' ')}"/>`);
  curve.hues.forEach((hue, k) => {
    parts.push(`<circle class="hue-point" cx="${fixed(x(hue))}" cy="${fixed(frame.y(curve.response[k] ?? 0))}" r="3.5" fill="${colours[k] ?? 'none'}"/>`);
  });
  return `${svgOpen('tuning-line', LINE_WIDTH, HUE_HEIGHT, idPrefix, text)}${parts.join('')}</svg>`;
}

/** A decorative square of colour `colour` (a CSS hex colour) beside a hue, sized by the text (tuning.css). */
export function swatchSvg(colour: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(colour)) throw new RangeError(`a swatch takes a hex colour, got ${colour}`);
  return `<svg class="swatch" viewBox="0 0 1 1" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1" fill="${colour}"/></svg>`;
}

/** A small glyph of stripes at `degrees` (for a key figure), decorative. */
export function orientationGlyphSvg(degrees: number): string {
  const size = 20;
  const c = size / 2;
  const lines = [-5, 0, 5].map((shift) => {
    // Stripes run along (cos θ, −sin θ) on screen; successive stripes are offset along the normal.
    const radians = (degrees * Math.PI) / 180;
    const [dx, dy] = [Math.cos(radians), -Math.sin(radians)];
    const [nx, ny] = [Math.sin(radians), Math.cos(radians)];
    const length = shift === 0 ? 8 : 6;
    const ox = c + nx * shift;
    const oy = c + ny * shift;
    return `<line x1="${fixed(ox - dx * length)}" y1="${fixed(oy - dy * length)}" x2="${fixed(ox + dx * length)}" y2="${fixed(oy + dy * length)}"/>`;
  });
  return `<svg class="orientation-glyph" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">${lines.join('')}</svg>`;
}
