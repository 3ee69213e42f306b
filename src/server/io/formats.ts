import {readDisqus} from './disqus.js';
import type {FormatReader} from './importer.js';
import {readNatter} from './natter-format.js';
import {readWordpress} from './wordpress.js';

/** Every format `natter import --format` knows, by name. */
export const FORMATS: Record<string, FormatReader> = {
  disqus: readDisqus,
  wordpress: readWordpress,
  natter: readNatter,
};
