/**
 * The text of the forms, the notes and the counted heading, in English; it loads with the write chunk, after the first
 * comments paint. Other locales add a table of the same shape (src/locales/); registered at attach (src/write/index.ts) and read through `host.locale.t('write')`.
 */
export const writeEn = {
  comments: {one: '# comment', other: '# comments'},
  newComments: {one: '# new comment', other: '# new comments'},
  leaveReply: 'Leave a reply',
  sending: 'Sending…',
  waiting: 'Waiting to send…',
  pending: 'Awaiting moderation',
  reply: 'Reply',
  replyTo: 'Reply to {name}',
  cancel: 'Cancel',
  offline: 'You are offline. What you post will be sent when you are back.',
  body: 'Comment',
  bodyHint: 'Markdown: *emphasis*, **strong**, `code`, [link](https://…)',
  author: 'Name',
  email: 'Email (optional, never shown)',
  website: 'Website (optional)',
  remember: 'Remember me in this browser',
  notify: 'Notify me of replies by email',
  needEmail: 'Give your email to be notified of replies.',
  honeypot: 'Leave this empty',
  post: 'Post comment',
  posted: 'Your comment was posted.',
  held: 'Your comment awaits moderation.',
  noName: 'Please give a name.',
  noBody: 'Write something before posting.',
  postError: 'Your comment was not posted: {message}',
  edited: 'edited',
  sort: 'Sort by',
  oldest: 'Oldest',
  newest: 'Newest',
  moreReplies: 'Show more replies',
};

export type WriteMessages = typeof writeEn;

