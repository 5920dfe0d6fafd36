/** The tiny VGG16 the tests use: real layer names and topology, small widths (TINY_WIDTHS). */
export { TINY_WIDTHS, randomConv, tinyVggWeights, writeKerasHdf5, writeTfjsModel } from '../../src/engine/weights/random-vgg.ts';
export type { KerasNaming, TinyModelOptions } from '../../src/engine/weights/random-vgg.ts';
