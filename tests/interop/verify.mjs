// Verify a presentation (argv[2], a JSON file) with Digital Bazaar's VC libraries, offline:
// contexts from the wallet's bundled copies, did:key resolved locally. Prints a JSON verdict.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

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
    const document = await didKeyDriver.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`refusing to load ${url}`);
}

const [file, challenge, domain] = process.argv.slice(2);
const presentation = JSON.parse(fs.readFileSync(file, 'utf8'));
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const result = await vc.verify({presentation, suite, documentLoader, challenge, domain,
  checkStatus: async () => ({verified: true})});
const clr = presentation.verifiableCredential[0];
const inner = await vc.verifyCredential({credential: clr, suite, documentLoader,
  checkStatus: async () => ({verified: true})});
const nested = [];
for(const credential of clr.credentialSubject.verifiableCredential) {
  if(typeof credential !== 'object') {
    continue;  // a VC-JWT: not this library's format
  }
  const r = await vc.verifyCredential({credential, suite, documentLoader,
    checkStatus: async () => ({verified: true})});
  nested.push(r.verified);
}
console.log(JSON.stringify({
  presentation: result.presentationResult?.verified ?? false,
  credentials: (result.credentialResults || []).map(r => r.verified),
  clr: inner.verified,
  nested,
  verified: result.verified,
  error: result.error ? String(result.error.message || result.error).slice(0, 500) : null,
}));
