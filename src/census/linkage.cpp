#include "census/linkage.h"

#include <algorithm>
#include <numeric>
#include <thread>

#include "core/text/utf8.h"
#include "core/text/wareki.h"

namespace tsunagu::census {
namespace {

// ---- Text as code points, in one arena ----------------------------------------------------------------

struct Span {
  std::uint32_t at = 0, len = 0;
};

class Arena {
 public:
  Span add(std::u32string_view s) {
    Span sp{static_cast<std::uint32_t>(data_.size()), static_cast<std::uint32_t>(s.size())};
    data_.insert(data_.end(), s.begin(), s.end());
    return sp;
  }
  std::u32string_view view(Span s) const { return {data_.data() + s.at, s.len}; }

 private:
  std::vector<char32_t> data_;
};


// Reading with the differences that careless typing makes removed: small kana as large, voiced and
// semi-voiced marks dropped, long-vowel marks dropped, ゐゑを as いえお.
std::u32string loose_kana(std::u32string_view s) {
  std::u32string out;
  for (char32_t c : s) {
    if (c == U'ー' || c == U'\u3099' || c == U'\u309A') continue;
    switch (c) {
      case U'ぁ': case U'ぃ': case U'ぅ': case U'ぇ': case U'ぉ': case U'っ': case U'ゃ': case U'ゅ':
      case U'ょ': case U'ゎ':
        out += c + 1;
        continue;
      case U'ゐ': out += U'い'; continue;
      case U'ゑ': out += U'え'; continue;
      case U'を': out += U'お'; continue;
      case U'ゔ': out += U'う'; continue;
      default: break;
    }
    if (c >= U'か' && c <= U'ぽ') {
      // Voiced kana follow their plain form (か が き ぎ …; は ば ぱ in threes).
      if (c >= U'は' && c <= U'ぽ') {
        out += U'は' + ((c - U'は') / 3) * 3;
      } else if (c >= U'か' && c <= U'ぢ') {
        out += U'か' + ((c - U'か') / 2) * 2;
      } else if (c >= U'つ' && c <= U'ど') {
        out += U'つ' + ((c - U'つ') / 2) * 2;
      } else {
        out += c;
      }
      continue;
    }
    out += c;
  }
  return out;
}

// True when a and b are at most one edit apart (substitution, insertion, deletion or adjacent swap).
bool within_one_edit(std::u32string_view a, std::u32string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) {
    if (i == a.size()) return true;
    if (a.substr(i + 1) == b.substr(i + 1)) return true;                                        // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);  // swap
  }
  return a.substr(i) == b.substr(i + 1);  // insertion
}

struct Prepared {
  Span family, given, whole, kana_family, kana_given, kana, kana_loose, address;
  int birth = 0;
  char sex = 0;
  std::string_view municipality;
  std::uint64_t care = 0;
  int affiliation = -1;
};

struct Prep {
  Arena arena;
  std::vector<Prepared> rows;
};

Prepared prepare(const LinkRow& r, Arena& arena) {
  Prepared p;
  p.family = arena.add(text::to_utf32(r.family));
  p.given = arena.add(text::to_utf32(r.given));
  p.whole = arena.add(text::to_utf32(r.whole));
  p.kana_family = arena.add(text::to_utf32(r.kana_family));
  p.kana_given = arena.add(text::to_utf32(r.kana_given));
  std::u32string kana = text::to_utf32(r.kana);
  p.kana = arena.add(kana);
  p.kana_loose = arena.add(loose_kana(kana));
  p.address = arena.add(text::to_utf32(r.address));
  p.birth = r.birth;
  p.sex = r.sex;
  p.municipality = r.municipality;
  p.care = r.care;
  p.affiliation = r.affiliation;
  return p;
}

// ---- Comparison ---------------------------------------------------------------------------------------

long long day_number(int ymd) { return text::days_from_civil({ymd / 10000, ymd / 100 % 100, ymd % 100}); }

bool near_date(int a, int b) {
  int ya = a / 10000, ma = a / 100 % 100, da = a % 100, yb = b / 10000, mb = b / 100 % 100, db = b % 100;
  if (ya == yb && ma == db && da == mb) return true;  // month and day swapped
  int digits = 0;
  for (int x = a, y = b; x > 0 || y > 0; x /= 10, y /= 10) digits += (x % 10) != (y % 10);
  if (digits == 1) return true;                       // one wrong digit
  return std::abs(day_number(a) - day_number(b)) == 1;  // one day off, also across months and years
}

Level compare_text(const Arena& ar, Span a, Span b) {
  if (a.len == 0 || b.len == 0) return Level::missing;
  auto x = ar.view(a), y = ar.view(b);
  if (x == y) return Level::exact;
  if (std::min(x.size(), y.size()) >= 3 && within_one_edit(x, y)) return Level::near;
  return Level::differ;
}

Level compare_kana(const Arena& ar, const Prepared& a, const Prepared& b) {
  if (a.kana.len == 0 || b.kana.len == 0) return Level::missing;
  if (ar.view(a.kana) == ar.view(b.kana)) return Level::exact;
  auto la = ar.view(a.kana_loose), lb = ar.view(b.kana_loose);
  if (la == lb) return Level::near;
  if (std::min(la.size(), lb.size()) >= 4 && within_one_edit(la, lb)) return Level::near;
  // The same kanji with the family name read another way (河野 こうの/かわの), the given name read alike.
  if (a.whole.len && ar.view(a.whole) == ar.view(b.whole) && a.kana_given.len && b.kana_given.len &&
      ar.view(a.kana_given) == ar.view(b.kana_given))
    return Level::near;
  return Level::differ;
}

// Family names agree and the given names differ in kanji and, where both readings are split, in reading.
bool given_names_differ(const Arena& ar, const Prepared& a, const Prepared& b) {
  if (a.family.len == 0 || b.family.len == 0 || ar.view(a.family) != ar.view(b.family)) {
    if (a.kana_family.len == 0 || b.kana_family.len == 0 || ar.view(a.kana_family) != ar.view(b.kana_family))
      return false;
  }
  bool kanji_differ = a.given.len && b.given.len && ar.view(a.given) != ar.view(b.given);
  bool kana_split = a.kana_given.len && b.kana_given.len;
  bool kana_differ = kana_split && loose_kana(ar.view(a.kana_given)) != loose_kana(ar.view(b.kana_given));
  if (kanji_differ && kana_split) return kana_differ;
  if (kanji_differ) {
    if (a.kana.len && b.kana.len) return ar.view(a.kana) != ar.view(b.kana);
    // No reading to tell: one character apart may be a slip of the same name (the 1字違い rule decides).
    auto ga = ar.view(a.given), gb = ar.view(b.given);
    return !(ga.size() == gb.size() && ga.size() >= 2 && within_one_edit(ga, gb));
  }
  return kana_differ && !(a.whole.len && b.whole.len && ar.view(a.whole) == ar.view(b.whole));
}

// Family names differ, given names agree in kanji (and in reading where both are split): a child whose family
// name changed (parents' marriage or divorce), or a sibling's row mistyped. Only an exact address and birth
// date make it one child.
bool ends_with(std::u32string_view s, std::u32string_view tail) {
  return tail.size() < s.size() && s.substr(s.size() - tail.size()) == tail;
}

bool family_changed_one_way(const Arena& ar, const Prepared& split, const Prepared& other) {
  if (!split.given.len || !other.whole.len) return false;
  auto given = ar.view(split.given);
  if (other.given.len) {
    if (ar.view(other.family) == ar.view(split.family) || ar.view(other.given) != given) return false;
  } else if (!ends_with(ar.view(other.whole), given) || ar.view(other.whole).substr(0, 1) == ar.view(split.whole).substr(0, 1)) {
    return false;
  }
  if (split.kana_given.len && other.kana.len) {  // the reading of the given name must agree too
    auto kg = ar.view(split.kana_given);
    if (other.kana_given.len ? ar.view(other.kana_given) != kg : !ends_with(ar.view(other.kana), kg)) return false;
  }
  return true;
}

bool family_changed(const Arena& ar, const Prepared& a, const Prepared& b) {
  return family_changed_one_way(ar, a, b) || family_changed_one_way(ar, b, a);
}

// Equal, or one is the other without its building name ("中央1-2-3" and "中央1-2-3 コーポ101").
bool same_address(std::u32string_view a, std::u32string_view b) {
  if (a == b) return true;
  if (a.size() > b.size()) std::swap(a, b);
  bool has_digit = std::any_of(a.begin(), a.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; });
  return has_digit && a.size() >= 3 && b.substr(0, a.size()) == a;
}

