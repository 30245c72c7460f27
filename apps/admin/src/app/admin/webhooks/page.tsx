import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { WebhooksPanel } from "@/components/webhooks/webhooks-panel";

export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Every marketplace event, sent as signed events (Standard Webhooks) to your systems. Failed deliveries are retried for 3 days."
      />
      <WebhooksPanel />
    </>
  );
}
