"use client";

import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { safeReturnPath } from "@caribex/contracts";
import { signInWithSigner, type SiweSigner } from "@caribex/client";
import { useTRPCClient } from "./trpc/client";
import { describeError, type ErrorView } from "./errors";

export type Signer = SiweSigner;

/**
 * Sign-In with Ethereum through the client kit: the server's nonce goes into an EIP-4361 message bound to this
 * origin, the wallet signs it, and the server turns a valid signature into a session cookie.
 */
export function useSiweSignIn(returnTo: string) {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ busy: boolean; error: ErrorView | null }>({ busy: false, error: null });

  const signIn = useCallback(
    async (signer: Signer) => {
      setState({ busy: true, error: null });
      try {
        await signInWithSigner(client, signer, { origin: window.location.origin });
        // A full navigation: every server-rendered part (header, guarded pages) and every cached query now
        // belongs to the new session, with nothing left over from the previous visitor.
        queryClient.clear();
        window.location.assign(safeReturnPath(returnTo, "/", window.location.origin));
      } catch (err) {
        const rejected = err instanceof Error && /reject|denied/i.test(err.message);
        setState({
          busy: false,
          error: rejected
            ? { code: null, title: "Signature declined", message: "You declined the signature request in your wallet. Try again when ready." }
            : describeError(err),
        });
      }
    },
    [client, queryClient, returnTo],
  );

  return { signIn, ...state };
}
