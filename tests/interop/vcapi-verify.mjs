// Digital Bazaar's view of what our VC-API verifier is asked (POST /credentials/verify,
// POST /presentations/verify), offline: contexts from the wallet's bundled copies, did:key
// resolved locally; eddsa-rdfc-2022 and ecdsa-rdfc-2019 proofs.
//   node vcapi-verify.mjs FILE…
// Each FILE: a VC-API request body ({verifiableCredential | verifiablePresentation, options}) or a
// credential alone (the cold-start benchmark, benchmarks/cold_verify.py). Prints a JSON answer
// per file, a line each: {verified, kind, error}. Status is not checked (as our service
// offline: nothing to fetch).
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';

const here = path.dirname(fileURLToPath(import.meta.url));
const contextsDir = path.join(here, '..', '..', 'wallet', 'contexts');
const index = JSON.parse(fs.readFileSync(path.join(contextsDir, 'index.json'), 'utf8'));
const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
didKeyDriver.use({multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from});

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

const suite = [new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
  new DataIntegrityProof({cryptosuite: ecdsaRdfc2019})];
const checkStatus = async () => ({verified: true});

function message(error) {
  if(!error) {
    return null;
  }
  const errors = [].concat(error.errors || error);
  return errors.map(e => String(e && (e.message || e))).join('; ').slice(0, 500);
}

async function answer(file) {
  const input = JSON.parse(fs.readFileSync(file, 'utf8'));
  const body = input['@context'] === undefined ? input : {verifiableCredential: input};
  const options = body.options || {};
  try {
    if(body.verifiablePresentation !== undefined) {
      const result = await vc.verify({presentation: body.verifiablePresentation, suite,
        documentLoader, challenge: options.challenge, domain: options.domain, checkStatus});
      return {kind: 'presentation', verified: result.verified, error: message(result.error)};
    }
    const result = await vc.verifyCredential({credential: body.verifiableCredential, suite,
      documentLoader, checkStatus});
    return {kind: 'credential', verified: result.verified, error: message(result.error)};
  } catch(error) {
    return {kind: 'error', verified: false, error: message(error)};
  }
}

for(const file of process.argv.slice(2)) {
  console.log(JSON.stringify(await answer(file)));
}
