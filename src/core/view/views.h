// Server-side HTML: mustache templates (escaped by default) and the message catalogues (ja, en), both
// compiled into the binary. Templates named templates/_NAME.mustache are partials ({{> _NAME}}) that can also
// be rendered alone (the fragment an htmx request swaps in).
// Thread-safe: each thread parses a template once and keeps it; shared state is read-only after construction.
#pragma once
#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace tsunagu::view {

class Views {
 public:
  Views();  // loads templates and catalogues; throws if one is malformed
  // Renders templates/NAME.mustache with `data`; throws std::runtime_error for an unknown template.
  // With `lang`, the template also sees that language's catalogue as `t` (e.g. {{t.login.heading}}).
  std::string render(const std::string& name, const nlohmann::json& data, const std::string& lang = "") const;
  // The message catalogue for "ja" or "en" (anything else gets "ja").
  const nlohmann::json& messages(const std::string& lang) const;
  // One message, or the key itself when missing.
  std::string message(const std::string& lang, const std::string& key) const;
  bool has_template(const std::string& name) const { return templates_.count(name) > 0; }

 private:
  std::map<std::string, std::string> templates_;
  std::map<std::string, nlohmann::json> catalogues_;
  // Converted once: the partials, and each catalogue wrapped as {"t": …}, shared read-only by every render.
  kainjow::mustache::data partials_{kainjow::mustache::data::type::object};
  std::map<std::string, kainjow::mustache::data> catalogue_data_;
};

}  // namespace tsunagu::view
