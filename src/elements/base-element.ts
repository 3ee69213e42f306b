import type {ReactiveController, ReactiveControllerHost, render} from 'lit';

/**
 * The reactive base of the widget's elements, written by hand: lit's ReactiveElement and its css tag cost 2,799 B gzip
 * in the thread chunk, for a class that supports far more than the widget uses (converters, `hasChanged`, `state`,
 * initializers, decorator metadata, `scheduleUpdate`, `shouldUpdate`). This keeps lit's lifecycle and names, so the
 * elements read as Lit elements and the controllers keep lit's `ReactiveController` type, and lit-html still renders.
 * What no element uses is left out too: the hooks get no map of changed properties, and there is no `firstUpdated`.
 * README "Budgets" has the figures; the admin page keeps LitElement (its own bundle).
 */

/** The part of lit's property declaration that the elements use. */
export interface PropertyDeclaration {
  /** The attribute's name (default, or true: the property's name, lowercased), or false for a property alone. */
  attribute?: string | boolean;
  /** How the attribute converts: a number, a boolean (present or not), or by default the string itself. */
  type?: NumberConstructor | BooleanConstructor;
  /** Writes the value back to the attribute after each update, for CSS (`:host([loading])`). */
  reflect?: boolean;
}

type Values = Record<string, unknown>;

const attributeOf = (name: string, {attribute}: PropertyDeclaration) => (typeof attribute === 'string' ? attribute : name.toLowerCase());

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Adds styles to a shadow root: one constructed sheet per text, shared by every root that adopts it, or a `<style>`
 * in a browser without constructable sheets (Safari before 16.4), as lit's adoptStyles does.
 */
