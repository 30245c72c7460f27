import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseAbiItem, type Hex } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDepositScanner, createServices, SYSTEM_ACTOR, type Caller } from "@caribex/application";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import type { Withdrawal } from "@caribex/domain";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";
import { until } from "./harness";

const SERVER_DIR = fileURLToPath(new URL("..", import.meta.url));
const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");

/**
 * The real worker process (pg-boss jobs on the real PostgreSQL, the real hardhat chain) killed with SIGKILL at
 * the worst moments of sending a withdrawal, then started again without the fault.
 */
describe("a worker killed while sending a withdrawal", () => {
  let chain: TestChain;
  let t: TestDatabase;
  let treasury: Hex;
  let services: ReturnType<typeof createServices>;
  let caller: Caller;
  const children = new Set<ChildProcess>();
  const output: string[] = [];

  function startWorker(extra: Record<string, string> = {}) {
    const child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
      cwd: SERVER_DIR,
      env: {
        NODE_ENV: "test",
        DATABASE_URL: t.url,
        DATABASE_POOL_SIZE: "5",
        DB_SEED_ON_START: "false",
        LOG_LEVEL: "warn",
        CHAIN_RPC_URL: chain.url,
        USDC_TOKEN_ADDRESS: chain.token,
        CHAIN_CONFIRMATIONS: "1",
        CHAIN_POLL_INTERVAL_MS: "200",
        // A killed worker's unfinished job pass runs out after 2 s instead of 30.
        JOBS_TIMEOUT_SECONDS: "2",
        ...extra,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
    child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => {
        children.delete(child);
        resolve({ code, signal });
      }),
    );
    return { child, exited };
  }

  const withdrawal = (id: string) => t.uow.run(SYSTEM_ACTOR, (r) => r.chain.findWithdrawal(id));
  const treasuryNonce = () => chain.pub.getTransactionCount({ address: treasury, blockTag: "latest" });
  const transfersTo = (to: Hex) =>
    chain.pub.getLogs({ address: chain.token, event: transferEvent, args: { from: treasury, to }, fromBlock: 0n, toBlock: "latest" });
  const confirmed = (id: string) =>
    until(
      async () => {
        const w = await withdrawal(id);
        expect(w?.status).not.toBe("failed");
        return w;
      },
      (w) => w?.status === "confirmed",
      `withdrawal ${id} confirmed`,
    ) as Promise<Withdrawal>;

  /** Asks for a withdrawal to a fresh address, so the transfers to that address are this withdrawal's alone. */
  async function requestWithdrawal(amount: bigint): Promise<{ w: Withdrawal; to: Hex }> {
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const view = await services.chain.withdraw(caller, { amount, to, idempotencyKey: randomUUID() });
    return { w: (await withdrawal(view.id))!, to };
  }

  async function expectBalanced() {
    const r = await services.chain.reserves();
    expect(r.liabilities.pendingWithdrawals).toBe(0n);
    expect(r.treasuryOnChain).toBe(r.liabilities.total);
    expect(r.difference).toBe(0n);
  }

  beforeAll(async () => {
    [chain, t] = await Promise.all([startTestChain(), createTestDatabase()]);
    treasury = chain.port().treasuryAddress;
    const clock = { now: () => new Date() };
    services = createServices({
      uow: t.uow,
      clock,
      events: { orderStatusChanged() {}, productsChanged() {}, categoriesChanged() {}, balancesChanged() {} },
      chain: { chain: chain.port(), confirmations: 1, withdrawalDailyLimit: usdc(1_000) },
    });
    const account = testAccount(16);
    const { user } = await t.uow.run(SYSTEM_ACTOR, (r) => r.users.upsertByAddress(account.address, "crash-test"));
    caller = { id: user.id, role: "customer" };
    // Money in: a real deposit, credited by a scanner in this process.
    await chain.mint(account.address, usdc(100));
    await chain.transfer(16, treasury, usdc(100));
    await chain.mine(1);
    const scanner = createDepositScanner({ uow: t.uow, chain: chain.port(), confirmations: 1, batchSize: 1000, startBlock: 0n });
    await scanner.tick();
  });

  afterEach(async () => {
    for (const c of children) c.kill("SIGKILL");
  });

  afterAll(async () => {
    await Promise.allSettled([chain?.stop(), t?.drop()]);
  });

  it("sends exactly one transfer when killed between storing the signed transaction and broadcasting it", async () => {
    const amount = usdc(12.5);
    const { w, to } = await requestWithdrawal(amount);
    const nonceBefore = await treasuryNonce();

    const crashing = startWorker({ CHAIN_FAULT: "kill-after-sign" });
    expect(await crashing.exited, output.join("")).toEqual({ code: null, signal: "SIGKILL" });
    const signed = (await withdrawal(w.id))!;
    expect(signed.status).toBe("signed");
    expect(signed.rawTx).not.toBeNull();
    // Nothing reached the chain.
    expect(await treasuryNonce()).toBe(nonceBefore);
    expect(await transfersTo(to)).toHaveLength(0);

    const restarted = startWorker();
    const done = await confirmed(w.id);
    // The stored transaction was sent, not a new one.
    expect(done.txHash).toBe(signed.txHash);
    const logs = await transfersTo(to);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.args.value).toBe(amount);
    expect(logs[0]!.transactionHash).toBe(signed.txHash);
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
    expect(await chain.balanceOf(to)).toBe(amount);
    await expectBalanced();

    // A graceful stop (pg-boss waits for the pass in progress, then closes) ends the worker cleanly.
    restarted.child.kill("SIGTERM");
    expect(await restarted.exited, output.join("")).toEqual({ code: 0, signal: null });
  });

  it("sends exactly one transfer when killed after the broadcast but before recording it", async () => {
    const amount = usdc(7);
    const { w, to } = await requestWithdrawal(amount);
    const nonceBefore = await treasuryNonce();

    const crashing = startWorker({ CHAIN_FAULT: "kill-after-broadcast" });
    expect(await crashing.exited, output.join("")).toEqual({ code: null, signal: "SIGKILL" });
    const sent = (await withdrawal(w.id))!;
    // The chain has it (the dev chain mines at once), the database still says only "signed".
    expect(sent.status).toBe("signed");
    expect(await transfersTo(to)).toHaveLength(1);
    expect(await treasuryNonce()).toBe(nonceBefore + 1);

    const restarted = startWorker();
    const done = await confirmed(w.id);
    expect(done.txHash).toBe(sent.txHash);
    const logs = await transfersTo(to);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.args.value).toBe(amount);
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
    expect(await chain.balanceOf(to)).toBe(amount);
    await expectBalanced();

    // The jobs ran on pg-boss, in its own schema.
    const [row] = (await t.database.db.execute(
      "select count(*)::int as n from pgboss.job where name = 'chain-withdrawals' and state = 'completed'",
    )) as unknown as { n: number }[];
    expect(row!.n).toBeGreaterThan(0);

    restarted.child.kill("SIGTERM");
    expect(await restarted.exited, output.join("")).toEqual({ code: 0, signal: null });
  });
});
