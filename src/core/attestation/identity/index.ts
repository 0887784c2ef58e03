export {
  checkPinnedIdentity,
  codeIdentityOf,
  findKnownDeployment,
  findKnownVm,
  identityChanges,
  type CodeIdentity,
  type CodeIdentityState,
  type IdentityChange,
  type IdentityPolicy,
  type IdentitySummary,
  type KnownVm,
} from './identity.ts'
export { KNOWN_DEPLOYMENTS, KNOWN_OS_IMAGES, type KnownDeployment, type KnownOsImage } from './known-deployments.ts'
export { localStorageMeasurementStore, memoryMeasurementStore, parseStoredIdentity, type MeasurementStore, type StoredIdentity } from './store.ts'
export { compareIdentity, rememberIdentity } from './continuity.ts'
export { verifyCodeIdentity, type CodeIdentityOptions, type CodeIdentityResult } from './code-identity.ts'
