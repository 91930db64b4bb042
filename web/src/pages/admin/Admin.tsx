// /admin and /admin/:section: the admin console. Signed out → /sign-in (back here after); signed
// in without any admin permission → a plain no-access view. The server checks every route
// itself (docs/permissions.md); this check only decides what to show.
import { useEffect, useState } from "preact/hooks";
import { authClient, safely } from "../../auth";
import { Page } from "../../components/Page";
import { en } from "../../i18n/en";
import { Link, navigate } from "../../router";
import { NotFound } from "../Messages";
import { AdminAudit } from "./AdminAudit";
import { AdminUser } from "./AdminUser";
import { AdminUsers } from "./AdminUsers";

const SECTIONS = ["users", "audit"] as const;
type Section = (typeof SECTIONS)[number];
type Access = { users: boolean; audit: boolean; exportCsv: boolean; selfId: string };

async function allowed(permissions: Record<string, string[]>): Promise<boolean> {
  const res = await safely(() => authClient.admin.hasPermission({ permissions }));
  return !res.error && !!(res.data as { success?: boolean } | null)?.success;
}

export function Admin({ section, query }: { section?: string; query: URLSearchParams }) {
  if (section !== undefined && !SECTIONS.includes(section as Section)) return <NotFound />;
  return <AdminPage section={(section as Section | undefined) ?? "users"} query={query} />;
}

function AdminPage({ section, query }: { section: Section; query: URLSearchParams }) {
  const [access, setAccess] = useState<Access | null>(null);

  useEffect(() => {
    void (async () => {
      const res = await safely(() => authClient.getSession());
      const data = res.data as { user?: { id: string } } | null;
      if (!data?.user) {
        const here = window.location.pathname + window.location.search;
        navigate(`/sign-in?redirect=${encodeURIComponent(here)}`, true);
        return;
      }
      const [users, audit, exportCsv] = await Promise.all([
        allowed({ user: ["list"] }),
        allowed({ audit: ["read"] }),
        allowed({ audit: ["export"] }),
      ]);
      setAccess({ users, audit, exportCsv, selfId: data.user.id });
    })();
  }, []);

  if (!access) {
    return (
      <p class="loading" role="status">
        {en.loading}
      </p>
    );
  }
  if (!access.users && !access.audit) {
    return (
      <Page title={en.admin.noAccessTitle}>
        <p data-testid="admin-no-access">{en.admin.noAccess}</p>
        <p class="links">
          <Link href="/account">{en.admin.backToAccount}</Link>
        </p>
      </Page>
    );
  }
  // /admin opens the first section the caller may see.
  const shown: Section = section === "users" && !access.users ? "audit" : section;
  const userId = shown === "users" ? query.get("id") : null;
  return (
    <Page title={en.admin.title} wide>
      <nav class="tabs" aria-label={en.admin.nav}>
        {access.users && <Link href="/admin/users" current={shown === "users"}>{en.admin.users}</Link>}
        {access.audit && <Link href="/admin/audit" current={shown === "audit"}>{en.admin.audit}</Link>}
        <a href="/api/auth/reference">{en.admin.apiReference}</a>
      </nav>
      {shown === "users" && (userId ? <AdminUser id={userId} selfId={access.selfId} /> : <AdminUsers query={query} />)}
      {shown === "audit" && (access.audit ? <AdminAudit query={query} canExport={access.exportCsv} /> : <p>{en.admin.noAccess}</p>)}
    </Page>
  );
}
