// Every entry point's declarations, type-checked as a user's project would with skipLibCheck: false.
import * as root from 'sealkit'
import * as core from 'sealkit/core'
import * as openai from 'sealkit/openai'
import * as simulator from 'sealkit/simulator'
import * as simulatorNode from 'sealkit/simulator/node'

const holder: core.KeyHolderInfo | undefined = core.createChatSession(core.createClient(simulator.createSimulatedBackend()), { model: 'e2ee-qwen3-5-122b-a10b', mode: 'e2ee' }).keyHolder
export const entries = [root.PrivateChat, core.createWorkerKeyHolder, openai.createEncryptedFetch, simulatorNode.startSimulatorServer, holder]
