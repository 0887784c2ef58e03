import { namesModel, type ModelAliases } from '../model-name.ts'
import type { Check } from '../report.ts'
import type { Deployment } from './deployment.ts'

/**
 * `deployment.model`: the model we asked for is the one the app compose serves. The compose
 * is bound by MRCONFIGID, which a gateway cannot rewrite, so where it names the model (a
 * `--model` / `--served-model-name` flag, a `MODEL_NAME=` variable…) a report for another
 * model fails, whatever the report's own `model` fields say. Where it names none (the real
 * Venice and NEAR composes run a compose manager that fetches the model's services at run
 * time), the check says so and is not counted as a pass.
 *
 * @example
 * checkComposeModel(report.deployment, 'e2ee-qwen3-5-122b-a10b').status // 'skipped' for the real Venice compose
 */
export function checkComposeModel(deployment: Deployment | undefined, requested: string | undefined, aliases?: ModelAliases): Check {
  const base = { id: 'deployment.model', label: 'The app compose serves this model' }
  const skip = (detail: string, evidence?: Record<string, string>): Check => ({ ...base, status: 'skipped', detail, ...(evidence ? { evidence } : {}) })
  if (!deployment) return skip('Not checked: the report carries no app compose, so nothing bound to the quote names the model.')
  if (deployment.error) return skip(`Not checked: the app compose could not be read (${deployment.error}).`)
  const served = deployment.services.flatMap((s) => (s.models ?? []).map((model) => ({ service: s.name, model })))
  const setBy = [...new Set(deployment.services.flatMap((s) => s.modelSetBy ?? []))]
  const evidence: Record<string, string> = {
    ...(requested ? { requested } : {}),
    ...(served.length ? { served: served.map((s) => `${s.service}: ${s.model}`).join(', ') } : {}),
    ...(setBy.length ? { setAtLaunchBy: setBy.join(', ') } : {}),
  }
  if (!requested) return skip('Not checked: no model was requested or named by the report.', evidence)
  if (served.length === 0) {
    const launcher = deployment.services.find((s) => s.access.includes('Docker socket'))
    const why = setBy.length
      ? `the host picks it at launch through ${setBy.join(', ')}`
      : launcher
        ? `${launcher.name} controls Docker and starts the model's containers at run time, outside this compose`
        : 'none of its services names one'
    return skip(`Not checked: the app compose does not name the model it serves (${why}), so which model runs is the provider's word.`, evidence)
  }
  const matching = served.filter((s) => namesModel(s.model, requested, aliases))
  if (matching.length === 0) {
    return { ...base, status: 'failed', detail: `The app compose serves ${served.map((s) => JSON.stringify(s.model)).join(', ')}, not the requested ${requested}.`, evidence }
  }
  if (deployment.bound !== true) return skip(`The app compose names ${requested}, but the quote does not bind this compose (MRCONFIGID): it is the server's word.`, evidence)
  return { ...base, status: 'passed', detail: `The app compose bound to the quote serves ${requested} (${matching.map((s) => s.service).join(', ')}).`, evidence }
}
