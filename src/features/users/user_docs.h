// The user object as every route returns it (users::UserJson), for the
// OpenAPI document (http/route_doc.h).
#ifndef LK_FEATURES_USERS_USER_DOCS_H_
#define LK_FEATURES_USERS_USER_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::users {

inline constexpr http::SchemaDoc kUserSchema{
    "User",
    R"({"type":"object","required":["id","name","email","emailVerified","image","createdAt","updatedAt"],
        "properties":{"id":{"type":"string"},"name":{"type":"string"},
                      "email":{"type":"string","format":"email"},
                      "emailVerified":{"type":"boolean"},
                      "image":{"type":["string","null"]},
                      "createdAt":{"type":"string","format":"date-time"},
                      "updatedAt":{"type":"string","format":"date-time"}}})"};

}  // namespace latchkey::users

#endif  // LK_FEATURES_USERS_USER_DOCS_H_
