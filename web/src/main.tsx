// Entry point: the route table of the hosted pages. The server answers exactly these paths
// with index.html (issue 15); any other path inside the app gets the not-found view.
import { render } from "preact";
import "./styles.css";
import { AcceptInvitation } from "./pages/AcceptInvitation";
import { Consent } from "./pages/Consent";
import { Account } from "./pages/Account";
import { Admin } from "./pages/admin/Admin";
import { ForgotPassword } from "./pages/ForgotPassword";
import { Home } from "./pages/Home";
import { ErrorView, NotFound, VerifyEmail } from "./pages/Messages";
import { ResetPassword } from "./pages/ResetPassword";
import { SignIn } from "./pages/SignIn";
import { SignUp } from "./pages/SignUp";
import { TwoFactor } from "./pages/TwoFactor";
import { match, useLocation, type Route } from "./router";

function App() {
  const { path, query } = useLocation();
  const routes: Route[] = [
    { pattern: "/", view: () => <Home query={query} /> },
    { pattern: "/sign-in", view: () => <SignIn query={query} /> },
    { pattern: "/sign-up", view: () => <SignUp query={query} /> },
    { pattern: "/forgot-password", view: () => <ForgotPassword /> },
    { pattern: "/reset-password", view: () => <ResetPassword query={query} /> },
    { pattern: "/verify-email", view: () => <VerifyEmail query={query} /> },
    { pattern: "/error", view: () => <ErrorView query={query} /> },
    { pattern: "/account", view: () => <Account /> },
    { pattern: "/account/:section", view: (p) => <Account section={p.section} /> },
    { pattern: "/two-factor", view: () => <TwoFactor query={query} /> },
    { pattern: "/accept-invitation/:id", view: (p) => <AcceptInvitation id={p.id} /> },
    { pattern: "/admin", view: () => <Admin query={query} /> },
    { pattern: "/admin/:section", view: (p) => <Admin section={p.section} query={query} /> },
    { pattern: "/oauth2-consent", view: () => <Consent query={query} /> },
  ];
  // Keyed by path so each page starts with fresh state (and its heading takes focus).
  return <div key={path + "?" + query.toString()}>{match(routes, path) ?? <NotFound />}</div>;
}

render(<App />, document.getElementById("app")!);
