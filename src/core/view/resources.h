// Files compiled into the binary (templates, migrations, master data, messages, static assets).
// Immutable after start; safe to read from any thread.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace tsunagu::resources {

struct Entry {
  std::string_view name;  // e.g. "templates/layout.mustache"
  std::string_view data;
};

const std::vector<Entry>& all();

// The file called `name`, or nothing.
std::optional<std::string_view> find(std::string_view name);

// Every file whose name starts with `prefix`, sorted by name.
std::vector<Entry> under(std::string_view prefix);

}  // namespace tsunagu::resources
