#include "web/routes.h"

#include <nlohmann/json.hpp>

namespace tsunagu::web {

using nlohmann::json;

namespace {

json parameters(const std::string& pattern) {
  json out = json::array();
  for (const std::string& seg : http::segments(pattern)) {
    if (seg.size() < 3 || seg.front() != '{') continue;
    out.push_back({{"name", seg.substr(1, seg.size() - 2)}, {"in", "path"}, {"required", true},
                   {"schema", {{"type", "string"}}}});
  }
  return out;
}

json operation(const http::Route& r) {
  json ok_body = {{"application/json", {{"schema", {{"type", "object"}}}}}};
  json responses = {{"200", {{"description", "OK"}, {"content", ok_body}}}};
  json problem = {{"description", ""}, {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
  auto add_problem = [&](const char* code, const char* what) {
    problem["description"] = what;
    responses[code] = problem;
  };
  if (!r.rule.is_public()) {
    add_problem("401", "Not authenticated");
    add_problem("403", "Not allowed for this role or scope");
  }
  if (r.rule.scope != auth::ScopeKind::none) add_problem("404", "No such object");
  json op = {{"summary", r.summary}, {"operationId", r.method + r.pattern}, {"responses", responses}};
  json params = parameters(r.pattern);
  if (!params.empty()) op["parameters"] = params;
  if (r.rule.is_public()) op["security"] = json::array();
  else op["x-permission"] = r.rule.permission;
  return op;
}

}  // namespace

json openapi_document(const http::Router& router) {
  json paths = json::object();
  for (const http::Route& r : router.routes()) {
    if (r.pattern.rfind("/api/v1/", 0) != 0) continue;
    std::string path = r.pattern.substr(std::string("/api/v1").size());
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[path][method] = operation(r);
  }
  return {
      {"openapi", "3.0.3"},
      {"info", {{"title", "tsunagu API"}, {"version", TSUNAGU_VERSION},
                {"description", "医療的ケア児支援センターの情報システム tsunagu の API。Bearer トークン（tsunagu token create）で認証します。"}}},
      {"servers", json::array({{{"url", "/api/v1"}}})},
      {"security", json::array({{{"bearerAuth", json::array()}}})},
      {"paths", paths},
      {"components",
       {{"securitySchemes", {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas",
         {{"Problem",
           {{"type", "object"},
            {"description", "RFC 9457 problem details"},
            {"properties",
             {{"type", {{"type", "string"}}},
              {"title", {{"type", "string"}}},
              {"status", {{"type", "integer"}}},
              {"detail", {{"type", "string"}}},
              {"instance", {{"type", "string"}}},
              {"request_id", {{"type", "string"}}}}}}}}}}}};
}

}  // namespace tsunagu::web
