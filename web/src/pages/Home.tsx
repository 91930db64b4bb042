// "/": signed in → /account, otherwise the sign-in page (at this address, no extra hop).
import { useEffect, useState } from "preact/hooks";
import { authClient, safely } from "../auth";
import { en } from "../i18n/en";
import { navigate } from "../router";
import { SignIn } from "./SignIn";

export function Home({ query }: { query: URLSearchParams }) {
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
