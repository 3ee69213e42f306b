import {readCommento} from './commento.js';
import {readDisqus} from './disqus.js';
import type {FormatReader} from './importer.js';
import {readIsso} from './isso.js';
import {readNatter} from './natter-format.js';
import {readRemark42} from './remark42.js';
import {readWordpress} from './wordpress.js';

/** Every format `natter import --format` knows, by name. */
export const FORMATS: Record<string, FormatReader> = {
  disqus: readDisqus,
  wordpress: readWordpress,
  isso: readIsso,
  remark42: readRemark42,
  commento: readCommento,
  natter: readNatter,
};
