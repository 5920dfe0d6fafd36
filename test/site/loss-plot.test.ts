import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeXml, formatLoss, lossDomain, lossPlotSvg, niceTicks } from '../../src/site/loss-plot.ts';

const TEXT = { title: 'Loss <of> "f"', description: 'desc & more', xAxis: 'update', yAxis: 'mean activation', final: 'final' };

describe('loss plot', () => {
  it('draws axes, ticks, the curve and the final value', () => {
    const loss = Array.from({ length: 41 }, (_, step) => step * 0.25);
    const svg = lossPlotSvg(loss, TEXT, 'p');
    assert.ok(svg);
    assert.match(svg, /^<svg class="loss-plot" viewBox="0 0 480 270"/);
    assert.match(svg, /role="img" aria-labelledby="p-title p-desc"/);
    assert.match(svg, /<line class="axis" x1="62" x2="62" y1="30" y2="224"\/>/, 'y axis');
    assert.match(svg, /<line class="axis" x1="62" x2="402" y1="224" y2="224"\/>/, 'x axis');
    assert.match(svg, /<polyline class="line" fill="none" points="62,224 [^"]+ 402,30"\/>/);
    assert.equal(svg.match(/points="([^"]+)"/)?.[1]?.split(' ').length, 41);
    assert.match(svg, /<tspan>final<\/tspan><tspan x="412" dy="1.2em">10<\/tspan>/);
    assert.match(svg, />update<\/text>/);
    assert.match(svg, />40<\/text>/, 'last x tick');
    assert.match(svg, /<title id="p-title">Loss &lt;of&gt; &quot;f&quot;<\/title><desc id="p-desc">desc &amp; more<\/desc>/);
  });

  it('centres a flat (dead) curve instead of dividing by zero', () => {
    const svg = lossPlotSvg(new Array<number>(41).fill(0), TEXT, 'dead');
    assert.ok(svg);
    assert.doesNotMatch(svg, /NaN|Infinity/);
    assert.match(svg, /points="62,127 /);
    assert.match(svg, /<tspan>final<\/tspan><tspan [^>]*>0<\/tspan>/);
    assert.deepEqual(lossDomain([0, 0]), [-1, 1]);
    assert.deepEqual(lossDomain([2, 2]), [1, 3]);
  });

  it('plots a single value and refuses empty or non-finite series', () => {
    assert.ok(lossPlotSvg([3], TEXT, 'one'));
    assert.equal(lossPlotSvg([], TEXT, 'none'), undefined);
    assert.equal(lossPlotSvg([1, Number.NaN], TEXT, 'nan'), undefined);
  });

  it('chooses round ticks and compact numbers', () => {
    assert.deepEqual(niceTicks(0, 40, 8), [0, 5, 10, 15, 20, 25, 30, 35, 40]);
    assert.deepEqual(niceTicks(0.79, 4.74, 5), [1, 2, 3, 4]);
    assert.deepEqual(niceTicks(-1, 1, 5), [-1, -0.5, 0, 0.5, 1]);
    assert.deepEqual(niceTicks(2, 2), [2]);
    assert.equal(formatLoss(4.743025), '4.743');
    assert.equal(formatLoss(0), '0');
    assert.equal(formatLoss(123456.7), '123500');
    assert.equal(formatLoss(0.00001234), '1.23e-5');
    assert.equal(escapeXml('<a & "b">'), '&lt;a &amp; &quot;b&quot;&gt;');
  });
});
