// /two-factor: the second step of a sign-in for an account with two-factor authentication. The
// first factor (password or passkey) answered {twoFactorRedirect, twoFactorMethods} and set the
// short-lived `better-auth.two_factor` cookie; here the person proves the second factor with a
// TOTP code, a recovery code, or (method "otp") a code sent by mail. The methods and the
// same-origin redirect travel in the query (nothing secret: the challenge itself is the cookie).
import { useState } from "preact/hooks";
import { authClient, messageFor, safeRedirect, safely, type ApiError } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Checkbox, Field, Submit } from "../components/Field";
import { Page } from "../components/Page";
import { en } from "../i18n/en";
import { Link, navigate } from "../router";

type Mode = "totp" | "backup" | "otp";

/** Where a first factor that answered `twoFactorRedirect` continues. */
export function twoFactorHref(target: string, methods?: string[]): string {
  const q = new URLSearchParams({ redirect: target });
  if (methods && methods.length > 0) q.set("methods", methods.join(","));
  return `/two-factor?${q.toString()}`;
}

/** After a first factor: on to the challenge, or straight to the target. */
export function afterFirstFactor(data: unknown, target: string): void {
  const d = data as { twoFactorRedirect?: boolean; twoFactorMethods?: string[] } | null;
  if (d?.twoFactorRedirect) navigate(twoFactorHref(target, d.twoFactorMethods));
  else navigate(target);
}

export function TwoFactor({ query }: { query: URLSearchParams }) {
  const target = safeRedirect(query.get("redirect"));
  const methods = (query.get("methods") ?? "totp").split(",");
  const [mode, setMode] = useState<Mode>(methods.includes("totp") ? "totp" : "backup");
  const [code, setCode] = useState("");
  const [trust, setTrust] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // A challenge that expired (10 minutes) or was never started cannot be finished here.
  const failed = (err: ApiError) => {
    if (err?.code === "INVALID_TWO_FACTOR_COOKIE") {
      navigate(`/sign-in?${new URLSearchParams({ redirect: target, error: err.code }).toString()}`, true);
      return;
    }
    setError(messageFor(err));
  };

  const switchTo = (next: Mode) => {
    setMode(next);
    setCode("");
    setError(null);
    setNotice(null);
  };

  const sendMail = async () => {
    setBusy(true);
    setError(null);
    const res = await safely(() => authClient.twoFactor.sendOtp({}));
    setBusy(false);
    if (res.error) return failed(res.error);
    switchTo("otp");
    setNotice(en.twoFactor.codeMailSent);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    const body = { code: code.trim(), trustDevice: trust };
    const tf = authClient.twoFactor;
    const res = await safely(() =>
      mode === "totp" ? tf.verifyTotp(body) : mode === "backup" ? tf.verifyBackupCode(body) : tf.verifyOtp(body),
    );
    setBusy(false);
    if (res.error) {
      setCode("");
      return failed(res.error);
    }
    navigate(target);
  };

  const field =
    mode === "totp"
      ? { id: "totp-code", label: en.twoFactor.code, intro: en.twoFactor.intro }
      : mode === "backup"
        ? { id: "backup-code", label: en.twoFactor.recoveryCode, intro: en.twoFactor.recoveryIntro }
        : { id: "otp-code", label: en.twoFactor.mailCode, intro: en.twoFactor.mailIntro };

  return (
    <Page title={en.twoFactor.title}>
      <form onSubmit={submit}>
        <Alert text={error} />
        <Notice text={notice} />
        <p>{field.intro}</p>
        <Field
          key={field.id}
          id={field.id}
          label={field.label}
          value={code}
          onInput={setCode}
          autocomplete="one-time-code"
          required
          inputMode={mode === "backup" ? "text" : "numeric"}
        />
        <Checkbox id="trust-device" label={en.twoFactor.trustDevice} checked={trust} onChange={setTrust} />
        <Submit busy={busy} label={en.twoFactor.verify} busyLabel={en.twoFactor.busy} />
      </form>
      <div class="links">
        {mode !== "totp" && methods.includes("totp") && (
          <button type="button" class="link-button" onClick={() => switchTo("totp")}>
            {en.twoFactor.useTotp}
          </button>
        )}
        {mode !== "backup" && (
          <button type="button" class="link-button" onClick={() => switchTo("backup")}>
            {en.twoFactor.useRecovery}
          </button>
        )}
        {methods.includes("otp") && (
          <button type="button" class="link-button" disabled={busy} onClick={sendMail}>
            {mode === "otp" ? en.twoFactor.resend : en.twoFactor.useMail}
          </button>
        )}
        <Link href={`/sign-in?${new URLSearchParams({ redirect: target }).toString()}`}>{en.twoFactor.backToSignIn}</Link>
      </div>
    </Page>
  );
}
