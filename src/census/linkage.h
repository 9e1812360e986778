// Record linkage for the census: which rows, from any sources (and within one source), are the same child.
//
// 1. Blocking. Each row is put in a few blocks — same whole name key, same reading, same birth date with the
//    same first character of the name or of the reading — and only rows that share a block are compared.
//    A block of more than kMaxBlock rows is skipped (it can only be a placeholder such as "不明"); a name block
//    of more than kSplitBlock rows (a common name) pairs only rows born in the same year.
// 2. Comparison, field by field, into a score (log-likelihood weights in the manner of Fellegi–Sunter, set
//    by hand and checked against the synthetic rounds in bench/census.sh): names in kanji and in kana
//    (exact, near: one edit, or a reading that differs only in small kana, dakuten or long vowels), birth
//    date (exact; near: one wrong digit, month and day swapped, one day off), sex, municipality, address,
//    care items, affiliation. Every comparison keeps its field outcomes, so that a link can be explained.
// 3. Rules that keep pairs apart whatever the score ("held"): different sexes; the given names differ in
//    both kanji and reading (twins and siblings share family name, birth date and address); kanji and
//    reading both differ; the same name and birth date in different municipalities at different addresses
//    without strong further evidence (matching reading, sex and care items) — a child who moved. Held pairs
//    and pairs in the uncertain band go to a reviewer; a reviewer's decision is final.
// 4. Clustering: pairs from the highest score down join their clusters unless some member of one and some
//    member of the other are held apart, so that no chain of links merges twins.
// Pure and deterministic: the same rows and decisions give the same result.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::census {

struct LinkRow {
  std::string family, given, whole;            // name keys; family/given "" when the name had no space
  std::string kana_family, kana_given, kana;   // reading keys (hiragana)
  int birth = 0;                               // yyyymmdd, 0 when unknown
  char sex = 0;                                // 'm', 'f' or 0
  std::string municipality;                    // 6-digit code
  std::string address;                         // address key
  std::uint64_t care = 0;                      // bit per care item
  int affiliation = -1;                        // index, -1 when unknown
};

// A reviewer's decision on rows a and b (indexes into the rows).
struct ReviewDecision {
  std::uint32_t a = 0, b = 0;
  bool same = false;
};

enum class Level : std::uint8_t { missing, exact, near, differ };
enum class PairDecision : std::uint8_t { link, review, held, none };

struct Comparison {
  Level name = Level::missing, kana = Level::missing, birth = Level::missing, sex = Level::missing,
        municipality = Level::missing, address = Level::missing, care = Level::missing,
        affiliation = Level::missing;
  bool given_differs = false;   // family names agree, given names differ in kanji and reading
  double score = 0;
  PairDecision decision = PairDecision::none;
  std::string_view rule;        // why a pair was held or sent to review ("" otherwise)
};

struct ScoredPair {
  std::uint32_t a = 0, b = 0;   // a < b
  Comparison c;
  bool reviewed = false;        // decided by a reviewer
};

struct LinkResult {
  std::vector<std::uint32_t> cluster;  // per row: the smallest row index of its cluster
  std::vector<ScoredPair> pairs;       // every pair that was linked, held or sent to review
  std::size_t candidate_pairs = 0;     // pairs compared
  std::size_t skipped_blocks = 0;
};

struct LinkOptions {
  double link_threshold = 12;    // at or above: linked unless a rule holds the pair
  double review_threshold = 6;   // at or above (and below link_threshold): a reviewer decides
  unsigned threads = 2;
};

inline constexpr std::size_t kMaxBlock = 5000;
// A name block larger than this (a common name) pairs only rows born in the same year (and undated rows with all).
inline constexpr std::size_t kSplitBlock = 64;

LinkResult link_rows(const std::vector<LinkRow>& rows, const std::vector<ReviewDecision>& decisions,
                     const LinkOptions& options = {});

// The comparison of two rows alone (for explanations and tests).
Comparison compare_rows(const LinkRow& a, const LinkRow& b, const LinkOptions& options = {});

// Japanese words for an outcome: "一致", "近い", "不一致", "不明".
std::string_view level_label(Level l);

}  // namespace tsunagu::census
