// What the widget loads to parse a body that came without its tree (src/elements/comment-view.ts): only from an
// adapter that sends no trees (the in-page one, a custom one), never from the reference server, which parses them.
export {parseMarkdown} from './parse-blocks.js';
