import {defineConfig, type Plugin} from 'vite';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {minify} from 'terser';

const require = createRequire(import.meta.url);

/**
 * Each locale's table (src/locales/TAG.ts) is an entry of its own at dist/locales/TAG.js, unhashed: the locale
 * controller imports `../locales/${tag}.js` from the thread chunk, so the name is known without a map of hashed
 * names in every English reader's download. The server caches them as it does natter.js (5 minutes and an ETag).
 */
const localeEntries = Object.fromEntries(
  (existsSync('src/locales') ? readdirSync('src/locales') : []).filter((f) => f.endsWith('.ts') && f !== 'locale.ts').map((f) => [`locales/${f.slice(0, -3)}`, `src/locales/${f}`]),
);

/**
 * `npm run dev`: the demo page exactly as a blogger embeds it, with `/natter.js` served from source
 * and msw standing in for the server, so the page also works as static files.
 */
function demoWithMocks(): Plugin {
  return {
    name: 'natter-demo-mocks',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url === '/mockServiceWorker.js') {
          res.setHeader('Content-Type', 'text/javascript');
          res.end(readFileSync(require.resolve('msw/mockServiceWorker.js')));
          return;
        }
        const path = (req.url ?? '/').split('?')[0];
        if (path === '/natter.js') req.url = '/demo/mock/dev-entry.ts';
        else if (path === '/') req.url = '/demo/index.html';
        else if (existsSync(`demo${path}`) && !path.startsWith('/demo/')) req.url = `/demo${path}`;
        next();
      });
    },
  };
}

/**
 * Template literals keep their indentation through minification; in Lit's html and css templates it is dead
 * weight. A newline between two tags goes too (the widget lays such siblings out with flex or grid); other
 * newlines stay, so text that relies on white space between inline elements keeps it.
 */
function collapseTemplateIndent(): Plugin {
  return {
    name: 'natter-collapse-template-indent',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id)) return;
      code = code.replace(/\n[ \t]+/g, '\n').replace(/>\n</g, '><');
      // A styles module holds one css`` template: white space after punctuation, around braces and around a child
      // combinator is dead weight (never before a colon, where it would turn `a :hover` into `a:hover`).
      if (id.endsWith('.styles.ts')) code = code.replace(/([{};,])\s+/g, '$1').replace(/:[ ]+/g, ':').replace(/\s+([{}])/g, '$1').replace(/;}/g, '}').replace(/ > /g, '>');
      return {code, map: null};
    },
  };
}

/**
 * What of Lit's production modules does nothing on a reader's page, cut by exact patterns (the build fails when one no
 * longer matches, after a Lit update, so nothing is left in or cut silently):
 * - the offers to the ShadyDOM polyfill (`litHtmlPolyfillSupport`, `reactiveElementPolyfillSupport`), which only
 *   pages for browsers without shadow DOM load, and the es2022 target leaves those out anyway;
 * - the version each module pushes onto a global list, which only Lit's dev build reads;
 * - the metadata that standard (TC39) decorators leave, and the global `Symbol.metadata` and `litPropertyMetadata`
 *   they need: the widget declares `static properties`, and TypeScript's `experimentalDecorators` (TOOLCHAIN.md)
 *   go through `createProperty` instead;
 * - of `_$LH`, lit-html's private exports for server rendering and hydration, everything but `I` (ChildPart), the one
 *   entry the directive helpers (and so every lit directive) read.
 */
const LIT_CUTS: [RegExp, string, RegExp, string][] = [
  [/\/lit-html\/lit-html\.js$/, 'polyfill and version hooks', /,(\w)=t\.litHtmlPolyfillSupport;\1\?\.\(\w,\w\),\(t\.litHtmlVersions\?\?=\[\]\)\.push\("[\d.]+"\);/, ';'],
  [/\/lit-html\/lit-html\.js$/, 'private exports', /const (\w)=\{M:\w,P:\w,A:\w,C:1,L:\w,R,D:\w,V:\w,I:(\w),H,N:\w,U:\w,B:\w,F:\w\}/, 'const $1={I:$2}'],
  [/\/@lit\/reactive-element\/reactive-element\.js$/, 'decorator metadata', /Symbol\.metadata\?\?=Symbol\("metadata"\),(\w)\.litPropertyMetadata\?\?=new WeakMap;/, ''],
  [/\/@lit\/reactive-element\/reactive-element\.js$/, 'decorator metadata', /const (\w)=this\[Symbol\.metadata\];if\(null!==\1\)\{const (\w)=litPropertyMetadata\.get\(\1\);if\(void 0!==\2\)for\(const\[\w,\w\]of \2\)this\.elementProperties\.set\(\w,\w\)\}/, ''],
  [/\/@lit\/reactive-element\/reactive-element\.js$/, 'polyfill and version hooks', /,\w\?\.\(\{ReactiveElement:\w\}\),\(\w\.reactiveElementVersions\?\?=\[\]\)\.push\("[\d.]+"\);/, ';'],
];

