#include "core/view/views.h"

#include <kainjow/mustache.hpp>
#include <stdexcept>

#include "core/view/resources.h"

namespace tsunagu::view {

namespace mu = kainjow::mustache;

namespace {

mu::data scalar(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::string:
      // An empty string is false, as in the mustache spec's reference implementations: {{#notes}}…{{/notes}}
      // shows nothing for a blank field. A false value prints as nothing, so {{notes}} is unchanged.
      if (j.get_ref<const std::string&>().empty()) return mu::data{false};
      return mu::data{j.get_ref<const std::string&>()};
    case nlohmann::json::value_t::boolean:
      return mu::data{j.get<bool>()};
    case nlohmann::json::value_t::null:
      return mu::data{false};
    default:
      return mu::data{j.dump()};
  }
}

mu::data::type kind(const nlohmann::json& j) {
  return j.is_object() ? mu::data::type::object : mu::data::type::list;
}

// Fills `out` (an empty object or list) from `j` in place. The mustache library's set() and push_back() copy
// their argument, so a tree built bottom-up would be copied once per level; here each container goes in empty
// and is filled where it lies (the library only hands out const references to what it holds, hence the casts:
// the nodes themselves are not const).
void fill(mu::data& out, const nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!it->is_structured()) {
        out.set(it.key(), scalar(*it));
        continue;
      }
      out.set(it.key(), mu::data{kind(*it)});
      fill(const_cast<mu::data&>(*out.get(it.key())), *it);
    }
  } else {
    for (const auto& v : j) {
      if (!v.is_structured()) {
        out.push_back(scalar(v));
        continue;
      }
      out.push_back(mu::data{kind(v)});
      fill(const_cast<mu::data&>(out.list_value().back()), v);
    }
  }
}

mu::data to_data(const nlohmann::json& j) {
  if (!j.is_structured()) return scalar(j);
  mu::data d{kind(j)};
  fill(d, j);
  return d;
}

}  // namespace

Views::Views() {
  const std::string prefix = "templates/", suffix = ".mustache";
  for (const resources::Entry& e : resources::under(prefix)) {
    std::string name(e.name.substr(prefix.size()));
    if (!name.ends_with(suffix)) continue;
    name.resize(name.size() - suffix.size());
    mu::mustache check{std::string(e.data)};
    if (!check.is_valid()) throw std::runtime_error("template " + name + ": " + check.error_message());
    if (name.front() == '_') partials_.set(name, std::string(e.data));
    templates_[name] = std::string(e.data);  // a partial may also be rendered alone: an htmx fragment
  }
  for (const char* lang : {"ja", "en"}) {
    auto text = resources::find(std::string("i18n/") + lang + ".json");
    if (!text) throw std::runtime_error(std::string("missing catalogue ") + lang);
    catalogues_[lang] = nlohmann::json::parse(*text);
    catalogue_data_[lang] = to_data(nlohmann::json{{"t", catalogues_[lang]}});
  }
}

std::string Views::render(const std::string& name, const nlohmann::json& data, const std::string& lang) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) throw std::runtime_error("unknown template " + name);
  // Parsed once per thread: templates are immutable resources, and a parsed template is not shared across threads.
  thread_local std::map<std::string, std::unique_ptr<mu::mustache>> parsed;
  auto& tmpl = parsed[name];
  if (!tmpl) tmpl = std::make_unique<mu::mustache>(it->second);
  mu::data d = to_data(data);
  mu::context<std::string> ctx;
  if (!lang.empty()) ctx.push(catalogue_data_.count(lang) ? &catalogue_data_.at(lang) : &catalogue_data_.at("ja"));
  ctx.push(&partials_);
  ctx.push(&d);  // looked up first
  return tmpl->render(ctx);
}

const nlohmann::json& Views::messages(const std::string& lang) const {
  auto it = catalogues_.find(lang);
  return it == catalogues_.end() ? catalogues_.at("ja") : it->second;
}

std::string Views::message(const std::string& lang, const std::string& key) const {
  const nlohmann::json* node = &messages(lang);
  std::size_t start = 0;
  while (true) {  // "a.b.c" walks nested objects
    std::size_t dot = key.find('.', start);
    auto it = node->find(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (it == node->end()) return key;
    node = &*it;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node->is_string() ? node->get<std::string>() : key;
}

}  // namespace tsunagu::view
