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
