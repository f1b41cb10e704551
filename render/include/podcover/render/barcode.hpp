// The ISBN barcode of a book's back cover: the ISBN as an EAN-13 symbol with the 5-digit
// (EAN-5) price add-on, as exact vector geometry for the renderer to draw in 100% black on a
// white box.
//
// The bars come from zint (BARCODE_ISBNX); their layout around the bars (quiet zones, bar
// heights, the human-readable digits and the "ISBN ..." line) follows the GS1 General
// Specifications as cited in barcode.cpp. Every length is a whole multiple of the module
// width (or of half a module), so nothing here is rounded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "podcover/length.hpp"
#include "podcover/rect.hpp"

namespace podcover::render {

// A validated ISBN, always held as its 13 digits.
class Isbn {
  public:
    // An ISBN-13 or ISBN-10, with or without hyphens or spaces and with an optional "ISBN",
    // "ISBN:", "ISBN-13:" or "ISBN-10:" prefix. An ISBN-10 (whose check digit may be X) is
    // converted to 978 + its first 9 digits + a new check digit. Throws ValueError, naming the
    // value and the fix, for a wrong check digit (saying which one it should be), a wrong
    // number of digits, stray characters, or an ISBN-13 that does not start 978 or 979.
    static Isbn parse(std::string_view text);

    // The 13 digits: "9780306406157".
    const std::string& digits() const { return digits_; }
    // "ISBN 978-0-306-40615-7" when the user hyphenated the ISBN (an ISBN-10's hyphenation
    // carries over: the 978 prefix keeps its group, registrant and publication elements),
    // otherwise "ISBN 9780306406157". Hyphenation is never invented: it needs the ISBN
    // agency's range tables.
    std::string display() const;
    bool converted_from_isbn10() const { return converted_from_isbn10_; }

    friend bool operator==(const Isbn&, const Isbn&) = default;

  private:
    Isbn(std::string digits, std::string hyphenated, bool converted)
        : digits_(std::move(digits)),
          hyphenated_(std::move(hyphenated)),
          converted_from_isbn10_(converted) {}

    std::string digits_;
    std::string hyphenated_;  // "978-0-306-40615-7", or empty when the user gave none
    bool converted_from_isbn10_ = false;
};

// The 5-digit Bookland price add-on for a suggested retail price: a currency digit and the
// price in hundredths. No price gives "90000" (no suggested retail price). Accepts "USD
// 16.99", "16.99 USD", "$16.99", "US$16.99", "CAD 21.50", "$21.50 CAD", "C$21.50". Only USD (5)
// and CAD (6) have a currency digit confirmed by a book-trade source (see barcode.cpp); any
// other currency is a ValueError listing those. The amount must be more than 0 and at most
// 99.99 with at most two decimals; otherwise a ValueError names the fix.
std::string price_addon(std::optional<std::string_view> price);

// A line of text to draw with the barcode, centred on `center_x`.
struct BarcodeText {
    std::string text;
    Length center_x;    // horizontal centre of the text, from the barcode's left edge
    Length baseline_y;  // baseline, from the top of the barcode
    Length font_size;   // em size as a length
    // The widest the text may be drawn without touching a bar or leaving the barcode: a
    // renderer whose font sets the text wider shrinks it to fit (measure, then place).
    Length max_width;

    friend bool operator==(const BarcodeText&, const BarcodeText&) = default;
};

struct Barcode {
    // Overall: quiet zones, bars, add-on and all text. The renderer fills it white.
    Size size;
    // The dark bars, relative to the top-left corner of `size`, sorted left to right, none
    // overlapping.
    std::vector<Rect> bars;
    // The "ISBN ..." line above the bars, the EAN-13's human-readable digits (the leading
    // digit in the left quiet zone, then the two groups of six), and the add-on's digits
    // above the add-on, in that order.
    std::vector<BarcodeText> text;
    Length module_width;  // the X-dimension used
    int magnification_percent = 100;
    std::string main_digits;   // the 13 digits encoded
    std::string addon_digits;  // the 5 add-on digits, or empty
};

// The EAN-13 of `isbn` with the 5-digit `addon` ("" for none) at the largest magnification
// from 100% down to 80% in 1% steps (module 0.33 mm at 100%, per GS1) whose overall size,
// quiet zones and text included, fits `max_size`. Throws ValueError if even 80% (the GS1
// minimum) does not fit, naming the size needed, or if `addon` is not 5 digits.
Barcode make_isbn_barcode(const Isbn& isbn, const std::string& addon, Size max_size);

}  // namespace podcover::render
