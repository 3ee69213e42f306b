/** One comment the adapter starts with: the widget shows it only if the framework handed it the adapter object. */
export const seed = [
  {id: 'seed-1', thread: '/post', parent: null, author: 'Grace', website: null, body: 'Here before the app rendered', createdAt: '2026-01-01T00:00:00.000Z', status: 'published'},
];
