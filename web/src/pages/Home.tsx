// "/": signed in → /account, otherwise the sign-in page (at this address, no extra hop).
// With ?error= it is the error view: /api/auth/error (Better Auth's error redirect) sends there.
import { useEffect, useState } from "preact/hooks";
import { authClient, safely } from "../auth";
import { en } from "../i18n/en";
import { navigate } from "../router";
import { ErrorView } from "./Messages";
import { SignIn } from "./SignIn";

export function Home({ query }: { query: URLSearchParams }) {
  if (query.has("error")) return <ErrorView query={query} />;
  return <SignedInOrSignIn query={query} />;
}

function SignedInOrSignIn({ query }: { query: URLSearchParams }) {
  const [signedOut, setSignedOut] = useState(false);
  useEffect(() => {
    void safely(() => authClient.getSession()).then((res) => {
      if ((res.data as { user?: unknown } | null)?.user) navigate("/account", true);
      else setSignedOut(true);
    });
  }, []);
  if (!signedOut) {
    return (
      <p class="loading" role="status">
        {en.loading}
      </p>
    );
  }
  return <SignIn query={query} />;
}
