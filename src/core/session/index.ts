export { attestModel, type AttestationEvidence, type AttestedModel, type AttestModelParams } from './attest.ts'
export {
  createChatSession,
  type ChatSession,
  type ChatSessionOptions,
  type ChatStreamEvent,
  type PrivacyMode,
  type ResponseSignatureResult,
  type StreamOptions,
} from './chat-session.ts'
export { verifyResponseSignature, type Ed25519Verify, type VerifiedResponseSignature, type VerifyResponseSignatureHashesParams, type VerifyResponseSignatureParams } from './response-signature.ts'
export { assertPrivacy, atLeast, privacyFloorOf, resolvePrivacy } from './privacy.ts'
export { loadVerifier, mainThreadVerifier, preloadVerifier, startVerifier, NO_WORKERS_VERIFY_REASON, type AttestationVerifier, type StartedVerifier, type VerifierChoice, type VerifyWorkerSource } from './verifier.ts'
export { prestartKeyHolder, takeKeyHolder, type MakeKeyHolder } from './key-holder-start.ts'
