#include "resources/hsds.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <map>

#include "core/text/utf8.h"
#include "core/auth/crypto.h"
#include "resources/store.h"

namespace tsunagu::resources {

using nlohmann::json;

namespace {

// The namespace of every tsunagu HSDS id (a random UUID chosen once; never change it: the ids would change).
constexpr unsigned char kNamespace[16] = {0x66, 0xf5, 0xc5, 0x7a, 0x00, 0xfa, 0x47, 0xab,
                                          0xa9, 0x5c, 0x3b, 0xa4, 0xe0, 0xa5, 0x39, 0xb9};
constexpr int kJapanUtcOffsetHours = 9;

// tsunagu's taxonomies. `key` names the taxonomy in URIs and ids, and is the attributes' link_type.
struct Taxonomy {
  std::string_view key, link_type, name, description;
};

constexpr Taxonomy kServiceTypeTaxonomy{
    "service-type", "service_type", "tsunagu サービスの種類 / Service types",
    "医療的ケア児と家族が使う福祉・医療・保育・教育のサービスの種類。Types of welfare, health, childcare and "
    "education services used by children who need daily medical care and their families."};
constexpr Taxonomy kCareItemTaxonomy{
    "care-item", "care_item", "tsunagu 受け入れる医療的ケア / Medical care accepted",
    "サービスが受け入れる医療的ケア。項目は医療的ケア判定スコア（令和3年度障害福祉サービス等報酬改定）による。属性の "
    "value は受け入れの条件。Daily medical care a service accepts, by the items of the MHLW medical care score "
    "(医療的ケア判定スコア); an attribute's value holds the conditions of acceptance."};
constexpr Taxonomy kFeatureTaxonomy{
    "feature", "feature", "tsunagu 特徴 / Features",
    "よく尋ねられる特徴（送迎、入浴、看護師常駐、夜間・休日、重症心身障害児対応）。Features families ask about most: "
    "transport, bathing, a nurse on site, nights and holidays, children with severe motor and intellectual "
    "disabilities."};
constexpr Taxonomy kCapacityTaxonomy{
    "capacity", "capacity", "tsunagu 定員と空き / Capacity",
    "定員と空きの人数。属性の value がその数。Places and places free; an attribute's value is the number."};
constexpr Taxonomy kMunicipalityTaxonomy{
    "municipality", "municipality", "市区町村（全国地方公共団体コード） / Municipality",
    "所在地の市区町村。コードは総務省の全国地方公共団体コード（6桁、検査数字を含む）。The municipality of a "
    "location, coded with the Japanese local government code (6 digits with the check digit)."};

constexpr Code kCapacityTerms[] = {
    {"capacity", "定員", "Capacity (places)"},
    {"vacancy", "空き", "Places free"},
};

constexpr std::string_view kWithoutOrganization =
    "法人が登録されていない事業所です。事業所そのものを提供者として載せています。"
    "A facility with no organisation on record, listed as its own provider.";

std::string taxonomy_uri(const Taxonomy& t) { return std::string(kHsdsTaxonomyBase) + "/" + std::string(t.key); }

// Sets obj[key] unless the value is empty.
void put(json& obj, const char* key, const std::string& value) {
  if (!value.empty()) obj[key] = value;
}

// A voice phone of an organization or location (`owner_field`: organization_id or location_id), named after it.
json phone(const std::string& owner_name, const char* owner_field, const json& owner_id, const std::string& number) {
  return {{"id", hsds_uuid(owner_name + "/phone")}, {owner_field, owner_id}, {"number", number}, {"type", "voice"}};
}

bool hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// An http(s) address as an RFC 3986 URI: bytes outside URIs (non-ASCII, spaces, quotes, a stray %) are
// percent-encoded, so a Japanese path or domain survives. Empty for anything that is not http(s).
std::string as_uri(std::string_view url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return {};
  std::string out;
  for (std::size_t i = 0; i < url.size(); ++i) {
    auto c = static_cast<unsigned char>(url[i]);
    bool escape = c >= 0x80 || c <= 0x20 || c == 0x7f ||
                  std::string_view("\"<>\\^`{|}").find(c) != std::string_view::npos ||
                  (c == '%' && !(i + 2 < url.size() && hex_digit(url[i + 1]) && hex_digit(url[i + 2])));
    if (!escape) {
      out += static_cast<char>(c);
      continue;
    }
    char b[4];
    std::snprintf(b, sizeof b, "%%%02X", c);
    out += b;
  }
  return out;
}

std::string utc_date_time(long long seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string japan_date(long long seconds) {
  std::time_t t = static_cast<std::time_t>(seconds + kJapanUtcOffsetHours * 3600LL);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// ---- opening hours ------------------------------------------------------------------------------------



// One code point in the form the parser reads: digits and colon half-width, every dash and wave '-', every
// space ' ', every part separator ','. One code point in, one out, so positions match the text as typed.
char32_t fold(char32_t c) {
  if (c >= U'０' && c <= U'９') return U'0' + (c - U'０');
  switch (c) {
    case U'：': return U':';
    case U'〜': case U'～': case U'~': case U'－': case U'−': case U'–': case U'—': case U'ー': return U'-';
    case U'　': case U'\t': return U' ';
    case U'、': case U'，': case U'／': case U'/': case U'；': case U';': case U'\n': case U'\r': return U',';
    case U'･': return U'・';
    default: return c;
  }
}

constexpr std::u32string_view kDayChars = U"月火水木金土日";
constexpr const char* kByDay[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

class HoursCursor {
 public:
  explicit HoursCursor(std::u32string_view s) : s_(s) {}
  void spaces() {
    while (i_ < s_.size() && s_[i_] == U' ') ++i_;
  }
  bool eat(std::u32string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  bool at_end() const { return i_ >= s_.size(); }
  // A day (月…日, with 曜 or 曜日 after it): 0 = Monday … 6 = Sunday.
  std::optional<int> day() {
    if (at_end()) return std::nullopt;
    std::size_t d = kDayChars.find(s_[i_]);
    if (d == std::u32string_view::npos) return std::nullopt;
    ++i_;
    if (eat(U"曜")) eat(U"日");
    return static_cast<int>(d);
  }
  // "9:00" → minutes after midnight; hours 0–23.
  std::optional<int> time() {
    int h = 0, digits = 0;
    for (; digits < 2 && digit_at(i_); ++digits) h = h * 10 + static_cast<int>(s_[i_++] - U'0');
    if (digits == 0 || !eat(U":") || !digit_at(i_) || !digit_at(i_ + 1)) return std::nullopt;
    int m = static_cast<int>(s_[i_] - U'0') * 10 + static_cast<int>(s_[i_ + 1] - U'0');
    i_ += 2;
    if (h > 23 || m > 59) return std::nullopt;
    return h * 60 + m;
  }

 private:
  bool digit_at(std::size_t i) const { return i < s_.size() && s_[i] >= U'0' && s_[i] <= U'9'; }

  std::u32string_view s_;
  std::size_t i_ = 0;
};

// Days: items (毎日, 平日, a day, a range of days) joined by ・ or side by side.
std::optional<std::array<bool, 7>> parse_days(HoursCursor& c) {
  std::array<bool, 7> on{};
  bool any = false;
  for (;;) {
    if (c.eat(U"毎日")) {
      on.fill(true);
    } else if (c.eat(U"平日")) {
      for (int d = 0; d < 5; ++d) on[d] = true;
    } else if (auto from = c.day()) {
      int to = *from;
      if (c.eat(U"-")) {
        auto last = c.day();
        if (!last || *last < *from) return std::nullopt;
        to = *last;
      }
      for (int d = *from; d <= to; ++d) on[d] = true;
    } else {
      break;
    }
    any = true;
    c.eat(U"・");
  }
  if (!any) return std::nullopt;
  return on;
}

std::string clock(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d+%02d:00", minutes / 60, minutes % 60, kJapanUtcOffsetHours);
  return buf;
}

std::optional<OpeningHours> parse_part(std::u32string_view folded, std::u32string_view typed) {
  HoursCursor c(folded);
  c.spaces();
  auto days = parse_days(c);
  if (!days) return std::nullopt;
  c.spaces();
  auto opens = c.time();
  c.spaces();
  if (!opens || !c.eat(U"-")) return std::nullopt;
  c.spaces();
  auto closes = c.time();
  c.spaces();
  if (!closes || !c.at_end() || *closes <= *opens) return std::nullopt;
  OpeningHours h;
  for (int d = 0; d < 7; ++d)
    if ((*days)[d]) h.byday += std::string(h.byday.empty() ? "" : ",") + kByDay[d];
  h.opens_at = clock(*opens);
  h.closes_at = clock(*closes);
  std::size_t from = typed.find_first_not_of(U" 　\t"), to = typed.find_last_not_of(U" 　\t");
  h.text = text::to_utf8(typed.substr(from, to - from + 1));
  return h;
}

// ---- the objects --------------------------------------------------------------------------------------

class Builder {
 public:
  Builder(const HsdsSource& source, const master::MasterData& md) : source_(source), md_(md) {
    if (const master::Prefecture* p = md.prefecture(source.prefecture_code)) prefecture_name_ = p->name;
  }

  // The name of an object of this installation, for its id: "35/facility/12/location".
  std::string name(const std::string& path) const { return source_.prefecture_code + "/" + path; }

  static json taxonomy(const Taxonomy& t) {
    return {{"id", hsds_uuid("taxonomy/" + std::string(t.key))}, {"name", t.name}, {"description", t.description},
            {"uri", taxonomy_uri(t)}};
  }

  static json term(const Taxonomy& t, std::string_view code, std::string_view ja, std::string_view en,
                   std::string_view parent_code = {}) {
    std::string base = "taxonomy/" + std::string(t.key) + "/";
    json j = {{"id", hsds_uuid(base + std::string(code))}, {"code", code}, {"name", ja.empty() ? code : ja},
              {"description", en.empty() ? ja : en}, {"language", "ja"}, {"taxonomy", taxonomy_uri(t)},
              {"taxonomy_id", hsds_uuid("taxonomy/" + std::string(t.key))},
              {"term_uri", taxonomy_uri(t) + "/" + std::string(code)}};
    if (!parent_code.empty()) j["parent_id"] = hsds_uuid(base + std::string(parent_code));
    return j;
  }

  json care_item_term(const std::string& code) const {
    for (const master::CareItem& c : md_.care_items())
      if (c.code == code) {
        std::string en = c.name_en + (c.name_ja != c.short_name_ja ? "（" + c.name_ja + "）" : "");
        return term(kCareItemTaxonomy, c.code, c.short_name_ja, en, c.parent_code);
      }
    return term(kCareItemTaxonomy, code, code, code);
  }

  json municipality_term(const std::string& code) const {
    const master::Municipality* m = md_.municipality(code);
    if (!m) return term(kMunicipalityTaxonomy, code, code, code);
    const master::Municipality* parent = md_.municipality(m->parent_code);
    return term(kMunicipalityTaxonomy, m->code, m->name, m->name_romaji,
                parent && parent->level != "prefecture" ? parent->code : std::string());
  }

  template <std::size_t N>
  static json code_term(const Taxonomy& t, const Code (&codes)[N], const std::string& code) {
    const Code* c = find_code(codes, code);
    return c ? term(t, c->code, c->ja, c->en) : term(t, code, code, code);
  }

  // An attribute of `owner` (an HSDS object named `owner_name`, in the table `entity`) with a term of `t`.
  static json attribute(const std::string& owner_name, const json& owner, const char* entity, const Taxonomy& t,
                        json term, const std::string& value = {}) {
    term["taxonomy_detail"] = taxonomy(t);
    json a = {{"id", hsds_uuid(owner_name + "/attribute/" + std::string(t.key) + "/" + term["code"].get<std::string>())},
              {"link_id", owner["id"]}, {"link_entity", entity}, {"link_type", t.link_type},
              {"taxonomy_term_id", term["id"]}, {"taxonomy_term", std::move(term)}};
    put(a, "value", value);
    return a;
  }

  json organization(const Organization& o) const {
    std::string n = name("organization/" + std::to_string(o.id));
    std::string facilities;
    for (const Facility& f : source_.facilities)
      if (f.organization_id == o.id) facilities += (facilities.empty() ? "" : "、") + f.name;
    json j = {{"id", hsds_uuid(n)}, {"name", o.name}, {"description", "運営する事業所: " + facilities}};
    put(j, "alternate_name", o.name_kana);
    put(j, "website", as_uri(o.website));
    if (!o.phone.empty())
      j["phones"] = json::array({phone(n, "organization_id", j["id"], o.phone)});
    if (o.corporate_number.size() == 13 &&
        std::all_of(o.corporate_number.begin(), o.corporate_number.end(), [](char c) { return c >= '0' && c <= '9'; }))
      j["organization_identifiers"] = json::array(
          {{{"id", hsds_uuid(n + "/corporate-number")}, {"organization_id", j["id"]},
            {"identifier_type", "法人番号 (Corporate Number, National Tax Agency of Japan)"},
            {"identifier", o.corporate_number}}});
    return j;
  }

  // A facility with no organisation is its own provider.
  json own_organization(const Facility& f) const {
    json j = {{"id", hsds_uuid(name("facility/" + std::to_string(f.id) + "/organization"))}, {"name", f.name},
              {"description", kWithoutOrganization}};
    put(j, "alternate_name", f.name_kana);
    put(j, "website", as_uri(f.website));
    return j;
  }

  json location(const Facility& f, const json& organization) const {
    std::string n = name("facility/" + std::to_string(f.id));
    json j = {{"id", hsds_uuid(n + "/location")}, {"location_type", "physical"}, {"organization_id", organization["id"]},
              {"name", f.name}};
    put(j, "alternate_name", f.name_kana);
    put(j, "description", f.description);
    if (f.lat && f.lng) {
      j["latitude"] = *f.lat;
      j["longitude"] = *f.lng;
    }
    const master::Municipality* m = md_.municipality(f.municipality_code);
    if (!f.address.empty())
      j["addresses"] = json::array({{{"id", hsds_uuid(n + "/address")}, {"location_id", j["id"]},
                                     {"address_1", f.address}, {"city", m ? m->name : f.municipality_code},
                                     {"state_province", prefecture_name_}, {"postal_code", f.postal_code},
                                     {"country", "JP"}, {"address_type", "physical"}}});
    if (!f.phone.empty())
      j["phones"] = json::array({phone(n, "location_id", j["id"], f.phone)});
    json schedules = json::array();
    if (auto parts = parse_opening_hours(f.hours)) {
      for (std::size_t i = 0; i < parts->size(); ++i) {
        const OpeningHours& h = (*parts)[i];
        schedules.push_back({{"id", hsds_uuid(n + "/schedule/" + std::to_string(i + 1))}, {"location_id", j["id"]},
                             {"freq", "WEEKLY"}, {"byday", h.byday}, {"opens_at", h.opens_at},
                             {"closes_at", h.closes_at}, {"timezone", kJapanUtcOffsetHours}, {"description", h.text}});
      }
    } else if (!f.hours.empty()) {
      schedules.push_back({{"id", hsds_uuid(n + "/schedule/1")}, {"location_id", j["id"]}, {"description", f.hours}});
    }
    if (!schedules.empty()) j["schedules"] = std::move(schedules);
    j["attributes"] = json::array(
        {attribute(n + "/location", j, "location", kMunicipalityTaxonomy, municipality_term(f.municipality_code))});
    return j;
  }

  std::string care_name(const std::string& code) const {
    for (const master::CareItem& c : md_.care_items())
      if (c.code == code) return c.short_name_ja;
    return code;
  }

  // The care items of a service in the order of the master list (the store keeps them by code).
  std::vector<AcceptedCare> in_master_order(const Service& s) const {
    std::vector<AcceptedCare> out = s.care_items;
    auto position = [this](const AcceptedCare& a) {
      const auto& items = md_.care_items();
      auto same = [&](const master::CareItem& c) { return c.code == a.care_item; };
      return std::find_if(items.begin(), items.end(), same) - items.begin();
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const AcceptedCare& a, const AcceptedCare& b) { return position(a) < position(b); });
    return out;
  }

  // "対象年齢: 0歳〜18歳。受け入れる医療的ケア: 人工呼吸器（日中のみ）、吸引。"
  std::string eligibility(const Service& s) const {
    std::string out;
    if (s.age_min || s.age_max)
      out += "対象年齢: " + (s.age_min ? std::to_string(*s.age_min) + "歳" : std::string()) + "〜" +
             (s.age_max ? std::to_string(*s.age_max) + "歳" : std::string()) + "。";
    std::string care;
    for (const AcceptedCare& c : in_master_order(s))
      care += (care.empty() ? "" : "、") + care_name(c.care_item) + (c.conditions.empty() ? "" : "（" + c.conditions + "）");
    if (!care.empty()) out += "受け入れる医療的ケア: " + care + "。";
    return out;
  }

  // `n`: the position of this service among the facility's services of the same type (1, 2, …), so that the
  // id survives edits of the facility's other services.
  json service(const Facility& f, const Service& s, int n, const json& organization, const json& location) const {
    std::string sn = name("facility/" + std::to_string(f.id) + "/service/" + s.service_type + "/" + std::to_string(n));
    const Code* type = find_code(kServiceTypes, s.service_type);
    json j = {{"id", hsds_uuid(sn)}, {"organization_id", organization["id"]},
              {"name", f.name + "（" + std::string(type ? type->ja : s.service_type) + "）"},
              {"status", f.status == "active" ? "active" : "inactive"}, {"last_modified", utc_date_time(f.updated_at)}};
    put(j, "description", s.notes);
    put(j, "url", as_uri(f.website));
    put(j, "eligibility_description", eligibility(s));
    if (s.age_min) j["minimum_age"] = *s.age_min;
    if (s.age_max) j["maximum_age"] = *s.age_max;
    if (f.confirmed_at) j["assured_date"] = japan_date(*f.confirmed_at);

    json attributes = json::array();
    attributes.push_back(attribute(sn, j, "service", kServiceTypeTaxonomy,
                                   code_term(kServiceTypeTaxonomy, kServiceTypes, s.service_type)));
    for (const AcceptedCare& c : in_master_order(s))
      attributes.push_back(attribute(sn, j, "service", kCareItemTaxonomy, care_item_term(c.care_item), c.conditions));
    for (const std::string& feature : s.features)
      attributes.push_back(attribute(sn, j, "service", kFeatureTaxonomy, code_term(kFeatureTaxonomy, kFeatures, feature)));
    for (auto [code, value] : {std::pair{"capacity", s.capacity}, {"vacancy", s.vacancy}})
      if (value)
        attributes.push_back(attribute(sn, j, "service", kCapacityTaxonomy,
                                       code_term(kCapacityTaxonomy, kCapacityTerms, code), std::to_string(*value)));
    j["attributes"] = std::move(attributes);
    j["service_at_locations"] = json::array({{{"id", hsds_uuid(sn + "/at-location")}, {"service_id", j["id"]},
                                              {"location_id", location["id"]}, {"location", location}}});
    j["organization"] = organization;
    return j;
  }

  std::vector<json> terms() const {
    std::vector<json> out;
    for (const Code& c : kServiceTypes) out.push_back(term(kServiceTypeTaxonomy, c.code, c.ja, c.en));
    for (const master::CareItem& c : md_.care_items()) out.push_back(care_item_term(c.code));
    for (const Code& c : kFeatures) out.push_back(term(kFeatureTaxonomy, c.code, c.ja, c.en));
    for (const Code& c : kCapacityTerms) out.push_back(term(kCapacityTaxonomy, c.code, c.ja, c.en));
    for (const master::Municipality* m : md_.municipalities_in(source_.prefecture_code))
      if (m->level != "prefecture") out.push_back(municipality_term(m->code));
    return out;
  }

 private:
  const HsdsSource& source_;
  const master::MasterData& md_;
  std::string prefecture_name_;
};

// Keeps the one-to-one fields (strings, numbers, booleans) of an HSDS object.
json one_to_one(const json& full) {
  json out = json::object();
  for (const auto& [k, v] : full.items())
    if (!v.is_array() && !v.is_object()) out[k] = v;
  return out;
}

}  // namespace

std::string hsds_uuid(std::string_view name) {
  std::string input(reinterpret_cast<const char*>(kNamespace), sizeof kNamespace);
  input += name;
  std::string h = auth::sha256_hex(input).substr(0, 32);
  h[12] = '8';                                                     // version 8
  h[16] = "89ab"[std::stoi(std::string(1, h[16]), nullptr, 16) & 0x3];  // variant 10
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::optional<std::vector<OpeningHours>> parse_opening_hours(std::string_view hours) {
  std::u32string typed = text::to_utf32(hours), folded = typed;
  std::transform(folded.begin(), folded.end(), folded.begin(), fold);
  std::vector<OpeningHours> out;
  for (std::size_t at = 0; at <= folded.size();) {
    std::size_t end = std::min(folded.find(U',', at), folded.size());
    std::u32string_view part = std::u32string_view(folded).substr(at, end - at);
    if (part.find_first_not_of(U' ') != std::u32string_view::npos) {
      auto h = parse_part(part, std::u32string_view(typed).substr(at, end - at));
      if (!h) return std::nullopt;
      out.push_back(std::move(*h));
    }
    at = end + 1;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

HsdsSource load_hsds_source(db::Database& db, const std::string& prefecture_code) {
  HsdsSource source;
  source.prefecture_code = prefecture_code;
  db::Session sql(db);
  source.facilities = store::facilities(sql, prefecture_code, "active");
  source.organizations = store::organizations(sql, prefecture_code);
  return source;
}

HsdsExport::HsdsExport(const HsdsSource& source, const master::MasterData& md) {
  Builder b(source, md);
  std::map<long long, json> registered;
  for (const Organization& o : source.organizations) {
    auto runs = [&](const Facility& f) { return f.organization_id == o.id; };
    if (std::any_of(source.facilities.begin(), source.facilities.end(), runs)) {
      registered[o.id] = b.organization(o);
      organizations_.push_back(registered[o.id]);
    }
  }
  for (const Facility& f : source.facilities) {
    auto it = f.organization_id ? registered.find(*f.organization_id) : registered.end();
    json organization = it != registered.end() ? it->second : b.own_organization(f);
    if (it == registered.end()) organizations_.push_back(organization);
    json location = b.location(f, organization);
    std::map<std::string, int> of_type;
    for (const Service& s : f.services)
      services_.push_back(b.service(f, s, ++of_type[s.service_type], organization, location));
  }
  for (const Taxonomy* t :
       {&kServiceTypeTaxonomy, &kCareItemTaxonomy, &kFeatureTaxonomy, &kCapacityTaxonomy, &kMunicipalityTaxonomy})
    taxonomies_.push_back(Builder::taxonomy(*t));
  terms_ = b.terms();
}

const json* HsdsExport::service(std::string_view id) const {
  for (const json& s : services_)
    if (s["id"] == id) return &s;
  return nullptr;
}

json HsdsExport::service_list_item(const json& service) {
  json item = one_to_one(service);
  if (service.contains("organization")) item["organization"] = one_to_one(service["organization"]);
  return item;
}

json HsdsExport::organization_list_item(const json& organization) { return one_to_one(organization); }

json hsds_page(const std::vector<json>& items, int page, int per_page) {
  page = std::max(1, page);
  per_page = std::max(1, per_page);
  auto total = static_cast<long long>(items.size());
  long long pages = (total + per_page - 1) / per_page;
  json contents = json::array();
  for (long long i = static_cast<long long>(page - 1) * per_page; i < total && i < static_cast<long long>(page) * per_page; ++i)
    contents.push_back(items[static_cast<std::size_t>(i)]);
  return {{"total_items", total},
          {"total_pages", pages},
          {"page_number", page},
          {"size", contents.size()},
          {"first_page", page == 1},
          {"last_page", page >= pages},
          {"empty", contents.empty()},
          {"contents", std::move(contents)}};
}

}  // namespace tsunagu::resources
