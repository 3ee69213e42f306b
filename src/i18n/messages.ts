/** Every piece of text the widget shows, in English. Other locales add a table of the same shape. */
export const en = {
  title: 'Comments',
  comments: {one: '# comment', other: '# comments'},
  loading: 'Loading comments…',
  empty: 'No comments yet.',
  loadError: 'Comments could not be loaded.',
  retry: 'Retry',
  loadMore: 'Load more comments',
  leaveReply: 'Leave a reply',
  replyTo: 'Reply to {name}',
  reply: 'Reply',
  cancel: 'Cancel',
  body: 'Comment',
  bodyHint: 'Markdown: *emphasis*, **strong**, `code`, [link](https://…)',
  author: 'Name',
  email: 'Email (optional, never shown)',
  website: 'Website (optional)',
  remember: 'Remember me in this browser',
  post: 'Post comment',
  sending: 'Sending…',
  waiting: 'Waiting to send…',
  pending: 'Awaiting moderation',
  inReplyTo: 'in reply to {name}',
  offline: 'You are offline. What you post will be sent when you are back.',
  posted: 'Your comment was posted.',
  held: 'Your comment awaits moderation.',
  nameRequired: 'Please give a name.',
  bodyRequired: 'Write something before posting.',
  postError: 'Your comment was not posted: {message}',
};

export type Messages = typeof en;

const tables: Record<string, Messages> = {en};

/** The message table for a BCP 47 tag's language, falling back to English. */
export function messagesFor(lang: string): Messages {
  return tables[lang.toLowerCase().split('-')[0]] ?? en;
}

/** Fills `{name}`-style slots. */
export function format(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/** Picks the plural form with Intl.PluralRules and puts the formatted number in place of `#`. */
export function plural(forms: Record<string, string>, n: number, lang: string): string {
  return (forms[new Intl.PluralRules(lang).select(n)] ?? forms.other).replace('#', n.toLocaleString(lang));
}
