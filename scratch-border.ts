import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { borderRatio, highFrequencyEnergy, borderBand } from './src/bench/quality.ts';
const m = JSON.parse(readFileSync('/tmp/qp/manifest.json', 'utf8'));
for (const method of ['enhanced']) for (const layer of ['block1_conv1', 'block2_conv1']) {
  const fs = m.filters.filter((f: any) => f.layer === layer && f.method === method && f.status === 'ok');
  const ratios: number[] = []; let pb = 0, pbn = 0, pi = 0, pin = 0;
  for (const f of fs) {
    const { data, info } = await sharp('/tmp/qp/' + f.image).raw().toBuffer({ resolveWithObject: true });
    const img = { pixels: data, size: info.width };
    ratios.push(borderRatio(img));
    const e = highFrequencyEnergy(img); const b = borderBand(info.width);
    for (let y = 0; y < info.width; y++) for (let x = 0; x < info.width; x++) { const inB = y < b || x < b || y >= info.width - b || x >= info.width - b; if (inB) { pb += e[y * info.width + x]!; pbn++; } else { pi += e[y * info.width + x]!; pin++; } }
  }
  ratios.sort((a, b) => a - b);
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  console.log(method, layer, 'n', ratios.length, 'median', ratios[ratios.length >> 1]!.toFixed(2), 'mean', mean.toFixed(2), 'p90', ratios[Math.floor(ratios.length * 0.9)]!.toFixed(2), '>2:', ratios.filter((r) => r > 2).length, 'pooled', ((pb / pbn) / (pi / pin)).toFixed(2));
}
