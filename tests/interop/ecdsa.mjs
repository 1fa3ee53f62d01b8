// Sign, derive and verify ECDSA (and JCS) Data Integrity proofs with Digital Bazaar's libraries,
// offline: contexts from the wallet's bundled copies, did:key resolved locally.
//   node ecdsa.mjs sign|derive|verify REQUEST.json      prints a JSON answer
// REQUEST: {document, suite?, key?: {publicKeyMultibase, secretKeyMultibase},
//           mandatoryPointers?, selectivePointers?, created?}
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import jsigs from 'jsonld-signatures';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as didKey from '@digitalbazaar/did-method-key';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as ecdsaSd2023 from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as ecdsaJcs2019 from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import * as eddsaJcs2022 from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';

const here = path.dirname(fileURLToPath(import.meta.url));
const contextsDir = path.join(here, '..', '..', 'wallet', 'contexts');
const index = JSON.parse(fs.readFileSync(path.join(contextsDir, 'index.json'), 'utf8'));
const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
didKeyDriver.use({multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from});
didKeyDriver.use({multibaseMultikeyHeader: 'z82L', fromMultibase: EcdsaMultikey.from});

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

const purpose = () => new jsigs.purposes.AssertionProofPurpose();

function verifySuite(name) {
  switch(name) {
    case 'ecdsa-rdfc-2019': return ecdsaRdfc2019;
    case 'ecdsa-sd-2023': return ecdsaSd2023.createVerifyCryptosuite();
    case 'ecdsa-jcs-2019': return ecdsaJcs2019.createVerifyCryptosuite();
    case 'eddsa-jcs-2022': return eddsaJcs2022.createVerifyCryptosuite();
    default: throw new Error(`no verifier here for ${name}`);
  }
}

async function sign({document, suite, key, mandatoryPointers = [], created}) {
  const did = `did:key:${key.publicKeyMultibase}`;
  const pair = await EcdsaMultikey.from({
    type: 'Multikey', id: `${did}#${key.publicKeyMultibase}`, controller: did,
    publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase,
  });
  const cryptosuite = suite === 'ecdsa-sd-2023' ?
    ecdsaSd2023.createSignCryptosuite({mandatoryPointers}) : ecdsaRdfc2019;
  const proof = new DataIntegrityProof({
    signer: pair.signer(), cryptosuite, date: created ? new Date(created) : undefined,
  });
  return {document: await jsigs.sign(document, {suite: proof, purpose: purpose(),
    documentLoader})};
}

async function derive({document, selectivePointers}) {
  const suite = new DataIntegrityProof({
    cryptosuite: ecdsaSd2023.createDiscloseCryptosuite({selectivePointers}),
  });
  return {document: await jsigs.derive(document, {suite, purpose: purpose(),
    documentLoader})};
}

async function verify({document}) {
  const proofs = Array.isArray(document.proof) ? document.proof : [document.proof];
  const suite = new DataIntegrityProof({cryptosuite: verifySuite(proofs[0].cryptosuite)});
  const result = await jsigs.verify(document, {suite, purpose: purpose(), documentLoader});
  const error = result.error?.errors?.[0] ?? result.error;
  return {verified: result.verified,
    error: error ? String(error.message || error).slice(0, 500) : null};
}

const [command, file] = process.argv.slice(2);
const request = JSON.parse(fs.readFileSync(file, 'utf8'));
const run = {sign, derive, verify}[command];
if(!run) {
  throw new Error(`unknown command ${command}`);
}
console.log(JSON.stringify(await run(request)));
