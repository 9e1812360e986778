#include "core/http/multipart.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "core/http/message.h"

using tsunagu::http::multipart_boundary;
using tsunagu::http::parse_multipart;
using tsunagu::http::Part;
using tsunagu::http::Request;

namespace {

// As Chromium writes them (Firefox's look the same apart from the boundary).
const std::string kChromium = "----WebKitFormBoundaryx7KtR2mVq9ZbLcQe";
const std::string kFirefox = "---------------------------26533917363845103371349276612";

std::string field(const std::string& boundary, const std::string& name, const std::string& value) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

std::string file_part(const std::string& boundary, const std::string& name, const std::string& filename,
                      const std::string& type, const std::string& data) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: " + type + "\r\n\r\n" + data + "\r\n";
}

std::string close(const std::string& boundary) { return "--" + boundary + "--\r\n"; }

std::string upload_form(const std::string& boundary, const std::string& data) {
  return field(boundary, "_csrf", "tok123") + field(boundary, "year", "2026") +
         file_part(boundary, "file", "children.csv", "text/csv", data) + close(boundary);
}

std::vector<Part> parse_ok(const std::string& body, const std::string& boundary) {
  auto parts = parse_multipart(body, boundary);
  EXPECT_TRUE(parts.has_value()) << body;
  return parts.value_or(std::vector<Part>{});
}

Request request(const std::string& content_type, const std::string& body) {
  Request r;
  r.method = "POST";
  r.headers["Content-Type"] = content_type;
  r.body = body;
  return r;
}

}  // namespace

TEST(MultipartBoundary, QuotedUnquotedAndCase) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + kChromium), kChromium);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"" + kFirefox + "\""), kFirefox);
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;BOUNDARY=abc"), "abc");
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; Boundary=\"a b:c\""), "a b:c");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc ; charset=utf-8"), "abc");
}

TEST(MultipartBoundary, RefusesOtherTypesAndBadBoundaries) {
  EXPECT_FALSE(multipart_boundary("application/x-www-form-urlencoded; boundary=abc"));
  EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=abc"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"\""));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"abc"));       // unterminated quote
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"abc \""));    // ends in a space
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=ab\"c"));       // not a boundary character
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"a\r\nb\""));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'a')), std::string(70, 'a'));
}

TEST(Multipart, ChromiumUploadForm) {
  auto parts = parse_ok(upload_form(kChromium, "code,name\r\n1,a\r\n"), kChromium);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].name, "_csrf");
  EXPECT_EQ(parts[0].data, "tok123");
  EXPECT_FALSE(parts[0].filename);
  EXPECT_EQ(parts[0].content_type, "");
  EXPECT_EQ(parts[1].name, "year");
  EXPECT_EQ(parts[1].data, "2026");
  EXPECT_EQ(parts[2].name, "file");
  EXPECT_EQ(parts[2].filename, "children.csv");
  EXPECT_EQ(parts[2].content_type, "text/csv");
  EXPECT_EQ(parts[2].data, "code,name\r\n1,a\r\n");
}

TEST(Multipart, FirefoxUploadFormWithPreambleAndEpilogue) {
  std::string body = "ignored preamble\r\n" + upload_form(kFirefox, "x") + "ignored epilogue\r\n--" + kFirefox;
  auto parts = parse_ok(body, kFirefox);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[2].data, "x");
}

TEST(Multipart, BinaryDataWithCrLfNulAndDashes) {
  using namespace std::string_literals;
  std::string data = "PK\x03\x04\0\r\n\r\n--\r\n--\n\r--"s + kChromium.substr(0, 20) + "\0\r\n-"s;
  data += "\r\n--" + kChromium + "x\r\n";   // the boundary followed by more text is data
  data += "\r\n--" + kChromium + "--x";       // and so is the close delimiter
  data += "\r\n--" + kChromium + "\0\r\n"s;
  data += "\0\r"s;
  auto parts = parse_ok(upload_form(kChromium, data), kChromium);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[2].data, data);
  EXPECT_EQ(parts[2].data.size(), data.size());
}

TEST(Multipart, BoundaryTextInsideDataWithoutLineStart) {
  std::string data = "a--" + kChromium + "\r\nb " + kChromium + "\r\n--" + kChromium.substr(1);
  auto parts = parse_ok(upload_form(kChromium, data), kChromium);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[2].data, data);
}

