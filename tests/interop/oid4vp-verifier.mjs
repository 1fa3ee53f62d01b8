// An OpenID4VP 1.0 verifier that is not ours, on 127.0.0.1 (a port chosen at run time, printed
// as the first line): requests made with @openid4vc/openid4vp (by value: redirect_uri:, or by
// reference: a JAR signed for decentralized_identifier: did:key), answers parsed with the same
// library, the vp_token checked against the DCQL query with the dcql package, and every ldp_vc
// presentation verified with Digital Bazaar's VC library (challenge = nonce, domain =
// client_id), offline. GET /result/{id} tells what it saw. It stops when stdin closes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import jsonld from 'jsonld';
import {setGlobalConfig} from '@openid4vc/oauth2';
import {Openid4vpVerifier} from '@openid4vc/openid4vp';
import {DcqlQuery, DcqlPresentationResult} from 'dcql';

const here = path.dirname(fileURLToPath(import.meta.url));
const contextsDir = path.join(here, '..', '..', 'wallet', 'contexts');
const index = JSON.parse(fs.readFileSync(path.join(contextsDir, 'index.json'), 'utf8'));
const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if(index[url]) {
    const document = JSON.parse(fs.readFileSync(path.join(contextsDir, index[url]), 'utf8'));
    return {contextUrl: null, documentUrl: url, document};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKeyDriver.get({url})};
  }
  throw new Error(`refusing to load ${url}`);
}

// The verifier's own Ed25519 key, as a did:key, for signing request objects.
const {publicKey, privateKey} = crypto.generateKeyPairSync('ed25519');
const raw = publicKey.export({format: 'jwk'}).x;
const multikey = Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(raw, 'base64url')]);
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(bytes) {
  let n = BigInt('0x' + bytes.toString('hex'));
  let out = '';
  while(n > 0n) { out = B58[Number(n % 58n)] + out; n /= 58n; }
  for(const b of bytes) { if(b === 0) out = '1' + out; else break; }
  return out;
}
const did = `did:key:z${base58(multikey)}`;
const kid = `${did}#z${base58(multikey)}`;

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const callbacks = {
  hash: (data, alg) => crypto.createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  generateRandom: (n) => crypto.randomBytes(n),
  signJwt: async (signer, {header, payload}) => {
    const input = `${b64(header)}.${b64(payload)}`;
    const signature = crypto.sign(null, Buffer.from(input), privateKey).toString('base64url');
    return {jwt: `${input}.${signature}`, signerJwk: publicKey.export({format: 'jwk'})};
  },
  verifyJwt: async () => ({verified: false}),
  encryptJwe: async () => { throw new Error('not used'); },
  decryptJwe: async () => ({decrypted: false}),
};
setGlobalConfig({allowInsecureUrls: true});  // plain http on 127.0.0.1 only: this test server
const verifier = new Openid4vpVerifier({callbacks});
const requests = new Map();
let base = '';

const DCQL = {credentials: [{
  id: 'badge', format: 'ldp_vc',
  meta: {type_values: [['https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential']]},
  claims: [{path: ['credentialSubject', 'achievement', 'name']}],
}]};

async function create(mode) {
  const id = crypto.randomBytes(9).toString('base64url');
  const nonce = crypto.randomBytes(18).toString('base64url');
  const responseUri = `${base}/response/${id}`;
  const byReference = mode === 'reference';
  const clientId = byReference ? `decentralized_identifier:${did}` : `redirect_uri:${responseUri}`;
  const payload = {
    response_type: 'vp_token', client_id: clientId, response_mode: 'direct_post',
    response_uri: responseUri, nonce, state: id, dcql_query: DCQL,
    client_metadata: {client_name: 'Interop Verifier', vp_formats_supported: {ldp_vc: {}}},
  };
  const made = await verifier.createOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: payload,
    jar: byReference ? {requestUri: `${base}/request/${id}`,
      jwtSigner: {method: 'did', didUrl: kid, alg: 'EdDSA'}} : undefined,
  });
  requests.set(id, {payload: made.authorizationRequestPayload, jar: made.jar, seen: null});
  return {id, link: made.authorizationRequest};
}

async function expandedTypes(credential) {
  const expanded = await jsonld.expand({'@context': credential['@context'], type: credential.type},
    {documentLoader, safe: false});
  return expanded[0]?.['@type'] ?? [];
}

async function check(entry, form) {
  const parsed = await verifier.parseOpenid4vpAuthorizationResponse({
    authorizationResponse: form, authorizationRequestPayload: entry.payload});
  const presentations = parsed.dcql.presentations;
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const verified = [];
  const dcqlInput = {};
  for(const [queryId, items] of Object.entries(presentations)) {
    dcqlInput[queryId] = [];
    for(const vp of items) {
      const result = await vc.verify({presentation: vp, suite, documentLoader,
        challenge: entry.payload.nonce, domain: entry.payload.client_id,
        checkStatus: async () => ({verified: true})});
      verified.push({verified: result.verified, error: result.error ? String(result.error.message || result.error).slice(0, 300) : null,
        challenge: vp.proof?.challenge, domain: vp.proof?.domain});
      for(const credential of [vp.verifiableCredential].flat()) {
        dcqlInput[queryId].push({credential_format: 'ldp_vc', type: await expandedTypes(credential),
          claims: credential, cryptographic_holder_binding: true});
      }
    }
  }
  const query = DcqlQuery.parse(DCQL);
  DcqlQuery.validate(query);
  const outcome = DcqlPresentationResult.fromDcqlPresentation(dcqlInput, {dcqlQuery: query});
  return {verified, dcql: outcome.can_be_satisfied, state: form.state};
}

function body(request) {
  return new Promise((resolve) => {
    let data = '';
    request.on('data', (chunk) => { data += chunk; });
    request.on('end', () => resolve(data));
  });
}

const server = http.createServer(async (request, response) => {
  const url = new URL(request.url, base);
  const [, what, id] = url.pathname.split('/');
  const send = (status, value, type = 'application/json') => {
    response.writeHead(status, {'Content-Type': type});
    response.end(typeof value === 'string' ? value : JSON.stringify(value));
  };
  try {
    if(what === 'create') {
      return send(200, await create(url.searchParams.get('mode')));
    }
    const entry = requests.get(id);
    if(!entry) {
      return send(404, {error: 'not_found'});
    }
    if(what === 'request') {
      return send(200, entry.jar.authorizationRequestJwt, 'application/oauth-authz-req+jwt');
    }
    if(what === 'response' && request.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(await body(request)));
      entry.seen = await check(entry, form);
      return send(200, {});
    }
    if(what === 'result') {
      return send(200, entry.seen ?? {});
    }
    return send(404, {error: 'not_found'});
  } catch(error) {
    if(requests.has(id)) {
      requests.get(id).seen = {error: String(error.message || error).slice(0, 500)};
    }
    return send(400, {error: 'invalid_request', error_description: String(error.message || error).slice(0, 300)});
  }
});

server.listen(0, '127.0.0.1', () => {
  base = `http://127.0.0.1:${server.address().port}`;
  console.log(base);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
