/**
 * Browser wallets for the journeys, without a wallet extension: EIP-1193 providers put into the page before its
 * scripts run, announced the EIP-6963 way (or, for a legacy wallet, only set as `window.ethereum`). Each holds
 * real viem local accounts: the page asks the test process to sign (`page.exposeFunction`), so every signature is a
 * real one the server verifies as it verifies any wallet's. What a wallet extension remembers across pages (that
 * this site is connected, which account is selected) lives in the tab's sessionStorage.
 */
import type { Page } from "@playwright/test";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Hex } from "./api";

export interface TestWalletSpec {
  name: string;
  rdns: string;
  keys: Hex[];
  /** The chain the wallet says it is on; 31337 (the journeys' local chain) unless told. */
  chainId?: number;
}

/** What a test can do to a wallet in the page, through `page.evaluate`. */
export interface TestWalletControls {
  switchAccount(index: number): void;
  rejectSignatures(reject: boolean): void;
}

interface PageWalletSpec {
  name: string;
  rdns: string;
  addresses: string[];
  chainId: number;
  icon: string;
}

const SIGN_FN = "__caribexTestWalletSign";

function iconFor(name: string): string {
  const letter = name.slice(0, 1).toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d4ed8"/><text x="16" y="22" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * Puts the wallets into every page this `page` loads. `announced` wallets answer EIP-6963 discovery; `legacy`, if
 * given, is only `window.ethereum` (a browser with one older extension). Returns nothing: drive the wallets with
 * `walletControls(page, index)` (announced wallets first, then the legacy one).
 */
export async function installWallets(page: Page, wallets: { announced?: TestWalletSpec[]; legacy?: TestWalletSpec }) {
  const all = [...(wallets.announced ?? []), ...(wallets.legacy ? [wallets.legacy] : [])];
  const accounts: PrivateKeyAccount[][] = all.map((w) => w.keys.map((k) => privateKeyToAccount(k)));
  await page.exposeFunction(SIGN_FN, async (wallet: number, account: number, data: Hex) => {
    const signer = accounts[wallet]?.[account];
    if (!signer) throw new Error(`No account ${account} in wallet ${wallet}`);
    return signer.signMessage({ message: { raw: data } });
  });
  const specs: PageWalletSpec[] = all.map((w, i) => ({
    name: w.name,
    rdns: w.rdns,
    addresses: accounts[i]!.map((a) => a.address),
    chainId: w.chainId ?? 31337,
    icon: iconFor(w.name),
  }));
  await page.addInitScript(
    ({ specs, announcedCount, signFn }) => {
      type Listener = (arg: unknown) => void;
      const w = window as unknown as Record<string, unknown>;
      const controls: unknown[] = [];
      const rpcError = (code: number, message: string) => Object.assign(new Error(message), { code });
      specs.forEach((spec, index) => {
        const key = `caribex-test-wallet:${spec.rdns}`;
        const saved = JSON.parse(sessionStorage.getItem(key) ?? "{}") as { connected?: boolean; account?: number; reject?: boolean };
        const state = { connected: saved.connected ?? false, account: saved.account ?? 0, reject: saved.reject ?? false, chainId: spec.chainId };
        const save = () => sessionStorage.setItem(key, JSON.stringify(state));
        const listeners = new Map<string, Set<Listener>>();
        const emit = (event: string, arg: unknown) => listeners.get(event)?.forEach((l) => l(arg));
        const current = () => [spec.addresses[state.account]!];
        const provider = {
          async request({ method, params }: { method: string; params?: unknown[] }) {
            switch (method) {
              case "eth_requestAccounts":
                state.connected = true;
                save();
                return current();
              case "eth_accounts":
                return state.connected ? current() : [];
              case "eth_chainId":
                return `0x${state.chainId.toString(16)}`;
              case "net_version":
                return String(state.chainId);
              case "personal_sign": {
                if (state.reject) throw rpcError(4001, "User rejected the request.");
                const sign = w[signFn] as (wallet: number, account: number, data: string) => Promise<string>;
                return sign(index, state.account, String(params?.[0]));
              }
              case "wallet_switchEthereumChain": {
                state.chainId = Number.parseInt(String((params?.[0] as { chainId: string }).chainId), 16);
                emit("chainChanged", `0x${state.chainId.toString(16)}`);
                return null;
              }
              case "wallet_revokePermissions":
                state.connected = false;
                save();
                return null;
              default:
                throw rpcError(4200, `The test wallet does not support ${method}`);
            }
          },
          on(event: string, listener: Listener) {
            if (!listeners.has(event)) listeners.set(event, new Set());
            listeners.get(event)!.add(listener);
            return provider;
          },
          removeListener(event: string, listener: Listener) {
            listeners.get(event)?.delete(listener);
            return provider;
          },
        };
        controls.push({
          switchAccount(i: number) {
            state.account = i;
            save();
            emit("accountsChanged", current());
          },
          rejectSignatures(reject: boolean) {
            state.reject = reject;
            save();
          },
        });
        if (index < announcedCount) {
          const detail = Object.freeze({
            info: { uuid: crypto.randomUUID(), name: spec.name, icon: spec.icon, rdns: spec.rdns },
            provider,
          });
          const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
          window.addEventListener("eip6963:requestProvider", announce);
          announce();
        } else {
          w.ethereum = provider;
        }
      });
      w.__caribexTestWallets = controls;
    },
    { specs, announcedCount: wallets.announced?.length ?? 0, signFn: SIGN_FN },
  );
}

/** Runs `action` on the wallet at `index` inside the page. */
export async function inWallet(page: Page, index: number, action: { switchAccount: number } | { rejectSignatures: boolean }) {
  await page.evaluate(
    ({ index, action }) => {
      const wallet = (window as unknown as { __caribexTestWallets: TestWalletControls[] }).__caribexTestWallets[index]!;
      if ("switchAccount" in action) wallet.switchAccount(action.switchAccount);
      else wallet.rejectSignatures(action.rejectSignatures);
    },
    { index, action },
  );
}

/** Blocks every way to WalletConnect's relay and services: the browser gets no route to them. */
export async function cutWalletConnect(page: Page) {
  await page.routeWebSocket(/walletconnect|reown/, (ws) => ws.close({ code: 1006, reason: "no route" }).catch(() => undefined));
  await page.route(/walletconnect|reown/, (route) => route.abort("addressunreachable"));
}
