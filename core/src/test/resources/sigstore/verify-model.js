// Verifies a Pedigree model signature with Sigstore's own JavaScript verifier, offline, the way
// `model_signing verify key` does: the bundle's DSSE signature under the given public key
// (@sigstore/verify, no transparency log), then every file of the model against the signed
// model-signing v1.0 statement.
// Usage: node verify-model.js BUNDLE PUBLIC_KEY_PEM MODEL_PATH   (exit 0: verified, 1: refused)
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

function refuse(message) {
  console.error('REFUSED: ' + message);
  process.exit(1);
}

const [bundlePath, keyPath, modelPath] = process.argv.slice(2);
const pem = fs.readFileSync(keyPath, 'ascii');
const publicKey = crypto.createPublicKey(pem);
const hint = crypto.createHash('sha256').update(pem).digest('hex');

let bundle;
try {
  bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
} catch (e) {
  refuse('the bundle is not a valid Sigstore bundle: ' + e.message);
}
const emptyRoot = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
const keys = {};
keys[hint] = { rawBytes: publicKey.export({ format: 'der', type: 'spki' }) };
const verifier = new Verifier(toTrustMaterial(emptyRoot, keys), {
  tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0,
});
try {
  verifier.verify(toSignedEntity(bundle));
} catch (e) {
  refuse('signature: ' + e.message);
}

const statement = JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8'));
if (statement.predicateType !== 'https://model_signing/signature/v1.0') {
  refuse('predicate type ' + statement.predicateType);
}
const resources = statement.predicate.resources;
const root = crypto.createHash('sha256');
resources.forEach((r) => root.update(Buffer.from(r.digest, 'hex')));
if (statement.subject.length !== 1 || statement.subject[0].digest.sha256 !== root.digest('hex')) {
  refuse('the subject digest is not the digest over the listed files');
}
const ignored = new Set(statement.predicate.serialization.ignore_paths || []);
const actual = new Map();
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const name = path.relative(modelPath, full).split(path.sep).join('/');
    if (ignored.has(name)) continue;
    if (entry.isDirectory()) walk(full);
    else if (entry.isFile()) actual.set(name, crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
    else refuse(name + ' is neither a file nor a folder');
  }
}
if (fs.statSync(modelPath).isDirectory()) {
  walk(modelPath);
} else {
  actual.set(resources.length === 1 ? resources[0].name : path.basename(modelPath),
    crypto.createHash('sha256').update(fs.readFileSync(modelPath)).digest('hex'));
}
for (const r of resources) {
  if (!actual.has(r.name)) refuse('signed file ' + r.name + ' is missing');
  if (actual.get(r.name) !== r.digest) refuse('file ' + r.name + ' does not match its signed digest');
  actual.delete(r.name);
}
if (actual.size > 0) refuse('files not in the signature: ' + [...actual.keys()].join(', '));
console.log('VERIFIED ' + resources.length + ' file(s) of ' + statement.subject[0].name + ' with key ' + hint);
