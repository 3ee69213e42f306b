import type {ServerConfig} from '../../config.js';
import type {CommentStore} from '../../store/comment-store.js';
import type {EventBus} from '../events.js';
import {createAkismet} from './akismet.js';
import {reportDecisions} from './feedback.js';
import {startSpamChecker} from './spam-checker.js';
import type {SpamChecker} from './spam-checker.js';

/** The background spam check and its feedback, when Akismet is configured (NATTER_AKISMET_KEY); else undefined. */
export function startSpamCheck({store, bus, config}: {store: CommentStore; bus: EventBus; config: ServerConfig}): SpamChecker | undefined {
  const settings = config.spam.akismet;
  if (!settings) return undefined;
  const akismet = createAkismet(settings);
  reportDecisions({store, bus, akismet, retryDelaysMs: settings.retryDelaysMs});
  return startSpamChecker({store, bus, akismet, retryDelaysMs: settings.retryDelaysMs});
}