function stripLitHooks(): Plugin {
  return {
    name: 'natter-strip-lit-hooks',
    apply: 'build',
    transform(code, id) {
      const cuts = LIT_CUTS.filter(([file]) => file.test(id));
      if (!cuts.length) return;
      for (const [, what, pattern, replacement] of cuts) {
        if (!pattern.test(code)) this.error(`Lit's ${what} in ${id} changed shape: update LIT_CUTS in vite.config.ts`);
        code = code.replace(pattern, replacement);
      }
      return {code, map: null};
    },
  };
}

/**
 * What the reader's modules may import from Lit, and the render options they may not name: READER_LIT_CUTS hold only
 * while they import nothing else and name neither (readerLitCuts checks every reader module).
 */
const READER_LIT = ['html', 'nothing', 'render'];
const READER_NO_RENDER_OPTIONS = /\b(?:renderBefore|creationScope)\b/;
/** A boolean attribute binding (`?name=${`), or a binding after white space inside a tag (an element binding). */
const READER_NO_BINDING_KINDS = /\s\?[\w-]+=\$\{|<[a-z][\w-]*\b[^<>`]*\s\$\{|\bhandleEvent\b|\s@[\w-]+=\$\{\s*\{/i;

/**
 * What of lit-html the reader's templates never reach, cut from the reader's build only (the admin page's LitElement
 * calls `setConnected`, and its templates may use all of Lit). Each is the exact text of Lit's production module,
 * which must occur the number of times given, or the build fails (after a Lit update), so nothing is cut silently.
 * They hold because the reader imports only READER_LIT from 'lit', no other Lit module (no directive, no static
 * html, no `svg` or `mathml`), which the build checks in every reader module:
 * - the `<svg>`/`<math>` wrapper that svg`` and mathml`` templates (result types 2 and 3) are parsed in, and its
 *   removal: html`` always makes type 1;
 * - the template an object as `_$litType$` carries ready made (what @lit-labs/compiler emits): an html`` result
 *   carries the number 1, and its template is parsed (and cached) from its strings as before;
 * - directives: resolving a value with `_$litDirective$` (only a directive class makes one: values from the
 *   server are JSON, whose objects render as text where such a key made lit throw) at each binding, and what only
 *   directives read on a part (AsyncDirective's connection hooks `_$AP`, `_$AN`, `_$AU` and `setConnected`; the
 *   getters `parentNode`, `startNode`, `endNode` and `tagName`). Element bindings (`<p ${x}>`) still take their
 *   value and do nothing with it, as without a directive before;
 * - bindings inside the text of a raw-text element (`<textarea>${x}</textarea>`, also title, style and script) and
 *   inside an HTML comment (`<!-- ${x} -->`), and the template scanner's states for such text: no reader template has
 *   either. The build checks each reader chunk, once minified (no source comments left), for `<!--` and for such an
 *   element not closed at once, so a template that starts either fails the build (a false alarm on some other string
 *   is possible, never a miss);
 * - boolean attribute bindings (`?disabled=${x}`, BooleanAttributePart) and element bindings (`<p ${x}>`, ElementPart,
 *   with its part marker's detection): no reader template has either (a property binding, `.disabled=${x}`, does the
 *   same); the build checks each reader module's source for `?name=${` and for a `${` after white space inside a tag
 *   (a false alarm on some other text is possible, never a miss where the tag and binding sit in one template string);
 * - event listener objects (`handleEvent`, and `capture`, `once`, `passive` options): every reader listener is a
 *   function (the build checks reader modules for `handleEvent` and for an object literal bound to an event);
 * - what only directives and server rendering pass to a part (AttributePart's "no commit" flag, the index that
 *   ChildPart's clean-up hands to disconnection hooks);
 * - the render options `renderBefore` and `creationScope`, which no reader module names (checked; BaseElement.update
 *   passes `{host}`, and is the one caller of `render`), so a root's part always goes at the end of its container and
 *   templates are cloned by the document;
 * - the calls of `wrap` around a node being removed: in Lit's production module `wrap` is `t=>t`;
 * - iterables other than arrays: every list a reader template renders is an array;
 * - what each part keeps only for directives to read: its parent (`_$AM`) and its `type`;
 * - `noChange`, which only a directive returns or a template that imports it passes (a JSON value never is one);
 * - attribute values made of text and bindings (`id="a-${x}"`, `class="${a} ${b}"`), and the strings each attribute
 *   part kept for them: every reader template binds an attribute's whole value (`id=${`a-${x}`}`), which the build
 *   checks in every template of each reader chunk (attributeBindingsAlone).
 */
const READER_LIT_CUTS: [string, number, string][] = [
  ['constructor({strings:t,_$litType$:i},e){', 1, 'constructor({strings:t},e){'],
  ['l=2===i?"<svg>":3===i?"<math>":""', 1, 'l=""'],
  ['+(2===i?"</svg>":3===i?"</math>":"")', 1, ''],
  ['if(this.el=S.createElement(f,e),P.currentNode=this.el.content,2===i||3===i){const t=this.el.content.firstChild;t.replaceWith(...t.childNodes)}', 1, 'this.el=S.createElement(f,e),P.currentNode=this.el.content;'],
  ['const{values:i,_$litType$:s}=t,e="number"==typeof s?this._$AC(t):(void 0===s.el&&(s.el=S.createElement(V(s.h,s.h[0]),this.options)),s)', 1, 'const{values:i}=t,e=this._$AC(t)'],
  ['function M(t,i,s=t,e){if(i===E)return i;let h=void 0!==e?s._$Co?.[e]:s._$Cl;const o=a(i)?void 0:i._$litDirective$;return h?.constructor!==o&&(h?._$AO?.(!1),void 0===o?h=void 0:(h=new o(t),h._$AT(t,s,e)),void 0!==e?(s._$Co??=[])[e]=h:s._$Cl=h),void 0!==h&&(i=M(t,h._$AS(t,i.values),h,e)),i}', 1, ''],
  ['_$AI(t,i=this){t=M(this,t,i),a(t)?', 1, '_$AI(t){a(t)?'],
  ['if(void 0===h)t=M(this,t,i,0),o=', 1, 'if(void 0===h)o='],
  ['r=M(this,e[s+n],i,n),', 1, 'r=e[s+n],'],
  ['_$AI(t,i=this){if((t=M(this,t,i,0)??A)===E)return;', 1, '_$AI(t){if((t??=A)===E)return;'],
  ['_$AI(t){M(this,t)}', 1, '_$AI(){}'],
  ['for(this._$AP?.(!1,!0,s);', 1, 'for(;'],
  ['setConnected(t){void 0===this._$AM&&(this._$Cv=t,this._$AP?.(t))}', 1, ''],
  ['get _$AU(){return this._$AM?._$AU??this._$Cv}', 1, ''],
  [',this._$Cv=e?.isConnected??!0', 1, ''],
  ['get _$AU(){return this._$AM._$AU}', 3, ''],
  ['this._$AN=void 0,', 4, ''],
  ['get parentNode(){return this._$AM.parentNode}', 1, ''],
  ['get parentNode(){let t=this._$AA.parentNode;const i=this._$AM;return void 0!==i&&11===t?.nodeType&&(t=i.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}', 1, ''],
  ['get tagName(){return this.element.tagName}', 1, ''],
  ['if(y.test(r.tagName)){const t=r.textContent.split(o),i=t.length-1;if(i>0){r.textContent=s?s.emptyScript:"";for(let s=0;s<i;s++)r.append(t[s],c()),P.nextNode(),d.push({type:2,index:++l});r.append(t[i],c())}}', 1, ''],
  ['else if(8===r.nodeType)if(r.data===n)d.push({type:2,index:l});else{let t=-1;for(;-1!==(t=r.data.indexOf(o,t+1));)d.push({type:7,index:l}),t+=o.length-1}', 1, 'else 8===r.nodeType&&r.data===n&&d.push({type:2,index:l});'],
  ['ctor:"."===e[1]?I:"?"===e[1]?L:"@"===e[1]?z:H', 1, 'ctor:"."===e[1]?I:"@"===e[1]?z:H'],
  ['class L extends H{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==A)}}', 1, ''],
  ['else t.startsWith(o)&&(d.push({type:6,index:l}),r.removeAttribute(t))', 1, ''],
  ['class Z{constructor(t,i,s){this.element=t,this.type=6,this._$AM=i,this.options=s}_$AI(){}}', 1, ''],
  [':6===r.type&&(i=new Z(h,this,t))', 1, ''],
  [':1===r.type?i=new r.ctor(h,r.name,r.strings,this,t)', 1, ':i=new r.ctor(h,r.name,r.strings,this,t)'],
  ['e=t===A&&s!==A||t.capture!==s.capture||t.once!==s.once||t.passive!==s.passive', 1, 'e=t===A&&s!==A'],
  ['handleEvent(t){"function"==typeof this._$AH?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}', 1, 'handleEvent(t){this._$AH.call(this.options?.host??this.element,t)}'],
  ['_$AI(t,i=this,s,e){const h=this.strings', 1, '_$AI(t,i,s){const h=this.strings'],
  ['o&&!e&&this.j(t)', 1, 'o&&this.j(t)'],
  ['_$AR(t=this._$AA.nextSibling,s){for(;', 1, '_$AR(t=this._$AA.nextSibling){for(;'],
  ['this._$AR(s&&s._$AB.nextSibling,e)', 1, 'this._$AR(s&&s._$AB.nextSibling)'],
  ['(t?.creationScope??l)', 1, 'l'],
  ['const s=i(t).nextSibling;i(t).remove(),t=s', 1, 'const s=t.nextSibling;t.remove(),t=s'],
  // Only arrays are iterated: every list a reader template renders is an array (renderTree's, the actions').
  ['d=t=>u(t)||"function"==typeof t?.[Symbol.iterator],', 1, ''],
  [':d(t)?this.k(t):', 1, ':u(t)?this.k(t):'],
  // Nothing reads a part's parent (`_$AM`) or its `type` once the directives and their hooks are gone.
  [',this._$AM=i}', 1, '}'],
  [',this._$AM=s,this.options=e', 1, ',this.options=e'],
  [',this._$AM=e,this.options=h', 1, ',this.options=h'],
  ['this.type=2,', 1, ''],
  ['this.type=1,', 1, ''],
  ['constructor(){super(...arguments),this.type=3}', 1, ''],
  ['constructor(t,i,s,e,h){super(t,i,s,e,h),this.type=5}', 1, ''],
  ['t!==this._$AH&&t!==E&&this._(t)', 1, 't!==this._$AH&&this._(t)'],
  ['o=!a(t)||t!==this._$AH&&t!==E,', 1, 'o=!a(t)||t!==this._$AH,'],
  ['r=e[s+n],r===E&&(r=this._$AH[n]),', 1, 'r=e[s+n],'],
  ['_$AI(t){if((t??=A)===E)return;', 1, '_$AI(t){t??=A;'],
  // With listeners only ever functions, a binding's listener is added when it goes from nothing to one and removed when
  // it goes back, with no options (the function, passed as options before, named none); no template instance's parts
  // list holds a gap once element parts are cut.
  [',h=t!==A&&(s===A||e);e&&this.element.removeEventListener(this.name,this,s),h&&this.element.addEventListener(this.name,this,t),', 1, ',h=t!==A&&s===A;e&&this.element.removeEventListener(this.name,this),h&&this.element.addEventListener(this.name,this),'],
  ['for(const s of this._$AV)void 0!==s&&(void 0!==s.strings?(s._$AI(t,s,i),i+=s.strings.length-2):s._$AI(t[i])),i++', 1, 'for(const s of this._$AV)void 0!==s.strings?(s._$AI(t,s,i),i+=s.strings.length-2):s._$AI(t[i]),i++'],
  // The template scanner's states for an HTML comment and for the text of a raw-text element: no reader template has
  // either (the build checks each chunk, see above), so `<!--` and `</…` are never scanned for.
  ['"!--"===u[1]?c=_:void 0!==u[1]?c=m:', 1, 'void 0!==u[1]?c=m:'],
  // Nor a binding right after a tag's `<` (a tag name bound, which lit-html never supported; the build checks for it
  // with the attribute bindings): the scanner's third kind of tag start goes.
  ['|(\\/?$))/g', 1, ')/g'],
  [':void 0!==u[3]&&(c=p):', 1, ':0:'],
  ['(y.test(u[2])&&(n=RegExp("</"+u[2],"g")),c=p)', 1, 'c=p'],
  ['(c=n??v,d=-1)', 1, '(c=v,d=-1)'],
  [':c===$||c===g?c=p:c===_||c===m?c=v:(c=p,n=void 0);', 1, ':c===$||c===g?c=p:c=v;'],
  // A template's part says what it is by its class alone (`ctor`, which only attribute parts have), and an attribute
  // part's value starts as what its strings make: nothing reads a `type`, or the first value set.
  ['d.push({type:1,index:l,', 1, 'd.push({index:l,'],
  ['d.push({type:2,index:l})', 1, 'd.push({index:l})'],
  ['2===r.type?i=new k(h,h.nextSibling,this,t):i=new r.ctor(h,r.name,r.strings,this,t)', 1, 'i=r.ctor?new r.ctor(h,r.name,r.strings,this,t):new k(h,h.nextSibling,this,t)'],
  ['constructor(t,i,s,e,h){this._$AH=A,this.element=t', 1, 'constructor(t,i,s,e,h){this.element=t'],
  // A binding right before a tag's `/>` (`<input .value=${x}/>`), which the scanner spaces apart: no reader module has
  // one (the build checks their sources for `}/>`); nor the index an element binding's marker carried (cut above).
  ['const x=c===p&&t[i+1].startsWith("/>")?" ":"";l+=c===v?s+r:d>=0?(e.push(a),s.slice(0,d)+h+s.slice(d)+o+x):s+o+(-2===d?i:x)', 1, 'l+=c===v?s+r:d>=0?(e.push(a),s.slice(0,d)+h+s.slice(d)+o):s+o'],
  // html`` made directly rather than by the factory svg`` and mathml`` share (which the reader never imports).
  ['b=x(1),', 1, 'b=(i,...s)=>({_$litType$:1,strings:i,values:s}),'],
  // A template looked up (and made once) where it is rendered: its helper had no other caller once the cuts above are made.
  ['const{values:i}=t,e=this._$AC(t);', 1, 'const{values:i}=t;let e=C.get(t.strings);void 0===e&&C.set(t.strings,e=new S(t));'],
  ['_$AC(t){let i=C.get(t.strings);return void 0===i&&C.set(t.strings,i=new S(t)),i}', 1, ''],
  // The template element made where it is used: nothing else calls the static helper once the cuts above are made.
  ['this.el=S.createElement(f,e),', 1, '(this.el=document.createElement("template")).innerHTML=f,'],
  ['static createElement(t,i){const s=l.createElement("template");return s.innerHTML=t,s}', 1, ''],
  ['const D=(t,i,s)=>{const e=s?.renderBefore??i;let h=e._$litPart$;if(void 0===h){const t=s?.renderBefore??null;e._$litPart$=h=new k(i.insertBefore(c(),t),t,void 0,s??{})}return h._$AI(t),h}', 1, 'const D=(t,i,s)=>{let h=i._$litPart$;return void 0===h&&(i._$litPart$=h=new k(i.appendChild(c()),null,void 0,s)),h._$AI(t),h}'],
  // An attribute's value is its one binding, never text around it or several bindings (the build checks every template
  // of each reader chunk, see attributeBindingsAlone): a part takes one value, and keeps no strings.
  ['const i=v[a++],s=r.getAttribute(t).split(o),e=/([.?@])?(.*)/.exec(i);d.push({index:l,name:e[2],strings:s,ctor:', 1, 'const e=/([.?@])?(.*)/.exec(v[a++]);d.push({index:l,name:e[2],ctor:'],
  ['i=r.ctor?new r.ctor(h,r.name,r.strings,this,t):', 1, 'i=r.ctor?new r.ctor(h,r.name,t):'],
  ['constructor(t,i,s,e,h){this.element=t,this.name=i,this.options=h,s.length>2||""!==s[0]||""!==s[1]?(this._$AH=Array(s.length-1).fill(new String),this.strings=s):this._$AH=A}', 1, 'constructor(t,i,s){this.element=t,this.name=i,this.options=s,this._$AH=A}'],
  ['_$AI(t,i,s){const h=this.strings;let o=!1;if(void 0===h)o=!a(t)||t!==this._$AH,o&&(this._$AH=t);else{const e=t;let n,r;for(t=h[0],n=0;n<h.length-1;n++)r=e[s+n],o||=!a(r)||r!==this._$AH[n],r===A?t=A:t!==A&&(t+=(r??"")+h[n+1]),this._$AH[n]=r}o&&this.j(t)}', 1, '_$AI(t){(!a(t)||t!==this._$AH)&&this.j(this._$AH=t)}'],
  ['p(t){let i=0;for(const s of this._$AV)void 0!==s.strings?(s._$AI(t,s,i),i+=s.strings.length-2):s._$AI(t[i]),i++}', 1, 'p(t){let i=0;for(const s of this._$AV)s._$AI(t[i++])}'],
  // The same, shorter: the Trusted Types policy is an object or undefined; every element's attribute names are read
  // (an empty list where it has none); a child part is given no parent, which nothing reads once the cuts above are made.
  ['s=t.trustedTypes,e=s?s.createPolicy("lit-html",{createHTML:t=>t}):void 0,', 1, 's=t.trustedTypes,e=s?.createPolicy("lit-html",{createHTML:t=>t}),'],
  ['return void 0!==e?e.createHTML(i):i}', 1, 'return e?e.createHTML(i):i}'],
  ['if(r.hasAttributes())for(const t of r.getAttributeNames())', 1, 'for(const t of r.getAttributeNames())'],
  ['constructor(t,i,s,e){this._$AH=A,this._$AA=t,this._$AB=i,this.options=e}', 1, 'constructor(t,i,e){this._$AH=A,this._$AA=t,this._$AB=i,this.options=e}'],
  ['new k(h,h.nextSibling,this,t)', 1, 'new k(h,h.nextSibling,t)'],
  ['new k(this.O(c()),this.O(c()),this,this.options)', 1, 'new k(this.O(c()),this.O(c()),this.options)'],
  ['new k(i.appendChild(c()),null,void 0,s)', 1, 'new k(i.appendChild(c()),null,s)'],
  // Objects and nodes told by their truth, as lit-html's own types allow: a template result's type is 1, a node's
  // type a positive number; a match, a node from the walker, a template's part and a container's part are objects.
  [':void 0!==t._$litType$?this.$(t):void 0!==t.nodeType?this.T(t):', 1, ':t._$litType$?this.$(t):t.nodeType?this.T(t):'],
  ['for(;void 0!==r;)', 1, 'for(;r;)'],
  ['null!==(r=P.nextNode())', 1, '(r=P.nextNode())'],
  ['(c.lastIndex=f,u=c.exec(s),null!==u)', 1, '(c.lastIndex=f,u=c.exec(s))'],
  ['{let h=i._$litPart$;return void 0===h&&(i._$litPart$=h=new k(i.appendChild(c()),null,s)),h._$AI(t),h}', 1, '{const h=i._$litPart$??=new k(i.appendChild(c()),null,s);return h._$AI(t),h}'],
  // A template instance's part pushed as it is made.
  ['let i;i=r.ctor?new r.ctor(h,r.name,t):new k(h,h.nextSibling,t),this._$AV.push(i),', 1, 'this._$AV.push(r.ctor?new r.ctor(h,r.name,t):new k(h,h.nextSibling,t)),'],
  // A listener removed when its binding goes to nothing, added when it comes from nothing: one condition, not two.
  ['_$AI(t){t??=A;const s=this._$AH,e=t===A&&s!==A,h=t!==A&&s===A;e&&this.element.removeEventListener(this.name,this),h&&this.element.addEventListener(this.name,this),this._$AH=t}', 1, '_$AI(t){t??=A;const s=this._$AH;t===A?s!==A&&this.element.removeEventListener(this.name,this):s===A&&this.element.addEventListener(this.name,this),this._$AH=t}'],
];

/**
 * The first tagged template (any tag, so a false alarm is possible, never a miss) with a binding inside a tag that is
 * not an attribute's whole value (`name=${x}` or `name="${x}"`): text around it (`id="a-${x}"`), another binding in the
 * same value, or a binding elsewhere in the tag, a tag's name among them (`<${x}`). Quoted attribute values are skipped
 * as lit-html's scanner skips them.
 */
function attributeBindingsAlone(program: object): string | undefined {
  let found: string | undefined;
  const check = (strings: string[]) => {
    let tag = false;
    let quote = '';
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i];
      for (let j = 0; j < s.length; j++) {
        const c = s[j];
        if (quote) quote = c === quote ? '' : quote;
        // A quote opens a value only after `=`, as lit-html's own scanner reads it.
        else if (tag) ((c === '"' || c === "'") && /=\s*$/.test(s.slice(0, j)) ? (quote = c) : c === '>' && (tag = false));
        else if (c === '<' && /[a-z/]/i.test(s[j + 1] ?? '')) tag = true;
      }
      if (i === strings.length - 1) continue;
      if (!tag && !quote && /<\/?$/.test(s)) return true;
      if (!(tag || quote)) continue;
      const next = strings[i + 1];
      const alone = quote ? /\s[.@]?[\w-]+=["']$/.test(s) && next[0] === quote : /\s[.@]?[\w-]+=$/.test(s) && /^(\s|>)/.test(next);
      if (!alone) return true;
    }
    return false;
  };
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    const n = node as {type?: string; quasi?: {quasis: {value: {raw: string}}[]}};
    if (n.type === 'TaggedTemplateExpression' && n.quasi) {
      const strings = n.quasi.quasis.map((q) => q.value.raw);
      if (check(strings)) found = strings.join('\u0024{…}').slice(0, 80);
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(program);
  return found;
}

function readerLitCuts(): Plugin {
  return {
    name: 'natter-reader-lit-cuts',
    apply: 'build',
    applyToEnvironment: (env) => env.name === 'client',
    transform(code, id) {
      if (/\/src\/.*\.ts$/.test(id)) {
        if (READER_NO_RENDER_OPTIONS.test(code)) this.error(`${id} names a lit render option (renderBefore, creationScope): READER_LIT_CUTS in vite.config.ts no longer hold`);
        if (code.includes('}/>')) this.error(`${id} has a binding right before \`/>\`: READER_LIT_CUTS in vite.config.ts no longer hold`);
        if (READER_NO_BINDING_KINDS.test(code)) this.error(`${id} has a boolean attribute (?name=\${…}) or element (<p \${…}>) binding, or an event listener object: READER_LIT_CUTS in vite.config.ts no longer hold`);
        for (const [, names, to, dynamic] of code.matchAll(/\b(?:import|export)\b\s*([^'";]*?)\s*\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)/g)) {
          const from = to ?? dynamic;
          if (!/^(?:lit|@lit)(?:[/-]|$)/.test(from) || /^type\b/.test(names ?? '')) continue;
          const bare = (names ?? '').replace(/\btype\s+\w+(\s+as\s+\w+)?/g, '').match(/^\{([^}]*)\}$/)?.[1].split(',').map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean);
          if (from !== 'lit' || !bare || bare.some((n) => !READER_LIT.includes(n))) this.error(`${id} imports more of Lit than ${READER_LIT.join(', ')}: READER_LIT_CUTS in vite.config.ts no longer hold`);
        }
        return;
      }
      if (!/\/lit-html\/lit-html\.js$/.test(id)) return;
      for (const [text, times, replacement] of READER_LIT_CUTS) {
        const parts = code.split(text);
        if (parts.length !== times + 1) this.error(`lit-html's "${text.slice(0, 40)}…" in ${id} changed: update READER_LIT_CUTS in vite.config.ts`);
        code = parts.join(replacement);
      }
      return {code, map: null};
    },
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        if (/<!--|<(textarea|title|style|script)\b[^>]*>(?!<\/\1>)/i.test(chunk.code)) this.error(`${chunk.fileName} has a comment or an unclosed raw-text element, where a template's binding would be: READER_LIT_CUTS in vite.config.ts may no longer hold`);
        const template = attributeBindingsAlone(this.parse(chunk.code));
        if (template) this.error(`${chunk.fileName} has a binding in a tag that is not an attribute's whole value (\`${template}\`): READER_LIT_CUTS in vite.config.ts no longer hold`);
      }
    },
  };
}

