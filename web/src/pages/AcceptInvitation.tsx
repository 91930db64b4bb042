// /accept-invitation/:id, the link of the invitation mail. Signed out → /sign-in, coming back
// here after (sign-up links from there). Signed in → the invitation (getInvitation: only its
// invitee may read it; another account gets the catalogue's message for the server's refusal)
// with accept / decline.
import { useEffect, useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert } from "../components/Alert";
import { Page } from "../components/Page";
import { useAction } from "../components/useAction";
import { en } from "../i18n/en";
import { Link, navigate } from "../router";

type Invitation = { id: string; organizationName: string; inviterEmail: string; role: string; email: string };

export function AcceptInvitation({ id }: { id: string }) {
  const [email, setEmail] = useState<string | null>(null);
  const [inv, setInv] = useState<Invitation | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [done, setDone] = useState<"accepted" | "rejected" | null>(null);
  const act = useAction();

  useEffect(() => {
    void (async () => {
      const session = await safely(() => authClient.getSession());
      const user = (session.data as { user?: { email: string } } | null)?.user;
      if (!user) {
        navigate(`/sign-in?redirect=${encodeURIComponent(window.location.pathname)}`, true);
        return;
      }
      setEmail(user.email);
      const res = await safely(() => authClient.organization.getInvitation({ query: { id } }));
      if (res.error) setLoadError(messageFor(res.error));
      else setInv(res.data as Invitation);
    })();
  }, [id]);

  const signOut = async () => {
    await safely(() => authClient.signOut());
    navigate(`/sign-in?redirect=${encodeURIComponent(window.location.pathname)}`);
  };

  if (done) {
    return (
      <Page title={done === "accepted" ? en.invitation.acceptedTitle : en.invitation.rejectedTitle}>
        <p class="links">
          <Link href="/account/organizations">{en.invitation.toOrganizations}</Link>
        </p>
      </Page>
    );
  }
  if (!email) {
    return (
      <p class="loading" role="status">
        {en.loading}
      </p>
    );
  }
  const answer = async (accept: boolean) => {
    const call = accept
      ? () => authClient.organization.acceptInvitation({ invitationId: id })
      : () => authClient.organization.rejectInvitation({ invitationId: id });
    if (await act.run(call, null)) setDone(accept ? "accepted" : "rejected");
  };
  const role = inv ? inv.role.split(",").map((r) => en.orgs.roles[r.trim()] ?? r).join(", ") : "";

  return (
    <Page title={en.invitation.title}>
      <p class="hint">
        {en.invitation.signedInAs} <strong data-testid="invitation-account">{email}</strong>
      </p>
      <Alert text={loadError ?? act.error} />
      {inv && (
        <>
          <p data-testid="invitation-text">
            {en.invitation.body.replace("{inviter}", inv.inviterEmail).replace("{org}", inv.organizationName).replace("{role}", role)}
          </p>
          <div class="row">
            <button type="button" class="primary" disabled={act.busy} onClick={() => answer(true)}>
              {en.invitation.accept}
            </button>
            <button type="button" class="secondary" disabled={act.busy} onClick={() => answer(false)}>
              {en.invitation.reject}
            </button>
          </div>
        </>
      )}
      <div class="links">
        <button type="button" class="secondary" onClick={signOut}>
          {en.invitation.otherAccount}
        </button>
      </div>
    </Page>
  );
}
