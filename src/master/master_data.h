// Master data: prefectures, municipalities (全国地方公共団体コード), regions (圏域) and care items with
// the 医療的ケア判定スコア points. Loaded into the database from the CSV files compiled into the binary
// (data/master, with their sources in data/master/SOURCES.md), then held in memory: it is reference data
// that changes only with a release, so every app server holds the same copy. Immutable after load().
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/db/database.h"

namespace tsunagu::master {

struct Prefecture {
  std::string code, lg_code, name, name_kana, name_romaji;
};

struct Municipality {
  std::string code, code5, prefecture_code, name, name_kana, name_romaji, level, parent_code, county;
  double lat = 0, lng = 0;
  std::string region_code;  // empty where no region is recorded
};

struct Region {
  std::string code, name, region_type, prefecture_code;
  std::vector<std::string> municipality_codes;
};

struct CareItem {
  std::string code, parent_code, name_ja, short_name_ja, name_en, group, score_note;
  int item_no = 0, sub_no = 0;
  bool electricity_dependent = false;
  std::optional<int> basic_score, watch_score_high, watch_score_mid, watch_score_low;
};

// Inserts the compiled-in master data where the tables are empty, in one transaction.
// Returns the number of rows inserted.
long long seed_master_data(db::Database& db);

class MasterData {
 public:
  void load(db::Database& db);

  const Prefecture* prefecture(const std::string& code) const;
  const Municipality* municipality(const std::string& code) const;
  const Region* region(const std::string& code) const;
  const std::vector<Prefecture>& prefectures() const { return prefectures_; }
  std::vector<const Municipality*> municipalities_in(const std::string& prefecture_code) const;
  std::vector<const Region*> regions_in(const std::string& prefecture_code) const;
  const std::vector<CareItem>& care_items() const { return care_items_; }

 private:
  std::vector<Prefecture> prefectures_;
  std::vector<Municipality> municipalities_;
  std::vector<Region> regions_;
  std::vector<CareItem> care_items_;
  std::map<std::string, std::size_t> prefecture_index_, municipality_index_, region_index_;
};

}  // namespace tsunagu::master