/**
 * The reader's bundle only ever runs in a browser (its thread chunk defines `<natter-thread>` as it loads): there the
 * base element extends HTMLElement itself, without the stand-in that lets the package's REST adapter load in Node
 * (dist/lib, which tsc builds, keeps it). 7 B gzip less for an English reader.
 */
function readerDomOnly(): Plugin {
  const standIn = 'const ElementBase = globalThis.HTMLElement ?? class {};';
  return {
    name: 'natter-reader-dom-only',
    apply: 'build',
    applyToEnvironment: (env) => env.name === 'client',
    transform(code, id) {
      if (!id.endsWith('/src/elements/base-element.ts')) return;
      if (!code.includes(standIn)) this.error(`${id} no longer has "${standIn}": update readerDomOnly in vite.config.ts`);
      return {code: code.replace(standIn, 'const ElementBase = HTMLElement;'), map: null};
    },
  };
}

/** The bundles are final files for a script tag: tree-shaking hints left in them are bytes every reader downloads. */
function stripAnnotations(): Plugin {
  return {
    name: 'natter-strip-annotations',
    apply: 'build',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = chunk.code.replace(/\/\* @(?:__PURE__|vite-ignore) \*\/\s*/g, '');
      }
    },
  };
}

/**
 * Terser over each of the reader's chunks before oxc minifies it: its compressor and printer find
 * what oxc leaves (140 B gzip over the three files a reader downloads). `unsafe_arrows` turns function expressions
 * that never use `this` into arrows and `keep_fargs: false` drops unused trailing parameters: no code here calls
 * `new` on a callback or reads a function's `length`. Inlining only simple functions and leaving statements unjoined
 * (oxc joins them after) measured 15 B smaller than terser's defaults; `hoist_funs` (function declarations moved to the
 * top of their scope, where JavaScript hoists them anyway) 56 B smaller over the three files, and five passes rather
 * than three 6 B smaller (more find nothing more). Exports keep their names, so the chunks still link.
 *
 * Names are mangled once, last, by terser over oxc's output (oxc's mangler is off in the reader's build): terser gives
 * the most used names the letters the chunk uses most, which gzip codes shorter, 27 B less than oxc's names. Only
 * local names change (module scope included, as in any ES module build; export and import names stay), so nothing
 * outside a chunk sees it. It runs in generateBundle, after the chunks are hashed: a file's hash still follows its
 * source, which is all the long-cached chunk names need.
 *
 * lit-html's private names on its own parts and template instances (`_$AH`, `_$AI`, `_$AR`…) are mangled too, in the
 * one chunk that holds lit-html (17 B gzip less): with directives cut (READER_LIT_CUTS) nothing else reads them, and
 * those objects never leave lit-html. The build fails if another chunk names one, whose mangled name would differ.
 * The names lit-html leaves on the container (`_$litPart$`) and on a template result (`_$litType$`) stay.
 */
