#include "master/master_data.h"

#include <algorithm>
#include <stdexcept>

#include "core/io/csv.h"
#include "core/view/resources.h"

namespace tsunagu::master {

namespace {

io::CsvTable table(const std::string& name) {
  auto text = resources::find("data/master/" + name);
  if (!text) throw std::runtime_error("master data file missing: " + name);
  io::CsvResult parsed = io::parse_csv(*text);
  if (!parsed.errors.empty())
    throw std::runtime_error(name + " line " + std::to_string(parsed.errors[0].line) + ": " + parsed.errors[0].message_ja);
  auto t = io::CsvTable::with_header(parsed);
  if (!t) throw std::runtime_error("master data file empty: " + name);
  return *t;
}

boost::optional<int> opt_int(const std::string& s) {
  return s.empty() ? boost::optional<int>() : boost::optional<int>(std::stoi(s));
}

boost::optional<std::string> opt_text(const std::string& s) {
  return s.empty() ? boost::optional<std::string>() : boost::optional<std::string>(s);
}

long long count(db::Session& sql, const char* table_name) {
  long long n = 0;
  sql << std::string("SELECT COUNT(*) FROM ") + table_name, soci::into(n);
  return n;
}

long long seed_places(db::Session& sql) {
  io::CsvTable t = table("municipalities.csv");
  long long n = 0;
  for (const io::CsvRow& r : t.rows()) {
    if (t.get(r, "level") != "prefecture") continue;
    std::string code = t.get(r, "prefecture_code"), lg = t.get(r, "code"), name = t.get(r, "name"),
                kana = t.get(r, "name_kana"), romaji = t.get(r, "name_romaji");
    sql << "INSERT INTO prefectures (code, lg_code, name, name_kana, name_romaji) VALUES (:c, :l, :n, :k, :r)",
        soci::use(code), soci::use(lg), soci::use(name), soci::use(kana), soci::use(romaji);
    ++n;
  }
  for (const io::CsvRow& r : t.rows()) {
    if (t.get(r, "level") == "prefecture") continue;
    std::string code = t.get(r, "code"), code5 = t.get(r, "code5"), pref = t.get(r, "prefecture_code"),
                name = t.get(r, "name"), kana = t.get(r, "name_kana"), romaji = t.get(r, "name_romaji"),
                level = t.get(r, "level"), county = t.get(r, "county");
    boost::optional<std::string> parent = opt_text(t.get(r, "parent_code"));
    double lat = std::stod(t.get(r, "lat")), lng = std::stod(t.get(r, "lng"));
    sql << "INSERT INTO municipalities (code, code5, prefecture_code, name, name_kana, name_romaji, level, parent_code, "
           "county, lat, lng) VALUES (:c, :c5, :p, :n, :k, :r, :l, :pa, :co, :la, :ln)",
        soci::use(code), soci::use(code5), soci::use(pref), soci::use(name), soci::use(kana), soci::use(romaji),
        soci::use(level), soci::use(parent), soci::use(county), soci::use(lat), soci::use(lng);
    ++n;
  }
  return n;
}

long long seed_regions(db::Session& sql) {
  io::CsvTable t = table("regions.csv");
  long long n = 0;
  std::string last;
  for (const io::CsvRow& r : t.rows()) {
    std::string code = t.get(r, "region_code"), muni = t.get(r, "municipality_code");
    if (code != last) {
      std::string name = t.get(r, "region_name"), type = t.get(r, "region_type"), pref = t.get(r, "prefecture_code");
      sql << "INSERT INTO regions (code, name, region_type, prefecture_code) VALUES (:c, :n, :t, :p)", soci::use(code),
          soci::use(name), soci::use(type), soci::use(pref);
      last = code;
      ++n;
    }
    sql << "INSERT INTO region_municipalities (region_code, municipality_code) VALUES (:r, :m)", soci::use(code),
        soci::use(muni);
    ++n;
  }
  return n;
}

long long seed_care_items(db::Session& sql) {
  io::CsvTable t = table("care_items.csv");
  int order = 0;
  for (const io::CsvRow& r : t.rows()) {
    std::string code = t.get(r, "code"), name = t.get(r, "name_ja"), short_name = t.get(r, "short_name_ja"),
                en = t.get(r, "name_en"), group = t.get(r, "group"), note = t.get(r, "score_note");
    boost::optional<std::string> parent = opt_text(t.get(r, "parent_code"));
    int item_no = std::stoi(t.get(r, "item_no"));
    boost::optional<int> sub_no = opt_int(t.get(r, "sub_no")), basic = opt_int(t.get(r, "basic_score")),
                         high = opt_int(t.get(r, "watch_score_high")), mid = opt_int(t.get(r, "watch_score_mid")),
                         low = opt_int(t.get(r, "watch_score_low"));
    int electric = t.get(r, "electricity_dependent") == "true" ? 1 : 0;
    ++order;
    sql << "INSERT INTO care_items (code, parent_code, item_no, sub_no, name_ja, short_name_ja, name_en, item_group, "
           "electricity_dependent, basic_score, watch_score_high, watch_score_mid, watch_score_low, score_note, "
           "sort_order) VALUES (:c, :p, :i, :s, :n, :sn, :en, :g, :e, :b, :h, :m, :l, :note, :o)",
        soci::use(code), soci::use(parent), soci::use(item_no), soci::use(sub_no), soci::use(name),
        soci::use(short_name), soci::use(en), soci::use(group), soci::use(electric), soci::use(basic), soci::use(high),
        soci::use(mid), soci::use(low), soci::use(note), soci::use(order);
  }
  return order;
}

std::optional<int> get_opt_int(const soci::row& r, std::size_t i) {
  auto v = db::row_opt_int(r, i);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

}  // namespace

long long seed_master_data(db::Database& db) {
  db::Session sql(db);
  db::Transaction tx(sql);
  long long n = 0;
  if (count(sql, "prefectures") == 0) n += seed_places(sql);
  if (count(sql, "regions") == 0) n += seed_regions(sql);
  if (count(sql, "care_items") == 0) n += seed_care_items(sql);
  tx.commit();
  return n;
}

void MasterData::load(db::Database& db) {
  db::Session sql(db);
  soci::rowset<soci::row> prefs = (sql.prepare << "SELECT code, lg_code, name, name_kana, name_romaji FROM prefectures ORDER BY code");
  for (const soci::row& r : prefs)
    prefectures_.push_back({db::row_text(r, 0), db::row_text(r, 1), db::row_text(r, 2), db::row_text(r, 3),
                            db::row_text(r, 4)});
  soci::rowset<soci::row> munis =
      (sql.prepare << "SELECT m.code, m.code5, m.prefecture_code, m.name, m.name_kana, m.name_romaji, m.level, "
                      "m.parent_code, m.county, m.lat, m.lng, rm.region_code FROM municipalities m "
                      "LEFT JOIN region_municipalities rm ON rm.municipality_code = m.code ORDER BY m.code");
  for (const soci::row& r : munis) {
    Municipality m;
    m.code = db::row_text(r, 0);
    m.code5 = db::row_text(r, 1);
    m.prefecture_code = db::row_text(r, 2);
    m.name = db::row_text(r, 3);
    m.name_kana = db::row_text(r, 4);
    m.name_romaji = db::row_text(r, 5);
    m.level = db::row_text(r, 6);
    m.parent_code = db::row_text(r, 7);
    m.county = db::row_text(r, 8);
    m.lat = db::row_double(r, 9);
    m.lng = db::row_double(r, 10);
    m.region_code = db::row_text(r, 11);
    municipalities_.push_back(std::move(m));
  }
  soci::rowset<soci::row> regions =
      (sql.prepare << "SELECT r.code, r.name, r.region_type, r.prefecture_code, rm.municipality_code FROM regions r "
                      "JOIN region_municipalities rm ON rm.region_code = r.code ORDER BY r.code, rm.municipality_code");
  for (const soci::row& r : regions) {
    std::string code = db::row_text(r, 0);
    if (regions_.empty() || regions_.back().code != code)
      regions_.push_back({code, db::row_text(r, 1), db::row_text(r, 2), db::row_text(r, 3), {}});
    regions_.back().municipality_codes.push_back(db::row_text(r, 4));
  }
  soci::rowset<soci::row> items =
      (sql.prepare << "SELECT code, parent_code, item_no, sub_no, name_ja, short_name_ja, name_en, item_group, "
                      "electricity_dependent, basic_score, watch_score_high, watch_score_mid, watch_score_low, "
                      "score_note FROM care_items ORDER BY sort_order");
  for (const soci::row& r : items) {
    CareItem c;
    c.code = db::row_text(r, 0);
    c.parent_code = db::row_text(r, 1);
    c.item_no = static_cast<int>(db::row_int(r, 2));
    c.sub_no = get_opt_int(r, 3).value_or(0);
    c.name_ja = db::row_text(r, 4);
    c.short_name_ja = db::row_text(r, 5);
    c.name_en = db::row_text(r, 6);
    c.group = db::row_text(r, 7);
    c.electricity_dependent = db::row_int(r, 8) != 0;
    c.basic_score = get_opt_int(r, 9);
    c.watch_score_high = get_opt_int(r, 10);
    c.watch_score_mid = get_opt_int(r, 11);
    c.watch_score_low = get_opt_int(r, 12);
    c.score_note = db::row_text(r, 13);
    care_items_.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < prefectures_.size(); ++i) prefecture_index_[prefectures_[i].code] = i;
  for (std::size_t i = 0; i < municipalities_.size(); ++i) municipality_index_[municipalities_[i].code] = i;
  for (std::size_t i = 0; i < regions_.size(); ++i) region_index_[regions_[i].code] = i;
}

const Prefecture* MasterData::prefecture(const std::string& code) const {
  auto it = prefecture_index_.find(code);
  return it == prefecture_index_.end() ? nullptr : &prefectures_[it->second];
}

const Municipality* MasterData::municipality(const std::string& code) const {
  auto it = municipality_index_.find(code);
  return it == municipality_index_.end() ? nullptr : &municipalities_[it->second];
}

const Region* MasterData::region(const std::string& code) const {
  auto it = region_index_.find(code);
  return it == region_index_.end() ? nullptr : &regions_[it->second];
}

std::vector<const Municipality*> MasterData::municipalities_in(const std::string& prefecture_code) const {
  std::vector<const Municipality*> out;
  for (const Municipality& m : municipalities_)
    if (m.prefecture_code == prefecture_code) out.push_back(&m);
  return out;
}

std::vector<const Region*> MasterData::regions_in(const std::string& prefecture_code) const {
  std::vector<const Region*> out;
  for (const Region& r : regions_)
    if (r.prefecture_code == prefecture_code) out.push_back(&r);
  return out;
}

}  // namespace tsunagu::master
