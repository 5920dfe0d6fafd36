/**
 * Stimulus images for the tuning pages: each filter's best stimulus and the /tuning/ page's
 * examples, rendered at build time from their descriptors with the engine's own stimulus renderer
 * (the exact pixels the network saw, before the caffe conversion), as small lossless PNGs. Named
 * by the descriptor, so filters that share a best stimulus share one file. Nothing here runs the
 * network.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import sharp from 'sharp';
import { readManifest, type Manifest, type TuningProtocol } from '../../atlas/manifest.ts';
import { renderStimulusRgb } from '../../engine/tuning/stimuli.ts';
import type { StimulusDescriptor } from '../../engine/tuning/tuning-entry.ts';
import { joinBase } from '../urls.ts';

/** Where the stimulus PNGs go inside the built site (below the base path). */
export const STIMULI_DIR = 'tuning/stimuli';

function numberText(value: number): string {
  return String(Number(value.toFixed(4)));
}

/** The file name of a stimulus: "luminance-o45-f12-p90.png", "hue-195.png", "gray-0.75.png". */
export function stimulusFileName(stimulus: StimulusDescriptor): string {
  if (stimulus.kind === 'patch') {
    return stimulus.hue === null ? `gray-${numberText(stimulus.lightness)}.png` : `hue-${numberText(stimulus.hue)}-c${numberText(stimulus.chroma)}-l${numberText(stimulus.lightness)}.png`;
  }
  return `${stimulus.kind}-o${numberText(stimulus.orientation)}-f${numberText(stimulus.cyclesPerSide)}-p${numberText(stimulus.phase)}.png`;
}

/** Path of a stimulus image in the built site, relative to the base. */
export function stimulusPath(stimulus: StimulusDescriptor): string {
  return `${STIMULI_DIR}/${stimulusFileName(stimulus)}`;
}

export function stimulusUrl(base: string, stimulus: StimulusDescriptor): string {
  return joinBase(base, stimulusPath(stimulus));
}

/** The stimulus as the protocol made it (side `size`, grating `contrast`), as a PNG. */
export async function stimulusPng(stimulus: StimulusDescriptor, protocol: Pick<TuningProtocol, 'size' | 'contrast'>): Promise<Buffer> {
  const { size, contrast } = protocol;
  const rgb = renderStimulusRgb(stimulus, size, contrast);
  const bytes = Buffer.alloc(rgb.length);
  for (let i = 0; i < rgb.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, rgb[i]!)) * 255);
  return sharp(bytes, { raw: { width: size, height: size, channels: 3 } })
    .png({ compressionLevel: 9, adaptiveFiltering: true })
    .toBuffer();
}

/**
 * The examples the /tuning/ page shows: black-and-white gratings at the four named orientations
 * and at the finest frequency, one of each colour-opponent grating, and three hue patches.
 */
export function exampleStimuli(protocol: TuningProtocol): StimulusDescriptor[] {
  const frequencies = [...protocol.cyclesPerSide].sort((a, b) => a - b);
  const coarse = frequencies[Math.min(1, frequencies.length - 1)] ?? 1;
  const fine = frequencies.at(-1) ?? coarse;
  const grating = (kind: 'luminance' | 'red-green' | 'blue-yellow', orientation: number, cyclesPerSide: number): StimulusDescriptor => ({
    kind,
    orientation,
    cyclesPerSide,
    phase: 0,
  });
  const patch = (hue: number): StimulusDescriptor => ({ kind: 'patch', hue, chroma: protocol.hueChroma, lightness: 0.5 });
  return [
    grating('luminance', 0, coarse),
    grating('luminance', 45, coarse),
    grating('luminance', 90, coarse),
    grating('luminance', 135, coarse),
    grating('luminance', 0, fine),
    grating('red-green', 45, coarse),
    grating('blue-yellow', 135, coarse),
    patch(0),
    patch(120),
    patch(240),
  ];
}

/** Every stimulus image a site needs: each filter's best stimulus and the examples, each once. */
export function stimulusJobs(manifest: Manifest): StimulusDescriptor[] {
  if (!manifest.tuningProtocol || !manifest.tuning?.length) return [];
  const byPath = new Map<string, StimulusDescriptor>();
  for (const stimulus of [...manifest.tuning.map((entry) => entry.bestStimulus), ...exampleStimuli(manifest.tuningProtocol)]) {
    if (stimulus) byPath.set(stimulusPath(stimulus), stimulus);
  }
  return [...byPath.values()];
}

/** Writes every stimulus image of the manifest into `outDir`; returns how many. */
export async function writeStimulusImages(manifest: Manifest, outDir: string): Promise<number> {
  const protocol = manifest.tuningProtocol;
  if (!protocol) return 0;
  const jobs = stimulusJobs(manifest);
  if (jobs.length > 0) await mkdir(path.join(outDir, ...STIMULI_DIR.split('/')), { recursive: true });
  for (const stimulus of jobs) {
    await writeFile(path.join(outDir, ...stimulusPath(stimulus).split('/')), await stimulusPng(stimulus, protocol));
  }
  return jobs.length;
}

/** Writes the stimulus images into the build, and serves them in dev (rendered when asked for). */
export function tuningImagesIntegration(options: { dataDir: string }): AstroIntegration {
  let manifest: Manifest | undefined;
  let base = '/';
  return {
    name: 'vgg16-atlas-tuning-images',
    hooks: {
      'astro:config:setup': async ({ command }) => {
        // The atlas integration has validated the manifest already (it comes first).
        if (command === 'build' || command === 'dev') manifest = await readManifest(path.join(options.dataDir, 'manifest.json'));
      },
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:server:setup': ({ server }) => {
        const prefix = joinBase(base, `${STIMULI_DIR}/`);
        server.middlewares.use((request, response, next) => {
          const url = new URL(request.url ?? '/', 'http://localhost');
          const protocol = manifest?.tuningProtocol;
          if (!manifest || !protocol || !url.pathname.startsWith(prefix)) return next();
          const stimulus = stimulusJobs(manifest).find((job) => joinBase(base, stimulusPath(job)) === url.pathname);
          if (!stimulus) return next();
          stimulusPng(stimulus, protocol).then((png) => {
            response.setHeader('Content-Type', 'image/png');
            response.end(png);
          }, next);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!manifest) return;
        const count = await writeStimulusImages(manifest, fileURLToPath(dir));
        if (count > 0) logger.info(`wrote ${count} tuning stimulus images`);
      },
    },
  };
}
