// /sign-in: e-mail + password (+ remember me) through authClient.signIn.email. A two-factor
// account stops at /two-factor; success goes to /account or to a same-origin ?redirect= path.
// Or a passkey (PasskeySignIn). ?error=CODE shows why a flow sent the person back here. The
// CAPTCHA widget appears when the server asks for one (components/Captcha.tsx). An OpenID
// client's login_hint (docs/oidc.md) prefills the address.
import { useState } from "preact/hooks";
import { authClient, messageFor, safeRedirect, safely } from "../auth";
import { useCaptcha } from "../components/Captcha";
import { PasskeySignIn } from "../components/PasskeySignIn";
import { SocialSignIn } from "../components/SocialSignIn";
import { Alert } from "../components/Alert";
import { Checkbox, Field, Submit } from "../components/Field";
import { Page } from "../components/Page";
import { en, errorText } from "../i18n/en";
import { Link } from "../router";
import { afterFirstFactor } from "./TwoFactor";

export function SignIn({ query }: { query: URLSearchParams }) {
  const [email, setEmail] = useState(query.get("login_hint") ?? "");
  const [password, setPassword] = useState("");
  const [rememberMe, setRememberMe] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(query.get("error") ? errorText(query.get("error")) : null);
  const target = safeRedirect(query.get("redirect"));
  const captcha = useCaptcha("sign-in");

  const submit = async (e: Event) => {
    e.preventDefault();
    if (captcha.missing) return setError(en.captcha.solveFirst);
    setBusy(true);
    setError(null);
    const res = await safely(() =>
      authClient.signIn.email({ email: email.trim(), password, rememberMe, fetchOptions: { headers: captcha.headers() } }),
    );
    setBusy(false);
    captcha.afterSubmit(res.error);
    if (res.error) {
      setError(messageFor(res.error));
      return;
    }
    afterFirstFactor(res.data, target);
  };

  return (
    <Page title={en.signIn.title}>
      <form onSubmit={submit}>
        <Alert text={error} />
        <Field id="email" label={en.fields.email} type="email" value={email} onInput={setEmail} autocomplete="username" required inputMode="email" />
        <Field id="password" label={en.fields.password} type="password" value={password} onInput={setPassword} autocomplete="current-password" required />
        <Checkbox id="remember" label={en.fields.rememberMe} checked={rememberMe} onChange={setRememberMe} />
        {captcha.widget}
        <Submit busy={busy} label={en.signIn.submit} busyLabel={en.signIn.busy} />
      </form>
      <PasskeySignIn target={target} />
      <SocialSignIn target={target} />
      <div class="links">
        <Link href="/forgot-password">{en.signIn.forgotLink}</Link>
        <p>
          {en.signIn.noAccount} <Link href={query.has("redirect") ? `/sign-up?redirect=${encodeURIComponent(target)}` : "/sign-up"}>{en.signIn.signUpLink}</Link>
        </p>
      </div>
    </Page>
  );
}
