import type {Migration} from 'kysely';
import type {StoreEngine} from '../../comment-store.js';
import {statusesThreadsSettings} from './0003-statuses-threads-settings.js';
import {admin} from './0004-admin.js';
import {spam} from './0005-spam.js';
import {notifyTables} from './0006-notify.js';
import {ioMigration} from './0007-io.js';
import {notifyFixes} from './0008-notify-fixes.js';
import {removedKeys} from './0009-removed-keys.js';
import {readerActions} from './0010-reader-actions.js';
import {replyPages} from './0011-reply-pages.js';

// Migrations after 0002, one file each, named so they sort in order. Add a line per new file; never edit a released one.
export function laterMigrations(engine: StoreEngine): Record<string, Migration> {
  return {
    '0003-statuses-threads-settings': statusesThreadsSettings(engine),
    '0004-admin': admin(engine),
    '0005-spam': spam(),
    '0006-notify': notifyTables(engine),
    '0007-io': ioMigration(engine),
    '0008-notify-fixes': notifyFixes(engine),
    '0009-removed-keys': removedKeys(),
    '0010-reader-actions': readerActions(engine),
    '0011-reply-pages': replyPages(),
  };
}
