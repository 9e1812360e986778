// multipart/form-data (RFC 7578) bodies, as browsers send them for forms with file inputs.
// The parser works on a complete body in memory (the server's body limit bounds it) and runs in time
// linear in the body whatever the input: each byte is looked at a bounded number of times. Malformed
// bodies are refused as a whole rather than half-read.
// Pure functions; safe to call from any thread.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::http {

struct Part {
  std::string name;                     // Content-Disposition: form-data; name="…"
  // Present for file inputs; "" when the input was left empty (then data is empty too) or when the
  // name is not UTF-8. RFC 5987 filename*=UTF-8''… is preferred when given; only the last path
  // component is kept ("C:\x\a.csv" → "a.csv") and control characters are removed.
  std::optional<std::string> filename;
  std::string content_type;             // the part's Content-Type ("" when absent)
  std::string data;                     // raw bytes
};

// The boundary of a Content-Type value such as `multipart/form-data; boundary="----x"` (quoted or not,
// parameter name in any case); nothing when the type is not multipart/form-data or the boundary is
// missing or not an RFC 2046 boundary (1–70 characters from its set, not ending in a space).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// The parts of `body` in order; nothing for a malformed body: no closing delimiter, a part without
// `Content-Disposition: form-data; name=…`, a part's header block over 8 KiB, more than `max_parts`
// parts. Lines end in CRLF, or a bare LF; the preamble and epilogue are ignored. A line that starts
// with the boundary but goes on with other text is data, not a delimiter. Names and file names are
// taken as browsers write them: raw UTF-8, with %22, %0D and %0A standing for '"', CR and LF
// (backslash escapes `\"` and `\\` are understood too).
std::optional<std::vector<Part>> parse_multipart(std::string_view body, std::string_view boundary,
                                                 std::size_t max_parts = 100);

}  // namespace tsunagu::http
