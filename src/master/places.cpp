#include "master/places.h"

#include <algorithm>
#include <stdexcept>

namespace tsunagu::master {

WeightedPlaces::WeightedPlaces(const MasterData& md, const std::string& prefecture_code, const std::string& who) {
  for (const Prefecture& p : md.prefectures()) {
    if (!prefecture_code.empty() && p.code != prefecture_code) continue;
    for (const Municipality* m : md.municipalities_in(p.code)) {
      int w = weight(*m);
      if (w == 0) continue;
      places_.push_back(m);
      total_ += w;
      cumulative_.push_back(total_);
    }
  }
  if (places_.empty())
    throw std::invalid_argument(who + ": no municipalities for prefecture '" + prefecture_code + "'");
}

int WeightedPlaces::weight(const Municipality& m) {
  if (m.level == "special_ward") return 80;
  if (m.level == "ward") return 32;
  if (m.level == "city") return 16;
  if (m.level == "town") return 3;
  if (m.level == "village") return 1;
  return 0;
}

const Municipality& WeightedPlaces::draw(core::SplitMix64& r) const {
  long long x = r.between(1, total_);
  auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), x);
  return *places_[static_cast<std::size_t>(it - cumulative_.begin())];
}

}  // namespace tsunagu::master
