/**
 * The set-up every JsSIP suite shares: one real server per file, and user agents that are stopped after each test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createUa, stopAll, type NodeUa } from '../../helpers/jssip-node.ts';
import { removeDir, startTestServer, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

export interface JsSipServerFixture {
  /** The running server (valid inside tests). */
  readonly server: TestServer;
  /** A registered JsSIP user agent for `user`, stopped after the test. */
  ua(user: string, password?: string): Promise<NodeUa>;
  /** Our Record-Route entry as the WebSocket clients see it. */
  recordRoute(): string;
}

export function useJsSipServer(): JsSipServerFixture {
  let ts: TestServer | undefined;
  const uas: NodeUa[] = [];
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterEach(async () => {
    await stopAll(uas);
  });
  afterAll(async () => {
    await ts?.stop();
    if (ts) removeDir(ts.dir);
  });
  const fixture: JsSipServerFixture = {
    get server() {
      if (!ts) throw new Error('the server is not started yet');
      return ts;
    },
    async ua(user, password = TEST_USERS[user]!) {
      const u = await createUa({ user, password, server: fixture.server });
      uas.push(u);
      return u;
    },
    recordRoute: () => `<sip:sealphone@127.0.0.1:${fixture.server.httpPort};transport=ws;lr>`,
  };
  return fixture;
}
