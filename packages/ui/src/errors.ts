import type { DomainErrorCode } from "@caribex/domain";

/**
 * What the apps say about a refusal, by the API's error code, in one table. The storefront shows a heading
 * (`title`) and, where the API's own words would not help a shopper, its own explanation (`message`); the
 * dashboard shows the API's message followed by what to do about it (`hint`).
 */
export interface ErrorText {
  title?: string;
  message?: string;
  hint?: string;
}

export const ERROR_TEXTS: Partial<Record<DomainErrorCode, ErrorText>> = {
  "INVENTORY.OUT_OF_STOCK": {
    title: "Some items just sold out",
    message: "One or more products in your cart no longer have enough stock. Nothing was charged.",
  },
  "CART.QUANTITY_EXCEEDS_STOCK": { title: "Not enough stock" },
  "CART.TOTAL_TOO_LARGE": { title: "Cart total too large" },
  "CART.EMPTY": { title: "Your cart is empty", message: "Add something to your cart first." },
  "CHECKOUT.PRICE_CHANGED": {
    title: "Prices changed",
    message: "A seller changed a price since you reviewed your cart. Nothing was charged: check the new total and confirm again.",
  },
  "WALLET.INSUFFICIENT_FUNDS": {
    title: "Not enough funds",
    message: "Your balance does not cover this payment. Nothing was charged. Add funds or remove items, then try again.",
    hint: "The balance is too low for this amount.",
  },
  "WALLET.RECIPIENT_NOT_FOUND": {
    title: "Recipient not found",
    message: "No CaribEX wallet belongs to that address. Check it and try again.",
    hint: "Check the user and try again.",
  },
  "WALLET.SELF_TRANSFER": { title: "That is your own address", message: "Choose another recipient." },
  "MONEY.INVALID_AMOUNT": { title: "Invalid amount", hint: "Enter a plain amount such as 12.50." },
  "ORDER.ILLEGAL_TRANSITION": {
    title: "This order changed",
    message: "The order moved on before your action arrived. Reload to see its status.",
    hint: "The order changed meanwhile. Reload to see its current status.",
  },
  "ORDER.NOT_FOUND": { hint: "Go back to the order list." },
  "ADDRESS.NOT_FOUND": { title: "Address not found", message: "That address is no longer in your address book. Choose another one." },
  "REVIEW.NOT_ALLOWED": { title: "You cannot review this", message: "Only the buyer of a completed order can review what they bought." },
  "REVIEW.ALREADY_REVIEWED": { title: "Already reviewed", message: "You have already reviewed this item; each purchase gets one review." },
  "REVIEW.ALREADY_REPLIED": { title: "Already replied", hint: "Each review takes one reply from the seller." },
  "REVIEW.NOT_FOUND": { hint: "The review was removed or hidden. Reload the list." },
  "PROMOTION.NOT_FOUND": { title: "Unknown code", hint: "Check the spelling; codes apply to the products of the seller who issued them." },
  "PROMOTION.EXPIRED": { title: "Code not valid now", hint: "Remove the code to check out without it." },
  "PROMOTION.EXHAUSTED": { title: "Code used up", hint: "Remove the code to check out without it." },
  "PROMOTION.NOT_APPLICABLE": { title: "Code does not apply", hint: "The code does not cover these products or this amount." },
  "PROMOTION.CODE_TAKEN": { title: "Code already exists", hint: "Choose another code." },
  "FX.NO_RATE": { title: "No exchange rate", message: "There is no exchange rate between these currencies yet, so they cannot be converted." },
  "FX.QUOTE_NOT_FOUND": { title: "Quote not found", message: "That quote is not yours or no longer exists. Ask for a new one." },
  "FX.QUOTE_EXPIRED": { title: "Quote expired", message: "Quotes hold for 30 seconds. Nothing was converted; ask for a new quote." },
  "FX.QUOTE_USED": { title: "Already converted", message: "This quote was already used. Nothing more was converted." },
  "FX.LIQUIDITY": {
    title: "Conversion unavailable",
    message: "We cannot convert this amount into that currency right now. Nothing was converted; try a smaller amount or later.",
  },
  "IDEMPOTENCY.IN_PROGRESS": {
    title: "Still working on it",
    message: "Your previous attempt is still being processed. Wait a moment and try again.",
    hint: "The same request is still being processed. Wait a moment and reload.",
  },
  "IDEMPOTENCY.KEY_REUSED": {
    title: "Start again",
    message: "This attempt was already used for something else. Reload the page and try again.",
    hint: "Start a new attempt: go back and confirm again.",
  },
  "RATE_LIMIT.EXCEEDED": {
    title: "Too many requests",
    message: "Slow down a little and try again in a minute.",
    hint: "Too many requests. Wait a minute and try again.",
  },
  "AUTH.UNAUTHENTICATED": {
    title: "Please sign in",
    message: "Your session ended. Sign in again to continue.",
    hint: "Your session has ended. Sign in again to continue.",
  },
  "AUTH.FORBIDDEN": {
    title: "Not allowed",
    message: "Your account cannot do this.",
    hint: "Your account's role does not allow this. Ask an admin if you think it should.",
  },
  // The API's message says why and whom to write to; nothing is added to it.
  "AUTH.SUSPENDED": { title: "Account suspended" },
  "AUTH.NONCE_INVALID": { hint: "The sign-in request expired. Start signing in again." },
  "AUTH.MESSAGE_EXPIRED": { hint: "The sign-in request expired. Start signing in again." },
  "AUTH.CHAIN_NOT_ALLOWED": { hint: "Switch your wallet to a supported network and try again." },
  "AUTH.DOMAIN_MISMATCH": { hint: "Open the dashboard from its usual address and sign in again." },
  "AUTH.ORIGIN_REJECTED": { hint: "Reload the page and try again." },
  "USER.LAST_ADMIN": { hint: "Promote another user to admin first, then change this one." },
  "USER.NOT_SUSPENDABLE": { hint: "Admins are never suspended. Change their role first if they must be." },
  "IMAGE.UNSUPPORTED_TYPE": { hint: "Choose a JPEG, PNG or WebP photo." },
  "REQUEST.TOO_LARGE": { hint: "The file is too large. Choose a smaller one." },
  "CATEGORY.IN_USE": { hint: "Move or archive the products in this category first." },
  "CATEGORY.SLUG_TAKEN": { hint: "Choose a different name or slug." },
  "PRODUCT.NOT_FOUND": { title: "Product unavailable", message: "This product is no longer available.", hint: "It may have been removed. Go back to the product list." },
  "PRODUCT.INACTIVE": { title: "Product unavailable" },
  INTERNAL: { hint: "Something went wrong on our side. Try again shortly." },
};
