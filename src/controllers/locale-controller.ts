import type {ReactiveController} from 'lit';
import type {BaseElement} from '../elements/base-element.js';
import {en, messagesFor, validLocale, type Messages} from '../i18n/messages.js';

/** The reader's language: the nearest `lang` attribute, else the browser's; follows later changes to `lang`. */
export class LocaleController implements ReactiveController {
  lang = 'en';
  m: Messages = en;
  #observer?: MutationObserver;

  #host: BaseElement;

  constructor(host: BaseElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected() {
    this.#read();
    this.#observer = new MutationObserver(() => this.#read() && this.#host.requestUpdate());
    this.#observer.observe(document.documentElement, {attributes: true, attributeFilter: ['lang'], subtree: true});
  }

  hostDisconnected() {
    this.#observer?.disconnect();
  }

  /** Re-reads the language; true when it changed. */
  #read(): boolean {
    const lang = validLocale(this.#host.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en');
    if (lang === this.lang) return false;
    this.lang = lang;
    this.m = messagesFor(lang);
    return true;
  }
}
