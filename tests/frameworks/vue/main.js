// A small Vue 3 app that embeds the thread the way the README's Vue snippet does. The template is compiled in the
// browser (the build aliases `vue` to its full build), with the same compiler an SFC's template goes through.
import {createApp, ref} from 'vue';
import 'natter/define';
import {createMemoryAdapter} from 'natter/adapters/memory';
import {seed} from '../seed.js';

const adapter = createMemoryAdapter({seed});

const app = createApp({
  setup() {
    const posted = ref([]);
    return {adapter, posted, handlePosted: (e) => posted.value.push(e.detail.comment)};
  },
  template: `
    <main>
      <p id="posted">{{ posted.length ? posted.map((c) => c.author + ': ' + c.body).join(' | ') : 'Nothing posted yet' }}</p>
      <natter-thread thread="/post" :adapter.prop="adapter" @natter-posted="handlePosted"></natter-thread>
    </main>`,
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('natter-');
app.mount('#app');
