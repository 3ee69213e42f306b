import type {ReactiveController} from 'lit';
import type {BaseElement} from '../elements/base-element.js';

/** Keeps the host's `offline` property current; calls `onOnline` when the connection comes back. */
export class OnlineController implements ReactiveController {
  private listening?: AbortController;

  constructor(private host: BaseElement & {offline: boolean}, private onOnline: () => void) {
    host.addController(this);
  }

  hostConnected() {
    const signal = (this.listening = new AbortController()).signal;
    this.host.offline = !navigator.onLine;
    const set = (offline: boolean) => () => {
      this.host.offline = offline;
      if (!offline) this.onOnline();
    };
    addEventListener('online', set(false), {signal});
    addEventListener('offline', set(true), {signal});
  }

  hostDisconnected() {
    this.listening?.abort();
  }
}