const LIT_PRIVATE = /^_\$A[A-Z]$/;
const LIT_PRIVATE_USE = /\b_\$A[A-Z]\b/;

function terserPass(): Plugin {
  return {
    name: 'natter-terser-pass',
    apply: 'build',
    applyToEnvironment: (env) => env.name === 'client',
    async renderChunk(code) {
      const out = await minify(code, {module: true, ecma: 2020, compress: {passes: 5, hoist_funs: true, unsafe_arrows: true, keep_fargs: false, inline: 1, sequences: false}, mangle: false, sourceMap: {asObject: true}});
      return {code: out.code!, map: out.map as never};
    },
    async generateBundle(_, bundle) {
      const lit = Object.values(bundle).filter((chunk) => chunk.type === 'chunk' && LIT_PRIVATE_USE.test(chunk.code));
      if (lit.length > 1) this.error(`lit-html's private names are in ${lit.map((c) => c.fileName).join(' and ')}: mangled apart, they would differ (terserPass in vite.config.ts)`);
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = (await minify(chunk.code, {module: true, ecma: 2020, compress: false, mangle: lit.includes(chunk) ? {properties: {regex: LIT_PRIVATE}} : true})).code!;
      }
    },
  };
}

/**
 * One ES build with code splitting: the entry files a blogger pastes (`natter.js`, the loader, and
 * `natter.classic.js`, its classic-script stub) at the top of dist/, every lazily loaded chunk hashed under
 * dist/chunks/. The manifest tells scripts/size.js which chunks load before the first comment paints.
 */
