// Local checks only: can publish write the output folder? Nothing is created here.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { PublishError } from '../../src/errors.js';

export async function verifyOutputDir(outputDir: string): Promise<void> {
  let folder = outputDir;
  // Walk up to the nearest existing ancestor: publish creates the rest.
  for (;;) {
    try {
      const info = await stat(folder);
      if (!info.isDirectory()) {
        throw new PublishError('NP400', `feed: output folder ${outputDir} cannot be created`, [`${folder} exists and is not a folder`]);
      }
      break;
    } catch (error) {
      if (error instanceof PublishError) throw error;
      const parent = path.dirname(folder);
      if (parent === folder) throw new PublishError('NP400', `feed: output folder ${outputDir} cannot be created`, ['no existing parent folder']);
      folder = parent;
    }
  }
  try {
    await access(folder, constants.W_OK | constants.X_OK);
  } catch {
    throw new PublishError('NP400', `feed: output folder ${outputDir} is not writable`, [`${folder} is not writable by this user`]);
  }
}
