// Middleware → handler → Response, with exceptions contained: whatever a
// handler throws, the wire only ever sees the generic 500 body.
#include "http/pipeline.h"

#include <cstdio>
#include <exception>
#include <utility>

#include "http/error_mapping.h"
#include "observability/tracing/error_reports.h"

namespace latchkey::http {
namespace {

WireOptions MakeWireOptions(const ServerOptions& options) {
  WireOptions wire;
  wire.hsts = options.hsts;
  for (const std::string& origin : options.cors_origins) {
    // An allow-listed "null" would let sandboxed iframes and file:// pages in.
    if (origin != "null" && origin != "*" && !origin.empty()) wire.cors_origins.push_back(origin);
  }
  return wire;
}

std::string DescribeRequest(const Request& request) {
  return std::string(MethodName(request.method)) + " " + request.path + " id=" + request.request_id;
}

// An unexpected error at the handler boundary goes to the error reporter
// (docs/operations.md, "Error reports"): the route template, never the path.
void ReportInternal(const Request& request, const RouteSpec* spec, std::string_view code,
                    const std::string& detail) {
  if (!reports::ReporterEnabled()) return;
  reports::Report({.source = "http",
                   .code = code,
                   .message = detail,
                   .method = MethodName(request.method),
                   .route = spec != nullptr ? spec->path : std::string_view(),
                   .status = 500,
                   .request_id = request.request_id});
}

}  // namespace

Pipeline::Pipeline(const ServerOptions& options, const Clock& clock,
                   std::vector<Middleware> middleware,
                   std::function<void(std::string_view)> error_log)
    : wire_(MakeWireOptions(options)),
      clock_(clock),
      middleware_(std::move(middleware)),
      error_log_(std::move(error_log)) {}

void Pipeline::LogError(std::string_view line) const {
  if (error_log_) {
    error_log_(line);
  } else {
    (void)std::fprintf(stderr, "latchkey http: %.*s\n", static_cast<int>(line.size()), line.data());
  }
}

Response Pipeline::Handle(Request& request, std::optional<Router::Match>& match) const {
  // Spans, log lines and outbound calls on this worker find the request's trace.
  const tracing::ScopedContext trace_scope(request.trace.context());
  const RouteSpec* spec = match ? match->spec : nullptr;
  if (match) request.path_params = std::move(match->path_params);
  if (std::optional<Response> early = RunMiddleware(request, spec)) return std::move(*early);
  if (!match) {
    Response not_found;  // empty body, no Content-Type (docs/api.md, "Requests and answers")
    not_found.status = 404;
    return not_found;
  }
  return RunHandler(request, *match);
}

std::optional<Response> Pipeline::RunMiddleware(Request& request, const RouteSpec* spec) const {
  try {
    for (const Middleware& middleware : middleware_) {
      std::optional<Response> early = middleware(request, spec);
      if (early) return early;
    }
  } catch (const std::exception& e) {
    LogError("middleware threw: " + std::string(e.what()) + " for " + DescribeRequest(request));
    ReportInternal(request, spec, "EXCEPTION", "middleware threw: " + std::string(e.what()));
    return ErrorResponse(InternalError("middleware exception"));
  } catch (...) {
    LogError("middleware threw a non-exception for " + DescribeRequest(request));
    ReportInternal(request, spec, "EXCEPTION", "middleware threw a non-exception");
    return ErrorResponse(InternalError("middleware exception"));
  }
  return std::nullopt;
}

std::variant<Response, WebSocketAccept> Pipeline::HandleUpgrade(
    Request& request, const std::pair<RouteSpec, UpgradeHandler>& route) const {
  const tracing::ScopedContext trace_scope(request.trace.context());
  if (std::optional<Response> early = RunMiddleware(request, &route.first)) {
    return std::move(*early);
  }
  RequestContext context{clock_, route.first.path};
  try {
    Result<WebSocketAccept> result = route.second(request, context);
    if (result && result->handler) return std::move(*result);
    if (!result) {
      if (result.error().kind == ErrorKind::kInternal) {
        LogError("internal error: " + result.error().detail + " for " + DescribeRequest(request));
        ReportInternal(request, &route.first, result.error().code, result.error().detail);
      }
      return ErrorResponse(result.error());
    }
    LogError("upgrade handler returned no WebSocket handler for " + DescribeRequest(request));
  } catch (const std::exception& e) {
    LogError("upgrade handler threw: " + std::string(e.what()) + " for " +
             DescribeRequest(request));
  } catch (...) {
    LogError("upgrade handler threw a non-exception for " + DescribeRequest(request));
  }
  return ErrorResponse(InternalError("upgrade handler exception"));
}

Response Pipeline::RunHandler(Request& request, const Router::Match& match) const {
  RequestContext context{clock_, match.spec->path};
  try {
    Result<Response> result = (*match.handler)(request, context);
    if (result) return std::move(*result);
    const Error& error = result.error();
    if (error.kind == ErrorKind::kInternal) {
      LogError("internal error: " + error.detail + " for " + DescribeRequest(request));
      ReportInternal(request, match.spec, error.code, error.detail);
    }
    return ErrorResponse(error);
  } catch (const std::exception& e) {
    LogError("handler threw: " + std::string(e.what()) + " for " + DescribeRequest(request));
    ReportInternal(request, match.spec, "EXCEPTION", "handler threw: " + std::string(e.what()));
  } catch (...) {
    LogError("handler threw a non-exception for " + DescribeRequest(request));
    ReportInternal(request, match.spec, "EXCEPTION", "handler threw a non-exception");
  }
  return ErrorResponse(InternalError("handler exception"));
}

int Pipeline::HandleAndSerialize(Request& request, std::optional<Router::Match>& match,
                                 bool keep_alive, bool http10, std::string& out) const {
  Response response = Handle(request, match);
  return Serialize(request, response, keep_alive, http10, out);
}

int Pipeline::Serialize(const Request& request, const Response& response, bool keep_alive,
                        bool http10, std::string& out) const {
  bool invalid = false;
  int status = SerializeResponse(request, response, wire_, keep_alive, http10,
                                 request.method == Method::kHead, out, &invalid);
  if (invalid) LogError("handler produced an invalid response for " + DescribeRequest(request));
  return status;
}

int Pipeline::SerializeHandled(const Request& request, Response& response, bool keep_alive,
                               bool http10, std::string& out, BodyProducer& producer) const {
  bool invalid = false;
  const bool head = request.method == Method::kHead;
  int status = SerializeResponse(request, response, wire_, keep_alive, http10, head, out, &invalid);
  if (invalid) LogError("handler produced an invalid response for " + DescribeRequest(request));
  producer = nullptr;
  if (!invalid && !head && response.producer) producer = std::move(response.producer);
  return status;
}

}  // namespace latchkey::http
