// The README's "core in five lines" in plain Node ESM, against the simulated enclave served on
// loopback by the package's own sealkit/simulator/node (PORT), trusting its test roots explicitly.
import { createChatSession, createClient } from 'sealkit/core'
import { startSimulatorServer } from 'sealkit/simulator/node'

const server = await startSimulatorServer({ port: Number(process.env.PORT), chunks: 6 })
try {
  const client = createClient({ baseURL: server.baseURL, apiKey: 'sk-consumer' })
  const session = createChatSession(client, { model: 'e2ee-qwen3-5-122b-a10b', mode: 'e2ee', trustedRoots: server.simulator.trustedRoots() })
  let text = ''
  for await (const event of session.stream([{ role: 'user', content: 'Hello from Node' }])) {
    if (event.type === 'delta') text += event.content
  }
  console.log(JSON.stringify({ text, keyHolder: session.keyHolder, verdict: session.attestation?.report.verdict }))
  session.destroy()
} finally {
  await server.close()
}
