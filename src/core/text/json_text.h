// Writing JSON text directly, for responses assembled from many small values (a list page's rows) where
// building a document tree first would cost more than the writing. Strings are written as they are (the
// caller's text is UTF-8: the pipeline refuses other input) with quotes, backslashes and control characters
// escaped, so the result always parses.
#pragma once
#include <string>
#include <string_view>

namespace tsunagu::text {

// Appends `s` as a JSON string: "…".
void append_json_string(std::string& out, std::string_view s);
// Appends ,"name": (or "name": when `first`) — the start of an object member.
void append_json_key(std::string& out, std::string_view name, bool first = false);

}  // namespace tsunagu::text
