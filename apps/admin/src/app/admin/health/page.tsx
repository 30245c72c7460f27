import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { HealthView } from "@/components/admin/health";

export const metadata: Metadata = { title: "System health" };

export default function HealthPage() {
  return (
    <>
      <PageHeader title="System health" description="Whether the API can reach its database and cache, and how it has been doing. Refreshes every few seconds." />
      <HealthView />
    </>
  );
}
