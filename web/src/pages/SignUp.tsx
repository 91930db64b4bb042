// /sign-up: name, e-mail, password with the live strength meter, through authClient.signUp.email.
// With a session in the answer the user is signed in (→ /account); without one (the server
// requires a verified e-mail first) a "check your mail" notice is shown instead. A same-origin
// ?redirect= (from /sign-in, say an invitation link) is where a new session goes, and is kept on
// the link back to sign-in.
import { useState } from "preact/hooks";
import { authClient, messageFor, safeRedirect, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { useCaptcha } from "../components/Captcha";
import { Field, Submit } from "../components/Field";
import { Page } from "../components/Page";
import { PasswordStrength } from "../components/PasswordStrength";
import { SocialSignIn } from "../components/SocialSignIn";
import { en } from "../i18n/en";
import { Link, navigate } from "../router";

export function SignUp({ query }: { query: URLSearchParams }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checkMail, setCheckMail] = useState(false);
  const target = safeRedirect(query.get("redirect"));
  const signInHref = query.has("redirect") ? `/sign-in?redirect=${encodeURIComponent(target)}` : "/sign-in";
  const captcha = useCaptcha("sign-up");

  const submit = async (e: Event) => {
    e.preventDefault();
    if (captcha.missing) return setError(en.captcha.solveFirst);
    setBusy(true);
    setError(null);
    const res = await safely(() =>
      authClient.signUp.email({
        name: name.trim(),
        email: email.trim(),
        password,
        callbackURL: `${window.location.origin}/verify-email`,
        fetchOptions: { headers: captcha.headers() },
      }),
    );
    setBusy(false);
    captcha.afterSubmit(res.error);
    if (res.error) {
      setError(messageFor(res.error));
      return;
    }
    const data = res.data as { token?: string | null } | null;
    if (data?.token) navigate(target);
    else setCheckMail(true);
  };

  if (checkMail) {
    return (
      <Page title={en.signUp.checkMailTitle}>
        <Notice text={en.signUp.checkMailBody} />
        <p class="links">
          <Link href={signInHref}>{en.signUp.signInLink}</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title={en.signUp.title}>
      <form onSubmit={submit}>
        <Alert text={error} />
        <Field id="name" label={en.fields.name} value={name} onInput={setName} autocomplete="name" required />
        <Field id="email" label={en.fields.email} type="email" value={email} onInput={setEmail} autocomplete="email" required inputMode="email" />
        <Field
          id="password"
          label={en.fields.password}
          type="password"
          value={password}
          onInput={setPassword}
          autocomplete="new-password"
          required
          minLength={8}
          describedBy="password-strength"
        />
        <PasswordStrength id="password-strength" password={password} context={{ email, name }} />
        {captcha.widget}
        <Submit busy={busy} label={en.signUp.submit} busyLabel={en.signUp.busy} />
      </form>
      <SocialSignIn target={target} />
      <p class="links">
        {en.signUp.haveAccount} <Link href={signInHref}>{en.signUp.signInLink}</Link>
      </p>
    </Page>
  );
}