TEST(Multipart, EmptyFileInputAndEmptyField) {
  std::string body = field("b", "note", "") + file_part("b", "file", "", "application/octet-stream", "") + close("b");
  auto parts = parse_ok(body, "b");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].data, "");
  ASSERT_TRUE(parts[1].filename);
  EXPECT_EQ(*parts[1].filename, "");
  EXPECT_EQ(parts[1].data, "");
}

TEST(Multipart, NoPartsAtAll) {
  auto parts = parse_multipart("--b--\r\n", "b");
  ASSERT_TRUE(parts);
  EXPECT_TRUE(parts->empty());
  EXPECT_TRUE(parse_multipart("--b--", "b"));
}

TEST(Multipart, SeveralFieldsKeepOrderAndRepeats) {
  std::string body = field("b", "a", "1") + field("b", "b", "line1\r\nline2") + field("b", "a", "3") + close("b");
  auto parts = parse_ok(body, "b");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1].data, "line1\r\nline2");
  EXPECT_EQ(parts[2].name, "a");
  EXPECT_EQ(parts[2].data, "3");
}

TEST(Multipart, JapaneseNamesComeThroughRaw) {
  std::string body = field("b", "備考", "下関市") + file_part("b", "file", "下関市_2026.xlsx",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "x") + close("b");
  auto parts = parse_ok(body, "b");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "備考");
  EXPECT_EQ(parts[0].data, "下関市");
  EXPECT_EQ(parts[1].filename, "下関市_2026.xlsx");
}

TEST(Multipart, BrowserEscapesInNames) {
  std::string body = file_part("b", "a%22b", "say %22hi%22%0A.csv", "text/csv", "x") + close("b");
  auto parts = parse_ok(body, "b");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].name, "a\"b");
  EXPECT_EQ(parts[0].filename, "say \"hi\".csv");  // the decoded LF is a control character: removed
  EXPECT_EQ(parse_ok(field("b", "q\\\"x;y", "1") + close("b"), "b")[0].name, "q\"x;y");
}

TEST(Multipart, FilenameStarPreferred) {
  std::string body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fallback.csv\"; "
                     "filename*=UTF-8''%E4%B8%8B%E9%96%A2%E5%B8%82.csv\r\n\r\nx\r\n--b--\r\n";
  EXPECT_EQ(parse_ok(body, "b")[0].filename, "下関市.csv");
  // Another charset or a bad escape: the plain filename is used.
  std::string latin = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plain.csv\"; "
                      "filename*=ISO-8859-1'en'%E4.csv\r\n\r\nx\r\n--b--\r\n";
  EXPECT_EQ(parse_ok(latin, "b")[0].filename, "plain.csv");
  std::string bad = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename*=utf-8''%FF.csv; "
                    "filename=\"plain.csv\"\r\n\r\nx\r\n--b--\r\n";
  EXPECT_EQ(parse_ok(bad, "b")[0].filename, "plain.csv");
}

TEST(Multipart, FilenamePathComponentsStripped) {
  auto name_of = [](const std::string& filename) {
    return parse_ok(file_part("b", "file", filename, "text/csv", "x") + close("b"), "b").at(0).filename;
  };
  EXPECT_EQ(name_of("C:\\x\\a.csv"), "a.csv");
  EXPECT_EQ(name_of("/home/u/a.csv"), "a.csv");
  EXPECT_EQ(name_of("../../etc/passwd"), "passwd");
  EXPECT_EQ(name_of(".."), "");
  EXPECT_EQ(name_of("dir/"), "");
  EXPECT_EQ(name_of("\xFF\xFE.csv"), "");  // not UTF-8
}

TEST(Multipart, BareLfAndHeaderDetails) {
  std::string body = "--b\nCONTENT-DISPOSITION:FORM-DATA;NAME=token\ncontent-type: text/plain ; charset=utf-8\n\n"
                     "v\n--b  \t\n"
                     "Content-Disposition: form-data; name=\"f\"; filename=a.txt\r\n\r\nline\n\r\n--b-- \n";
  auto parts = parse_ok(body, "b");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "token");
  EXPECT_EQ(parts[0].data, "v");
  EXPECT_EQ(parts[0].content_type, "text/plain ; charset=utf-8");
  EXPECT_EQ(parts[1].filename, "a.txt");
  EXPECT_EQ(parts[1].data, "line\n");
}

TEST(Multipart, DelimiterRightAfterHeaders) {
  // No CRLF between the blank line and the next delimiter: an empty part, as lenient readers take it.
  auto parts = parse_ok("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n--b--\r\n", "b");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].data, "");
}

