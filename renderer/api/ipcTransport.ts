// Transport over the Electron preload bridge (`window.veldwerk[channel]`).
import type { Transport } from './transport';
import type { VeldwerkBridge } from './bridge';
import { isChannel } from '../../shared/contract/api';
import { fail } from '../../shared/contract/result';

/** Creates a transport that calls the preload function for each channel. */
export function createIpcTransport(bridge: VeldwerkBridge): Transport {
  return {
    kind: 'ipc',
    async call(channel, input) {
      if (!isChannel(channel)) return fail('UNKNOWN_CHANNEL', `Unknown channel: ${channel}`);
      const fn = bridge[channel];
      return fn(input);
    },
  };
}
