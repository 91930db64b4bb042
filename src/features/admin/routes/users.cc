// list-users and get-user (docs/api.md "Administration").
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "features/admin/admin_errors.h"
#include "features/admin/routes/admin_routes.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::admin {
namespace {

Result<std::int64_t> QueryInt(const http::Request& request, std::string_view name,
                              std::int64_t fallback, std::int64_t max) {
  auto text = request.QueryParam(name);
  if (!text || text->empty()) return fallback;
  std::int64_t value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || value > max) {
      return Fail(validation::FieldError(name, "Invalid input: expected a number"));
    }
    value = value * 10 + (c - '0');
  }
  return std::min(value, max);
}

Error Invalid(std::string_view field, std::string_view what) {
  Error error = validation::FieldError(field, what);
  // The route reads the query string.
  error.wire_message = "[query." + std::string(field) + "] " + std::string(what);
  return error;
}

Result<users::UserQuery> ParseQuery(const http::Request& request,
                                    std::optional<std::string>& role_filter,
                                    std::optional<bool>& banned_filter) {
  users::UserQuery query;
  query.search = request.QueryParam("searchValue");
  if (query.search && query.search->empty()) query.search.reset();
  const std::string field = request.QueryParam("searchField").value_or("email");
  if (field != "email" && field != "name") return Fail(Invalid("searchField", "email or name"));
  query.search_field =
      field == "name" ? users::UserQuery::Field::kName : users::UserQuery::Field::kEmail;
  const std::string match = request.QueryParam("searchOperator").value_or("contains");
  if (match == "starts_with") {
    query.search_match = users::UserQuery::Match::kStartsWith;
  } else if (match == "ends_with") {
    query.search_match = users::UserQuery::Match::kEndsWith;
  } else if (match != "contains") {
    return Fail(Invalid("searchOperator", "contains, starts_with or ends_with"));
  }
  query.sort_by = request.QueryParam("sortBy").value_or("createdAt");
  const std::string direction = request.QueryParam("sortDirection").value_or("asc");
  if (direction != "asc" && direction != "desc")
    return Fail(Invalid("sortDirection", "asc or desc"));
  query.sort_descending = direction == "desc";
  LK_ASSIGN_OR_RETURN(query.limit, QueryInt(request, "limit", 100, 1000));
  LK_ASSIGN_OR_RETURN(query.offset, QueryInt(request, "offset", 0, 1'000'000'000));
  // Filters: filterField role|banned|emailVerified with filterValue (eq only).
  if (auto filter = request.QueryParam("filterField")) {
    const std::string value = request.QueryParam("filterValue").value_or("");
    const std::string op = request.QueryParam("filterOperator").value_or("eq");
    if (op != "eq") return Fail(Invalid("filterOperator", "only eq is supported"));
    if (*filter == "role") {
      role_filter = value;
    } else if (*filter == "banned" || *filter == "emailVerified") {
      if (value != "true" && value != "false") return Fail(Invalid("filterValue", "true or false"));
      (*filter == "banned" ? banned_filter : query.email_verified) = value == "true";
    } else if (*filter == "email" || *filter == "name") {
      query.search = value;
      query.search_field =
          *filter == "name" ? users::UserQuery::Field::kName : users::UserQuery::Field::kEmail;
      query.search_match = users::UserQuery::Match::kContains;
    } else {
      return Fail(Invalid("filterField", "role, banned, emailVerified, email or name"));
    }
  }
  return query;
}

// Splits the users with a user_admin row into those the filter admits and
// the rest (users without a row hold the default role and no ban).
struct Split {
  std::vector<std::string> admitted;
  std::vector<std::string> refused;
};

Result<Split> SplitByFilter(store::Transaction& tx, const std::optional<std::string>& role,
                            const std::optional<bool>& banned) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT user_id, role, banned FROM user_admin"));
  Split split;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string user_id, row.GetString("user_id"));
    LK_ASSIGN_OR_RETURN(std::string roles, row.GetString("role"));
    LK_ASSIGN_OR_RETURN(bool is_banned, row.GetBool("banned"));
    const auto held = SplitRoles(roles);
    const bool role_ok = !role || std::find(held.begin(), held.end(), *role) != held.end();
    (role_ok && (!banned || *banned == is_banned) ? split.admitted : split.refused)
        .push_back(std::move(user_id));
  }
  return split;
}

}  // namespace

Result<std::string> UserJsonById(store::Transaction& tx, const AdminService& service,
                                 std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
  if (!user) return Fail(MakeError(errors::kUserNotFound));
  LK_TRY(service.deps().hooks.LoadUserFields(tx, *user));
  return users::UserJson(*user);
}

Result<http::Response> ListUsers(const http::Request& request, const AdminService& service,
                                 const sessions::SessionWithUser& /*caller*/) {
  std::optional<std::string> role;
  std::optional<bool> banned;
  LK_ASSIGN_OR_RETURN(users::UserQuery query, ParseQuery(request, role, banned));
  std::string body;
  LK_TRY(store::InReadTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        if (role || banned) {
          LK_ASSIGN_OR_RETURN(Split split, SplitByFilter(tx, role, banned));
          const bool default_admitted =
              (!role || *role == service.default_role()) && (!banned || !*banned);
          if (default_admitted) {
            query.exclude_ids = std::move(split.refused);
          } else {
            query.ids = std::move(split.admitted);
          }
        }
        LK_ASSIGN_OR_RETURN(users::UserPage page, users::ListUsers(tx, query));
        std::string list = "[";
        for (users::User& user : page.users) {
          LK_TRY(service.deps().hooks.LoadUserFields(tx, user));
          if (list.size() > 1) list += ',';
          list += users::UserJson(user);
        }
        list += "]";
        json::ObjectWriter writer(body);
        writer.Raw("users", list).Int("total", page.total);
        if (request.QueryParam("limit")) writer.Int("limit", query.limit);
        if (query.offset > 0) writer.Int("offset", query.offset);
        writer.Close();
        return {};
      }));
  return http::Response::Json(std::move(body));
}

Result<http::Response> GetUser(const http::Request& request, const AdminService& service,
                               const sessions::SessionWithUser& /*caller*/) {
  auto id = request.QueryParam("id");
  if (!id || id->empty()) return Fail(Invalid("id", "Invalid input: expected string"));
  LK_ASSIGN_OR_RETURN(
      std::string json,
      store::InReadTransaction(service.deps().services.store, [&](store::Transaction& tx) {
        return UserJsonById(tx, service, *id);
      }));
  return http::Response::Json(std::move(json));
}

}  // namespace latchkey::admin
