// The owner's side of the database, one small store per concern, hung on CommentStore (store.settings, …).

/** Server settings changed at run time, each a JSON value under a key. */
export interface SettingsStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, now: string): Promise<void>;
  /** Stores `value` unless the key already has one; answers the value that is stored (the first writer's wins). */
  claim<T>(key: string, value: T, now: string): Promise<T>;
}

/** What Natter knows about a thread besides its comments. */
export interface ThreadInfo {
  id: string;
  title: string | null;
  url: string | null;
  closed: boolean;
}

export interface ThreadStore {
  /** The thread's row; a thread nobody configured is open, without a title or URL. */
  get(id: string): Promise<ThreadInfo>;
  /** Closes a thread to new comments, or opens it again. */
  setClosed(id: string, closed: boolean, now: string): Promise<void>;
  /** Records a title or URL (imports, feeds); a null leaves the stored value as it is. */
  describe(id: string, info: {title: string | null; url: string | null}, now: string): Promise<void>;
}

/** A ban: an email address (compared without case), or an IP address (IPv6 as its /64). */
export interface Ban {
  kind: 'email' | 'ip';
  /** The normalised value: a lowercase email, an IPv4 address, or an IPv6 `prefix::/64`. */
  value: string;
  reason: string | null;
  createdAt: string;
}

export interface BanStore {
  /** Adds a ban (normalising the value); adding one twice keeps the first. Answers the stored ban. */
  add(kind: Ban['kind'], value: string, options: {reason: string | null; now: string}): Promise<Ban>;
  /** Lifts a ban; answers whether there was one. */
  remove(kind: Ban['kind'], value: string): Promise<boolean>;
  list(): Promise<Ban[]>;
  /** The ban that matches this author, if any. */
  match(author: {email: string | null; ip: string | null}): Promise<Ban | null>;
}