export function adoptStyles(root: ShadowRoot, css: string) {
  if (root.adoptedStyleSheets && 'replaceSync' in CSSStyleSheet.prototype) {
    let sheet = sheets.get(css);
    if (!sheet) sheets.set(css, (sheet = new CSSStyleSheet())), sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else root.append(Object.assign(document.createElement('style'), {textContent: css}));
}

// The REST adapter's posting half lives in the write chunk, beside the composer, and must load in Node too (a server
// or a test posting through it): there is no HTMLElement there, and no element is ever made. (The reader's bundle, which
// only a browser loads, extends HTMLElement itself: readerDomOnly in vite.config.ts.)
const ElementBase = globalThis.HTMLElement ?? (class {} as typeof HTMLElement);

/** An element that renders a lit-html template whenever a declared property changes, batched into one microtask. */
export abstract class BaseElement extends ElementBase implements ReactiveControllerHost {
  /** The reactive properties, as in lit: `{maxDepth: {attribute: 'max-depth', type: Number}}`. */
  static properties: Record<string, PropertyDeclaration> = {};
  /** The CSS text the shadow root adopts. */
  static styles?: string;
  /**
   * lit-html's `render`, which each element class sets (`static renderer = render`) rather than this module importing
   * it: this module is shared by the thread and write chunks, and with an import of lit-html here rolldown cannot merge
   * lit-html into the thread chunk (the merge would make a cycle) and makes it a chunk of its own, 306 B gzip more.
   */
  protected static renderer: typeof render;
  /**
   * Read once by `customElements.define`: the moment to make each declared property an accessor on the prototype.
   * The elements declare them as class fields (`endpoint = ''`); with `useDefineForClassFields: false` (tsconfig, as
   * lit requires) a field is an assignment in the constructor, so it goes through the accessor.
   */
  static get observedAttributes() {
    const attributes: string[] = [];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the element class being defined (a subclass), not BaseElement.
    for (const [name, declaration] of Object.entries(this.properties)) {
      const key = Symbol(name);
      // biome-ignore lint/complexity/noThisInStatic: as above.
      Object.defineProperty(this.prototype, name, {
        get(this: Values) {
          return this[key as never];
        },
        set(this: BaseElement & Values, value: unknown) {
          const old = this[name];
          (this as Values)[key as never] = value;
          this.requestUpdate(name, old);
        },
        configurable: true,
      });
      if (declaration.attribute !== false) attributes.push(attributeOf(name, declaration));
    }
    return attributes;
  }

  /** Where the element renders: its open shadow root, unless `createRenderRoot` says otherwise. Set on first connection. */
  renderRoot!: HTMLElement | ShadowRoot;
  /** Whether an update is waiting to run. */
  isUpdatePending = false;
  // Private names (#), which the minifier shortens: a property name stays whole in every use.
  #controllers = new Set<ReactiveController>();
  #reflects = new Set<string>();
  /** The property being set from its attribute, or reflected to it: neither goes back the other way. */
  #reflecting?: string;
  /** Values set on the element before it was upgraded (the loader sets `natterList`, a page `adapter`). */
  #early?: Values = {};
  #updating: Promise<boolean>;
  #enable!: (ready: boolean) => void;

  constructor() {
    super();
    // The first update waits for the first connection.
    this.#updating = new Promise((ready) => (this.#enable = ready));
    // An own property set before the upgrade hides the accessor: take it off, and set it again at the first update.
    for (const name in (this.constructor as typeof BaseElement).properties) {
      if (Object.hasOwn(this, name)) (this.#early![name] = (this as unknown as Values)[name]), delete (this as unknown as Values)[name];
    }
    this.requestUpdate();
  }

  /** Resolves when no update is pending (true), or after one that scheduled another (false). */
  get updateComplete(): Promise<boolean> {
    return this.getUpdateComplete();
  }

  /** Override to wait for more before `updateComplete` resolves; call super's. */
  protected getUpdateComplete(): Promise<boolean> {
    return this.#updating;
  }

  addController(controller: ReactiveController) {
    this.#controllers.add(controller);
    if (this.renderRoot && this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController) {
    this.#controllers.delete(controller);
  }

  connectedCallback() {
    this.renderRoot ??= this.createRenderRoot();
    this.#enable(true);
    this.#controllers.forEach((c) => c.hostConnected?.());
  }

  disconnectedCallback() {
    this.#controllers.forEach((c) => c.hostDisconnected?.());
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null) {
    const properties = (this.constructor as typeof BaseElement).properties;
    // Only declared attributes are observed (observedAttributes), so one property has this attribute.
    const name = Object.keys(properties).find((n) => properties[n].attribute !== false && attributeOf(n, properties[n]) === attribute)!;
    if (this.#reflecting === name) return;
    const {type} = properties[name];
    this.#reflecting = name;
    (this as unknown as Values)[name] = type === Boolean ? value !== null : type === Number && value !== null ? Number(value) : value;
    this.#reflecting = undefined;
  }

  /** Schedules an update; with a property's name and earlier value, only when the value changed (NaN stays NaN). */
  requestUpdate(name?: string, old?: unknown) {
    if (name !== undefined) {
      const value = (this as unknown as Values)[name];
      // Object.is for NaN, which is not === itself; === for 0 and -0, which Object.is tells apart.
      if (value === old || Object.is(value, old)) return;
      if ((this.constructor as typeof BaseElement).properties[name]?.reflect && this.#reflecting !== name) this.#reflects.add(name);
    }
    if (!this.isUpdatePending) this.#updating = this.#enqueue();
  }

  /** After the update before it, runs this one: willUpdate, the controllers' hostUpdate, update (render), hostUpdated, updated. */
  async #enqueue() {
    this.isUpdatePending = true;
    try {
      await this.#updating;
    } catch (e) {
      // An update that threw: report it, but keep updating.
      void Promise.reject(e);
    }
    Object.assign(this, this.#early);
    this.#early = undefined;
    try {
      this.willUpdate();
      this.#controllers.forEach((c) => c.hostUpdate?.());
      this.update();
    } catch (e) {
      this.isUpdatePending = false;
      throw e;
    }
    this.#controllers.forEach((c) => c.hostUpdated?.());
    this.updated();
    return !this.isUpdatePending;
  }

  /** The open shadow root with the class's styles. Override to render elsewhere (the composer renders into its host's). */
  protected createRenderRoot(): HTMLElement | ShadowRoot {
    const root = this.shadowRoot ?? this.attachShadow({mode: 'open'});
    const {styles} = this.constructor as typeof BaseElement;
    if (styles) adoptStyles(root, styles);
    return root;
  }

  /** Before each update: derive state from the properties. */
  protected willUpdate() {}

  /**
   * Reflects properties to their attributes and renders. As in LitElement, `render()` runs before the update counts as
   * done (a property it sets schedules no other update) and lit-html commits after (one a directive sets does).
   */
  protected update() {
    const value = this.render();
    for (const name of this.#reflects) {
      const on = (this as unknown as Values)[name];
      const attribute = attributeOf(name, (this.constructor as typeof BaseElement).properties[name]);
      this.#reflecting = name;
      on == null || on === false ? this.removeAttribute(attribute) : this.setAttribute(attribute, on === true ? '' : String(on));
      this.#reflecting = undefined;
    }
    this.#reflects.clear();
    this.isUpdatePending = false;
    (this.constructor as typeof BaseElement).renderer(value, this.renderRoot, {host: this});
  }

  /** After each update. */
  protected updated() {}

  protected abstract render(): unknown;
}
