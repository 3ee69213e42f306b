import type {BaseElement} from '../elements/base-element.js';

/**
 * Keeps the host's `offline` property current; calls `onOnline` when the connection comes back. A plain object as
 * its controller: a class would keep the host and the callback as properties, whose names stay whole in every use.
 */
export function addOnlineController(host: BaseElement & {offline: boolean}, onOnline: () => void) {
  let listening: AbortController | undefined;
  host.addController({
    hostConnected() {
      const signal = (listening = new AbortController()).signal;
      host.offline = !navigator.onLine;
      const set = (offline: boolean) => () => {
        host.offline = offline;
        if (!offline) onOnline();
      };
      addEventListener('online', set(false), {signal});
      addEventListener('offline', set(true), {signal});
    },
    hostDisconnected: () => listening?.abort(),
  });
}
