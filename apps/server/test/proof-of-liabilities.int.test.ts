import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { encodePacked, keccak256, parseUnits, recoverMessageAddress, type Hex } from "viem";
import { SYSTEM_ACTOR } from "@caribex/application";
import { verifyLiabilityProof } from "@caribex/client";
import { outcome, signIn, startServer, until, type Running } from "./harness";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";

type Client = Awaited<ReturnType<typeof signIn>>["client"];

const keyOf = (i: number): PrivateKeyAccount => privateKeyToAccount(`0x${Buffer.from(testAccount(i).getHdKey().privateKey!).toString("hex")}`);

/**
 * Proof of liabilities against a real chain and PostgreSQL: snapshots taken while deposits, transfers, checkouts
 * and withdrawals run each equal the ledger at the position they recorded; every user's proof verifies; USDC
 * enters only by deposit.
 */
describe("proof of liabilities", () => {
  let chain: TestChain;
  let s: Running;
  let admin: Client;
  const shoppers: { client: Client; fetch: typeof fetch; id: string; index: number; address: Hex }[] = [];
  let seller: Client;

  const rows = async <T>(text: string) => (await s.db.database.db.execute(text)) as unknown as T[];

  /** The USDC the ledger owed as of a database snapshot: every completed leg visible in it, in minus out. */
  async function owedAt(position: string): Promise<bigint> {
    const [row] = await rows<{ owed: string }>(`
      select coalesce(sum(case when tw.kind in ('user', 'escrow', 'pending_withdrawal', 'suspense') then t.amount else 0 end)
                        - sum(case when fw.kind in ('user', 'escrow', 'pending_withdrawal', 'suspense') then t.amount else 0 end), 0)::text as owed
        from transactions t
        join wallets fw on fw.id = t.from_wallet_id
        join wallets tw on tw.id = t.to_wallet_id
       where t.currency = 'USDC' and t.status = 'completed'
         and pg_visible_in_snapshot(t.xmin::text::xid8, '${position.replace(/[^0-9:,]/g, "")}'::pg_snapshot)`);
    return BigInt(row!.owed);
  }

  beforeAll(async () => {
    chain = await startTestChain();
    s = await startServer({
      CHAIN_RPC_URL: chain.url,
      USDC_TOKEN_ADDRESS: chain.token,
      CHAIN_CONFIRMATIONS: "1",
      CHAIN_POLL_INTERVAL_MS: "100",
      POL_SNAPSHOT_INTERVAL_SECONDS: "0",
      POL_ANCHOR_ONCHAIN: "true",
    });
    const adminKey = privateKeyToAccount(`0x${"a7".repeat(32)}`);
    const sellerKey = privateKeyToAccount(`0x${"b7".repeat(32)}`);
    const { user: a } = await s.app.deps.services.users.signIn(adminKey.address);
    const { user: b } = await s.app.deps.services.users.signIn(sellerKey.address);
    await s.db.uow.run(SYSTEM_ACTOR, async (r) => {
      await r.users.setRole(a.id, "admin");
      await r.users.setRole(b.id, "seller");
    });
    admin = (await signIn(s.url, adminKey)).client;
    seller = (await signIn(s.url, sellerKey)).client;
    for (const index of [10, 11, 12, 13]) {
      const account = keyOf(index);
      await chain.mint(account.address, usdc(500));
      const { client, fetch: f } = await signIn(s.url, account);
      const me = await client.auth.me.query();
      shoppers.push({ client, fetch: f, id: me!.id, index, address: account.address });
    }
  });
  afterAll(async () => {
    await s?.stop();
    await chain?.stop();
  });

  it("says there is no snapshot yet before the first one", async () => {
    expect(await shoppers[0]!.client.wallet.liabilityProof.query()).toEqual({ currency: "USDC", snapshot: null, proof: null, parts: null });
    expect(await outcome(shoppers[0]!.client.wallet.liabilityProof.query({ snapshotId: randomUUID() }))).toBe("404 POL.SNAPSHOT_NOT_FOUND");
  });

  it("refuses to credit USDC, in the API and in the ledger function, and the reserves stay exact", async () => {
    const info = await shoppers[0]!.client.wallet.depositInfo.query();
    await chain.transfer(shoppers[0]!.index, info.treasuryAddress as Hex, usdc(50));
    await until(() => shoppers[0]!.client.wallet.deposits.query(), (d) => d[0]?.status === "credited", "the deposit to be credited");

    const refused = await outcome(admin.admin.wallet.credit.mutate({ userId: shoppers[0]!.id, currency: "USDC", amount: usdc(1), idempotencyKey: randomUUID() }));
    expect(refused).toBe("400 WALLET.USDC_DEPOSIT_ONLY");
    // The database refuses it too, whoever asks: an admin, and even the system actor.
    for (const [role, userId] of [["admin", shoppers[0]!.id], ["system", ""]] as const) {
      const attempt = s.db.database.db.transaction(async (tx) => {
        await tx.execute(`select set_config('role', 'caribex_app', true), set_config('app.user_id', '${userId}', true), set_config('app.role', '${role}', true)`);
        await tx.execute(
          `select * from post_ledger('[{"kind":"credit","currency":"USDC","amount":"1000000","from_kind":"system","to_kind":"user","to_user":"${shoppers[0]!.id}"}]'::jsonb)`,
        );
      });
      await expect(attempt).rejects.toMatchObject({ cause: { code: "42501" } });
    }
    const reserves = (await (await fetch(`${s.url}/reserves`)).json()) as { difference: string; owed: { total: string } };
    expect(reserves).toMatchObject({ difference: "0.000000", owed: { total: "50.000000" } });
  });

  it("takes snapshots while deposits, transfers, checkouts and withdrawals run, each equal to the ledger at its position", async () => {
    const treasury = (await shoppers[0]!.client.wallet.depositInfo.query()).treasuryAddress as Hex;
    // Everyone has some USDC first.
    for (const sh of shoppers.slice(1)) await chain.transfer(sh.index, treasury, usdc(100));
    for (const sh of shoppers) await until(() => sh.client.wallet.balances.query(), (b) => b.find((x) => x.currency === "USDC")!.balance > 0n, "USDC to arrive");
    const product = await seller.seller.product.create.mutate({ title: "Snapshot coffee", description: "Beans", price: usdc(3), currency: "USDC", quantity: 1000 });
    const addresses = await Promise.all(
      shoppers.map((sh) => sh.client.address.create.mutate({ name: "Keisha Brown", line1: "12 Barbican Road", city: "Kingston", region: "St. Andrew", country: "JM" })),
    );

    const work = shoppers.map(async (sh, i) => {
      const other = shoppers[(i + 1) % shoppers.length]!;
      for (let round = 0; round < 3; round++) {
        await chain.transfer(sh.index, treasury, usdc(7));
        await sh.client.wallet.send.mutate({ to: other.address.toLowerCase(), currency: "USDC", amount: usdc(2), idempotencyKey: randomUUID() });
        await sh.client.cart.setItem.mutate({ productId: product.id, quantity: 1 });
        await sh.client.checkout.place.mutate({ idempotencyKey: randomUUID(), shippingAddressId: addresses[i]!.id });
        await sh.client.wallet.withdraw.mutate({ amount: usdc(1), idempotencyKey: randomUUID() });
      }
    });
    const snapshots = (async () => {
      const taken = [];
      for (let n = 0; n < 4; n++) taken.push(await admin.admin.chain.liabilities.take.mutate());
      return taken;
    })();
    const [taken] = await Promise.all([snapshots, Promise.all(work)]);

    for (const snap of taken) {
      expect(snap.total).toBe(await owedAt(snap.ledgerPosition));
      expect(snap.leafCount & (snap.leafCount - 1)).toBe(0);
      expect(await recoverMessageAddress({ message: { raw: snap.root as Hex }, signature: snap.signature as Hex })).toBe(snap.signer);
      // Anchoring shares the treasury's nonces with the withdrawals being sent at the same moment: it retries, and
      // a snapshot whose anchor still lost the race says so (the root is signed and published either way). The
      // snapshot taken once things are quiet, below, must be anchored.
      if (snap.anchorTx === null) expect(snap.anchorError).toEqual(expect.any(String));
      else expect(snap.anchorTx).toMatch(/^0x[0-9a-f]{64}$/);
      // Every user's proof verifies, and with the public leaves they add up to the total.
      let sum = snap.publicLeaves.reduce((t, l) => t + l.balance, 0n);
      for (const sh of shoppers) {
        const mine = await sh.client.wallet.liabilityProof.query({ snapshotId: snap.id });
        if (!mine.proof) continue;
        expect(mine.proof.userId).toBe(sh.id);
        expect(verifyLiabilityProof(mine.proof, mine.snapshot!)).toBe(true);
        expect(mine.proof.balance).toBe(mine.parts!.wallet + mine.parts!.escrow + mine.parts!.pendingWithdrawals);
        sum += mine.proof.balance;
      }
      const sellerProof = await seller.wallet.liabilityProof.query({ snapshotId: snap.id });
      if (sellerProof.proof) {
        expect(verifyLiabilityProof(sellerProof.proof, sellerProof.snapshot!)).toBe(true);
        sum += sellerProof.proof.balance;
      }
      expect(sum).toBe(snap.total);
    }

    // Once everything settled: the newest snapshot owes what /reserves owes, and the treasury holds exactly that.
    await until(() => shoppers[0]!.client.wallet.withdrawals.query(), (l) => l.every((w) => w.status === "confirmed"), "withdrawals to settle");
    for (const sh of shoppers.slice(1))
      await until(() => sh.client.wallet.withdrawals.query(), (l) => l.every((w) => w.status === "confirmed"), "withdrawals to settle");
    await until(
      async () => {
        await chain.mine(); // a deposit waits for its confirmation block
        return (await fetch(`${s.url}/reserves`)).json() as Promise<{ difference: string }>;
      },
      (r) => r.difference === "0.000000",
      "reserves to settle",
    );
    const last = await admin.admin.chain.liabilities.take.mutate();
    expect(last.difference).toBe(0n);
    expect(last.anchorError).toBeNull();
    expect(last.anchorTx).toMatch(/^0x[0-9a-f]{64}$/);
    const reserves = (await (await fetch(`${s.url}/reserves`)).json()) as {
      owed: { total: string };
      difference: string;
      snapshots: { id: string; total: string; totalMinor: string; root: string; difference: string; reserves: { chainId: number; name: string; block: string }[] }[];
    };
    expect(reserves.difference).toBe("0.000000");
    expect(reserves.snapshots[0]).toMatchObject({ id: last.id, root: last.root, totalMinor: last.total.toString(), total: reserves.owed.total, difference: "0.000000" });
    expect(reserves.snapshots[0]!.reserves).toEqual([expect.objectContaining({ chainId: 31337, name: expect.any(String), block: expect.stringMatching(/^\d+$/) })]);
    expect(reserves.snapshots).toHaveLength(5);
    // The anchor transaction carries the root, from the treasury to itself, with no value.
    const tx = await chain.pub.getTransaction({ hash: last.anchorTx as Hex });
    expect(tx).toMatchObject({ input: last.root, value: 0n, to: last.signer.toLowerCase() });
  });

  it("gives each user only their own leaf", async () => {
    const [a, b] = shoppers;
    const mine = await a!.client.wallet.liabilityProof.query();
    const theirs = await b!.client.wallet.liabilityProof.query();
    expect(mine.proof!.userId).toBe(a!.id);
    expect(theirs.proof!.userId).toBe(b!.id);
    expect(mine.proof!.salt).not.toBe(theirs.proof!.salt);
    // A's proof presented as B's does not verify.
    expect(verifyLiabilityProof({ ...mine.proof!, userId: b!.id }, mine.snapshot!)).toBe(false);
    // Under row-level security a user reads their own leaf and nothing else, not even an admin reads salts.
    const readAs = (userId: string, role: string) =>
      s.db.database.db.transaction(async (tx) => {
        await tx.execute(`select set_config('role', 'caribex_app', true), set_config('app.user_id', '${userId}', true), set_config('app.role', '${role}', true)`);
        return (await tx.execute(`select user_id from liability_leaves`)) as unknown as { user_id: string }[];
      });
    const seen = await readAs(a!.id, "customer");
    expect(new Set(seen.map((r) => r.user_id))).toEqual(new Set([a!.id]));
    const adminRow = (await admin.auth.me.query())!;
    expect(await readAs(adminRow.id, "admin")).toEqual([]);
    await expect(
      s.db.database.db.transaction(async (tx) => {
        await tx.execute(`select set_config('role', 'caribex_app', true), set_config('app.user_id', '${a!.id}', true), set_config('app.role', 'admin', true)`);
        await tx.execute(`insert into liability_snapshots (root, total, leaf_count, users, ledger_snapshot, ledger_transactions, reserves, public_leaves, signer, signature, taken_at)
                          values ('0x', 0, 2, 0, '', 0, '[]', '[]', '0x', '0x', now())`);
      }),
    ).rejects.toMatchObject({ cause: { code: "42501" } });
  });

  it("can be verified by a third party with viem alone, from GET /reserves and the REST proof (the README's example)", async () => {
    const sh = shoppers[1]!;
    const { snapshots } = (await (await fetch(`${s.url}/reserves`)).json()) as {
      snapshots: { id: string; root: Hex; totalMinor: string; signature: Hex; signer: Hex }[];
    };
    const res = await sh.fetch(`${s.url}/api/v1/wallet/liability-proof`);
    expect(res.status).toBe(200);
    const { proof } = (await res.json()) as {
      proof: { snapshotId: string; userId: string; salt: Hex; balance: string; index: number; path: { hash: Hex; sum: string }[] };
    };
    const snap = snapshots.find((x) => x.id === proof.snapshotId)!;
    const usdc = (decimal: string) => parseUnits(decimal, 6);
    const c = keccak256(encodePacked(["string", "bytes32"], [proof.userId, proof.salt]));
    let node: [Hex, bigint] = [keccak256(encodePacked(["string", "string", "bytes32", "uint256"], ["caribex-pol-leaf", snap.id, c, usdc(proof.balance)])), usdc(proof.balance)];
    proof.path.forEach((p, i) => {
      const [l, r]: [Hex, bigint][] = ((proof.index >> i) & 1) === 0 ? [node, [p.hash, usdc(p.sum)]] : [[p.hash, usdc(p.sum)], node];
      node = [keccak256(encodePacked(["string", "bytes32", "uint256", "bytes32", "uint256"], ["caribex-pol-node", l![0], l![1], r![0], r![1]])), l![1] + r![1]];
    });
    const signedBy = await recoverMessageAddress({ message: { raw: snap.root }, signature: snap.signature });
    expect(proof.userId).toBe(sh.id);
    expect(node[0] === snap.root && node[1] === BigInt(snap.totalMinor) && signedBy === snap.signer).toBe(true);
  });
});
