// The active organization of /account/organizations: its members with their roles
// (getFullOrganization), a role changed or a member removed (only offered when hasPermission
// says so; the server checks again), invitations sent and canceled, and leaving it.
import { useEffect, useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Field, Submit } from "../components/Field";
import { useAction } from "../components/useAction";
import { en } from "../i18n/en";
import { pageSettings } from "../settings";

type Member = { id: string; userId: string; role: string; user: { name: string; email: string } };
type Invitation = { id: string; email: string; role: string; status: string; expiresAt: string };
type FullOrg = { id: string; name: string; members: Member[]; invitations?: Invitation[] };

// The roles a picker offers: the server's configured ones (page settings), the built-ins without
// them, and with dynamic roles the organization's own (list-roles, loaded with the organization).
const CONFIGURED = pageSettings.organization?.roles ?? ["member", "admin", "owner"];
const BUILT_IN_FIRST = ["member", "admin", "owner"];
function pickable(extra: string[]): string[] {
  const all = [...BUILT_IN_FIRST.filter((r) => CONFIGURED.includes(r)), ...CONFIGURED, ...extra];
  return [...new Set(all)];
}
const roleName = (role: string) => role.split(",").map((r) => en.orgs.roles[r.trim()] ?? r).join(", ");

export function OrgActive({ orgId, userId, onLeft }: { orgId: string; userId: string; onLeft: () => Promise<void> }) {
  const [org, setOrg] = useState<FullOrg | null>(null);
  const [canManage, setCanManage] = useState(false);
  const [canInvite, setCanInvite] = useState(false);
  const [roles, setRoles] = useState<string[]>(pickable([]));
  const act = useAction();

  const load = async () => {
    const res = await safely(() => authClient.organization.getFullOrganization({ query: { organizationId: orgId } }));
    if (res.error) act.setError(messageFor(res.error));
    else setOrg(res.data as FullOrg | null);
  };
  useEffect(() => {
    void load();
    // What to offer: the server refuses anyway, this only hides what would be refused.
    const may = async (permissions: Record<string, string[]>) =>
      !!((await safely(() => authClient.organization.hasPermission({ permissions, organizationId: orgId }))).data as { success?: boolean } | null)?.success;
    void may({ member: ["update", "delete"] }).then(setCanManage);
    void may({ invitation: ["create", "cancel"] }).then(setCanInvite);
    if (pageSettings.organization?.dynamicRoles) {
      void safely(() => authClient.$fetch<{ role: string }[]>("/organization/list-roles", { method: "GET", query: { organizationId: orgId } })).then(
        (res) => Array.isArray(res.data) && setRoles(pickable(res.data.map((r) => r.role))),
      );
    }
  }, [orgId]);

  if (!org) return <Alert text={act.error} />;
  const pending = (org.invitations ?? []).filter((i) => i.status === "pending");
  const leave = () => act.run(() => authClient.organization.leave({ organizationId: orgId }), en.orgs.left, onLeft);

  return (
    <div class="org-active">
      <h3 id="members-title">
        {en.orgs.membersTitle}: {org.name}
      </h3>
      <Alert text={act.error} />
      <Notice text={act.notice} />
      <ul class="items" aria-labelledby="members-title">
        {org.members.map((m) => (
          <MemberRow key={m.id} m={m} me={m.userId === userId} canManage={canManage} roles={roles} act={act} reload={load} />
        ))}
      </ul>
      {canInvite && <Invite orgId={orgId} roles={roles} reload={load} />}
      {canInvite && (
        <>
          <h3 id="pending-title">{en.orgs.pendingTitle}</h3>
          {pending.length === 0 ? (
            <p class="hint">{en.orgs.noPending}</p>
          ) : (
            <ul class="items" aria-labelledby="pending-title">
              {pending.map((i) => (
                <li key={i.id} class="item invitation">
                  <div class="session-device">
                    <strong>{i.email}</strong> <span>{roleName(i.role)}</span>
                  </div>
                  <div class="session-meta">
                    {en.orgs.expires} {new Date(i.expiresAt).toLocaleString()}
                  </div>
                  <button type="button" class="secondary" disabled={act.busy} onClick={() => act.run(() => authClient.organization.cancelInvitation({ invitationId: i.id }), en.orgs.invitationCanceled, load)}>
                    {en.orgs.cancelInvitation} <span class="visually-hidden">{i.email}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p class="actions">
        <button type="button" class="secondary" disabled={act.busy} onClick={leave}>
          {en.orgs.leave}
        </button>
      </p>
    </div>
  );
}

type RowProps = { m: Member; me: boolean; canManage: boolean; roles: string[]; act: ReturnType<typeof useAction>; reload: () => Promise<void> };

function MemberRow({ m, me, canManage, roles, act, reload }: RowProps) {
  const [role, setRole] = useState(m.role);
  const id = `role-${m.id}`;
  return (
    <li class="item member" data-member-email={m.user.email}>
      <div class="session-device">
        <strong>{m.user.name}</strong> <span>{m.user.email}</span>
        {me && <span class="badge">{en.orgs.you}</span>}
      </div>
      <div class="session-meta" data-testid="member-role">{roleName(m.role)}</div>
      {canManage && !me && (
        <div class="row">
          <label for={id}>{en.orgs.role}</label>
          <select id={id} value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
            {(roles.includes(role) ? roles : [role, ...roles]).map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
          <button type="button" class="secondary" disabled={act.busy || role === m.role} onClick={() => act.run(() => authClient.organization.updateMemberRole({ memberId: m.id, role: role as "member" }), en.orgs.roleChanged, reload)}>
            {en.orgs.changeRole}
          </button>
          <button type="button" class="secondary" disabled={act.busy} onClick={() => act.run(() => authClient.organization.removeMember({ memberIdOrEmail: m.id }), en.orgs.memberRemoved, reload)}>
            {en.orgs.removeMember} <span class="visually-hidden">{m.user.email}</span>
          </button>
        </div>
      )}
    </li>
  );
}

function Invite({ orgId, roles, reload }: { orgId: string; roles: string[]; reload: () => Promise<void> }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("member");
  const act = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await act.run(() => authClient.organization.inviteMember({ email: email.trim(), role: role as "member", organizationId: orgId }), en.orgs.invited);
    if (ok) {
      setEmail("");
      await reload();
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="invite-title">
      <h3 id="invite-title">{en.orgs.inviteTitle}</h3>
      <Alert text={act.error} />
      <Notice text={act.notice} />
      <Field id="invite-email" label={en.orgs.inviteEmail} type="email" value={email} onInput={setEmail} autocomplete="off" required inputMode="email" />
      <div class="field">
        <label for="invite-role">{en.orgs.role}</label>
        <select id="invite-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </select>
      </div>
      <Submit busy={act.busy} label={en.orgs.invite} busyLabel={en.orgs.inviting} />
    </form>
  );
}
