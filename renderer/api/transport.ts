// The Transport interface every host adapter implements (IPC in Electron, HTTP in a browser).
import type { Result } from '../../shared/contract/result';

/**
 * Sends one raw channel call to the host and resolves with the Result envelope the host returned.
 * A transport never throws for a failed call; it only rejects on a broken connection.
 */
export interface Transport {
  /** Short name for diagnostics: "ipc" or "http". */
  readonly kind: 'ipc' | 'http';
  call(channel: string, input: unknown): Promise<Result<unknown>>;
}
