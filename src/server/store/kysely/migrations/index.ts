import type {Migration} from 'kysely';
import type {StoreEngine} from '../../comment-store.js';
import {statusesThreadsSettings} from './0003-statuses-threads-settings.js';
import {spam} from './0005-spam.js';

// Migrations after 0002, one file each, named so they sort in order. Add a line per new file; never edit a released one.
export function laterMigrations(engine: StoreEngine): Record<string, Migration> {
  return {
    '0003-statuses-threads-settings': statusesThreadsSettings(engine),
    '0005-spam': spam(),
  };
}
