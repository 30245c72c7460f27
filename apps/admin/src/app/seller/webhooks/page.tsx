import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { WebhooksPanel } from "@/components/webhooks/webhooks-panel";

export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Your orders, products and payouts, sent as signed events (Standard Webhooks) to your own systems. Failed deliveries are retried for 3 days."
      />
      <WebhooksPanel />
    </>
  );
}
