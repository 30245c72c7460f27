// One self-contained declaration file per entry point: the API's router and every input and output type are
// inlined from the workspace packages (mapped to their sources in tsconfig.build.json), so the published types
// import only @trpc/* and zod. Checked from outside by the packed-client test (src/packed-client.int.test.ts).
const inlinedLibraries = ["@caribex/api", "@caribex/contracts", "@caribex/domain", "@caribex/application", "@caribex/auth"];
const output = { noBanner: true, exportReferencedTypes: false };

module.exports = {
  compilationOptions: { preferredConfigPath: "./tsconfig.build.json" },
  entries: [
    { filePath: "./src/index.ts", outFile: "./dist/index.d.ts", noCheck: true, libraries: { inlinedLibraries }, output },
    { filePath: "./src/node.ts", outFile: "./dist/node.d.ts", noCheck: true, libraries: { inlinedLibraries }, output },
    { filePath: "./src/pol.ts", outFile: "./dist/pol.d.ts", noCheck: true, libraries: { inlinedLibraries }, output },
  ],
};
