// Proof sets and chains (VC Data Integrity §4.3, §4.5) with Digital Bazaar's libraries, offline:
// contexts from the wallet's bundled copies, did:key resolved locally.
//   node chain.mjs verify REQUEST.json    {document}
//   node chain.mjs sign REQUEST.json      {document, issuer: KEY, registrar: KEY, ids: [a, b]}
// KEY: {publicKeyMultibase, secretKeyMultibase} (Ed25519). Prints a JSON answer.
//
// @digitalbazaar/data-integrity 2.5.0 (the newest) reads `previousProof` nowhere: it verifies
// each proof of a set over the document without the proofs (jsonld-signatures' ProofSet: the
// set verifies when one proof does). `ChainedProof` below adds the one step §4.5 asks — the
// proofs a proof names go into the document it verifies ("proof": matchingProofs), as §4.3
// has them go into what it signs — over their own canonicalization, hashing and signing.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import jsigs from 'jsonld-signatures';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as didKey from '@digitalbazaar/did-method-key';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

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

const purpose = () => new jsigs.purposes.AssertionProofPurpose();

class ChainedProof extends DataIntegrityProof {
  async createVerifyData(options) {
    const {proof, proofSet = []} = options;
    if(proof.previousProof === undefined) {
      return super.createVerifyData(options);
    }
    const names = [].concat(proof.previousProof);
    // jsonld-signatures gives each proof of the set the document's @context: take it off again
    const matching = proofSet.filter(p => names.includes(p.id))
      .map(({'@context': _context, ...rest}) => rest);
    if(matching.length !== names.length) {
      throw new Error(`previousProof ${names} is not in the proof set`);
    }
    return super.createVerifyData({...options, document: {...options.document,
      proof: matching}});
  }
}

async function verifyWith(Suite, document) {
  const result = await jsigs.verify(document, {suite: new Suite({cryptosuite: eddsaRdfc2022}),
    purpose: purpose(), documentLoader});
  return {verified: result.verified,
    proofs: (result.results || []).map(r => ({id: r.proof.id ?? null, verified: r.verified}))};
}

async function verify({document}) {
  return {plain: await verifyWith(DataIntegrityProof, document),
    chained: await verifyWith(ChainedProof, document)};
}

async function suiteFor(key, proofOptions) {
  const did = `did:key:${key.publicKeyMultibase}`;
  const pair = await Ed25519Multikey.from({
    type: 'Multikey', id: `${did}#${key.publicKeyMultibase}`, controller: did,
    publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase,
  });
  const suite = new ChainedProof({signer: pair.signer(), cryptosuite: eddsaRdfc2022});
  suite.proof = proofOptions;
  return suite;
}

async function sign({document, issuer, registrar, ids: [first, second]}) {
  const signed = await jsigs.sign(structuredClone(document), {
    suite: await suiteFor(issuer, {id: first}), purpose: purpose(), documentLoader});
  const chained = await jsigs.sign(signed, {
    suite: await suiteFor(registrar, {id: second, previousProof: first}), purpose: purpose(),
    documentLoader});
  return {document: chained};
}

const [command, file] = process.argv.slice(2);
const request = JSON.parse(fs.readFileSync(file, 'utf8'));
const run = {sign, verify}[command];
if(!run) {
  throw new Error(`unknown command ${command}`);
}
console.log(JSON.stringify(await run(request)));
