/** The VGG16 convolutional topology (Keras `include_top=False`), up to block5. */

export interface ConvSpec {
  readonly kind: 'conv';
  readonly name: string;
  readonly inChannels: number;
  readonly outChannels: number;
}
export interface PoolSpec {
  readonly kind: 'pool';
  readonly name: string;
}
export type LayerSpec = ConvSpec | PoolSpec;

function conv(name: string, inChannels: number, outChannels: number): ConvSpec {
  return { kind: 'conv', name, inChannels, outChannels };
}
function pool(name: string): PoolSpec {
  return { kind: 'pool', name };
}

/** The topology with the given channel width per block; tiny test models use small widths. */
export function vgg16Layers(widths: readonly [number, number, number, number, number] = [64, 128, 256, 512, 512]): LayerSpec[] {
  const [w1, w2, w3, w4, w5] = widths;
  return [
    conv('block1_conv1', 3, w1), conv('block1_conv2', w1, w1), pool('block1_pool'),
    conv('block2_conv1', w1, w2), conv('block2_conv2', w2, w2), pool('block2_pool'),
    conv('block3_conv1', w2, w3), conv('block3_conv2', w3, w3), conv('block3_conv3', w3, w3), pool('block3_pool'),
    conv('block4_conv1', w3, w4), conv('block4_conv2', w4, w4), conv('block4_conv3', w4, w4), pool('block4_pool'),
    conv('block5_conv1', w4, w5), conv('block5_conv2', w5, w5), conv('block5_conv3', w5, w5), pool('block5_pool'),
  ];
}

export const VGG16_LAYERS: readonly LayerSpec[] = vgg16Layers();

/** The four layers the atlas renders by default (the notebook's choice). */
export const ATLAS_LAYERS = ['block1_conv1', 'block2_conv1', 'block3_conv1', 'block4_conv1'] as const;

export function isConvLayerName(name: string): boolean {
  return VGG16_LAYERS.some((layer) => layer.kind === 'conv' && layer.name === name);
}

/** The layers from the input up to and including `target`. */
export function layersUpTo(target: string, layers: readonly LayerSpec[] = VGG16_LAYERS): LayerSpec[] {
  const end = layers.findIndex((layer) => layer.name === target);
  if (end < 0) throw new Error(`unknown VGG16 layer ${target}`);
  return layers.slice(0, end + 1);
}

/** Number of 2x2 poolings before `target`: the input side must be divisible by 2^this. */
export function poolingsBefore(target: string, layers: readonly LayerSpec[] = VGG16_LAYERS): number {
  return layersUpTo(target, layers).filter((layer) => layer.kind === 'pool').length;
}
