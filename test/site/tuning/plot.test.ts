import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frequencySvg, hueSvg, orientationGlyphSvg, orientationPolarSvg, orientationRoseSvg, swatchSvg } from '../../../src/site/tuning/plot.ts';

const DEGREES = Array.from({ length: 16 }, (_, k) => k * 11.25);
const TEXT = { title: 'Orientation <of> "f"', description: 'desc & more', ring: 'outer ring: 10' };
const AXES = { title: 't', description: 'd', xAxis: 'cycles per image side', yAxis: 'mean activation' };

/** The polygon's points of a polar SVG. */
function polygon(svg: string): Array<[number, number]> {
  const points = /<polygon class="curve" points="([^"]+)"/.exec(svg)?.[1] ?? '';
  return points.split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
}

/** The point of a polar plot furthest from its centre, as an angle on screen (counter-clockwise from the right, y up). */
function furthestAngle(svg: string, cx: number, cy: number): number {
  const [x, y] = polygon(svg).reduce((best, p) => (Math.hypot(p[0] - cx, p[1] - cy) > Math.hypot(best[0] - cx, best[1] - cy) ? p : best));
  return ((Math.atan2(cy - y, x - cx) * 180) / Math.PI + 360) % 180;
}

/** A curve peaked at `peak` degrees (a von Mises bump on the doubled angle). */
function peaked(peak: number): number[] {
  return DEGREES.map((degrees) => 10 * Math.exp(2 * (Math.cos((2 * (degrees - peak) * Math.PI) / 180) - 1)));
}

describe('tuning plots', () => {
  it('draws the orientation curve as an accessible polar line that reaches out along the preferred stripes', () => {
    const svg = orientationPolarSvg({ degrees: DEGREES, response: peaked(45) }, 45, TEXT, 'o');
    assert.match(svg, /^<svg class="tuning-plot tuning-polar" viewBox="0 0 260 260" width="260" height="260" role="img" aria-labelledby="o-title o-desc"/);
    assert.match(svg, /<title id="o-title">Orientation &lt;of&gt; &quot;f&quot;<\/title><desc id="o-desc">desc &amp; more<\/desc>/);
    assert.equal(polygon(svg).length, 32, 'each orientation at θ and θ + 180°');
    assert.doesNotMatch(svg, /NaN|Infinity/);
    // Stripes rising to the right (45°) point up and right on screen; vertical stripes (90°) point up.
    assert.ok(Math.abs(furthestAngle(svg, 130, 124) - 45) < 0.5);
    const vertical = orientationPolarSvg({ degrees: DEGREES, response: peaked(90) }, 90, TEXT, 'v');
    assert.ok(Math.abs(furthestAngle(vertical, 130, 124) - 90) < 0.5);
    assert.match(vertical, /<line class="peak" x1="130" y1="216" x2="130" y2="32"\/>/, 'the preferred orientation through the centre');
    assert.match(svg, />outer ring: 10<\/text>/);
    for (const label of ['0°', '45°', '90°', '135°']) assert.ok(svg.includes(`>${label}</text>`), label);
  });

  it('draws a flat or silent curve without a peak line or dividing by zero', () => {
    const silent = orientationPolarSvg({ degrees: DEGREES, response: new Array<number>(16).fill(0) }, null, TEXT, 's');
    assert.doesNotMatch(silent, /NaN|Infinity|class="peak"/);
    assert.ok(polygon(silent).every(([x, y]) => x === 130 && y === 124));
  });

  it('draws a rose with one petal per non-empty bin, mirrored, the longest for the largest count', () => {
    const counts = new Array<number>(16).fill(0);
    counts[0] = 4;
    counts[8] = 2;
    const svg = orientationRoseSvg(counts, { title: 'Rose', description: 'd' }, 'r');
    assert.match(svg, /role="img" aria-labelledby="r-title r-desc"/);
    const petals = /<path class="petal" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    assert.equal(petals.match(/M/g)?.length, 4, 'two bins, each at θ and θ + 180°');
    // The 0° petal reaches the full radius (72) to the right, from −5.625° to +5.625° (counter-clockwise
    // on screen: SVG's sweep 0); the 90° one half of it, upwards.
    assert.match(petals, /^M100,96L171\.7,103\.1A72,72 0 0 0 171\.7,88\.9Z/);
    assert.match(petals, /M100,96L103\.5,60\.2A36,36 0 0 0 96\.5,60\.2Z/);
    assert.doesNotMatch(orientationRoseSvg(new Array<number>(16).fill(0), { title: 'Rose', description: 'd' }, 'e'), /class="petal"/);
  });

  it('draws the frequency curve on a log axis with a tick per measured frequency and the peak marked', () => {
    const svg = frequencySvg({ cyclesPerSide: [2, 4, 8, 12, 18, 28], response: [58.7, 107.3, 191.4, 238.4, 231.6, 94.35] }, 12, AXES, 'f');
    assert.match(svg, /role="img" aria-labelledby="f-title f-desc"/);
    const ticks = [...svg.matchAll(/<text class="tick" x="([\d.]+)" y="\d+" text-anchor="middle">(\d+)<\/text>/g)].map((m) => [Number(m[1]), m[2]] as const);
    assert.deepEqual(ticks.map(([, label]) => label), ['2', '4', '8', '12', '18', '28']);
    const [x2, x4, x8] = ticks.map(([x]) => x);
    assert.ok(Math.abs((x4! - x2!) - (x8! - x4!)) < 0.2, 'octaves are evenly spaced');
    assert.equal(svg.match(/class="peak-point"/g)?.length, 1);
    assert.equal(svg.match(/class="point"/g)?.length, 5);
    assert.match(svg, />cycles per image side<\/text>/);
  });

  it('draws the hue curve with each point and a strip in its stimulus colour', () => {
    const hues = Array.from({ length: 24 }, (_, k) => k * 15);
    const colours = hues.map((hue) => `#${hue.toString(16).padStart(6, '0')}`);
    const svg = hueSvg({ hues, response: hues.map((hue) => (hue === 300 ? 8 : 1)) }, 300, colours, { ...AXES, xAxis: 'hue' }, 'h');
    assert.match(svg, /role="img" aria-labelledby="h-title h-desc"/);
    assert.equal(svg.match(/<circle class="hue-point"/g)?.length, 24);
    assert.equal(svg.match(/<rect /g)?.length, 25, 'the red sector wraps round to the right end');
    for (const colour of colours) assert.ok(svg.includes(`fill="${colour}"`), colour);
    assert.equal(svg.match(/class="peak"/g)?.length, 1);
    assert.doesNotMatch(hueSvg({ hues, response: new Array<number>(24).fill(0) }, null, colours, AXES, 'z'), /NaN|class="peak"/);
  });

  it('draws a decorative colour swatch, and only from a hex colour', () => {
    assert.match(swatchSvg('#ff4040'), /^<svg class="swatch" [^>]*aria-hidden="true"[^>]*><rect width="1" height="1" fill="#ff4040"\/><\/svg>$/);
    assert.throws(() => swatchSvg('red" onload="x'), RangeError);
  });

  it('draws a decorative stripe glyph along the orientation', () => {
    const horizontal = orientationGlyphSvg(0);
    assert.match(horizontal, /aria-hidden="true"/);
    for (const [, y1, y2] of horizontal.matchAll(/y1="([\d.]+)" x2="[\d.]+" y2="([\d.]+)"/g)) assert.equal(y1, y2);
    for (const [, x1, x2] of orientationGlyphSvg(90).matchAll(/x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"/g)) assert.equal(x1, x2);
  });
});
