import { describe, expect, it } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { privacyFloorOf, resolvePrivacy, type PrivacyMode } from '../../src/core/session/privacy.ts'

const MODES: PrivacyMode[] = ['none', 'tee', 'e2ee']

describe('the privacy floor', () => {
  it('comes from the id prefix, and the app may only raise it', () => {
    expect(privacyFloorOf('e2ee-x')).toBe('e2ee')
    expect(privacyFloorOf('tee-x')).toBe('tee')
    expect(privacyFloorOf('x')).toBe('none')
    for (const requested of MODES) expect(privacyFloorOf('e2ee-x', requested)).toBe('e2ee')
    expect(privacyFloorOf('tee-x', 'e2ee')).toBe('e2ee')
    expect(privacyFloorOf('tee-x', 'none')).toBe('tee')
    expect(privacyFloorOf('x', 'tee')).toBe('tee')
  })

  it('the server may raise privacy above the floor, never lower it', () => {
    for (const floor of MODES) {
      for (const offered of MODES) {
        const rank = (m: PrivacyMode) => MODES.indexOf(m)
        if (rank(offered) >= rank(floor)) expect(resolvePrivacy({ model: 'x', offered, floor })).toBe(offered)
        else expect(() => resolvePrivacy({ model: 'x', offered, floor })).toThrowError(expect.objectContaining({ code: 'PRIVACY_DOWNGRADE', details: { model: 'x', required: floor, offered } }))
      }
    }
  })

  it('createChatSession refuses a mode below the floor before anything is sent', () => {
    let calls = 0
    const client = createClient({ baseURL: 'http://x.test', fetch: async () => (calls++, new Response('{}')) })
    expect(() => createChatSession(client, { model: 'e2ee-qwen', mode: 'tee' })).toThrowError(expect.objectContaining({ code: 'PRIVACY_DOWNGRADE' }))
    expect(() => createChatSession(client, { model: 'llama', mode: 'none', allowUnattested: true, minPrivacy: 'tee' })).toThrowError(expect.objectContaining({ code: 'PRIVACY_DOWNGRADE' }))
    expect(calls).toBe(0)
  })
})
