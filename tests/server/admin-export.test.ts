import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {adminRequest, makeAdminServer, signIn} from './admin-setup.js';
import {engines, makeTempDir} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());

for (const engine of engines) {
  describe(`the admin export download [${engine}]`, () => {
    it('gives a signed-in owner every comment as natter export writes it, with emails only when asked', async () => {
      const server = await makeAdminServer(temp.dir, engine);
      const posted = await server.post({thread: '/export', author: 'Ada', email: 'ada@example.com', body: 'Kept *whole*'});
      assert.equal(posted.status, 201);
      assert.equal((await adminRequest(server, 'GET', '/export')).status, 401);

      const session = await signIn(server);
      const res = await adminRequest(server, 'GET', '/export', {session});
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="natter-export-\d{4}-\d\d-\d\d\.json"$/);
      const plain = JSON.parse(await res.text());
      assert.equal(plain.format, 'natter-export');
      assert.deepEqual(plain.comments.map((c: {body: string}) => c.body), ['Kept *whole*']);
      assert.ok(!JSON.stringify(plain).includes('ada@example.com'));

      const withEmails = JSON.parse(await (await adminRequest(server, 'GET', '/export?emails=1', {session})).text());
      assert.equal(withEmails.comments[0].email, 'ada@example.com');
      assert.equal((await adminRequest(server, 'GET', '/export?emails=yes', {session})).status, 400);
    });
  });
}
