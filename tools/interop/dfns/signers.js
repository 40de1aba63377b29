// The official key signer (@dfns/sdk-keysigner's AsymmetricKeySigner) signs
// the same challenge with the same keys as the dfns crate's KeySigner, and
// Node's crypto verifies the crate's signatures. Run by the dfns-parity
// binary (`cargo xtask interop`).
//
// node signers.js INPUT.json
// INPUT: {challenge, credId, keys: [{name, privatePem, publicPem, rust: {clientData, signature}}]}
// Prints a JSON array, per key: {name, clientData, signature, rustVerifies, error?}
'use strict'

const crypto = require('crypto')
const fs = require('fs')
const { AsymmetricKeySigner } = require('@dfns/sdk-keysigner')

async function main() {
  const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
  const challenge = {
    challenge: input.challenge,
    challengeIdentifier: 'ci-parity',
    allowCredentials: { key: [{ type: 'public-key', id: input.credId }], webauthn: [] },
  }
  const results = []
  for (const key of input.keys) {
    try {
      const signer = new AsymmetricKeySigner({ credId: input.credId, privateKey: key.privatePem })
      const assertion = await signer.sign(challenge)
      const publicKey = crypto.createPublicKey(key.publicPem)
      // Ed25519 takes no digest; ECDSA and RSA verify over SHA-256 (DER, PKCS#1 v1.5).
      const digest = publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256'
      const rustVerifies = crypto.verify(
        digest,
        Buffer.from(key.rust.clientData, 'base64url'),
        publicKey,
        Buffer.from(key.rust.signature, 'base64url'),
      )
      results.push({
        name: key.name,
        clientData: assertion.credentialAssertion.clientData,
        signature: assertion.credentialAssertion.signature,
        rustVerifies,
      })
    } catch (error) {
      results.push({ name: key.name, error: String(error && error.message ? error.message : error) })
    }
  }
  process.stdout.write(JSON.stringify(results) + '\n')
}

main().catch((error) => {
  process.stderr.write(`signers.js: ${error && error.stack ? error.stack : error}\n`)
  process.exit(1)
})
