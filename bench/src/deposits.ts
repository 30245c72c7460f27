import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { createPublicClient, createTestClient, encodeFunctionData, http, parseAbi, parseGwei, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { DEV_DEPLOYER_KEY, DEV_TREASURY_KEY, deployTestUsdc, mintTestUsdc, startHardhatNode } from "@caribex/chain/dev";
import { signIn } from "./client";
import { freePort, startServer } from "./infra";
import { mapLimit } from "./stats";

const transferAbi = parseAbi(["function transfer(address to, uint256 value) returns (bool)"]);
const AMOUNT = 1_000_000n; // 1 USDC per deposit
const SETUP_CONCURRENCY = 16;

export interface DepositsOptions {
  databaseUrl: string;
  redisUrl: string;
  logLevel: string;
  deposits: number;
  senders: number;
  confirmations: number;
  pollMs: number;
  /** Runs the production bundle instead of the source under tsx. */
  bundle?: boolean;
}

export interface DepositsResult {
  deposits: number;
  senders: number;
  confirmations: number;
  pollMs: number;
  /** Blocks the burst was mined into (automine off, then mined until the pool was empty). */
  blocks: number;
  /** From the moment the last block the deposits need was mined until every one was credited. */
  creditedMs: number;
  credited: number;
  /** Sum credited, in base units, against what was sent. */
  creditedAmount: bigint;
  expectedAmount: bigint;
  suspense: number;
  /** Scan lag (chain head minus the scanner's committed cursor), highest seen while catching up, and at the end. */
  maxLagBlocks: number;
  finalLagBlocks: number;
  /** Blocks on the chain when the burst was final, for reading the lag against. */
  head: number;
}

/**
 * 1,000 USDC deposits in one burst on a local hardhat chain: every sender is a signed-in user, the transfers are
 * signed up front and submitted with automine off, then mined into as few blocks as the block gas limit allows
 * (plus the confirmation blocks). Measures how long the API's scanner takes to credit them all, and the scan lag.
 */
export async function depositBurst(opts: DepositsOptions, log: (m: string) => void): Promise<DepositsResult> {
  const node = await startHardhatNode(await freePort());
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const sql = postgres(opts.databaseUrl, { max: 2, onnotice: () => {} });
  try {
    const token = await deployTestUsdc(node.url, DEV_DEPLOYER_KEY);
    const treasury = privateKeyToAccount(DEV_TREASURY_KEY).address;
    const transport = http(node.url, { retryCount: 0 });
    const pub = createPublicClient({ chain: hardhat, transport });
    const test = createTestClient({ chain: hardhat, mode: "hardhat", transport });

    server = await startServer({
      databaseUrl: opts.databaseUrl,
      redisUrl: opts.redisUrl,
      l1: true,
      l2: true,
      logLevel: opts.logLevel,
      bundle: opts.bundle ?? false,
      env: {
        CHAIN_RPC_URL: node.url,
        USDC_TOKEN_ADDRESS: token,
        TREASURY_PRIVATE_KEY: DEV_TREASURY_KEY,
        CHAIN_CONFIRMATIONS: String(opts.confirmations),
        CHAIN_POLL_INTERVAL_MS: String(opts.pollMs),
      },
    });
    const url = server.url;

    // Senders: fresh keys, each a signed-in customer with gas and enough test USDC.
    log(`deposits: ${opts.senders} senders sign in and get test USDC`);
    const perSender = Math.ceil(opts.deposits / opts.senders);
    const keys = Array.from({ length: opts.senders }, () => generatePrivateKey());
    await mapLimit(keys, SETUP_CONCURRENCY, (k) => signIn(url, k));
    const accounts = keys.map((k) => privateKeyToAccount(k));
    for (const a of accounts) await test.setBalance({ address: a.address, value: 10n ** 18n });
    await mintTestUsdc(node.url, DEV_DEPLOYER_KEY, token, accounts.map((a) => ({ to: a.address, amount: AMOUNT * BigInt(perSender) })));

    // Sign every transfer before the clock starts: fixed nonces, gas and fees (no estimates against the pool).
    const data = encodeFunctionData({ abi: transferAbi, functionName: "transfer", args: [treasury, AMOUNT] });
    const raws: Hex[] = [];
    for (let n = 0; n < perSender && raws.length < opts.deposits; n++) {
      for (const a of accounts) {
        if (raws.length >= opts.deposits) break;
        raws.push(
          await a.signTransaction({
            chainId: hardhat.id,
            to: token,
            data,
            nonce: n,
            gas: 90_000n,
            maxFeePerGas: parseGwei("50"),
            maxPriorityFeePerGas: parseGwei("1"),
            type: "eip1559",
          }),
        );
      }
    }

    log(`deposits: submitting ${raws.length} transfers with automine off`);
    await test.setAutomine(false);
    await mapLimit(raws, SETUP_CONCURRENCY, (raw) => pub.request({ method: "eth_sendRawTransaction", params: [raw] }));
    let mined = 0;
    let blocks = 0;
    while (mined < raws.length) {
      if (blocks >= 100) throw new Error(`only ${mined} of ${raws.length} transfers were mined in 100 blocks`);
      await test.mine({ blocks: 1 });
      const count = await pub.request({ method: "eth_getBlockTransactionCountByNumber", params: ["latest"] });
      mined += Number(count);
      blocks++;
    }
    if (opts.confirmations > 1) await test.mine({ blocks: opts.confirmations - 1 });
    const started = performance.now();
    log(`deposits: mined into ${blocks} block(s); waiting until all are credited`);

    const head = Number(await pub.getBlockNumber({ cacheTime: 0 }));
    // Nothing is mined from here on: the lag is how far the committed cursor is behind that head.
    const lagNow = async () => {
      const [c] = await sql<{ b: string }[]>`select block_number::text as b from chain_cursors where name = 'deposits'`;
      return head - (c ? Number(c.b) : 0);
    };
    let maxLag = 0;
    let lag = 0;
    let credited = 0;
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from chain_deposits where status = 'credited'`;
      credited = row?.n ?? 0;
      lag = await lagNow();
      maxLag = Math.max(maxLag, lag);
      if (credited >= raws.length) break;
      await sleep(20);
    }
    const creditedMs = performance.now() - started;
    if (credited < raws.length) throw new Error(`only ${credited} of ${raws.length} deposits were credited within 10 minutes`);
    const [sums] = await sql<{ amount: string; suspense: number }[]>`
      select coalesce(sum(amount) filter (where status = 'credited'), 0)::text as amount,
             count(*) filter (where status = 'suspense')::int as suspense
      from chain_deposits`;
    return {
      deposits: raws.length,
      senders: opts.senders,
      confirmations: opts.confirmations,
      pollMs: opts.pollMs,
      blocks,
      creditedMs,
      credited,
      creditedAmount: BigInt(sums?.amount ?? "0"),
      expectedAmount: AMOUNT * BigInt(raws.length),
      suspense: sums?.suspense ?? 0,
      maxLagBlocks: maxLag,
      finalLagBlocks: lag,
      head,
    };
  } finally {
    await sql.end({ timeout: 5 });
    await server?.stop();
    await node.stop();
  }
}
