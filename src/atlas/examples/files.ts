import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { ExampleFileSpec } from '../../engine/examples/entries.ts';
import { preprocessImage } from '../../engine/examples/preprocess.ts';
import { renderExampleFile } from '../../engine/examples/render.ts';
import { writeFileAtomic } from '../../lib/atomic-write.ts';

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}

/**
 * Writes the files the entries name that --out does not hold yet, decoding each source image once
 * (the same preprocessing as the forward pass). Returns how many were written and the seconds spent.
 */
export async function writeExampleFiles(outDir: string, specs: readonly ExampleFileSpec[], sourceOf: (image: string) => string, size: number): Promise<{ written: number; seconds: number }> {
  const start = performance.now();
  const missing: ExampleFileSpec[] = [];
  for (const spec of specs) if (!(await exists(path.join(outDir, spec.path)))) missing.push(spec);
  // One image's files together, so its pixels are decoded once and dropped after.
  const byImage = new Map<string, ExampleFileSpec[]>();
  for (const spec of missing) {
    const key = spec.kind === 'heatmap' ? `heat:${spec.path}` : spec.image;
    byImage.set(key, [...(byImage.get(key) ?? []), spec]);
  }
  const limit = pLimit(4);
  await Promise.all(
    [...byImage.values()].map((group) =>
      limit(async () => {
        let pixels: Promise<Uint8Array> | undefined;
        for (const spec of group) {
          const decode = spec.kind === 'heatmap' ? () => Promise.reject(new Error('a heatmap needs no pixels')) : () => (pixels ??= preprocessImage(sourceOf(spec.image), size));
          const bytes = await renderExampleFile(spec, decode, size);
          await writeFileAtomic(path.join(outDir, spec.path), bytes);
        }
      }),
    ),
  );
  return { written: missing.length, seconds: (performance.now() - start) / 1000 };
}

/** Copies the files the entries name from the shard directories that hold them (merge). */
export async function copyExampleFiles(outDir: string, specs: readonly ExampleFileSpec[], shardDirs: readonly string[]): Promise<void> {
  for (const spec of specs) {
    const target = path.join(outDir, spec.path);
    if (await exists(target)) continue;
    let source: string | undefined;
    for (const dir of shardDirs) {
      if (await exists(path.join(dir, spec.path))) {
        source = path.join(dir, spec.path);
        break;
      }
    }
    if (!source) throw new Error(`${spec.path} is named by the merged examples but no shard holds it`);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(source, target);
  }
}
