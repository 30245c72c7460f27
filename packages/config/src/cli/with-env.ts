/**
 * `tsx packages/config/src/cli/with-env.ts <command> [args…]`: runs the command with the workspace root's `.env`
 * under the shell's environment (a variable set in the shell wins). The root scripts that a developer or operator
 * runs (`pnpm dev`, `pnpm build`, `pnpm start`, `pnpm db:migrate`, `pnpm db:seed`, `pnpm admin:grant`) go through
 * it; tests, the benchmarks and the production images never do, so a developer's `.env` cannot change them.
 */
import { spawn } from "node:child_process";
import { readRootEnvFile, withEnvFile } from "../env-file";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("Usage: with-env <command> [args...]");
  process.exit(2);
}
const envFile = readRootEnvFile();
// eslint-disable-next-line no-restricted-syntax -- the shell's environment, handed on to the command
const env = envFile ? withEnvFile(process.env, envFile.text) : process.env;
const child = spawn(command, args, { stdio: "inherit", env });

// Ctrl-C reaches the whole process group, the command included: wait for it to finish instead of leaving it
// behind. Signals sent to this process alone are passed on.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
child.on("error", (e) => {
  console.error(`${command}: ${e.message}`);
  process.exit(127);
});
child.on("exit", (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
