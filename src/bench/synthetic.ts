/**
 * A synthetic VGG16 for timing: the real layer names and shapes up to block4_conv1, with
 * deterministic He-scaled random weights, so no real weights are needed to measure speed.
 */
import { tinyVggWeights, writeKerasHdf5 } from '../engine/weights/random-vgg.ts';
import { VGG16_BLOCK_WIDTHS } from '../engine/weights/validate.ts';

export const SYNTHETIC_LAST_LAYER = 'block4_conv1';

/** Writes the synthetic model as a Keras 2 HDF5 weights file that `--weights` accepts. */
export async function writeSyntheticVgg16(filePath: string, seed = 16): Promise<void> {
  const layers = tinyVggWeights({ seed, widths: VGG16_BLOCK_WIDTHS, upTo: SYNTHETIC_LAST_LAYER });
  await writeKerasHdf5(filePath, layers, 'keras2');
}