TEST(Multipart, MalformedBodiesRefused) {
  std::string good = upload_form("b", "data");
  ASSERT_TRUE(parse_multipart(good, "b"));
  const std::vector<std::string> bad = {
      "",
      "no delimiter at all",
      good.substr(0, good.size() - 4),                                  // truncated close delimiter
      good.substr(0, good.rfind("data") + 2),                            // truncated inside data
      good.substr(0, good.find("filename")),                            // truncated inside headers
      field("b", "a", "1"),                                             // no close delimiter
      field("b", "a", "1") + "--b",                                     // delimiter without line end
      field("b", "a", "1") + "--bb--\r\n",                              // only a longer boundary
      "--b\r\n\r\nvalue\r\n--b--\r\n",                                  // no headers
      "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--\r\n",          // no Content-Disposition
      "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nv\r\n--b--\r\n",  // no name
      "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--b--\r\n",         // unterminated quote
      "--b\r\nContent-Disposition: form-data; name=a\r\n"
      "Content-Disposition: form-data; name=b\r\n\r\nv\r\n--b--\r\n",   // two dispositions
      "--b\r\nContent-Disposition: form-data; name=a\r\nno colon\r\n\r\nv\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; name=a\r\nBad Name: x\r\n\r\nv\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; name=a\r\n--b--\r\n",    // headers never end
      "--b\r\nContent-Disposition: form-data; name=a\r\nX-Long: " + std::string(9000, 'x') + "\r\n\r\nv\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; name=a\r\nX-Long: " + std::string(9000, 'x'),
  };
  for (const std::string& body : bad) EXPECT_FALSE(parse_multipart(body, "b")) << body;
  EXPECT_FALSE(parse_multipart(good, ""));
  EXPECT_FALSE(parse_multipart(good, std::string(71, 'b')));
  EXPECT_FALSE(parse_multipart(good, "b\n"));
}

TEST(Multipart, HeaderBlockJustUnderTheLimit) {
  std::string header = "X-Pad: " + std::string(8000, 'x') + "\r\n";
  EXPECT_TRUE(parse_multipart("--b\r\nContent-Disposition: form-data; name=a\r\n" + header + "\r\nv\r\n--b--", "b"));
}

TEST(Multipart, PartCountLimit) {
  std::string body;
  for (int i = 0; i < 5; ++i) body += field("b", std::to_string(i), "v");
  body += close("b");
  EXPECT_EQ(parse_multipart(body, "b", 5)->size(), 5u);
  EXPECT_FALSE(parse_multipart(body, "b", 4));
  EXPECT_FALSE(parse_multipart(body, "b", 0));
  std::string many;
  for (int i = 0; i < 101; ++i) many += field("b", "f", "v");
  EXPECT_FALSE(parse_multipart(many + close("b"), "b"));
}

TEST(Multipart, PathologicalInputsStayLinear) {
  const std::string boundary = std::string(69, '-') + "x";
  const std::size_t size = 16 << 20;
  std::vector<std::string> bodies;
  std::string partial = "\r\n--" + boundary.substr(0, 68);
  std::string dashes, partials, lines, headers_then_partials;
  while (dashes.size() < size) dashes += "--";
  while (partials.size() < size) partials += partial;
  while (lines.size() < size) lines += "\n--" + boundary + "-";
  headers_then_partials = "--" + boundary + "\r\nContent-Disposition: form-data; name=f\r\n\r\n" + partials;
  auto start = std::chrono::steady_clock::now();
  for (const std::string* body : {&dashes, &partials, &lines, &headers_then_partials})
    EXPECT_FALSE(parse_multipart(*body, boundary));
  // A body full of real delimiters: the part limit stops it, or it is read to the end.
  const std::string unit = "--" + boundary + "\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n";
  std::string delimiters;
  std::size_t units = 0;
  for (; delimiters.size() < size; ++units) delimiters += unit;
  EXPECT_FALSE(parse_multipart(delimiters, boundary));
  EXPECT_EQ(parse_multipart(delimiters + "--" + boundary + "--", boundary, SIZE_MAX)->size(), units);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 5.0);  // about 0.1 s; a quadratic scan of 16 MiB would take hours
}

