import { readFile } from 'node:fs/promises';
import { AtlasError } from '../../errors.ts';

const PASS_WEIGHTS_HINT = 'pass an existing Keras .h5 file or TF.js model.json with --weights PATH or ATLAS_WEIGHTS=PATH';

/** Reads a weights file whole, turning "missing", "is a directory" and permission problems into AtlasErrors. */
export async function readWeightsFileBytes(filePath: string, what = 'weights file'): Promise<Uint8Array> {
  try {
    return await readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AtlasError(`${what} ${filePath} does not exist`, { hint: PASS_WEIGHTS_HINT, cause: error });
    if (code === 'EISDIR') throw new AtlasError(`${what} ${filePath} is a directory, not a file`, { hint: PASS_WEIGHTS_HINT, cause: error });
    throw new AtlasError(`cannot read ${what} ${filePath} (${code ?? String(error)})`, { hint: PASS_WEIGHTS_HINT, cause: error });
  }
}