export default defineConfig({
  plugins: [demoWithMocks(), collapseTemplateIndent(), stripLitHooks(), readerLitCuts(), readerDomOnly(), stripAnnotations(), terserPass()],
  build: {
    copyPublicDir: false,
    // Earlier builds' chunks stay for readers whose cached natter.js still names them: scripts/keep-chunks.js
    // removes the other outputs before the build and prunes chunks a day after they left the manifest.
    emptyOutDir: false,
    target: 'es2022',
    manifest: true,
    minify: true,
    sourcemap: false,
  },
  environments: {
    client: {
      build: {
        lib: {entry: {natter: 'src/loader.ts', 'natter.classic': 'src/classic.ts', 'natter-count': 'src/count.ts', ...localeEntries}, formats: ['es'], fileName: (_, name) => `${name}.js`},
        rolldownOptions: {
          // No Symbol.toStringTag on module namespaces: without it the thread chunk's namespace (what the loader's
          // import() gets) is a plain `{}` rather than a helper that builds one (~70 B before the first paint).
          // oxc compresses and prints; terserPass mangles after it.
          output: {chunkFileNames: 'chunks/[name]-[hash].js', minify: {compress: true, mangle: false, codegen: true}, generatedCode: {symbols: false}},
          // Lit's modules only register version and polyfill hooks at load: with them side-effect free, importing
          // ReactiveElement from 'lit' leaves LitElement (which the widget doesn't use) out of the first paint.
          treeshake: {moduleSideEffects: (id: string) => !/\/node_modules\/(lit|lit-element|lit-html|@lit\/reactive-element)\//.test(id)},
        },
      },
    },
    // The admin page is a second environment of the same build, with its own module graph: nothing it imports (all
    // of Lit, the Markdown renderer) is shared with, split out of or hoisted into the reader's chunks, which stay
    // byte for byte what they were. One file, dist/admin/admin.js (its manifest in dist/admin/.vite/), served by
    // src/server/routes/admin-page.ts; scripts/size.js holds it to its own budget.
    admin: {
      consumer: 'client',
      build: {
        outDir: 'dist/admin',
        lib: {entry: {admin: 'src/admin/main.ts'}, formats: ['es'], fileName: (_, name) => `${name}.js`},
        rolldownOptions: {output: {minify: true}},
      },
    },
  },
  // Builds every environment above (the reader's, then the admin page's) in one `vite build`.
  builder: {},
});
