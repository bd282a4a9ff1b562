/**
 * Run inside a network namespace by non-loopback.test.ts: a client whose address is not loopback. Prints one JSON
 * line with the status of each request.
 */
import { SipUser } from '../../helpers/sip-session.ts';

const [host, port] = [process.argv[2]!, Number(process.argv[3])];
const domain = 'sealphone.test';
const { RawSipClient } = await import('../../helpers/raw-sip-client.ts');
const alice = new SipUser(await RawSipClient.connect('ws', host, port), 'alice', 'alice-pw', domain);
const register = (await alice.register()).status;
const certificate = (await alice.send({ method: 'SUBSCRIBE', uri: alice.aor, to: `<${alice.aor}>`, headers: { Event: 'certificate', Expires: '60' } })).status;
const credential = await alice.send({ method: 'SUBSCRIBE', uri: alice.aor, to: `<${alice.aor}>`, headers: { Event: 'credential', Expires: '60' } });
const publish = await alice.send({ method: 'PUBLISH', uri: alice.aor, to: `<${alice.aor}>`, headers: { Event: 'credential', Expires: '60', 'Content-Type': 'application/pkix-cert' }, body: new Uint8Array([0x30, 0]) });
console.log(JSON.stringify({ register, certificate, credential: credential.status, credentialReason: credential.reason, publish: publish.status, publishReason: publish.reason }));
alice.close();
process.exit(0);
