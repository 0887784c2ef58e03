// The app's sealkit config, in a module the entry imports first and that imports no React: its
// body runs before React and the components are evaluated, so the attestation request and the
// workers start as early as the main chunk allows. An app imports the same from 'sealkit/core'.
import { createSealkitConfig } from '../../../src/core/index.ts'
import { BENCH_MODEL, bench } from '../probe.ts'

const { baseURL, trustedRoots } = bench().config
performance.mark('bench:config')
// The config names the model the chat starts with (as an app that remembers the user's last
// choice would): its attestation and the verification worker start now, while React loads and
// mounts and the models list is fetched.
export const config = createSealkitConfig({ baseURL, verify: { trustedRoots }, defaultModel: BENCH_MODEL })
