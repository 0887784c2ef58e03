import { describe, expect, it } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { createSealkitConfig } from '../../src/core/query/config.ts'
import { createSimulatedBackend } from '../../src/simulator/app.ts'

describe('createSimulatedBackend', () => {
  it('the docs example as written: attests under the test roots, marked simulated, and decrypts', async () => {
    const backend = createSimulatedBackend({ chunks: 4 })
    const session = createChatSession(createClient(backend), { model: 'e2ee-qwen3-5-122b-a10b', mode: 'e2ee', ...backend.verify })
    let text = ''
    for await (const event of session.stream([{ role: 'user', content: 'Hello' }])) if (event.type === 'delta') text += event.content
    expect(text).toContain('You said: "Hello"')
    expect(session.attestation!.report.verdict).toBe('passed')
    expect(session.attestation!.report.simulated).toBe(true)
    session.destroy()
  })

  it('without its verify options the same evidence fails: nothing trusts the test roots by default', async () => {
    const backend = createSimulatedBackend()
    const session = createChatSession(createClient(backend), { model: 'e2ee-qwen3-5-122b-a10b', mode: 'e2ee' })
    await expect(session.attest()).rejects.toMatchObject({ name: 'AttestationError' })
    session.destroy()
  })

  it('is a SealkitProvider config as it stands, and follows basePath', () => {
    const config = createSealkitConfig(createSimulatedBackend())
    expect(config.client.baseURL).toBe('http://simulator.sealkit.local/api/v1')
    expect(config.verify?.trustedRoots?.intel).toHaveLength(2)
    expect(createSimulatedBackend({ basePath: '/v2' }).baseURL).toBe('http://simulator.sealkit.local/v2')
  })
})
