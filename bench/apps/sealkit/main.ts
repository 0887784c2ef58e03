// The entry: the sealkit config, then the app. Creating the config starts the attestation request
// and the workers; the app (React and the components) is a chunk of its own, so that happens before
// that chunk is compiled and evaluated, and the browser has the main thread in between (a worker's
// start and the report's arrival need it).
import { config } from './config.ts'

void import('./app.tsx').then(({ mount }) => mount(config))
