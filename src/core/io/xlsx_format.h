// How an .xlsx cell's number becomes the text a person sees in Excel, as far as an import needs it:
// dates (a number with a date style) as ISO "YYYY-MM-DD", other numbers with Excel's 15 significant
// digits and no float noise, and zero-padded codes ("000000" shows 11002 as "011002").
// Other number formats (percent, thousands separators, decimals shown) are not applied: an import wants
// the value, not its decoration.
// Pure functions, no state: safe from any thread.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::io {

struct NumberFormat {
  enum class Kind { plain, date, zero_padded };
  Kind kind = Kind::plain;
  int width = 0;  // digits for zero_padded
};

// True for a custom format code that shows a date or a time: y, d, h, s, e (not 0.0E+00) or g (和暦 era)
// outside quotes, escapes and [brackets]. m alone is ambiguous (month or minute) and decides nothing.
// Elapsed times ([h]:mm, [mm]:ss) are durations, not dates: false.
bool is_date_format_code(std::string_view code);

// `custom_code` is the styles.xml <numFmt> for `id`, or nullopt for a built-in id. Built-in dates and
// times: 14–22, 27–36 and 50–58 (和暦 in Japanese Excel), 45 and 47 (46 is [h]:mm:ss, elapsed).
NumberFormat classify_number_format(int id, const std::optional<std::string>& custom_code);

// A serial date as "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" when there is a time part (rounded to the second),
// or "HH:MM:SS" for a serial below 1 (a time of day without a date). The 1900 system keeps Excel's
// fictitious 1900-02-29 (serial 60); the 1904 system counts from 1904-01-01. nullopt for a negative serial
// or one after 9999-12-31 (Excel shows ####).
std::optional<std::string> excel_date_text(double serial, bool date1904);

// Rounded to 15 significant digits like Excel, then the shortest text that reads back as that value:
// 12345, 0.3, 352012, 1.5e-12; fixed notation between 1e-9 and 1e15.
std::string excel_number_text(double value);

// The cell as shown: a date, a zero-padded code or excel_number_text.
std::string format_number(double value, const NumberFormat& format, bool date1904);

}  // namespace tsunagu::io
