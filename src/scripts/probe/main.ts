/**
 * The probe page's script: takes an image (file input, drop, paste or a sample), prepares it as
 * the atlas does, loads the runtime and the chosen layer's weights on first use, runs the network
 * and shows the result. Every message goes to one live region; a failure leaves the page ready for
 * the next image. The image is only ever read here: nothing is sent anywhere.
 */
import { PROBE_CONFIG_ID, type ProbeConfig } from '../../site/probe/page-data.ts';
import { fillTemplate } from '../../site/probe/page-data.ts';
import { dictionaryElements, SemanticDictionary } from './dictionary.ts';
import { browserCanProbe, ImageProblem, prepareImage, type PreparedImage } from './image.ts';
import { IntegrityError } from './integrity.ts';
import { renderResult } from './results.ts';
import type { ProbeNetwork } from './runtime.ts';
import { sampleBlob, type SampleName } from './samples.ts';
import { loadWeights } from './weights.ts';

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the probe page has no #${id}`);
  return found as T;
}

const config = JSON.parse(byId(PROBE_CONFIG_ID).textContent ?? '{}') as ProbeConfig;
const strings = config.strings;
const form = byId<HTMLElement>('probe-form');
const layerSelect = byId<HTMLSelectElement>('probe-layer');
const fileInput = byId<HTMLInputElement>('probe-file');
const dropZone = byId<HTMLElement>('probe-drop');
const status = byId<HTMLElement>('probe-status');
const progress = byId<HTMLProgressElement>('probe-progress');
const result = byId<HTMLElement>('probe-result');
const dictionary = new SemanticDictionary(config, dictionaryElements(document));

let network: Promise<ProbeNetwork> | undefined;
let image: PreparedImage | undefined;
/** Each request's number: a result that arrives after a newer request is dropped. */
let generation = 0;

function say(text: string, problem = false): void {
  status.textContent = text;
  status.classList.toggle('probe-problem', problem);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const params = new URLSearchParams(window.location.search);
const preselectedLayer = config.layers.find((layer) => layer.name === params.get('layer'));
if (preselectedLayer) layerSelect.value = preselectedLayer.name;
const preselectedIndex = params.has('filter') ? Number(params.get('filter')) : Number.NaN;

function chosenFilter(layerName: string): number | undefined {
  return preselectedLayer?.name === layerName && Number.isInteger(preselectedIndex) && preselectedIndex >= 0 ? preselectedIndex : undefined;
}

function failureMessage(error: unknown, stage: 'load' | 'run'): string {
  if (error instanceof IntegrityError) return error.checkable ? fillTemplate(strings.integrityFailed, { layer: error.layer }) : strings.integrityUnavailable;
  return fillTemplate(stage === 'load' ? strings.loadFailed : strings.runFailed, { reason: reason(error) });
}

async function analyse(started: number): Promise<void> {
  const current = ++generation;
  const prepared = image;
  if (!prepared) return;
  const position = config.layers.findIndex((layer) => layer.name === layerSelect.value);
  const layers = config.layers.slice(0, position + 1);
  const layer = layers.at(-1);
  if (!layer) return;
  let stage: 'load' | 'run' = 'load';
  try {
    if (!network) say(strings.loadingRuntime);
    network ??= import('./runtime.ts').then((module) => module.loadNetwork());
    network.catch(() => (network = undefined));
    const weights = await loadWeights(layers, config.dtype, (loaded, total) => {
      progress.hidden = false;
      progress.max = total;
      progress.value = loaded;
      if (current === generation) say(fillTemplate(strings.loadingWeights, { layer: layer.name, loaded: Math.round(loaded / 1000), total: Math.round(total / 1000) }));
    });
    progress.hidden = true;
    const ready = await network;
    if (current !== generation) return;
    stage = 'run';
    say(fillTemplate(strings.running, { layer: layer.name }));
    const map = await ready.run(prepared.pixels, config.side, layers, weights);
    if (current !== generation) return;
    renderResult({ config, layer, map, image: prepared.canvas, preselected: chosenFilter(layer.name) });
    dictionary.update(layer, map);
    result.hidden = false;
    const seconds = (performance.now() - started) / 1000;
    result.dataset.layer = layer.name;
    result.dataset.seconds = seconds.toFixed(3);
    say(fillTemplate(strings.done, { layer: layer.name, count: layer.filterCount, seconds: seconds.toFixed(2) }));
  } catch (error) {
    progress.hidden = true;
    if (current !== generation) return;
    // No result beside a failure: what is on show would be an earlier image's or layer's.
    result.hidden = true;
    delete result.dataset.layer;
    delete result.dataset.seconds;
    say(failureMessage(error, stage), true);
  }
}

async function useImage(blob: Blob, name: string): Promise<void> {
  const started = performance.now();
  const current = ++generation;
  try {
    const prepared = await prepareImage(blob, name, config.side);
    if (current !== generation) return;
    image = prepared;
  } catch (error) {
    if (current !== generation) return;
    say(error instanceof ImageProblem ? fillTemplate(strings[error.key], error.values) : fillTemplate(strings.notImage, { name }), true);
    return;
  }
  await analyse(started);
}

function firstImageFile(files: FileList | null | undefined): File | undefined {
  return files?.[0];
}

if (!browserCanProbe()) {
  byId('probe-unsupported').hidden = false;
  form.hidden = true;
} else {
  fileInput.addEventListener('change', () => {
    const file = firstImageFile(fileInput.files);
    if (file) void useImage(file, file.name);
    fileInput.value = '';
  });
  // A file dropped anywhere on the page is taken, rather than the browser leaving the page to show it.
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('probe-drop-active');
  });
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) dropZone.classList.remove('probe-drop-active');
  });
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('probe-drop-active');
    const file = firstImageFile(event.dataTransfer?.files);
    if (file) void useImage(file, file.name);
  });
  document.addEventListener('paste', (event) => {
    const file = firstImageFile(event.clipboardData?.files);
    if (file) void useImage(file, file.name || 'pasted image');
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-sample]')) {
    button.addEventListener('click', () => {
      const name = button.dataset.sample ?? '';
      const blob = name === 'atlas' && config.atlasSample ? fetch(config.atlasSample).then((response) => response.blob()) : sampleBlob(name as SampleName);
      blob.then(
        (sample) => useImage(sample, button.textContent?.trim() ?? name),
        (error: unknown) => say(fillTemplate(strings.loadFailed, { reason: reason(error) }), true),
      );
    });
  }
  layerSelect.addEventListener('change', () => {
    if (image) void analyse(performance.now());
  });
}
