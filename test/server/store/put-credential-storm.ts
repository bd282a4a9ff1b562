/**
 * A PUBLISH storm in a child process, for durability.test.ts: puts credentials as fast as it can and prints one line
 * per put that returned (`aor etag version`), only after it returned, as a server answers 200 only after the store
 * call. The test kills it with SIGKILL at some moment and checks that every printed put survived.
 *
 *   node --import tsx test/server/store/put-credential-storm.ts FILE
 */
import { randomBytes } from 'node:crypto';
import { openStore } from '../../../server/store/index.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: put-credential-storm.ts FILE');
const store = openStore(file);
const certificate = randomBytes(700);
const encryptedKey = randomBytes(1200);

function write(line: string): Promise<void> {
  return new Promise((done, fail) => process.stdout.write(line, (error) => (error ? fail(error) : done())));
}

for (let i = 0; ; i++) {
  // Every tenth put updates one shared AOR; the others each publish a new AOR, so each of them can be checked.
  const aor = i % 10 === 0 ? 'sip:shared@storm.test' : `sip:u${i}@storm.test`;
  const etag = `${i.toString(36)}.${randomBytes(6).toString('hex')}`;
  const stored = store.putCredential({ aor, certificate, encryptedKey, etag, expiresAt: Date.now() + 3_600_000 });
  await write(`${stored.aor} ${stored.etag} ${stored.version}\n`);
}
