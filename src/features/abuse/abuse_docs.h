// OpenAPI doc of POST /password/check (http/route_doc.h).
#ifndef LK_FEATURES_ABUSE_ABUSE_DOCS_H_
#define LK_FEATURES_ABUSE_ABUSE_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::abuse {

inline constexpr http::FieldDoc kCheckBody[] = {
    {"password", http::FieldType::kString, true, "The candidate password"},
    {"email", http::FieldType::kString, false, "Words that make it weak for this user"},
    {"name", http::FieldType::kString, false, "Words that make it weak for this user"},
};
inline constexpr http::ResponseDoc kCheckResponses[] = {
    {200, "The password policy's view (Cache-Control: no-store)",
     R"({"type":"object","required":["score","feedback","common","breached","acceptable"],
         "properties":{"score":{"type":"integer","minimum":0,"maximum":4,"description":"zxcvbn"},
                       "feedback":{"type":"object","properties":{
                           "warning":{"type":"string"},
                           "suggestions":{"type":"array","items":{"type":"string"}}}},
                       "common":{"type":"boolean"},
                       "breached":{"type":["boolean","null"],
                                   "description":"null when pwned_check is off or unreachable"},
                       "acceptable":{"type":"boolean"}}})"},
};
inline constexpr http::ErrorDoc kCheckErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no password, or a wrong-typed field"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_LONG", "over max_password_length"},
};
inline constexpr http::RouteDoc kCheckDoc{
    .tag = "Passwords",
    .description = "For sign-up and change-password forms; 20 per minute per address.",
    .body = kCheckBody,
    .responses = kCheckResponses,
    .errors = kCheckErrors,
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_ABUSE_DOCS_H_
