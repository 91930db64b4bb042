// /forgot-password: asks for a reset link. The confirmation is the same whatever the server
// answers (except a network failure or a rate limit), so the page never tells whether an account
// uses the address (account enumeration; the server answers alike too).
import { useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { useCaptcha } from "../components/Captcha";
import { Field, Submit } from "../components/Field";
import { Page } from "../components/Page";
import { en } from "../i18n/en";
import { Link } from "../router";

export function ForgotPassword() {
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const captcha = useCaptcha("request-password-reset");

  const submit = async (e: Event) => {
    e.preventDefault();
    if (captcha.missing) return setError(en.captcha.solveFirst);
    setBusy(true);
    setError(null);
    const res = await safely(() =>
      authClient.requestPasswordReset({
        email: email.trim(),
        redirectTo: `${window.location.origin}/reset-password`,
        fetchOptions: { headers: captcha.headers() },
      }),
    );
    setBusy(false);
    captcha.afterSubmit(res.error);
    // Only failures that say nothing about the account are shown: no connection, too many tries,
    // a CAPTCHA the server wants (it asks the same whoever the address belongs to).
    const code = res.error?.code?.toUpperCase() ?? "";
    if (res.error && (res.error.status === 0 || res.error.status === 429 || code === "MISSING_RESPONSE" || code === "VERIFICATION_FAILED" || code === "CAPTCHA_UNAVAILABLE")) {
      setError(messageFor(res.error));
      return;
    }
    setSent(true);
  };

  if (sent) {
    return (
      <Page title={en.forgot.sentTitle}>
        <Notice text={en.forgot.sent} />
        <p class="links">
          <Link href="/sign-in">{en.forgot.backToSignIn}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={en.forgot.title}>
      <p>{en.forgot.intro}</p>
      <form onSubmit={submit}>
        <Alert text={error} />
        <Field id="email" label={en.fields.email} type="email" value={email} onInput={setEmail} autocomplete="email" required inputMode="email" />
        {captcha.widget}
        <Submit busy={busy} label={en.forgot.submit} busyLabel={en.forgot.busy} />
      </form>
      <p class="links">
        <Link href="/sign-in">{en.forgot.backToSignIn}</Link>
      </p>
    </Page>
  );
}
