// Types that tie handlers to the contract's channel table.
import type { BackendChannel, Input, Output } from '../../shared/contract/api';
import type { ProgressEvent } from '../../shared/contract/schemas';
import type { Session } from './services/project';

/** What every handler receives besides its parsed input. */
export interface HandlerContext {
  session: Session;
  /** Reports progress of a long job; hosts forward it to the UI (no-op when nobody listens). */
  progress(event: Omit<ProgressEvent, 'channel'>): void;
}

/** The handler of one backend channel: parsed input in, output (or a DomainError thrown) out. */
export type Handler<C extends BackendChannel> = (input: Input<C>, ctx: HandlerContext) => Output<C> | Promise<Output<C>>;

/** A complete handler table: exactly one handler per backend channel. */
export type Handlers = { [C in BackendChannel]: Handler<C> };

/** The handlers one service contributes (a subset of channels). */
export type HandlerPart<C extends BackendChannel> = { [K in C]: Handler<K> };
