// `npm run dev`: msw stands in for the server so the demo also works as static files, then the widget loads.
import {setupWorker} from 'msw/browser';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {createHandlers} from './handlers.js';
import {seed} from './seed.js';

await setupWorker(...createHandlers(createMemoryAdapter({seed}))).start({onUnhandledRequest: 'bypass', quiet: true});
await import('../../src/define.js');
