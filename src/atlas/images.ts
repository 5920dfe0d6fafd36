import sharp, { type Sharp } from 'sharp';

/** Lossless PNG of an HWC RGB uint8 image. Deterministic for the same pixels and sharp version. */
export function encodePng(pixels: Uint8Array, size: number): Promise<Buffer> {
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
    .toBuffer();
}

/** Lossless WebP for the site: patterns are small and shown pixelated, so every pixel counts. */
export function encodeWebp(png: Uint8Array): Promise<Buffer> {
  return sharp(png).webp({ lossless: true, effort: 6 }).toBuffer();
}

/** The notebook's grid: 8×8 tiles (64 px at the default size) with 5 px black margins. */
export const GRID_SIDE = 8;
export const GRID_TILE = 64;
export const GRID_MARGIN = 5;

export interface Tile {
  readonly png: Uint8Array;
  readonly size: number;
}

async function tileAt(tile: Tile, side: number): Promise<Buffer> {
  if (tile.size === side) return Buffer.from(tile.png);
  const kernel = tile.size < side ? 'nearest' : 'lanczos3';
  return sharp(tile.png).resize(side, side, { kernel }).toBuffer();
}

/**
 * tiles[k] is filter k (k < 64), at the first tile's size. As in the notebook, filter i + 8j sits
 * at row i, column j: the filter index runs down the columns.
 */
export async function renderGrid(tiles: readonly Tile[]): Promise<Buffer> {
  const side = tiles[0]?.size ?? GRID_TILE;
  const extent = GRID_SIDE * side + (GRID_SIDE - 1) * GRID_MARGIN;
  const composites = await Promise.all(
    tiles.slice(0, GRID_SIDE * GRID_SIDE).map(async (tile, filter) => {
      const row = filter % GRID_SIDE;
      const column = Math.floor(filter / GRID_SIDE);
      return {
        input: await tileAt(tile, side),
        top: row * (side + GRID_MARGIN),
        left: column * (side + GRID_MARGIN),
      };
    }),
  );
  return blackCanvas(extent, extent).composite(composites).png({ compressionLevel: 9 }).toBuffer();
}

export const CONTACT_COLUMNS = 16;
export const CONTACT_MARGIN = 2;

/** Every given tile in order, row-major, 16 to a row, at the tiles' own size. */
export async function renderContactSheet(tiles: readonly Tile[]): Promise<Buffer> {
  const side = tiles[0]?.size ?? GRID_TILE;
  const columns = Math.min(CONTACT_COLUMNS, Math.max(1, tiles.length));
  const rows = Math.ceil(tiles.length / columns);
  const pitch = side + CONTACT_MARGIN;
  const composites = await Promise.all(
    tiles.map(async (tile, k) => ({
      input: await tileAt(tile, side),
      top: Math.floor(k / columns) * pitch,
      left: (k % columns) * pitch,
    })),
  );
  return blackCanvas(columns * pitch - CONTACT_MARGIN, rows * pitch - CONTACT_MARGIN)
    .composite(composites)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

function blackCanvas(width: number, height: number): Sharp {
  return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 } } });
}