double name_weight(Level name, Level kana) {
  switch (name) {
    case Level::exact:
      return kana == Level::exact ? 14 : kana == Level::near ? 11 : kana == Level::missing ? 11 : -4;
    case Level::near:
      return kana == Level::exact ? 10 : kana == Level::near ? 5 : kana == Level::missing ? 1 : -8;
    case Level::differ:
      return kana == Level::exact ? 4 : kana == Level::near ? -2 : -10;
    case Level::missing:
      return kana == Level::exact ? 8 : kana == Level::near ? 4 : kana == Level::missing ? 0 : -8;
  }
  return 0;
}

Comparison compare(const Arena& ar, const Prepared& a, const Prepared& b, const LinkOptions& o) {
  Comparison c;
  c.name = compare_text(ar, a.whole, b.whole);
  c.kana = compare_kana(ar, a, b);
  c.given_differs = given_names_differ(ar, a, b);
  bool renamed = family_changed(ar, a, b);
  double s = renamed ? 6 : name_weight(c.name, c.kana);

  if (a.birth && b.birth) {
    c.birth = a.birth == b.birth ? Level::exact : near_date(a.birth, b.birth) ? Level::near : Level::differ;
    s += c.birth == Level::exact ? 12 : c.birth == Level::near ? 2 : -10;
  }
  if (a.sex && b.sex) {
    c.sex = a.sex == b.sex ? Level::exact : Level::differ;
    s += c.sex == Level::exact ? 0.5 : -6;
  }
  if (!a.municipality.empty() && !b.municipality.empty()) {
    c.municipality = a.municipality == b.municipality ? Level::exact : Level::differ;
    s += c.municipality == Level::exact ? 1 : -1.5;
  }
  if (a.address.len && b.address.len) {
    c.address = same_address(ar.view(a.address), ar.view(b.address)) ? Level::exact : Level::differ;
    s += c.address == Level::exact ? 2 : (c.municipality == Level::differ ? 0 : -1);
  }
  bool care_disjoint = false;
  if (a.care && b.care) {
    int both = __builtin_popcountll(a.care & b.care), either = __builtin_popcountll(a.care | b.care);
    c.care = both == either ? Level::exact : 3 * both >= either ? Level::near : Level::differ;
    care_disjoint = both == 0;
    s += c.care == Level::exact ? 1.5 : c.care == Level::near ? 0.5 : (care_disjoint ? -2 : -0.5);
  }
  if (a.affiliation >= 0 && b.affiliation >= 0) {
    c.affiliation = a.affiliation == b.affiliation ? Level::exact : Level::differ;
    s += c.affiliation == Level::exact ? 0.5 : 0;
  }
  c.score = s;

  // Rules that no score overrides: the pair goes to a reviewer instead.
  bool same_reading = c.kana == Level::exact || (c.kana == Level::missing && c.name == Level::exact);
  // Facts beyond the name that two different children rarely share all at once.
  bool same_profile = c.care == Level::exact && c.affiliation == Level::exact && c.sex != Level::differ;
  bool elsewhere = c.municipality == Level::differ && c.address != Level::exact;
  bool strong_elsewhere = same_reading && !care_disjoint && c.care != Level::differ &&
                          (c.kana == Level::exact || (c.care == Level::exact && c.sex == Level::exact)) &&
                          (c.birth == Level::exact || (c.birth == Level::near && c.care != Level::missing));
  if (c.sex == Level::differ) c.rule = "性別が異なる";
  else if (c.given_differs) c.rule = "姓が同じで名が異なる（きょうだい・双子の可能性）";
  else if (renamed && !(c.birth == Level::exact && c.address == Level::exact)) c.rule = "名が同じで姓が異なる（改姓か別人か）";
  else if (!renamed && c.name == Level::differ && c.kana != Level::exact) c.rule = "氏名とふりがながともに異なる";
  else if (c.name == Level::near && c.kana == Level::missing &&
           !(c.birth == Level::exact && same_profile && c.municipality != Level::differ))
    c.rule = "氏名が1字違いでふりがながない";
  else if (c.birth == Level::missing && c.address != Level::exact && !(same_reading && same_profile))
    c.rule = "生年月日がなく住所も一致しない";
  else if (elsewhere && !strong_elsewhere) c.rule = "市区町村と住所が異なる（転居か別人か）";
  else if (c.birth == Level::near && c.address != Level::exact && !same_profile &&
           !(c.municipality == Level::exact && c.address == Level::missing))
    c.rule = "生年月日が近いが同じではなく、住所も一致しない";

  if (s >= o.link_threshold) {
    c.decision = c.rule.empty() ? PairDecision::link : PairDecision::held;
  } else if (s >= o.review_threshold) {
    c.decision = PairDecision::review;
  }
  return c;
}

