// Next's server reads these at run time; @caribex/config describes the API process, not the storefront.
// eslint-disable-next-line no-restricted-syntax
export const API_URL = (process.env.API_URL ?? "http://localhost:8080").replace(/\/$/, "");
