/** Builds the loss-curve SVG of a filter page at build time: no client-side charting. */

export interface LossPlotText {
  readonly title: string;
  readonly description: string;
  readonly xAxis: string;
  readonly yAxis: string;
  readonly final: string;
}

const WIDTH = 480;
const HEIGHT = 270;
const MARGIN = { left: 62, right: 78, top: 30, bottom: 46 } as const;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Compact number text: up to 4 significant digits, no exponent for everyday magnitudes. */
export function formatLoss(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** Round tick values ("nice" steps of 1, 2 or 5 × 10^k) covering [min, max]. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return [min];
  const rough = (max - min) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
    ticks.push(Number(tick.toPrecision(12)));
  }
  return ticks;
}

/** The y domain: the data range, padded when flat so a constant curve sits mid-plot. */
export function lossDomain(loss: readonly number[]): [number, number] {
  const low = Math.min(...loss);
  const high = Math.max(...loss);
  if (high > low) return [low, high];
  const pad = low === 0 ? 1 : Math.abs(low) * 0.5;
  return [low - pad, high + pad];
}

/** An SVG coordinate to one decimal. */
export function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The SVG markup of a loss curve, or undefined when there are no values to plot. */
export function lossPlotSvg(loss: readonly number[], text: LossPlotText, idPrefix: string): string | undefined {
  if (loss.length === 0 || !loss.every(Number.isFinite)) return undefined;
  const [yMin, yMax] = lossDomain(loss);
  const xMax = Math.max(1, loss.length - 1);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (step: number): number => MARGIN.left + (step / xMax) * plotWidth;
  const y = (value: number): number => MARGIN.top + (1 - (value - yMin) / (yMax - yMin)) * plotHeight;
  const bottom = MARGIN.top + plotHeight;
  const right = MARGIN.left + plotWidth;

  const parts: string[] = [];
  for (const tick of niceTicks(yMin, yMax, 5)) {
    const ty = fixed(y(tick));
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${right}" y1="${ty}" y2="${ty}"/>`);
    parts.push(`<text class="tick" x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${formatLoss(tick)}</text>`);
  }
  for (const tick of niceTicks(0, xMax, 8).filter(Number.isInteger)) {
    parts.push(`<line class="axis" x1="${fixed(x(tick))}" x2="${fixed(x(tick))}" y1="${bottom}" y2="${bottom + 5}"/>`);
    parts.push(`<text class="tick" x="${fixed(x(tick))}" y="${bottom + 18}" text-anchor="middle">${tick}</text>`);
  }
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>`);
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${bottom}"/>`);
  parts.push(`<text class="label" x="${fixed(MARGIN.left + plotWidth / 2)}" y="${HEIGHT - 6}" text-anchor="middle">${escapeXml(text.xAxis)}</text>`);
  parts.push(`<text class="label" x="${MARGIN.left}" y="${MARGIN.top - 12}" text-anchor="start">${escapeXml(text.yAxis)}</text>`);

  const points = loss.map((value, step) => `${fixed(x(step))},${fixed(y(value))}`).join(' ');
  parts.push(`<polyline class="line" fill="none" points="${points}"/>`);
  const last = loss.length - 1;
  const lastValue = loss[last] ?? 0;
  const lastX = x(last);
  const lastY = y(lastValue);
  parts.push(`<circle class="point" cx="${fixed(lastX)}" cy="${fixed(lastY)}" r="4"/>`);
  // The final value sits in the right margin, beside the last point, where the curve never goes.
  const labelY = Math.min(Math.max(lastY, MARGIN.top + 14), bottom - 18);
  parts.push(
    `<text class="final" x="${fixed(lastX + 10)}" y="${fixed(labelY - 4)}" text-anchor="start">` +
      `<tspan>${escapeXml(text.final)}</tspan><tspan x="${fixed(lastX + 10)}" dy="1.2em">${formatLoss(lastValue)}</tspan></text>`,
  );

  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  return (
    `<svg class="loss-plot" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" ` +
    `aria-labelledby="${titleId} ${descId}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${titleId}">${escapeXml(text.title)}</title><desc id="${descId}">${escapeXml(text.description)}</desc>` +
    parts.join('') +
    `</svg>`
  );
}
