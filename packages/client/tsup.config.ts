import { defineConfig } from "tsup";

// ESM for Node 20 and bundlers. Workspace packages (the API's types, the domain's demo accounts) are bundled in;
// dependencies and peers stay imports. Declarations come from dts-bundle-generator (see package.json).
export default defineConfig({
  entry: { index: "src/index.ts", "index.node": "src/index.node.ts", node: "src/node.ts", pol: "src/pol.ts" },
  format: ["esm"],
  target: "node20",
  platform: "neutral",
  tsconfig: "tsconfig.build.json",
  clean: true,
  splitting: true,
  treeshake: true,
  dts: false,
  noExternal: [/^@caribex\//],
});
