// /admin and /admin/:section: the admin console. Signed out → /sign-in (back here after); signed
// in without any admin permission → a plain no-access view. The server checks every route
// itself (docs/permissions.md); this check only decides what to show.
import { useEffect, useState } from "preact/hooks";
import { authClient, safely } from "../../auth";
import { Page } from "../../components/Page";
import { en } from "../../i18n/en";
import { Link, navigate } from "../../router";
import { pageSettings } from "../../settings";
import { NotFound } from "../Messages";
import { AdminAudit } from "./AdminAudit";
import { AdminClients } from "./AdminClients";
import { AdminDashboard } from "./AdminDashboard";
import { AdminUser } from "./AdminUser";
import { AdminUsers } from "./AdminUsers";

const SECTIONS = ["users", "audit", "dashboard", "clients"] as const;
type Section = (typeof SECTIONS)[number];
// What the console shows is what the caller's roles allow (one has-permission each, asked once per
// session and kept for this page load), so a support agent sees no button the server would refuse.
const PERMISSIONS = [
  "user:list", "audit:read", "audit:export", "user:set-role", "user:ban", "user:impersonate",
  "user:reset-two-factor", "user:resend-verification", "user:unlock", "session:list", "session:revoke",
  "metrics:read", "billing:read", "billing:update", "oauth_clients:list", "oauth_clients:create", "oauth_clients:delete", "oauth_clients:rotate-secret",
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type Can = (p: Permission) => boolean;
type Access = { can: Can; selfId: string };
let cached: { sessionId: string; access: Access } | null = null;

async function allowed(permission: Permission): Promise<boolean> {
  const [resource, action] = permission.split(":");
  const res = await safely(() => authClient.admin.hasPermission({ permissions: { [resource]: [action] } }));
  return !res.error && !!(res.data as { success?: boolean } | null)?.success;
}

async function accessFor(sessionId: string, selfId: string): Promise<Access> {
  if (cached?.sessionId === sessionId) return cached.access;
  const granted = await Promise.all(PERMISSIONS.map(allowed));
  const set = new Set(PERMISSIONS.filter((_, i) => granted[i]));
  const access = { can: (p: Permission) => set.has(p), selfId };
  cached = { sessionId, access };
  return access;
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
      const data = res.data as { user?: { id: string }; session?: { id: string } } | null;
      if (!data?.user || !data.session) {
        const here = window.location.pathname + window.location.search;
        navigate(`/sign-in?redirect=${encodeURIComponent(here)}`, true);
        return;
      }
      setAccess(await accessFor(data.session.id, data.user.id));
    })();
  }, []);

  if (!access) {
    return (
      <p class="loading" role="status">
        {en.loading}
      </p>
    );
  }
  const { can } = access;
  if (!can("user:list") && !can("audit:read") && !can("metrics:read") && !can("oauth_clients:list")) {
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
  const shown: Section = section === "users" && !can("user:list") ? (can("audit:read") ? "audit" : "dashboard") : section;
  // The clients tab only where the OpenID provider is on (its discovery exists).
  const clientsTab = can("oauth_clients:list") && !!pageSettings.oidcProvider;
  const userId = shown === "users" ? query.get("id") : null;
  return (
    <Page title={en.admin.title} wide>
      <nav class="tabs" aria-label={en.admin.nav}>
        {can("user:list") && <Link href="/admin/users" current={shown === "users"}>{en.admin.users}</Link>}
        {can("audit:read") && <Link href="/admin/audit" current={shown === "audit"}>{en.admin.audit}</Link>}
        {can("metrics:read") && <Link href="/admin/dashboard" current={shown === "dashboard"}>{en.dashboard.tab}</Link>}
        {clientsTab && <Link href="/admin/clients" current={shown === "clients"}>{en.clients.tab}</Link>}
        <a href="/api/auth/reference">{en.admin.apiReference}</a>
      </nav>
      {shown === "users" && (userId ? <AdminUser id={userId} selfId={access.selfId} can={can} /> : <AdminUsers query={query} />)}
      {shown === "audit" && (can("audit:read") ? <AdminAudit query={query} canExport={can("audit:export")} /> : <p>{en.admin.noAccess}</p>)}
      {shown === "dashboard" && (can("metrics:read") ? <AdminDashboard /> : <p>{en.admin.noAccess}</p>)}
      {shown === "clients" && (clientsTab ? <AdminClients can={can} /> : <p>{en.admin.noAccess}</p>)}
    </Page>
  );
}
