import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import {runAdapterContract} from '../contract/adapter-contract.js';

runAdapterContract('memory', () => createMemoryAdapter(), {
  describe,
  it,
  equal: (a, b, m) => expect(a, m).to.equal(b),
  closing: (thread) => createMemoryAdapter({closed: [thread]}),
  shortWindow: () => createMemoryAdapter({editWindow: 1}),
});
