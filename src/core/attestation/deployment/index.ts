export { appComposeOf, osImageHashOf } from './app-compose.ts'
export { describeDeployment, type Deployment, type DeploymentFinding, type DeploymentFlags, type DeploymentService, type FindingKind, type TelemetryFacts } from './deployment.ts'
export { checkDeploymentPolicy, type DeploymentPolicy } from './policy.ts'
