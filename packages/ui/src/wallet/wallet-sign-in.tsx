"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { useConfig, useConnection, useConnectors, WagmiProvider, type Config, type Connector } from "wagmi";
import { connect, disconnect, signMessage, switchChain } from "wagmi/actions";
import QRCode from "qrcode";
import { chainName, isRejection, makeWagmiConfig, mobileWallet } from "./config";

export { isRejection };

/** What the client kit's SIWE sign-in needs from a wallet (the shape of `SiweSigner` in @caribex/client). */
export interface WalletSigner {
  address: `0x${string}`;
  chainId?: number;
  signMessage(message: string): Promise<`0x${string}`>;
}

/** Each app's own class names for the few elements this panel draws. */
export interface WalletClasses {
  button: string;
  secondary: string;
  error: string;
  info: string;
  hint: string;
}

/** How long the relay has to hand out a pairing before "Mobile wallet" gives up with a retry. */
export const MOBILE_WALLET_TIMEOUT_MS = 15_000;

/** The wallets this browser offers: every EIP-6963 announcement, else the legacy `window.ethereum`, if any. */
export function useWalletChoices(): Connector[] {
  const connectors = useConnectors();
  const announced = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  if (announced.length) return announced;
  const legacy = typeof window !== "undefined" && (window as { ethereum?: unknown }).ethereum;
  return legacy ? connectors.filter((c) => c.id === "injected") : [];
}

/** wagmi's context for the wallet pages, built once for the chains the server accepts. */
export function WalletProvider({ chainIds, children }: { chainIds: readonly number[]; children: ReactNode }) {
  // One config for the life of the page: the server's chains do not change while it is open.
  const [config] = useState<Config>(() => makeWagmiConfig(chainIds));
  return (
    <WagmiProvider config={config} reconnectOnMount>
      {children}
    </WagmiProvider>
  );
}

interface Props {
  /** The chains the server accepts for sign-in (`auth.nonce`'s `chainIds`). */
  chainIds: readonly number[];
  /** Shows the "Mobile wallet" choice (WalletConnect) when set. */
  walletConnectProjectId: string | null;
  appName: string;
  /** The app is trading a signature for a session. */
  busy: boolean;
  onSigner(signer: WalletSigner): Promise<void> | void;
  classes: WalletClasses;
}

/** The wallet choices of a sign-in page: each installed wallet by name and icon, and a phone wallet. */
export function WalletSignIn(props: Props) {
  return (
    <WalletProvider chainIds={props.chainIds}>
      <Choices {...props} />
    </WalletProvider>
  );
}

type Step =
  | { kind: "idle" }
  | { kind: "connecting"; label: string }
  | { kind: "wrong-chain"; connector: Connector; address: `0x${string}`; chainId: number }
  | { kind: "mobile"; uri: string | null }
  | { kind: "problem"; message: string; retry?: () => void };

