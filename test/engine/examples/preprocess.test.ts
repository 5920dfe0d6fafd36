/** The fixed preprocessing: S×S untouched, EXIF orientation, odd colour formats, bad files. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { MIN_IMAGE_SIDE, preprocessImage, SkippedImageError } from '../../../src/engine/examples/preprocess.ts';
import { contextSide, cropAround, receptiveField } from '../../../src/engine/examples/receptive-field.ts';

const raw = (width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer => {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return data;
};

describe('examples preprocessing', () => {
  it('uses an S×S image as it is, pixel for pixel', async () => {
    const pixels = raw(32, 32, (x, y) => [(x * 8) % 256, (y * 8) % 256, (x * y) % 256]);
    const png = await sharp(pixels, { raw: { width: 32, height: 32, channels: 3 } }).png().toBuffer();
    assert.deepEqual(Buffer.from(await preprocessImage(png, 32)), pixels);
  });

  it('resizes the shorter side to S and keeps the centre: a 96×32 image with a red centre third and blue sides', async () => {
    const pixels = raw(96, 32, (x) => (x >= 32 && x < 64 ? [255, 0, 0] : [0, 0, 255]));
    const png = await sharp(pixels, { raw: { width: 96, height: 32, channels: 3 } }).png().toBuffer();
    const out = await preprocessImage(png, 16);
    assert.equal(out.length, 16 * 16 * 3);
    for (let i = 0; i < out.length; i += 3) assert.ok(out[i]! > 200 && out[i + 2]! < 60, `pixel ${i / 3} is red`);
  });

  it('applies the EXIF orientation: a landscape JPEG tagged "rotate 90° clockwise" comes out rotated', async () => {
    // Left half white, right half black; orientation 6 turns the left half to the top.
    const pixels = raw(64, 32, (x) => (x < 32 ? [255, 255, 255] : [0, 0, 0]));
    const jpeg = await sharp(pixels, { raw: { width: 64, height: 32, channels: 3 } }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
    const out = await preprocessImage(jpeg, 32);
    const luminance = (x: number, y: number): number => out[(y * 32 + x) * 3]!;
    assert.ok(luminance(16, 2) > 200, 'the top is white');
    assert.ok(luminance(16, 29) < 50, 'the bottom is black');
  });

  it('turns greyscale, CMYK, 16-bit and alpha images into 8-bit RGB', async () => {
    const grey = await sharp(Buffer.alloc(40 * 40, 90), { raw: { width: 40, height: 40, channels: 1 } }).png().toBuffer();
    const cmyk = await sharp(raw(40, 40, () => [200, 40, 40]), { raw: { width: 40, height: 40, channels: 3 } }).toColourspace('cmyk').jpeg().toBuffer();
    const deep = await sharp(raw(40, 40, () => [10, 200, 30]), { raw: { width: 40, height: 40, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
    const clear = await sharp(Buffer.alloc(40 * 40 * 4, 0), { raw: { width: 40, height: 40, channels: 4 } }).png().toBuffer();
    const [g, c, d, a] = await Promise.all([grey, cmyk, deep, clear].map((bytes) => preprocessImage(bytes, 40)));
    assert.deepEqual([...g!.subarray(0, 3)], [90, 90, 90]);
    assert.ok(c![0]! > 150 && c![1]! < 100, `CMYK red stays red: ${[...c!.subarray(0, 3)]}`);
    assert.ok(Math.abs(d![1]! - 200) <= 2 && d![0]! < 20, `16-bit green: ${[...d!.subarray(0, 3)]}`);
    assert.deepEqual([...a!.subarray(0, 3)], [255, 255, 255], 'transparent pixels are flattened onto white');
  });

  it('skips what is not an image, a truncated file, and an image under the minimum side', async () => {
    const jpeg = await sharp(raw(40, 40, (x, y) => [x * 6, y * 6, 0]), { raw: { width: 40, height: 40, channels: 3 } }).jpeg().toBuffer();
    const tiny = await sharp(raw(1, 1, () => [1, 2, 3]), { raw: { width: 1, height: 1, channels: 3 } }).png().toBuffer();
    await assert.rejects(preprocessImage(Buffer.from('plain text'), 32), (error: unknown) => error instanceof SkippedImageError && /not an image/.test(error.message));
    await assert.rejects(preprocessImage(jpeg.subarray(0, jpeg.length / 2), 32), (error: unknown) => error instanceof SkippedImageError && /truncated/.test(error.message));
    await assert.rejects(preprocessImage(tiny, 32), (error: unknown) => error instanceof SkippedImageError && error.message === 'too small (1×1)');
    assert.equal(MIN_IMAGE_SIDE, 16);
  });
});

describe('receptive fields and crops', () => {
  it('are 3, 10, 24 and 60 px for the four atlas layers', () => {
    assert.deepEqual(['block1_conv1', 'block2_conv1', 'block3_conv1', 'block4_conv1'].map((layer) => receptiveField(layer).size), [3, 10, 24, 60]);
  });

  it('a crop is centred on the field, at least 48 px, moved inside the image at the edges', () => {
    const block2 = receptiveField('block2_conv1');
    assert.equal(contextSide(3, 224), 48);
    assert.equal(contextSide(60, 224), 180);
    const middle = cropAround(block2, 50, 50, 224);
    assert.deepEqual(middle.crop, { left: 77, top: 77, width: 48, height: 48 });
    assert.deepEqual(middle.field, { left: 19, top: 19, width: 10, height: 10 }, 'unit 50 sees input 96..105');
    const corner = cropAround(block2, 0, 0, 224);
    assert.deepEqual(corner.crop, { left: 0, top: 0, width: 48, height: 48 });
    assert.deepEqual(corner.field, { left: -4, top: -4, width: 10, height: 10 }, 'clipped by the image edge');
  });
});
