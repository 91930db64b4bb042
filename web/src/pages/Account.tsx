// /account and /account/:section: the signed-in user's page. Signed out → /sign-in (coming back
// here after). Sections: profile, security (password), sessions, two-factor, passkeys; /account
// shows them all.
import { useEffect, useState } from "preact/hooks";
import { authClient, safely } from "../auth";
import { Page } from "../components/Page";
import { VerifyEmailButton } from "../components/VerifyEmailButton";
import { en } from "../i18n/en";
import { Link, navigate } from "../router";
import { ChangePassword } from "./ChangePassword";
import { NotFound } from "./Messages";
import { Passkeys } from "./Passkeys";
import { Profile } from "./Profile";
import { Sessions } from "./Sessions";
import { TwoFactorSetup } from "./TwoFactorSetup";

export type User = { id: string; name: string; email: string; emailVerified: boolean; image?: string | null; twoFactorEnabled?: boolean | null };
export type SessionInfo = { user: User; session: { id: string; token: string } };

const SECTIONS = ["profile", "security", "sessions", "two-factor", "passkeys"] as const;
type Section = (typeof SECTIONS)[number];

/** An unknown section is a not-found view at once, signed in or not. */
export function Account({ section }: { section?: string }) {
  if (section !== undefined && !SECTIONS.includes(section as Section)) return <NotFound />;
  return <AccountPage section={section as Section | undefined} />;
}

function AccountPage({ section }: { section?: Section }) {
  const [info, setInfo] = useState<SessionInfo | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  const load = async () => {
    const res = await safely(() => authClient.getSession());
    const data = res.data as SessionInfo | null;
    if (!data?.user) {
      navigate(`/sign-in?redirect=${encodeURIComponent(window.location.pathname)}`, true);
      return;
    }
    setInfo(data);
  };
  useEffect(() => {
    void load();
  }, []);

  if (!info) {
    return (
      <p class="loading" role="status">
        {en.loading}
      </p>
    );
  }

  const signOut = async () => {
    setSigningOut(true);
    await safely(() => authClient.signOut());
    navigate("/sign-in");
  };
  const show = (s: Section) => section === undefined || section === s;
  const { user } = info;

  return (
    <Page title={en.account.title} wide>
      <dl class="summary">
        <dt>{en.fields.name}</dt>
        <dd data-testid="user-name">{user.name}</dd>
        <dt>{en.fields.email}</dt>
        <dd data-testid="user-email">{user.email}</dd>
        <dt>{en.account.emailStatus}</dt>
        <dd>{user.emailVerified ? en.account.verified : en.account.unverified}</dd>
      </dl>
      {!user.emailVerified && <VerifyEmailButton email={user.email} />}
      <nav class="tabs" aria-label={en.account.sectionsNav}>
        <Link href="/account/profile" current={section === "profile"}>{en.account.profileTitle}</Link>
        <Link href="/account/security" current={section === "security"}>{en.account.passwordTitle}</Link>
        <Link href="/account/sessions" current={section === "sessions"}>{en.account.sessionsTitle}</Link>
        <Link href="/account/two-factor" current={section === "two-factor"}>{en.twoFactor.tab}</Link>
        <Link href="/account/passkeys" current={section === "passkeys"}>{en.passkeys.tab}</Link>
      </nav>
      {show("profile") && <Profile user={user} onSaved={load} />}
      {show("security") && <ChangePassword email={user.email} />}
      {show("sessions") && <Sessions current={info.session} />}
      {show("two-factor") && <TwoFactorSetup enabled={!!user.twoFactorEnabled} onChanged={load} />}
      {show("passkeys") && <Passkeys />}
      <p class="actions">
        <button type="button" class="secondary" onClick={signOut} disabled={signingOut}>
          {signingOut ? en.account.signingOut : en.account.signOut}
        </button>
      </p>
    </Page>
  );
}
