// The flow of crates/dfns-parity/src/flow.rs with Dfns's official SDK
// (@dfns/sdk, @dfns/sdk-keysigner, pinned in tools/package.json), against the
// loopback server `cargo xtask interop` starts. Prints a JSON array: one line
// per step, as the Rust flow does.
//
// node flow.js BASE_URL CRED_ID PRIVATE_KEY_PEM_FILE ORG_ID USERNAME PUBLIC_KEY
'use strict'

const fs = require('fs')
const { DfnsApiClient, DfnsAuthenticator, PolicyPendingError } = require('@dfns/sdk')
const { AsymmetricKeySigner } = require('@dfns/sdk-keysigner')

async function main() {
  const [baseUrl, credId, pemFile, orgId, username, publicKey] = process.argv.slice(2)
  const signer = new AsymmetricKeySigner({ credId, privateKey: fs.readFileSync(pemFile, 'utf8') })
  const { token } = await new DfnsAuthenticator({ baseUrl, signer }).login({ orgId, username })
  const steps = ['login: token']
  const client = new DfnsApiClient({ baseUrl, authToken: token, signer })
  const auth = client.auth
  const created = await auth.createPersonalAccessToken({ body: { name: 'ci', publicKey, daysValid: 30 } })
  const tokenId = created.tokenId
  steps.push(`createPersonalAccessToken: ${tokenId}`)
  const updated = await auth.updatePersonalAccessToken({ tokenId, body: { name: 'ci-2' } })
  steps.push(`updatePersonalAccessToken: ${updated.name}`)
  await auth.deactivatePersonalAccessToken({ tokenId })
  steps.push('deactivatePersonalAccessToken')
  await auth.activatePersonalAccessToken({ tokenId })
  steps.push('activatePersonalAccessToken')
  await auth.archivePersonalAccessToken({ tokenId })
  steps.push('archivePersonalAccessToken')
  const list = await auth.listPersonalAccessTokens()
  steps.push(`listPersonalAccessTokens: ${list.items.length}`)
  const account = await auth.createServiceAccount({ body: { name: 'machine', publicKey } })
  steps.push(`createServiceAccount: ${account.userInfo.userId}`)
  try {
    await auth.createPersonalAccessToken({ body: { name: 'needs-approval', publicKey, daysValid: 30 } })
    steps.push('pending approval: none (carried out)')
  } catch (error) {
    if (!(error instanceof PolicyPendingError)) throw error
    steps.push(`pending approval: ${error.context.id}`)
  }
  await auth.logout({ body: { allSessions: true } })
  steps.push('logout')
  process.stdout.write(JSON.stringify(steps) + '\n')
}

main().catch((error) => {
  process.stderr.write(`flow.js: ${error && error.stack ? error.stack : error}\n`)
  process.exit(1)
})
