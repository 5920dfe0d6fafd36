import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseCommandLine } from '../lib/command-line.ts';
import { z } from 'zod';
import { BACKEND_CHOICES, type BackendChoice } from '../engine/runtime/select.ts';
import { isConvLayerName, poolingsBefore, ATLAS_LAYERS, VGG16_LAYERS } from '../engine/vgg16.ts';
import { defaultCacheDir } from '../engine/weights/download.ts';
import { AtlasError } from '../errors.ts';
import { parseFilterSpec, type FilterRange } from './filter-selection.ts';
import { METHOD_NAMES, MethodName, type MethodParams } from '../engine/method/params.ts';
import { TRANSFORM_SETS } from '../engine/transform/standard.ts';
import { LEARNING_RATE_SCHEDULES } from '../engine/optimize/schedule.ts';
import { parseShard, type Shard } from './shard.ts';
import { EXAMPLES_FLAGS, ExamplesConfigFile, resolveExamplesConfig, type ExamplesConfig } from './examples/config.ts';

export const DEFAULT_OUT_DIR = 'atlas-out';
export const DEFAULT_CONFIG_FILE = 'atlas.config.json';
export const MAX_SIZE = 512;

/** The enhanced method's defaults, chosen by measured quality against time (docs/methods.md). */
export const ENHANCED_DEFAULTS = { size: 96, steps: 80, learningRate: 0.1, transforms: 'periodic', objective: 'post-relu', preReluStart: true, schedule: 'cosine', weightDecay: 0 } as const;