// ---- Blocking -----------------------------------------------------------------------------------------

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 0xFF51AFD7ED558CCDULL;
}

std::uint64_t hash_span(const Arena& ar, Span s, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (char32_t c : ar.view(s)) h = mix(h, c);
  return h;
}

struct BlockKey {
  std::uint64_t key;
  std::uint32_t row;
  bool operator<(const BlockKey& o) const { return key != o.key ? key < o.key : row < o.row; }
};

void add_pair(std::vector<std::uint64_t>& pairs, std::uint32_t a, std::uint32_t b) {
  if (a != b) pairs.push_back(a < b ? (std::uint64_t{a} << 32 | b) : (std::uint64_t{b} << 32 | a));
}

// Every pair of a block; a large name block (a common name) only pairs rows born in the same year, and rows
// without a birth date with every row, so that a common name does not make the comparisons quadratic.
void block_pairs(const Prep& p, std::vector<BlockKey>::const_iterator lo, std::vector<BlockKey>::const_iterator hi,
                 bool by_name, std::vector<std::uint64_t>& pairs) {
  auto n = static_cast<std::size_t>(hi - lo);
  if (!by_name || n <= kSplitBlock) {
    for (auto i = lo; i != hi; ++i)
      for (auto j = i + 1; j != hi; ++j) add_pair(pairs, i->row, j->row);
    return;
  }
  std::vector<std::pair<int, std::uint32_t>> by_year;  // (birth year or 0, row)
  by_year.reserve(n);
  for (auto i = lo; i != hi; ++i) by_year.emplace_back(p.rows[i->row].birth / 10000, i->row);
  std::sort(by_year.begin(), by_year.end());
  std::size_t undated = 0;
  while (undated < by_year.size() && by_year[undated].first == 0) ++undated;
  for (std::size_t i = 0; i < undated; ++i)
    for (std::size_t j = i + 1; j < by_year.size(); ++j) add_pair(pairs, by_year[i].second, by_year[j].second);
  for (std::size_t y = undated; y < by_year.size();) {
    std::size_t end = y;
    while (end < by_year.size() && by_year[end].first == by_year[y].first) ++end;
    for (std::size_t i = y; i < end; ++i)
      for (std::size_t j = i + 1; j < end; ++j) add_pair(pairs, by_year[i].second, by_year[j].second);
    y = end;
  }
}

