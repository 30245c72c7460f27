import base from "@caribex/eslint-config";

// Test harnesses are handed their targets through the environment by their runners. Playwright's report and
// results are generated, never linted.
export default [{ ignores: ["playwright-report/**", "test-results/**"] }, ...base, { rules: { "no-restricted-syntax": "off" } }];
