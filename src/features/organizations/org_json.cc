#include "features/organizations/org_json.h"

#include "core/json_writer.h"

namespace latchkey::organizations {
namespace {

std::string WithExtra(std::string object, std::string_view extra) {
  if (extra.empty()) return object;
  object.pop_back();
  object += ',';
  object.append(extra);
  object += '}';
  return object;
}

}  // namespace

std::string OrganizationJson(const org_store::Organization& org, Metadata metadata,
                             std::string_view extra) {
  std::string out;
  json::ObjectWriter writer(out);
  writer.String("id", org.id)
      .String("name", org.name)
      .String("slug", org.slug)
      .NullableString("logo", org.logo)
      .String("createdAt", FormatIsoTime(org.created_at));
  if (!org.metadata) {
    writer.Raw("metadata", "null");
  } else if (metadata == Metadata::kParsed) {
    writer.Raw("metadata", *org.metadata);  // stored only after parsing as an object
  } else {
    writer.String("metadata", *org.metadata);
  }
  writer.Close();
  return WithExtra(std::move(out), extra);
}

std::string MemberJson(const org_store::Member& member) {
  std::string out;
  json::ObjectWriter(out)
      .String("id", member.id)
      .String("organizationId", member.organization_id)
      .String("userId", member.user_id)
      .String("role", member.role)
      .String("createdAt", FormatIsoTime(member.created_at))
      .Close();
  return out;
}

std::string MemberWithUserJson(const org_store::MemberWithUser& item) {
  std::string user;
  json::ObjectWriter(user)
      .String("id", item.user.id)
      .String("name", item.user.name)
      .String("email", item.user.email)
      .NullableString("image", item.user.image)
      .Close();
  return WithExtra(MemberJson(item.member), "\"user\":" + user);
}

std::string InvitationJson(const org_store::Invitation& inv, std::string_view extra) {
  std::string out;
  json::ObjectWriter writer(out);
  writer.String("id", inv.id)
      .String("organizationId", inv.organization_id)
      .String("email", inv.email)
      .String("role", inv.role)
      .String("status", inv.status)
      .String("expiresAt", FormatIsoTime(inv.expires_at))
      .String("createdAt", FormatIsoTime(inv.created_at))
      .String("inviterId", inv.inviter_id);
  if (inv.team_id) writer.String("teamId", *inv.team_id);
  writer.Close();
  return WithExtra(std::move(out), extra);
}

std::string TeamJson(const org_store::Team& team) {
  std::string out;
  json::ObjectWriter writer(out);
  writer.String("id", team.id)
      .String("name", team.name)
      .String("organizationId", team.organization_id)
      .String("createdAt", FormatIsoTime(team.created_at));
  if (team.updated_at) {
    writer.String("updatedAt", FormatIsoTime(*team.updated_at));
  } else {
    writer.Raw("updatedAt", "null");
  }
  writer.Close();
  return out;
}

std::string TeamMemberJson(const org_store::TeamMember& member) {
  std::string out;
  json::ObjectWriter(out)
      .String("id", member.id)
      .String("teamId", member.team_id)
      .String("userId", member.user_id)
      .String("createdAt", FormatIsoTime(member.created_at))
      .Close();
  return out;
}

}  // namespace latchkey::organizations
