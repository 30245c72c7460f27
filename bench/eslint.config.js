import base from "@caribex/eslint-config";

// Test harnesses are handed their targets through the environment by their runners.
export default [...base, { rules: { "no-restricted-syntax": "off" } }];
