import type { Manifest } from '../../atlas/manifest.ts';

/** Every examples file the manifest points at (crops, whole images, heatmaps), each once, in manifest order. */
export function exampleFiles(manifest: Manifest): string[] {
  const files = new Set<string>();
  for (const entry of manifest.examples ?? []) {
    for (const example of [...entry.top, ...entry.bottom]) {
      files.add(example.crop.file);
      files.add(example.whole);
      if (example.heatmap) files.add(example.heatmap);
    }
  }
  return [...files];
}
