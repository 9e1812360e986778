// Where the synthetic data generators (registry, resources) put fictional children and facilities: the
// municipalities of a prefecture (or of the whole country), each weighted by a simple stand-in for population —
// special ward 80, ward 32, city 16, town 3, village 1; a prefecture row or a designated city 0 (its wards are
// used). Drawing is deterministic for a given random source. Immutable after construction.
#pragma once
#include <string>
#include <vector>

#include "core/random/splitmix.h"
#include "master/master_data.h"

namespace tsunagu::master {

class WeightedPlaces {
 public:
  // `prefecture_code` "" means the whole country. Throws std::invalid_argument naming `who` when there is no
  // municipality to place anything in.
  WeightedPlaces(const MasterData& md, const std::string& prefecture_code, const std::string& who);

  const Municipality& draw(core::SplitMix64& r) const;
  static int weight(const Municipality& m);

 private:
  std::vector<const Municipality*> places_;
  std::vector<long long> cumulative_;
  long long total_ = 0;
};

}  // namespace tsunagu::master
