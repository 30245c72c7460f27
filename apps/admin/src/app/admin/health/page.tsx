import type { Metadata } from "next";
import { ErrorNotice, PageHeader } from "@/components/ui";
import { HealthView } from "@/components/admin/health";
import { load } from "@/lib/load";
import { Refresh } from "./refresh";

export const metadata: Metadata = { title: "System health" };

const EVERY_SECONDS = 10;

export default async function HealthPage() {
  // Asked of the API as the signed-in admin; the server's probes and metrics stay off the public network.
  const res = await load((api) => api.admin.system.health.query(), "/admin/health");
  return (
    <>
      <PageHeader title="System health" description="Whether the API can reach its database and cache, and how it has been doing. Refreshes every few seconds." />
      {res.ok ? <HealthView health={res.data} /> : <ErrorNotice error={res.error} />}
      <Refresh seconds={EVERY_SECONDS} />
    </>
  );
}
