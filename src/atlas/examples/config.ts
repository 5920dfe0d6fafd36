import { z } from 'zod';
import { DEFAULT_EXAMPLE_SIZE } from '../../engine/examples/preprocess.ts';
import { AtlasError } from '../../errors.ts';

/** The public set the CI workflow uses by default: Imagenette 320 px (fast.ai), 13,394 ImageNet images. */
export const IMAGENETTE_URL = 'https://s3.amazonaws.com/fast-ai-imageclas/imagenette2-320.tgz';
export const IMAGENETTE_SHA256 = '569b4497c98db6dd29f335d1f109cf315fe127053cedf69010d047f0188e158c';
export const IMAGENETTE_ATTRIBUTION =
  'Imagenette (fast.ai, imagenette2-320), a subset of ImageNet: the images carry ImageNet’s terms, non-commercial research and education only';
/** The attribution of a set given without one. */
export const OWN_SET_ATTRIBUTION = 'Images from the atlas maker’s own set; their owners’ terms apply';
export const DEFAULT_K = 9;

const Globs = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** atlas.config.json's `examples`: globs, or an object with the globs or an archive and the protocol's settings. */
export const ExamplesConfigFile = z.union([
  Globs,
  z.strictObject({
    globs: Globs.optional(),
    url: z.string().url().optional(),
    sha256: z.string().optional(),
    size: z.number().int().positive().optional(),
    k: z.number().int().positive().optional(),
    attribution: z.string().optional(),
  }),
]);
export type ExamplesConfigFile = z.infer<typeof ExamplesConfigFile>;

export interface ExamplesConfig {
  readonly source: { readonly kind: 'folder'; readonly globs: readonly string[] } | { readonly kind: 'url'; readonly url: string; readonly sha256: string };
  /** S: the side every image is brought to. */
  readonly size: number;
  readonly k: number;
  readonly attribution: string;
}

export interface ExamplesFlags {
  readonly examples?: string[] | undefined;
  readonly 'examples-url'?: string | undefined;
  readonly 'examples-sha256'?: string | undefined;
  readonly 'examples-size'?: string | undefined;
  readonly 'examples-k'?: string | undefined;
  readonly 'examples-attribution'?: string | undefined;
}

export const EXAMPLES_FLAGS = {
  examples: { type: 'string', multiple: true },
  'examples-url': { type: 'string' },
  'examples-sha256': { type: 'string' },
  'examples-size': { type: 'string' },
  'examples-k': { type: 'string' },
  'examples-attribution': { type: 'string' },
} as const;

function wholeNumber(value: string, flag: string, minimum: number): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < minimum) throw new AtlasError(`${flag} must be a whole number ≥ ${minimum}, got "${value}"`, { hint: `e.g. ${flag} ${flag === '--examples-k' ? 9 : 224}` });
  return number;
}

/** Flags over the config file; undefined when neither names a set. */
export function resolveExamplesConfig(flags: ExamplesFlags, file: ExamplesConfigFile | undefined): ExamplesConfig | undefined {
  const fileObject = typeof file === 'object' && !Array.isArray(file) ? file : undefined;
  const fileGlobs = typeof file === 'string' ? [file] : Array.isArray(file) ? file : typeof fileObject?.globs === 'string' ? [fileObject.globs] : fileObject?.globs;
  const flagGlobs = flags.examples?.length ? flags.examples : undefined;
  const url = flags['examples-url'] ?? (flagGlobs ? undefined : fileObject?.url);
  const sha256 = flags['examples-sha256'] ?? fileObject?.sha256;
  const globs = flagGlobs ?? (flags['examples-url'] ? undefined : fileGlobs);
  if (!globs && !url) {
    if (flags['examples-sha256'] !== undefined) throw new AtlasError('--examples-sha256 is given without --examples-url', { hint: 'pass the archive with --examples-url URL --examples-sha256 HEX' });
    return undefined;
  }
  if (globs && url) throw new AtlasError('both --examples globs and --examples-url are given', { hint: 'use a local folder (--examples GLOB) or an archive (--examples-url URL --examples-sha256 HEX), not both' });
  let source: ExamplesConfig['source'];
  if (url) {
    if (!sha256 || !/^[0-9a-f]{64}$/i.test(sha256)) {
      throw new AtlasError(`--examples-url needs --examples-sha256 with the archive's 64-hex-digit SHA-256${sha256 ? `, got "${sha256}"` : ''}`, { hint: `e.g. --examples-url ${IMAGENETTE_URL} --examples-sha256 ${IMAGENETTE_SHA256}` });
    }
    source = { kind: 'url', url, sha256: sha256.toLowerCase() };
  } else {
    source = { kind: 'folder', globs: globs! };
  }
  const size = flags['examples-size'] !== undefined ? wholeNumber(flags['examples-size'], '--examples-size', 32) : (fileObject?.size ?? DEFAULT_EXAMPLE_SIZE);
  if (size < 32) throw new AtlasError(`examples size ${size} is too small`, { hint: 'use 32 px or more (the default is 224)' });
  const k = flags['examples-k'] !== undefined ? wholeNumber(flags['examples-k'], '--examples-k', 1) : (fileObject?.k ?? DEFAULT_K);
  const attribution =
    flags['examples-attribution'] ??
    fileObject?.attribution ??
    (source.kind === 'url' && source.url === IMAGENETTE_URL ? IMAGENETTE_ATTRIBUTION : OWN_SET_ATTRIBUTION);
  return { source, size, k, attribution };
}
