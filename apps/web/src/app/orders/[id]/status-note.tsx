import type { OrderStatus } from "@caribex/domain";
import { money } from "@caribex/ui/format";

/** What the order's status means for the buyer, in words; what they may do about it comes with the order's actions. */
export function StatusNote({ status, total, currency, sellerSuspended = false }: { status: OrderStatus; total: bigint; currency: string; sellerSuspended?: boolean }) {
  switch (status) {
    case "pending":
      return null;
    case "paid":
      return sellerSuspended ? (
        <div className="alert alert-warn" role="status" data-testid="seller-suspended">
          <p>
            <strong>CaribEX has suspended this seller’s account, so your order is on hold and will not ship for now.</strong>
          </p>
          <p>
            Your {money(total, currency)} is safe in escrow: the seller cannot receive it. Cancel the order to get it back in your wallet at once,
            or keep it in case the suspension is lifted and the seller ships.
          </p>
        </div>
      ) : (
        <p>Your payment is held in escrow. The seller is preparing your order.</p>
      );
    case "shipped":
      return (
        <p>
          Your order is on its way. Confirm delivery once it arrives, and the seller gets paid. If something is wrong, open a dispute instead:
          the money stays in escrow until CaribEX decides.
        </p>
      );
    case "disputed":
      return (
        <p className="alert alert-warn" role="status">
          Dispute open. {money(total, currency)} stays in escrow while CaribEX looks into it.
        </p>
      );
    case "refunded":
      return (
        <p className="alert alert-info" role="status">
          Dispute settled: {money(total, currency)} was refunded to your wallet.
        </p>
      );
    case "cancelled":
      return (
        <p className="alert alert-info" role="status">
          This order was cancelled and {money(total, currency)} was refunded to your wallet.
        </p>
      );
    case "completed":
      return <p className="alert alert-success">Delivered. Thank you for shopping with CaribEX!</p>;
  }
}
