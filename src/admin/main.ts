// The admin page's entry (dist/admin/admin.js, its own build environment; no reader ever loads it): the page's
// style sheet and its elements.
import {adminStyles} from './admin.styles.js';
import {AdminApp} from './admin-app.js';
import {CommentsView} from './comments-view.js';
import {SettingsView} from './settings-view.js';
import {ThreadsView} from './threads-view.js';
import {WebhooksView} from './webhooks-view.js';

// A constructed sheet: the page's CSP allows no inline style, and this needs no second request.
document.adoptedStyleSheets = [...document.adoptedStyleSheets, adminStyles.styleSheet!];

customElements.define('natter-admin-comments', CommentsView);
customElements.define('natter-admin-threads', ThreadsView);
customElements.define('natter-admin-settings', SettingsView);
customElements.define('natter-admin-webhooks', WebhooksView);
customElements.define('natter-admin', AdminApp);
