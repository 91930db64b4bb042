// /account and /account/:section: the signed-in user's page. Signed out → /sign-in (coming back
// here after). Sections: profile, security (password), sessions, two-factor, passkeys (all on
// /account), and organizations, api-keys, delete on their own tab; /account/deleted is where a
// deletion ends.
import { useEffect, useState } from "preact/hooks";
import { AccountSwitcher } from "../components/AccountSwitcher";
import { authClient, safely } from "../auth";
import { Page } from "../components/Page";
import { VerifyEmailButton } from "../components/VerifyEmailButton";
import { en } from "../i18n/en";
import { Link, navigate } from "../router";
import { ApiKeys } from "./ApiKeys";
import { ChangePassword } from "./ChangePassword";
import { AccountDeleted, DeleteAccount } from "./DeleteAccount";
import { NotFound } from "./Messages";
import { Organizations } from "./Organizations";
import { Passkeys } from "./Passkeys";
import { Profile } from "./Profile";
import { ChangeEmail } from "./ChangeEmail";
import { pageSettings } from "../settings";
import { Plan } from "./Plan";
import { Sessions } from "./Sessions";
import { TwoFactorSetup } from "./TwoFactorSetup";

export type User = { id: string; name: string; email: string; emailVerified: boolean; image?: string | null; twoFactorEnabled?: boolean | null };
export type SessionInfo = { user: User; session: { id: string; token: string } };

const SECTIONS = ["profile", "security", "sessions", "two-factor", "passkeys", "organizations", "api-keys", "plan", "delete"] as const;
// Sections shown only on their own tab, not on the /account overview (each loads its own data).
const OWN_TAB: readonly string[] = ["organizations", "api-keys", "plan", "delete"];
type Section = (typeof SECTIONS)[number];

/** An unknown section is a not-found view at once, signed in or not. */
export function Account({ section }: { section?: string }) {
  if (section === "deleted") return <AccountDeleted />; // deleteUser's callbackURL: no session left
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
  const show = (s: Section) => section === s || (section === undefined && !OWN_TAB.includes(s));
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
      <AccountSwitcher currentToken={info.session.token} onSwitched={() => window.location.reload()} />
      <nav class="tabs" aria-label={en.account.sectionsNav}>
        <Link href="/account/profile" current={section === "profile"}>{en.account.profileTitle}</Link>
        <Link href="/account/security" current={section === "security"}>{en.account.passwordTitle}</Link>
        <Link href="/account/sessions" current={section === "sessions"}>{en.account.sessionsTitle}</Link>
        <Link href="/account/two-factor" current={section === "two-factor"}>{en.twoFactor.tab}</Link>
        <Link href="/account/passkeys" current={section === "passkeys"}>{en.passkeys.tab}</Link>
        <Link href="/account/organizations" current={section === "organizations"}>{en.orgs.title}</Link>
        <Link href="/account/api-keys" current={section === "api-keys"}>{en.apiKeys.title}</Link>
        {pageSettings.plans && <Link href="/account/plan" current={section === "plan"}>{en.plan.title}</Link>}
        <Link href="/account/delete" current={section === "delete"}>{en.deleteAccount.title}</Link>
      </nav>
      {show("profile") && <Profile user={user} onSaved={load} />}
      {show("profile") && pageSettings.changeEmail && <ChangeEmail user={user} />}
      {show("security") && <ChangePassword email={user.email} />}
      {show("sessions") && <Sessions current={info.session} />}
      {show("two-factor") && <TwoFactorSetup enabled={!!user.twoFactorEnabled} onChanged={load} />}
      {show("passkeys") && <Passkeys />}
      {show("organizations") && <Organizations userId={user.id} />}
      {show("api-keys") && <ApiKeys />}
      {show("plan") && pageSettings.plans && <Plan />}
      {show("delete") && <DeleteAccount />}
      <p class="actions">
        <button type="button" class="secondary" onClick={signOut} disabled={signingOut}>
          {signingOut ? en.account.signingOut : en.account.signOut}
        </button>
      </p>
    </Page>
  );
}