std::vector<std::uint64_t> candidate_pairs(const Prep& p, std::size_t& skipped_blocks) {
  // Name-like keys have an even tag, birth-date keys an odd one (the low bit of the key says which).
  std::vector<BlockKey> keys;
  keys.reserve(p.rows.size() * 5);
  auto name_key = [](std::uint64_t h) { return h & ~std::uint64_t{1}; };
  auto birth_key = [](std::uint64_t h) { return h | 1; };
  for (std::uint32_t i = 0; i < p.rows.size(); ++i) {
    const Prepared& r = p.rows[i];
    if (r.whole.len) keys.push_back({name_key(hash_span(p.arena, r.whole, 1)), i});
    if (r.kana.len) keys.push_back({name_key(hash_span(p.arena, r.kana, 2)), i});
    if (r.birth) {
      if (r.whole.len) keys.push_back({birth_key(mix(mix(3, r.birth), p.arena.view(r.whole)[0])), i});
      if (r.kana.len) keys.push_back({birth_key(mix(mix(4, r.birth), p.arena.view(r.kana)[0])), i});
      // A family name that changed: the same birth date and the same last character of the name.
      if (r.whole.len) keys.push_back({birth_key(mix(mix(5, r.birth), p.arena.view(r.whole).back())), i});
    }
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint64_t> pairs;
  for (auto lo = keys.cbegin(); lo != keys.cend();) {
    auto hi = lo;
    while (hi != keys.cend() && hi->key == lo->key) ++hi;
    if (static_cast<std::size_t>(hi - lo) > kMaxBlock) ++skipped_blocks;
    else block_pairs(p, lo, hi, (lo->key & 1) == 0, pairs);
    lo = hi;
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

// ---- Clustering ---------------------------------------------------------------------------------------

class Clusters {
 public:
  explicit Clusters(std::size_t n) : parent_(n), members_(n) {
    std::iota(parent_.begin(), parent_.end(), 0u);
    for (std::uint32_t i = 0; i < n; ++i) members_[i] = {i};
  }
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  const std::vector<std::uint32_t>& members(std::uint32_t root) const { return members_[root]; }
  void join(std::uint32_t a, std::uint32_t b) {
    a = find(a), b = find(b);
    if (a == b) return;
    if (members_[a].size() < members_[b].size()) std::swap(a, b);
    parent_[b] = a;
    members_[a].insert(members_[a].end(), members_[b].begin(), members_[b].end());
    members_[b].clear();
    members_[b].shrink_to_fit();
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::vector<std::uint32_t>> members_;
};

bool apart(const Prep& p, std::uint32_t x, std::uint32_t y, const std::vector<std::uint64_t>& kept_apart,
           const LinkOptions& o) {
  std::uint64_t key = x < y ? (std::uint64_t{x} << 32 | y) : (std::uint64_t{y} << 32 | x);
  if (std::binary_search(kept_apart.begin(), kept_apart.end(), key)) return true;
  Comparison c = compare(p.arena, p.rows[x], p.rows[y], o);
  return c.sex == Level::differ || c.given_differs || (c.name == Level::differ && c.kana == Level::differ) ||
         c.score < o.review_threshold;
}

}  // namespace

std::string_view level_label(Level l) {
  switch (l) {
    case Level::exact: return "一致";
    case Level::near: return "近い";
    case Level::differ: return "不一致";
    case Level::missing: return "不明";
  }
  return "";
}

Comparison compare_rows(const LinkRow& a, const LinkRow& b, const LinkOptions& options) {
  Arena arena;
  Prepared pa = prepare(a, arena), pb = prepare(b, arena);
  return compare(arena, pa, pb, options);
}

LinkResult link_rows(const std::vector<LinkRow>& rows, const std::vector<ReviewDecision>& decisions,
                     const LinkOptions& options) {
  Prep p;
  p.rows.reserve(rows.size());
  for (const LinkRow& r : rows) p.rows.push_back(prepare(r, p.arena));

  LinkResult result;
  std::vector<std::uint64_t> pairs = candidate_pairs(p, result.skipped_blocks);
  result.candidate_pairs = pairs.size();

  // Compare in parallel: each thread takes a contiguous slice and keeps what matters.
  unsigned threads = std::max(1u, std::min(options.threads, 16u));
  std::vector<std::vector<ScoredPair>> kept(threads);
  auto work = [&](unsigned t) {
    std::size_t lo = pairs.size() * t / threads, hi = pairs.size() * (t + 1) / threads;
    for (std::size_t i = lo; i < hi; ++i) {
      auto a = static_cast<std::uint32_t>(pairs[i] >> 32), b = static_cast<std::uint32_t>(pairs[i]);
      Comparison c = compare(p.arena, p.rows[a], p.rows[b], options);
      if (c.decision != PairDecision::none) kept[t].push_back({a, b, c, false});
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (auto& k : kept) result.pairs.insert(result.pairs.end(), k.begin(), k.end());

  // Reviewers' decisions override the comparison.
  std::vector<std::uint64_t> kept_apart;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> forced;
  for (const ReviewDecision& d : decisions) {
    if (d.a == d.b || d.a >= rows.size() || d.b >= rows.size()) continue;
    std::uint32_t a = std::min(d.a, d.b), b = std::max(d.a, d.b);
    if (d.same) forced.emplace_back(a, b);
    else kept_apart.push_back(std::uint64_t{a} << 32 | b);
  }
  std::sort(kept_apart.begin(), kept_apart.end());
  for (ScoredPair& sp : result.pairs) {
    std::uint64_t key = std::uint64_t{sp.a} << 32 | sp.b;
    if (std::binary_search(kept_apart.begin(), kept_apart.end(), key)) {
      sp.reviewed = true;
      sp.c.decision = PairDecision::none;
    }
  }
  for (auto [a, b] : forced) {
    auto it = std::find_if(result.pairs.begin(), result.pairs.end(), [&](const ScoredPair& sp) { return sp.a == a && sp.b == b; });
    if (it == result.pairs.end()) {
      result.pairs.push_back({a, b, compare(p.arena, p.rows[a], p.rows[b], options), true});
      it = result.pairs.end() - 1;
    }
    it->reviewed = true;
    it->c.decision = PairDecision::link;
  }

  std::stable_sort(result.pairs.begin(), result.pairs.end(), [](const ScoredPair& x, const ScoredPair& y) {
    if (x.reviewed != y.reviewed) return x.reviewed;  // reviewers' links first
    if (x.c.score != y.c.score) return x.c.score > y.c.score;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });

  Clusters clusters(rows.size());
  for (ScoredPair& sp : result.pairs) {
    if (sp.c.decision != PairDecision::link) continue;
    std::uint32_t ra = clusters.find(sp.a), rb = clusters.find(sp.b);
    if (ra == rb) continue;
    bool blocked = false;
    if (!sp.reviewed) {
      for (std::uint32_t x : clusters.members(ra)) {
        for (std::uint32_t y : clusters.members(rb))
          if ((x != sp.a || y != sp.b) && apart(p, x, y, kept_apart, options)) { blocked = true; break; }
        if (blocked) break;
      }
    }
    if (blocked) {
      sp.c.decision = PairDecision::held;
      sp.c.rule = "同じ子とされた別の行と矛盾する";
      continue;
    }
    clusters.join(ra, rb);
  }
  // Drop pairs a reviewer has settled as different; keep the rest for explanation and review.
  std::erase_if(result.pairs, [](const ScoredPair& sp) { return sp.c.decision == PairDecision::none; });

  result.cluster.resize(rows.size());
  std::vector<std::uint32_t> smallest(rows.size(), UINT32_MAX);
  for (std::uint32_t i = 0; i < rows.size(); ++i) {
    std::uint32_t r = clusters.find(i);
    smallest[r] = std::min(smallest[r], i);
  }
  for (std::uint32_t i = 0; i < rows.size(); ++i) result.cluster[i] = smallest[clusters.find(i)];
  return result;
}

}  // namespace tsunagu::census
