// A small deterministic random source for generators of fictional data (demo records, synthetic census rounds):
// SplitMix64, so that the same seed gives the same output with every standard library (the std:: distributions
// are not specified bit for bit). Not for anything secret: tokens and passwords use libsodium (core/auth/crypto.h).
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace tsunagu::core {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t state) : state_(state) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  long long between(long long lo, long long hi) {  // inclusive; lo when hi < lo
    return hi <= lo ? lo : lo + static_cast<long long>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  // An index drawn with the given integer weights.
  int weighted(std::initializer_list<int> weights) {
    long long total = 0;
    for (int w : weights) total += w;
    long long x = between(0, total - 1);
    int i = 0;
    for (int w : weights) {
      if (x < w) return i;
      x -= w;
      ++i;
    }
    return i - 1;
  }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  std::uint64_t state_;
};

}  // namespace tsunagu::core
