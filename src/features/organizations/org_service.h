// What the organization routes and hooks share (docs/organizations.md): the
// roles, the settings, and the one place every organization-scoped route is
// authorized (the "organization" scope guard the feature gives the platform:
// the route's RouteSpec::permission and OrgRule, applied before the handler,
// inside the handler's transaction, so what it checked still holds when the
// handler writes).
// Thread-safety: immutable after Init(); safe to share.
#ifndef LK_FEATURES_ORGANIZATIONS_ORG_SERVICE_H_
#define LK_FEATURES_ORGANIZATIONS_ORG_SERVICE_H_

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "features/common/mail_queue.h"
#include "features/organizations/org_access.h"
#include "features/organizations/org_store.h"
#include "features/organizations/organizations_settings.h"
#include "features/platform/hooks.h"
#include "features/services.h"
#include "features/sessions/session_service.h"
#include "http/request.h"

namespace latchkey::organizations {

struct OrgDeps {
  const Services& services;
  const sessions::SessionService& sessions;
  MailQueue& mail;
  OrganizationSettings settings = services.config.Get<OrganizationSettings>();
};

// The platform scope (RouteSpec::permission_scope) of a permission held in
// an organization: the caller's roles in the organization the request names.
inline constexpr std::string_view kOrganizationScope = "organization";

// How an organization-scoped route finds its organization and what it
// answers (docs/organizations.md "Authorization"): the organization the
// request names (`organizationId`, or `organizationSlug` where allowed, in
// the body of a POST or the query of a GET; else the session's active one),
// the caller's membership in it, then the route's RouteSpec::permission in
// the caller's roles there. Each refusal carries the error Better Auth
// answers on that route.
struct OrgRule {
  bool active_fallback = true;  // no id given: the session's active organization
  bool slug_allowed = false;    // organizationSlug names it too
  bool id_in_data = false;      // organizationId is read from the body's `data` (update-team)
  // The organization is the one of the invitation `invitationId` names
  // (INVITATION_NOT_FOUND when none).
  bool from_invitation = false;
  // Set: an organization that does not exist answers this before the
  // membership check (Better Auth's get-full-organization).
  const ErrorInfo* not_found = nullptr;
  const ErrorInfo* no_organization = nullptr;  // none named and none active
  const ErrorInfo* not_member = nullptr;       // the caller is not a member
  const ErrorInfo* denied = nullptr;           // the roles lack the route's permission
};

// What an organization-scoped handler receives: the caller, the parsed
// input, the organization and the caller's membership in it.
struct OrgCall {
  const http::Request& request;
  const sessions::SessionWithUser& caller;
  const boost::json::object& body;  // empty for a GET
  org_store::Organization organization;
  org_store::Member member;
  std::optional<org_store::Invitation> invitation;  // OrgRule::from_invitation
};

struct Authorized {
  org_store::Organization organization;
  org_store::Member member;
  std::optional<org_store::Invitation> invitation;
};

// What the organization scope guard puts on the platform Call
// (Call::grant<OrgGrant>()) for the route it admitted: the transaction it
// checked in, and the organization and membership it found.
struct OrgGrant {
  store::Transaction& tx;
  OrgCall call;
};

class OrgService {
 public:
  explicit OrgService(OrgDeps deps) : deps_(std::move(deps)) {}
  // Errors: INVALID_ORGANIZATION_ROLES. `hooks` outlives this service.
  Result<void> Init(const platform::Hooks& hooks);

  const OrgDeps& deps() const { return deps_; }
  const OrganizationSettings& settings() const { return deps_.settings; }
  // The configured roles (not an organization's own).
  const OrgAccess& access() const { return *access_; }
  // The roles in force in an organization: the configured ones, plus its own
  // with organization_dynamic_roles (docs/organizations.md "Dynamic roles").
  Result<OrgAccess> AccessIn(store::Transaction& tx, std::string_view organization_id) const;
  TimeMs Now() const { return deps_.services.clock.NowMs(); }
  store::Store& store() const { return deps_.services.store; }

  // The session's active organization and team (the session-fields hook put
  // them there).
  static std::optional<std::string> ActiveOrganizationId(const sessions::SessionWithUser& caller);
  static std::optional<std::string> ActiveTeamId(const sessions::SessionWithUser& caller);

  // Applies `rule` in `tx`, then asks the caller's roles there for
  // `permission` (empty: membership suffices). Errors: the rule's.
  Result<Authorized> Authorize(store::Transaction& tx, const OrgRule& rule,
                               const Statements& permission, const http::Request& request,
                               const boost::json::object& body,
                               const sessions::SessionWithUser& caller) const;

  // Sets the caller session's active organization (null clears it) and drops
  // the cached session, so get-session shows it at once.
  Result<void> SetActive(store::Transaction& tx, const sessions::SessionWithUser& caller,
                         const std::optional<std::string>& organization_id) const;

  // Sets the caller session's active team (null clears it); the session's
  // active organization is set already.
  Result<void> SetActiveTeam(store::Transaction& tx, const sessions::SessionWithUser& caller,
                             const std::optional<std::string>& team_id) const;

  // Asks the platform whether `subject` may have one more of `limit`
  // (docs/plans.md), `current` being what it has now. Errors:
  // PLAN_LIMIT_REACHED (402) from the plans feature.
  Result<void> CheckLimit(store::Transaction& tx, const http::Request& request,
                          std::string_view subject_type, std::string_view subject_id,
                          std::string_view limit, std::int64_t current) const;

  // One audit event in `tx`: `type` ("organization.create"), the caller, the
  // member acted on (empty if none) and details naming the organization.
  Result<void> Audit(store::Transaction& tx, const http::Request& request,
                     const sessions::SessionWithUser& caller, std::string_view type,
                     std::string_view organization_id, std::string_view target_user_id = {},
                     std::string_view extra_json = {}) const;

 private:
  OrgDeps deps_;
  std::optional<OrgAccess> access_;
  const platform::Hooks* hooks_ = nullptr;
};

}  // namespace latchkey::organizations

#endif  // LK_FEATURES_ORGANIZATIONS_ORG_SERVICE_H_