/** atlas.config.json: every field optional; command-line flags override it. */
export const ConfigFile = z.strictObject({
  $schema: z.string().optional(),
  layers: z.array(z.string()).min(1).optional(),
  filters: z.string().optional(),
  methods: z.array(MethodName).min(1).optional(),
  /** Measure tuning curves (default true). */
  tuning: z.boolean().optional(),
  /** Dataset examples: globs of a local image folder, or { globs | url + sha256, size, k, attribution }. */
  examples: ExamplesConfigFile.optional(),
  /** The enhanced method's own parameters; size, steps, step and seed above are classic's (seed is shared). */
  enhanced: z
    .strictObject({
      size: z.number().int().positive().optional(),
      steps: z.number().int().positive().optional(),
      learningRate: z.number().positive().finite().optional(),
      transforms: z.enum(TRANSFORM_SETS).optional(),
      objective: z.enum(['pre-relu', 'post-relu']).optional(),
      preReluStart: z.boolean().optional(),
      schedule: z.enum(LEARNING_RATE_SCHEDULES).optional(),
      weightDecay: z.number().min(0).finite().optional(),
    })
    .optional(),
  size: z.number().int().positive().optional(),
  steps: z.number().int().positive().optional(),
  step: z.number().positive().finite().optional(),
  seed: z.number().int().nonnegative().optional(),
  weights: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  workers: z.number().int().positive().optional(),
  backend: z.enum(BACKEND_CHOICES).optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

export interface AtlasConfig {
  readonly layers: readonly string[];
  readonly filters: readonly FilterRange[] | undefined;
  /** The methods to render, in the order of METHOD_NAMES. */
  readonly methods: readonly MethodParams[];
  /** Whether to measure each layer's tuning curves, and at what stimulus side (the classic --size). */
  readonly tuning: boolean;
  readonly tuningSize: number;
  /** Dataset examples: which images and how; undefined for none. */
  readonly examples: ExamplesConfig | undefined;
  readonly weights: string | undefined;
  readonly out: string;
  readonly workers: number;
  readonly backend: BackendChoice;
  readonly shard: Shard | undefined;
  readonly force: boolean;
  /** Exit 0 even when some filter's ascent failed (a NaN or Inf); by default such a run exits 1 after writing everything. */
  readonly allowFailed: boolean;
  readonly verbose: boolean;
  readonly cacheDir: string;
}

export const PRECOMPUTE_FLAGS = {
  config: { type: 'string' },
  layers: { type: 'string' },
  filters: { type: 'string' },
  methods: { type: 'string' },
  'enhanced-size': { type: 'string' },
  'enhanced-steps': { type: 'string' },
  'enhanced-lr': { type: 'string' },
  'enhanced-transforms': { type: 'string' },
  'enhanced-objective': { type: 'string' },
  'enhanced-pre-relu-start': { type: 'boolean' },
  'enhanced-schedule': { type: 'string' },
  'enhanced-weight-decay': { type: 'string' },
  size: { type: 'string' },
  steps: { type: 'string' },
  step: { type: 'string' },
  seed: { type: 'string' },
  weights: { type: 'string' },
  out: { type: 'string' },
  workers: { type: 'string' },
  backend: { type: 'string' },
  shard: { type: 'string' },
  force: { type: 'boolean' },
  'allow-failed': { type: 'boolean' },
  tuning: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean' },
  ...EXAMPLES_FLAGS,
} as const;

export type ParsedFlags = ReturnType<typeof parseFlags>;

/** `--size -8` is a (bad) value, not an option: it is read as `--size=-8`, so it gets the numeric message. */
const NUMERIC_FLAGS = new Set(['--examples-size', '--examples-k', '--size', '--steps', '--step', '--seed', '--workers', '--enhanced-size', '--enhanced-steps', '--enhanced-lr', '--enhanced-weight-decay']);

export function parseFlags(argv: readonly string[]) {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (NUMERIC_FLAGS.has(argv[i]!) && next !== undefined && /^-[\d.]/.test(next)) args.push(`${argv[i]}=${argv[++i]}`);
    else args.push(argv[i]!);
  }
  return parseCommandLine(args, { options: PRECOMPUTE_FLAGS, allowPositionals: false, allowNegative: true }, 'precompute').values;
}

/** Defaults, then the config file, then ATLAS_WEIGHTS, then flags. */
export async function resolveConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<AtlasConfig> {
  const flags = parseFlags(argv);
  const file = await readConfigFile(flags.config);
  const layers = flags.layers !== undefined ? splitList(flags.layers, '--layers') : (file.layers ?? [...ATLAS_LAYERS]);
  for (const layer of layers) {
    if (!isConvLayerName(layer)) {
      const known = VGG16_LAYERS.filter((spec) => spec.kind === 'conv').map((spec) => spec.name);
      throw new AtlasError(`unknown layer "${layer}"`, { hint: `VGG16's convolution layers are ${known.join(', ')}` });
    }
  }
  const seed = flags.seed !== undefined ? parseCount(flags.seed, '--seed', 0) : (file.seed ?? 0);
  const classic: MethodParams = {
    name: 'classic',
    size: flags.size !== undefined ? parseCount(flags.size, '--size') : (file.size ?? 64),
    steps: flags.steps !== undefined ? parseCount(flags.steps, '--steps') : (file.steps ?? 40),
    step: flags.step !== undefined ? parsePositive(flags.step, '--step') : (file.step ?? 1),
    seed,
  };
  const enhanced: MethodParams = {
    name: 'enhanced',
    size: flags['enhanced-size'] !== undefined ? parseCount(flags['enhanced-size'], '--enhanced-size') : (file.enhanced?.size ?? ENHANCED_DEFAULTS.size),
    steps: flags['enhanced-steps'] !== undefined ? parseCount(flags['enhanced-steps'], '--enhanced-steps') : (file.enhanced?.steps ?? ENHANCED_DEFAULTS.steps),
    learningRate: flags['enhanced-lr'] !== undefined ? parsePositive(flags['enhanced-lr'], '--enhanced-lr') : (file.enhanced?.learningRate ?? ENHANCED_DEFAULTS.learningRate),
    seed,
    transforms: parseChoice(flags['enhanced-transforms'], '--enhanced-transforms', TRANSFORM_SETS) ?? file.enhanced?.transforms ?? ENHANCED_DEFAULTS.transforms,
    objective: parseChoice(flags['enhanced-objective'], '--enhanced-objective', ['pre-relu', 'post-relu'] as const) ?? file.enhanced?.objective ?? ENHANCED_DEFAULTS.objective,
    preReluStart: flags['enhanced-pre-relu-start'] ?? file.enhanced?.preReluStart ?? ENHANCED_DEFAULTS.preReluStart,
    schedule: parseChoice(flags['enhanced-schedule'], '--enhanced-schedule', LEARNING_RATE_SCHEDULES) ?? file.enhanced?.schedule ?? ENHANCED_DEFAULTS.schedule,
    weightDecay: flags['enhanced-weight-decay'] !== undefined ? parseBetween(flags['enhanced-weight-decay'], '--enhanced-weight-decay', Infinity) : (file.enhanced?.weightDecay ?? ENHANCED_DEFAULTS.weightDecay),
  };
  const names = flags.methods !== undefined ? parseMethods(flags.methods) : (file.methods ?? METHOD_NAMES);
  const methods = [classic, enhanced].filter((method) => names.includes(method.name));
  for (const layer of layers) for (const method of methods) checkSize(layer, method.size, method.name === 'classic' ? '--size' : '--enhanced-size');
  const backend = flags.backend ?? file.backend ?? 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    throw new AtlasError(`unknown backend "${backend}"`, { hint: `use one of ${BACKEND_CHOICES.join(', ')}` });
  }
  const filterSpec = flags.filters ?? file.filters;
  return {
    layers: [...new Set(layers)],
    filters: filterSpec === undefined ? undefined : parseFilterSpec(filterSpec),
    methods,
    tuning: flags.tuning ?? file.tuning ?? true,
    tuningSize: classic.size,
    examples: resolveExamplesConfig(flags, file.examples),
    weights: flags.weights ?? env['ATLAS_WEIGHTS'] ?? file.weights,
    out: flags.out ?? file.out ?? DEFAULT_OUT_DIR,
    workers: flags.workers !== undefined ? parseCount(flags.workers, '--workers') : (file.workers ?? os.availableParallelism()),
    backend: backend as BackendChoice,
    shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
    force: flags.force ?? false,
    allowFailed: flags['allow-failed'] ?? false,
    verbose: flags.verbose ?? false,
    cacheDir: defaultCacheDir(env),
  };
}

