export {
  caribexLinks,
  createCaribexClient,
  type CaribexClient,
  type CaribexClientOptions,
  type CaribexLinkOptions,
  type EventSourceConstructor,
} from "./client";
export type { AppRouter, RouterInputs, RouterOutputs } from "./router";
export { buildSiweMessage, signInWithSigner, SIWE_STATEMENT, type SiweApi, type SiweMessageInput, type SiweSigner } from "./siwe";
export {
  apiErrorOf,
  fieldErrors,
  isApiError,
  validationIssues,
  type ApiError,
  type ApiErrorCode,
  type ValidationIssue,
} from "./errors";
export { DEMO_ACCOUNTS, type DemoAccount } from "@caribex/domain";
export { visitorHeaders, type Visitor } from "./visitor";
export {
  buildLiabilityTree,
  liabilityCommitment,
  liabilityLeafHash,
  liabilityNode,
  liabilityNodeHash,
  liabilityPath,
  liabilityPathPositions,
  randomSalt,
  verifyLiabilityProof,
  POL_LEAF_TAG,
  POL_NODE_TAG,
  type LiabilityEntry,
  type LiabilityProof,
  type LiabilityTree,
  type PublishedSnapshot,
  type SumNode,
} from "./pol";
