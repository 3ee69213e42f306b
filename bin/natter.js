#!/usr/bin/env node
// The `natter` command. The sources are TypeScript, run through tsx (a dependency), as `npm start` runs the server.
import {register} from 'tsx/esm/api';

register();
await import('../src/server/cli/natter.ts');
