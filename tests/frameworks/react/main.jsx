// A small React 19 app that embeds the thread the way the README's React snippet does.
import {useState} from 'react';
import {createRoot} from 'react-dom/client';
// Before the first render: React sets `adapter` as a property only on an element that is already defined.
import 'natter/define';
import {createMemoryAdapter} from 'natter/adapters/memory';
import {seed} from '../seed.js';

// Made once: a new adapter on each render would load the thread again.
const adapter = createMemoryAdapter({seed});

function App() {
  const [posted, setPosted] = useState([]);
  return (
    <main>
      <p id="posted">{posted.length ? posted.map((c) => `${c.author}: ${c.body}`).join(' | ') : 'Nothing posted yet'}</p>
      <natter-thread thread="/post" adapter={adapter} onnatter-posted={(e) => setPosted((p) => [...p, e.detail.comment])} />
    </main>
  );
}

createRoot(document.getElementById('root')).render(<App />);