async function readConfigFile(explicitPath: string | undefined): Promise<ConfigFile> {
  const filePath = explicitPath ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch {
    if (explicitPath === undefined) return {};
    throw new AtlasError(`config file ${filePath} cannot be read`, { hint: 'check the --config path' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8 may quote the offending text, newlines and all: keep the message on one line.
    const reason = (error as Error).message.replace(/\s+/g, ' ');
    throw new AtlasError(`config file ${filePath} is not valid JSON: ${reason}`, { hint: 'fix the JSON syntax' });
  }
  const parsed = ConfigFile.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  const unknown = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  throw new AtlasError(`config file ${filePath}: ${where}: ${unknown}`, {
    hint: `allowed fields: ${Object.keys(ConfigFile.shape).join(', ')}`,
  });
}

function splitList(value: string, flag: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.length === 0 || items.some((item) => item === '')) {
    throw new AtlasError(`${flag} "${value}" has an empty item`, { hint: `pass a comma-separated list, e.g. ${flag} block1_conv1,block2_conv1` });
  }
  return items;
}

function parseCount(value: string, flag: string, minimum = 1): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < minimum) {
    throw new AtlasError(`${flag} must be a whole number ≥ ${minimum}, got "${value}"`, { hint: `e.g. ${flag} ${Math.max(minimum, 1) * 4}` });
  }
  return number;
}

function parsePositive(value: string, flag: string): number {
  const number = /^\s*[0-9.eE+-]+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) {
    throw new AtlasError(`${flag} must be a positive number, got "${value}"`, { hint: `e.g. ${flag} 1` });
  }
  return number;
}

/** A number from 0 to `maximum` (Infinity: any number ≥ 0). */
function parseBetween(value: string, flag: string, maximum: number): number {
  const number = /^\s*[0-9.eE+-]+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number < 0 || number > maximum) {
    const range = maximum === Infinity ? 'a number ≥ 0' : `a number from 0 to ${maximum}`;
    throw new AtlasError(`${flag} must be ${range}, got "${value}"`, { hint: `e.g. ${flag} 0.25` });
  }
  return number;
}

/** The target's feature map must be at least 4×4: 4·2^(poolings before it) pixels of input. */
export function minimumSize(layer: string): number {
  return 4 * 2 ** poolingsBefore(layer);
}

function checkSize(layer: string, size: number, flag: string): void {
  const minimum = minimumSize(layer);
  if (size < minimum) {
    throw new AtlasError(`${flag} ${size} is too small for ${layer}: it sees the input after ${poolingsBefore(layer)} 2× poolings`, {
      hint: `use ${flag} ${minimum} or more for ${layer}`,
    });
  }
  if (size > MAX_SIZE) throw new AtlasError(`${flag} ${size} is larger than the maximum ${MAX_SIZE}`, { hint: `use ${flag} ${MAX_SIZE} or less` });
}

function parseChoice<T extends string>(value: string | undefined, flag: string, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new AtlasError(`${flag} "${value}" is not one of ${choices.join(', ')}`, { hint: `e.g. ${flag} ${choices[0]}` });
  return value as T;
}

function parseMethods(value: string): MethodName[] {
  const names = splitList(value, '--methods');
  for (const name of names) {
    if (!(METHOD_NAMES as readonly string[]).includes(name)) {
      throw new AtlasError(`unknown method "${name}"`, { hint: `--methods takes a comma-separated list of ${METHOD_NAMES.join(', ')}` });
    }
  }
  return names as MethodName[];
}
