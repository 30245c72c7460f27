import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

/** The workspace root: the nearest folder at or above `from` that holds pnpm-workspace.yaml. */
export function workspaceRoot(from: string = process.cwd()): string | undefined {
  for (let at = path.resolve(from); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, "pnpm-workspace.yaml"))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * The environment a command runs with: the `.env` file's variables under the shell's. A variable the shell
 * already has wins over the file, even when it is set to an empty string (which the configuration then treats as
 * unset), so `NODE_ENV=production pnpm start` means production whatever the file says.
 */
export function withEnvFile(shell: Record<string, string | undefined>, fileText: string): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(fileText))) if (value !== undefined) merged[key] = value;
  for (const [key, value] of Object.entries(shell)) if (value !== undefined) merged[key] = value;
  return merged;
}

/** `.env` at the workspace root, if there is one: its path and text. */
export function readRootEnvFile(from: string = process.cwd()): { file: string; text: string } | undefined {
  const root = workspaceRoot(from);
  const file = root && path.join(root, ".env");
  return file && existsSync(file) ? { file, text: readFileSync(file, "utf8") } : undefined;
}
