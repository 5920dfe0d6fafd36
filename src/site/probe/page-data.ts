/**
 * The JSON the probe page carries for its script (built by config.ts at build time). Kept apart
 * from config.ts so that the browser bundle imports no build-time module.
 */
import type { BrowserModel, BrowserStage } from '../../engine/browser-model/model-entry.ts';
import type { Locale } from '../i18n.ts';
import type { ClientStringKey } from './i18n.ts';

export const PROBE_CONFIG_ID = 'probe-config';

export interface ProbeLayerConfig {
  readonly name: string;
  /** URL of this layer's weight file (the stages it adds beyond the previous layer). */
  readonly url: string;
  readonly bytes: number;
  /** The file's SHA-256 (hex) from the manifest: the probe uses no file that hashes otherwise. */
  readonly sha256: string;
  readonly stages: readonly BrowserStage[];
  readonly filterCount: number;
  /** The atlas's pattern (WebP) of each rendered filter: index → URL. */
  readonly thumbs: Readonly<Record<string, string>>;
  /** Each labelled filter's measured label in the page's language: index → text (empty without labels). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface ProbeConfig {
  readonly locale: Locale;
  readonly dtype: BrowserModel['dtype'];
  readonly side: number;
  readonly layers: readonly ProbeLayerConfig[];
  /** The locale's root URL: a filter page is `${pageRoot}${layer}/${index}/`. */
  readonly pageRoot: string;
  /** An atlas sheet offered as a sample image, when the atlas has one. */
  readonly atlasSample?: string;
  readonly strings: Readonly<Record<ClientStringKey, string>>;
}


/** "Filter 6", or "Filter 6 — vertical edges" when the atlas labelled it: the map captions' name. */
export function filterName(template: string, layer: Pick<ProbeLayerConfig, 'labels'>, index: number): string {
  const name = fillTemplate(template, { index });
  const label = layer.labels[String(index)];
  return label === undefined ? name : `${name} — ${label}`;
}

/** Fills {name} placeholders; an unknown name stays as it is. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