function Choices({ chainIds, walletConnectProjectId, appName, busy, onSigner, classes }: Props) {
  const config = useConfig();
  const choices = useWalletChoices();
  const connection = useConnection();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const attempt = useRef(0);

  const sign = async (connector: Connector, address: `0x${string}`, chainId: number) => {
    if (!chainIds.includes(chainId)) return setStep({ kind: "wrong-chain", connector, address, chainId });
    setStep({ kind: "idle" });
    await onSigner({ address, chainId, signMessage: (message) => signMessage(config, { message, account: address, connector }) });
  };

  const chooseWallet = async (connector: Connector, label: string) => {
    setStep({ kind: "connecting", label });
    try {
      // The wallet this page already reconnected to signs without asking to connect again.
      if (connection.status === "connected" && connection.connector?.uid === connector.uid && connection.address) {
        return await sign(connector, connection.address, connection.chainId);
      }
      if (connection.status === "connected") await disconnect(config);
      const { accounts, chainId } = await connect(config, { connector });
      const address = accounts[0];
      if (!address) throw new Error("The wallet shared no account");
      await sign(connector, address, chainId);
    } catch (err) {
      setStep({
        kind: "problem",
        message: isRejection(err)
          ? "You declined the connection request in your wallet."
          : `Could not connect to ${label}. Unlock it and try again.`,
      });
    }
  };

  const chooseMobileWallet = async () => {
    if (!walletConnectProjectId) return;
    const mine = ++attempt.current;
    const retry = () => void chooseMobileWallet();
    setStep({ kind: "mobile", uri: null });
    let paired = false;
    const unreachable = () =>
      setStep({
        kind: "problem",
        message: "Could not reach WalletConnect, which links this page to your phone’s wallet app. Check your connection and retry.",
        retry,
      });
    const timer = setTimeout(() => {
      if (attempt.current === mine && !paired) {
        attempt.current++;
        unreachable();
      }
    }, MOBILE_WALLET_TIMEOUT_MS);
    try {
      const created = mobileWallet(walletConnectProjectId, appName, (uri) => {
        paired = true;
        clearTimeout(timer);
        if (attempt.current === mine) setStep({ kind: "mobile", uri });
      });
      const { accounts, chainId } = await connect(config, { connector: created });
      if (attempt.current !== mine) return;
      const address = accounts[0];
      const connector = config.state.connections.get(config.state.current ?? "")?.connector;
      if (!address || !connector) throw new Error("The wallet shared no account");
      await sign(connector, address, chainId);
    } catch (err) {
      if (attempt.current !== mine) return;
      attempt.current++;
      if (isRejection(err)) setStep({ kind: "problem", message: "You declined the connection request in your wallet app.", retry });
      else unreachable();
    } finally {
      clearTimeout(timer);
    }
  };

  const cancelMobile = () => {
    attempt.current++;
    setStep({ kind: "idle" });
  };

  const switchTo = async (connector: Connector, address: `0x${string}`, target: number) => {
    setStep({ kind: "connecting", label: "your wallet" });
    try {
      const chain = await switchChain(config, { chainId: target, connector });
      await sign(connector, address, chain.id);
    } catch (err) {
      setStep({
        kind: "problem",
        message: isRejection(err) ? "You declined the network switch in your wallet." : `Your wallet did not switch to ${chainName(target)}. Switch it there yourself, then try again.`,
      });
    }
  };

  const waiting = busy || step.kind === "connecting" || step.kind === "mobile";
  return (
    <div className="stack wallet-choices">
      {choices.length ? (
        <ul className="wallet-list" aria-label="Wallets in this browser">
          {choices.map((c) => {
            const label = c.id === "injected" ? "Browser wallet" : c.name;
            return (
              <li key={c.uid}>
                <button type="button" className={classes.button} disabled={waiting} onClick={() => void chooseWallet(c, label)}>
                  {c.icon ? <img src={c.icon} alt="" width={24} height={24} className="wallet-icon" /> : null}
                  <span>{step.kind === "connecting" && step.label === label ? `Waiting for ${label}…` : label}</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className={classes.hint}>No wallet extension was found in this browser. Install MetaMask or a similar wallet, then reload{walletConnectProjectId ? ", or use a mobile wallet." : "."}</p>
      )}
      {walletConnectProjectId ? (
        <button type="button" className={classes.secondary} disabled={waiting} onClick={() => void chooseMobileWallet()}>
          Mobile wallet
        </button>
      ) : null}
      {step.kind === "mobile" ? <MobilePairing uri={step.uri} classes={classes} onCancel={cancelMobile} /> : null}
      {step.kind === "wrong-chain" ? (
        <div className={classes.error} role="alert">
          <p>
            Your wallet is on {chainName(step.chainId)}, which {appName} does not accept for sign-in. Switch to {chainName(chainIds[0] ?? 1)}.
          </p>
          <button type="button" className={classes.button} onClick={() => void switchTo(step.connector, step.address, chainIds[0] ?? 1)}>
            Switch to {chainName(chainIds[0] ?? 1)}
          </button>
        </div>
      ) : null}
      {step.kind === "problem" ? (
        <div className={classes.error} role="alert">
          <p>{step.message}</p>
          {step.retry ? (
            <button type="button" className={classes.secondary} onClick={step.retry}>
              Retry
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function isPhone(): boolean {
  return typeof navigator !== "undefined" && /Android|iPhone|iPad|iPod|Mobile/i.test(navigator.userAgent);
}

/** The pairing link: a QR code to scan on a desktop, a link that opens the wallet app on a phone. */
function MobilePairing({ uri, classes, onCancel }: { uri: string | null; classes: WalletClasses; onCancel: () => void }) {
  const [qr, setQr] = useState<string | null>(null);
  const phone = isPhone();
  useEffect(() => {
    if (!uri || phone) return;
    let live = true;
    void QRCode.toDataURL(uri, { margin: 1, width: 240 }).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [uri, phone]);
  return (
    <div className={`${classes.info} stack`} role="status">
      {!uri ? (
        <p>Contacting WalletConnect…</p>
      ) : phone ? (
        <p>
          <a className={classes.button} href={uri}>
            Open your wallet app
          </a>
        </p>
      ) : (
        <>
          <p>Scan this code with your phone’s wallet app, then approve the connection there.</p>
          {qr ? <img src={qr} alt="WalletConnect pairing code to scan with a wallet app" width={240} height={240} /> : null}
        </>
      )}
      <button type="button" className={classes.secondary} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