TEST(Multipart, FuzzNeverCrashesOrLoops) {
  const std::string good = upload_form("b", "ab\r\n--b\rc") + field("b", "名前", "値");
  const std::vector<std::string> alphabet = {"--b", "--", "-", "\r\n", "\n", "\r", "b", "\"", ";", ":", "=",
                                             "name", "filename", "Content-Disposition: form-data; ", "%22",
                                             std::string(1, '\0'), "あ", " "};
  std::mt19937 rng(20260501);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 60);
  std::size_t parsed = 0, refused = 0;
  for (int iter = 0; iter < 30000; ++iter) {
    std::string input;
    if (iter % 2) {  // a real body with a few bytes changed, cut or inserted
      input = good;
      for (int n = length(rng) % 4 + 1; n > 0; --n) {
        std::size_t at = rng() % (input.size() + 1);
        switch (rng() % 3) {
          case 0: input.insert(at, alphabet[pick(rng)]); break;
          case 1: input.erase(at, rng() % 8); break;
          default: if (at < input.size()) input[at] = static_cast<char>(rng());
        }
      }
    } else {
      for (int n = length(rng); n > 0; --n) input += alphabet[pick(rng)];
    }
    auto parts = parse_multipart(input, "b", 8);
    if (!parts) {
      ++refused;
      continue;
    }
    ++parsed;
    ASSERT_LE(parts->size(), 8u);
    std::size_t total = 0;
    for (const Part& p : *parts) total += p.data.size() + p.name.size();
    ASSERT_LE(total, input.size()) << input;
  }
  EXPECT_GT(parsed, 1000u);
  EXPECT_GT(refused, 1000u);
}

TEST(MultipartRequest, FormReadsUrlencodedAndMultipartAlike) {
  Request url = request("application/x-www-form-urlencoded", "_csrf=tok123&year=2025&year=2026");
  Request multi = request("multipart/form-data; boundary=" + kChromium, upload_form(kChromium, "csv"));
  for (const Request* r : {&url, &multi}) {
    auto form = r->form();
    EXPECT_EQ(form["_csrf"], "tok123");
    EXPECT_EQ(form["year"], "2026");
    EXPECT_EQ(form.count("file"), 0u);  // files are not fields
  }
  EXPECT_EQ(multi.form().size(), 2u);
}

TEST(MultipartRequest, FormLastValueWinsAndSkipsNonUtf8) {
  std::string body = field("b", "a", "1") + field("b", "a", "2") + field("b", "bad", "\xFF") +
                     field("b", "\xFF", "x") + close("b");
  auto form = request("multipart/form-data; boundary=b", body).form();
  EXPECT_EQ(form, (tsunagu::http::Params{{"a", "2"}}));
}

TEST(MultipartRequest, FormEmptyForMalformedOrOtherTypes) {
  std::string body = field("b", "_csrf", "tok123");  // no close delimiter
  EXPECT_TRUE(request("multipart/form-data; boundary=b", body).form().empty());
  EXPECT_TRUE(request("multipart/form-data; boundary=c", body + close("b")).form().empty());
  EXPECT_TRUE(request("multipart/form-data", body + close("b")).form().empty());
  EXPECT_TRUE(request("text/plain", "_csrf=tok123").form().empty());
  EXPECT_FALSE(request("multipart/form-data; boundary=b", body + close("b")).form().empty());
}

TEST(MultipartRequest, FileReturnsFirstFilePartByName) {
  std::string body = field("b", "file", "a text field of the same name") +
                     file_part("b", "file", "first.csv", "text/csv", "1\r\n") +
                     file_part("b", "file", "second.csv", "text/csv", "2\r\n") +
                     file_part("b", "other", "o.csv", "text/csv", "o") + close("b");
  Request r = request("multipart/form-data; boundary=b", body);
  auto f = r.file("file");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->filename, "first.csv");
  EXPECT_EQ(f->data, "1\r\n");
  EXPECT_EQ(r.file("other")->data, "o");
  EXPECT_FALSE(r.file("missing"));
  EXPECT_FALSE(r.file("Other"));
  EXPECT_EQ(r.form()["file"], "a text field of the same name");
}

TEST(MultipartRequest, NoFileOutsideMultipart) {
  EXPECT_FALSE(request("application/x-www-form-urlencoded", "file=x").file("file"));
  std::string body = file_part("b", "file", "a.csv", "text/csv", "x");  // no close delimiter
  EXPECT_FALSE(request("multipart/form-data; boundary=b", body).file("file"));
  EXPECT_TRUE(request("multipart/form-data; boundary=b", body + close("b")).file("file"));
}
