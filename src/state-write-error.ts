// Why a state write failed, in words: "ENOSPC" alone tells a newsletter editor little.
import { PublishError } from './errors.js';

const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is exhausted', EROFS: 'the file system is read-only',
  EACCES: 'permission denied', EPERM: 'operation not permitted', EIO: 'an input/output error',
};

/** A state write (ledger, lock, journal) that failed: a permanent error naming the path and the cause. */
export function stateWriteError(file: string, error: unknown): PublishError {
  const code = (error as NodeJS.ErrnoException).code;
  const cause = code ? `${code}: ${CAUSES[code] ?? (error as Error).message}` : String((error as Error)?.message ?? error);
  return new PublishError('NP602', `cannot write ${file} (${cause}); the run stopped before sending anything more`, [], { cause: error });
}
